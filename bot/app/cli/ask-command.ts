/**
 * `datalabs ask`: one question, or one a line from stdin with "-".
 *
 * Start-up: this module imports no part of the app statically. runAsk opens the warehouse first (its engine process
 * loads chDB and opens the data) and only then loads the app's modules, so the two overlap instead of adding up; and
 * with --json a single-number answer gets no chart unless asked (`chart: 'plotted'`), so canvas and vega stay unloaded.
 */
import readline from 'node:readline';
import type { Config } from '../config/load-config.ts';
import type { Logger } from '../../contracts/logger.ts';
import type { Answer } from '../../core/answer/index.ts';
import { toErrorInfo } from '../../contracts/errors.ts';
import type { ConversationState } from '../../../agents/query/index.ts';

export interface AskOptions {
  json?: boolean;
  now?: Date;
  /** false: no charts (--no-chart); true: a chart even for a single value (--chart); default: --json leaves a lone value's card out. */
  chart?: boolean;
  /** With "-": the lines are one conversation (an empty line starts a new one), each answered with the state the previous answer left. */
  conversation?: boolean;
}

/** The `ask --json` object: the DESIGN.md contract plus provenance fields. */
export function answerToJson(answer: Answer): Record<string, unknown> {
  return {
    sql: answer.sql,
    columns: columnsWithDisplay(answer),
    rows: answer.rows,
    chart: answer.chart?.path ?? null,
    title: answer.title,
    truncated: answer.truncated,
    tables: answer.tables,
    period: answer.period ?? null,
    rowsRead: answer.stats.rowsRead,
    bytesRead: answer.stats.bytesRead,
    elapsedMs: answer.elapsedMs,
    freshness: answer.freshness ?? null,
    // "show the SQL": the SQL was checked by the guard but not run.
    ...(answer.showSql ? { showSql: true } : {}),
    // Which engine wrote the SQL (offline parser or Claude; null: SQL sent as is), and Claude's tokens and cost.
    engine: answer.engine ?? null,
    ...(answer.summary ? { summary: answer.summary } : {}),
    ...(answer.usage ? { usage: answer.usage } : {}),
    // Anomaly and forecast answers: what is unusual, what drove it, the forecast's backtest error.
    ...(answer.insights ? { insights: answer.insights } : {}),
  };
}

/**
 * `columns` of `ask --json`: name and type, plus the display name and format the semantic model gives each column
 * (percent, currency with its unit, integer, decimal(n) …); `rows` keep the exact values.
 */
function columnsWithDisplay(answer: Answer): Array<Record<string, unknown>> {
  const display = new Map((answer.state?.columns ?? []).map((c) => [c.name, c]));
  return answer.columns.map((c) => {
    const d = display.get(c.name);
    const title = c.name.replace(/_/g, ' ');
    return { ...c, displayName: d?.displayName ?? c.displayName ?? title.charAt(0).toUpperCase() + title.slice(1), format: d?.format ?? c.format ?? null, ...(d?.unit ? { unit: d.unit } : {}) };
  });
}

/** What an answer carried over from earlier turns (filters, period) as short text, and the one line that says so. */
function keptOf(answer: Answer, keptOfState: typeof import('../../../agents/query/index.ts').keptOfState): { kept: string[]; note?: string } {
  return keptOfState(answer.state);
}

export async function runAsk(ctx: { config: Config; logger: Logger }, words: string[], opts: AskOptions): Promise<number> {
  const { createWarehouse } = await import('../../infra/warehouse/index.ts');
  const warehouse = createWarehouse(ctx.config.warehouse);
  let loaded;
  try {
    loaded = await Promise.all([
      import('../create-app.ts'),
      import('../../core/conversation/index.ts'),
      import('../../../adapters/console/render-text.ts'),
      import('../../../agents/query/index.ts'),
    ]);
  } catch (err) {
    await warehouse.close().catch(() => undefined);
    throw err;
  }
  const [{ createApp }, { buildAnswerReply, buildErrorReply, buildSqlReply }, { renderReplyText }, { keptOfState }] = loaded;
  // The app owns the warehouse from here (closes it, also when it fails to start).
  const app = await createApp(ctx.config, ctx.logger, { now: opts.now, warehouse });
  try {
    const fromStdin = words.length === 1 && words[0] === '-';
    if (!fromStdin) return (await askOne(words.join(' '), undefined)) ? 0 : 1;
    let failures = 0;
    // In a conversation each line refines what the last good answer left, as in a chat thread: a turn that fails
    // (a refinement that cannot apply) leaves the state as it was; an empty line starts a new conversation.
    let state: ConversationState | undefined;
    const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
    for await (const line of rl) {
      if (!line.trim()) { state = undefined; continue; }
      const answer = await askOne(line, opts.conversation ? state : undefined);
      if (!answer) failures++;
      else if (opts.conversation) state = answer.state ?? state;
    }
    return failures ? 1 : 0;
  } finally {
    await app.close();
  }

  async function askOne(text: string, state: ConversationState | undefined): Promise<Answer | undefined> {
    try {
      const answer = await app.answerer.ask({ text, now: app.now(), chart: opts.chart === false ? false : opts.json && opts.chart !== true ? 'plotted' : true, state, user: 'cli' });
      const kept = opts.conversation ? keptOf(answer, keptOfState) : undefined;
      if (opts.json) process.stdout.write(JSON.stringify(kept ? { ...answerToJson(answer), kept: kept.kept } : answerToJson(answer)) + '\n');
      // The reply itself says what was kept, in one line under its headline.
      else process.stdout.write(renderReplyText(answer.showSql ? buildSqlReply(answer) : buildAnswerReply(answer, 'cli'), { color: Boolean(process.stdout.isTTY) }) + '\n');
      return answer;
    } catch (err) {
      const info = toErrorInfo(err);
      if (info.code === 'INTERNAL') ctx.logger.error({ err }, 'ask failed');
      if (opts.json) process.stdout.write(JSON.stringify({ error: info }) + '\n');
      else process.stderr.write(`datalabs: ${buildErrorReply(err).text}\n`);
      return undefined;
    }
  }
}
