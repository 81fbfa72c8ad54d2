/**
 * A table named as where the figure is read: "row count of demo.orders" (as SQL names it), "the product catalog",
 * "(from the products table)". The name says which rows are meant; it is no breakdown by the rows' name ("products"
 * is also the product dimension). It goes only where the rest of the question names that table's rows or figures
 * too; a table named nowhere else stays ("distinct user_ids in the events table"), and "does not exist in the users
 * table" is a data-quality check (orphans.ts), left alone.
 */
import { tablesNamed, type ParseState } from './state.ts';

export function withTableNamedAsSource(st: ParseState, s: string): string {
  // "row count of demo.orders": a table written as the SQL names it is the table.
  for (const t of st.model.tables) s = s.replace(new RegExp(`(?<![\\w.])${t.table.toLowerCase().replace('.', '\\.')}(?![\\w.])`, 'g'), ` ${t.name} `);
  // "the product catalog", "the user table": the table named by its rows' noun.
  s = s.replace(/\b([a-z_]+)\s+(?:catalog|catalogue)\b/g, (m, w: string) => st.model.tables.find((t) => t.name === w || t.name === `${w}s` || (t.entity ?? []).includes(w))?.name ?? m);
  // "(from the products table)", "in the users table": where the figure is read, not a breakdown by the rows' name.
  const tableNames = st.model.tables.map((t) => t.name).join('|');
  // Only where the rest names that table's rows or figures too ("distinct user_ids in the events table" keeps it).
  s = s.replace(new RegExp(`(?<!\\b(?:exist|exists|existing|missing|absent|present|found|appear|appears|listed|known)\\s+)\\b(?:from|in)\\s+the\\s+(${tableNames})(?:\\s+table)?\\b(?!\\s+(?:who|that|which|with|whose|where|of|having|placed|made|on|in|from)\\b)`, 'g'), (whole: string, table: string, at: number, all: string) => {
    const named = tablesNamed(st, `${all.slice(0, at)} ${all.slice(at + whole.length)}`).has(table);
    return named ? ' ' : whole;
  });
  return s;
}

/** "top 3 user_id by lifetime revenue", "the 5 biggest user ids": a table's key as the rows of a ranking is its entity. */
export function withKeyAsRankedRows(st: ParseState, s: string): string {
  return s.replace(/\b(top|bottom|best|worst|biggest|largest|smallest)\s+(\d+\s+)?([a-z]+)(?:_|\s+)ids?\b/g, (whole, lead: string, n: string | undefined, noun: string) => {
    // Only where the model's rows of that entity are the key itself (customers: orders.user_id), not a name of it.
    const t = st.model.tables.find((x) => (x.entity ?? []).includes(noun) && x.columns.some((c) => c.name === `${noun}_id`));
    const keyed = st.model.dimensions.some((d) => (d.columns ?? []).some((c) => c.endsWith(`.${noun}_id`)));
    return t && keyed ? `${lead} ${n ?? ''}${noun}s` : whole;
  });
}
