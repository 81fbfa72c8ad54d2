/** The help reply, shared by every platform. */
import type { Reply } from '../../contracts/chat.ts';

export function buildHelpReply(opts: {
  naturalLanguage: boolean;
  examples?: string[];
  alerts?: boolean;
  designer?: boolean;
  /** The web console (datalabs serve with PUBLIC_URL): how to sign in from this platform, and the workspace's console URL when known. */
  web?: { platform: string; consoleUrl?: string };
}): Reply {
  const examples = opts.examples ?? ['revenue by month', 'top 5 countries by revenue', 'daily active users over the last 30 days', 'refund rate by device last week'];
  const lines = [
    'I answer questions about your ClickHouse data with a table, a chart and the SQL.',
    opts.naturalLanguage ? `Ask in plain words, e.g. ${examples.map((e) => `"${e}"`).join(', ')}.` : 'Natural-language questions are not available yet.',
    'Send SQL directly with /sql SELECT … (read-only, allow-listed tables, row and time limits).',
    opts.naturalLanguage ? 'Follow up in the same thread to refine: "now by country", "only mobile", "last 90 days instead", "as a bar chart", "show the SQL".' : '',
    opts.alerts
      ? 'Alerts: /alert <question or SQL> <condition> [every <interval>], e.g. /alert refund rate on mobile above 10% every 1h (backtested over 30 days, then notices come to this channel); the Alert me button under an answer suggests one; /alerts lists them; /alert pause|resume|delete <name>.'
      : '',
    opts.designer
      ? 'New tables: /design <requirement>, e.g. /design an events table with timestamp, user_id, event_type; keep 90 days — a schema checked by ClickHouse, created only when an admin presses Apply (with a semantic model and a Grafana dashboard); /design add a country column to events for changes.'
      : '',
    opts.web
      ? `In the browser: ${opts.web.platform === 'telegram' ? '/web' : '/datalabs web'} sends you (privately) a one-time sign-in link to the workspace console${opts.web.consoleUrl ? `, ${opts.web.consoleUrl}` : ' at /w/<workspace id>'} — history with search, saved queries, alert rules; every answer's Open button shows its full table and chart.`
      : '',
  ].filter(Boolean);
  return { text: lines.join('\n') };
}
