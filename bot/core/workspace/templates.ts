/**
 * A small library of ready questions per semantic model, offered in help and
 * runnable with `/run <name>` when no saved query has that name.
 */
export interface QueryTemplate {
  /** `/run` name. */
  name: string;
  /** What it answers, for help. */
  title: string;
  /** The question sent to the query agent. */
  question: string;
}

export const TEMPLATES: Readonly<Record<string, readonly QueryTemplate[]>> = {
  demo: [
    { name: 'revenue-by-month', title: 'revenue by month', question: 'revenue by month' },
    { name: 'dau', title: 'daily active users, last 30 days', question: 'daily active users over the last 30 days' },
    { name: 'top-countries', title: 'top 5 countries by revenue', question: 'top 5 countries by revenue' },
    { name: 'refund-rate', title: 'refund rate by device, last week', question: 'refund rate by device last week' },
  ],
};

export function templatesFor(model: string | null | undefined): readonly QueryTemplate[] {
  return (model && TEMPLATES[model]) || [];
}
