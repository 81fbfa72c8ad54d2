/** Answer → platform-neutral Reply (headline, table, chart, SQL, buttons, footer). */
import type { Answer } from '../answer/index.ts';
import type { Reply } from '../../contracts/chat.ts';
import { toErrorInfo } from '../../contracts/errors.ts';
import { clampToNow, columnTitle, findPartialPeriods, formatCell, formatTable, toCsv } from '../../../renderers/index.ts';
import { keptOfState } from '../../../agents/query/index.ts';

export const REPLY_TABLE_ROWS = 20;

/** The one-line provenance footer: tables, period, rows read, time, freshness. */
export function provenanceLine(answer: Answer): string {
  const parts = [`tables: ${answer.tables.join(', ') || '—'}`];
  if (answer.period) parts.push(`period: ${answer.period.from} → ${answer.period.to}`);
  parts.push(`${answer.rows.length}${answer.truncated ? '+' : ''} row${answer.rows.length === 1 ? '' : 's'}`);
  parts.push(`read ${answer.stats.rowsRead.toLocaleString('en-US')} rows in ${answer.elapsedMs} ms`);
  // Freshness is never later than now (data stamped ahead of a fixed --now, or clock skew).
  if (answer.freshness) parts.push(`data up to ${answer.now ? clampToNow(answer.freshness, answer.now) : answer.freshness}`);
  // Which engine wrote the SQL, when it was Claude (the offline parser is the default and free).
  if (answer.engine === 'claude') parts.push(`answered by Claude${answer.usage ? ` (${(answer.usage.inputTokens + answer.usage.outputTokens).toLocaleString('en-US')} tokens, ~$${answer.usage.costUsd.toFixed(4)})` : ''}`);
  return parts.join(' · ');
}

/** One sentence leading the reply; a single value is stated outright. */
export function headline(answer: Answer): string {
  if (answer.rows.length === 1 && answer.columns.length === 1) {
    return `${answer.title}: ${formatCell(answer.rows[0][0], answer.columns[0])}`;
  }
  // One row of figures only (a count and a sum): each is named, in its own format.
  if (answer.rows.length === 1 && answer.columns.length <= 4 && answer.columns.every((c) => c.format && !['text', 'date', 'datetime'].includes(c.format))) {
    return `${answer.title}: ${answer.columns.map((c, i) => `${columnTitle(c)} ${formatCell(answer.rows[0][i], c)}`).join(' · ')}`;
  }
  if (answer.rows.length === 0) return `${answer.title}: no rows`;
  const cut = answer.truncated ? ' (cut at the row limit)' : '';
  return `${answer.title} — ${answer.rows.length} row${answer.rows.length === 1 ? '' : 's'}${cut}`;
}

export function buildAnswerReply(answer: Answer, answerId: string, opts: { saveValue?: string; alertMe?: boolean; openUrl?: string } = {}): Reply {
  const shown = answer.rows.slice(0, REPLY_TABLE_ROWS);
  // A filter or period carried over from the thread is said, never applied silently.
  const kept = keptOfState(answer.state).note;
  const partial = answer.now ? { now: answer.now, period: answer.period } : undefined;
  // An incomplete last period is said once under the headline, and marked in the table and on the chart.
  const partialNote = partial && answer.rows.length > 1 ? findPartialPeriods(answer.columns, answer.rows, partial)?.note : undefined;
  // Anomaly and forecast answers say what they found (and what drove it) under the headline.
  const lines = [headline(answer), ...(answer.insights ?? []), answer.summary, kept, partialNote ? `${partialNote[0].toUpperCase()}${partialNote.slice(1)}.` : undefined, answer.chartNote];
  const reply: Reply = {
    text: lines.filter(Boolean).join('\n'),
    table: {
      columns: answer.columns,
      rows: shown,
      text: formatTable(answer.columns, answer.rows, { maxRows: REPLY_TABLE_ROWS, maxWidth: 100, partial }),
      moreRows: answer.rows.length - shown.length,
      truncated: answer.truncated,
    },
    code: { language: 'sql', text: answer.sql },
    buttons: [
      { actionId: 'show_sql', label: 'Show SQL', value: answerId },
      { actionId: 'export_csv', label: 'Export CSV', value: answerId },
      ...(opts.saveValue ? [{ actionId: 'save' as const, label: 'Save', value: opts.saveValue }] : []),
      // Turns this answer into an alert rule (the ready /alert command and its backtest).
      ...(opts.alertMe ? [{ actionId: 'alert' as const, label: 'Alert me', value: answerId }] : []),
    ],
    footer: provenanceLine(answer),
  };
  // The answer page (PUBLIC_URL set): the interactive chart, the full table, the SQL, downloads.
  if (opts.openUrl) reply.links = [{ kind: 'url', label: 'Open', url: opts.openUrl }];
  if (answer.chart) {
    reply.image = { png: answer.chart.png, alt: answer.chart.alt, width: answer.chart.width, height: answer.chart.height, path: answer.chart.path ?? undefined };
  }
  return reply;
}

export function buildSqlReply(answer: Pick<Answer, 'sql' | 'title'>): Reply {
  return { text: `SQL for ${answer.title}`, code: { language: 'sql', text: answer.sql } };
}

export function buildCsvReply(answer: Pick<Answer, 'columns' | 'rows' | 'title' | 'truncated'>): Reply {
  const csv = toCsv(answer.columns, answer.rows);
  const name = `${answer.title.replace(/[^\w-]+/g, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 60) || 'result'}.csv`;
  return {
    text: `CSV export: ${answer.rows.length} rows${answer.truncated ? ' (cut at the row limit)' : ''}`,
    file: { name, mimeType: 'text/csv', data: Buffer.from(csv, 'utf8') },
  };
}

export function buildErrorReply(err: unknown): Reply {
  const info = toErrorInfo(err);
  const text = info.code === 'INTERNAL' ? 'Something went wrong on our side; the details are in the log.' : info.message;
  return { text, error: info.code === 'INTERNAL' ? { code: info.code, message: text } : info };
}
