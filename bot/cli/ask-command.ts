/** `datalabs ask`: one question, or one a line from stdin with "-". */
import readline from 'node:readline';
import type { Config } from '../config/load-config.ts';
import type { Logger } from '../logger.ts';
import { createApp } from '../create-app.ts';
import type { Answer } from '../answer/index.ts';
import { buildAnswerReply, buildErrorReply } from '../conversation/index.ts';
import { toErrorInfo } from '../types/errors.ts';
import { renderReplyText } from '../../adapters/console/render-text.ts';

export interface AskOptions {
  json?: boolean;
  now?: Date;
  chart?: boolean;
}

/** The `ask --json` object: the DESIGN.md contract plus provenance fields. */
export function answerToJson(answer: Answer): Record<string, unknown> {
  return {
    sql: answer.sql,
    columns: answer.columns,
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
  };
}

export async function runAsk(ctx: { config: Config; logger: Logger }, words: string[], opts: AskOptions): Promise<number> {
  const app = await createApp(ctx.config, ctx.logger, { now: opts.now });
  try {
    const fromStdin = words.length === 1 && words[0] === '-';
    if (!fromStdin) return (await askOne(words.join(' '))) ? 0 : 1;
    let failures = 0;
    const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
    for await (const line of rl) {
      if (!line.trim()) continue;
      if (!(await askOne(line))) failures++;
    }
    return failures ? 1 : 0;
  } finally {
    await app.close();
  }

  async function askOne(text: string): Promise<boolean> {
    try {
      const answer = await app.answerer.ask({ text, now: app.now(), chart: opts.chart !== false });
      if (opts.json) process.stdout.write(JSON.stringify(answerToJson(answer)) + '\n');
      else process.stdout.write(renderReplyText(buildAnswerReply(answer, 'cli'), { color: Boolean(process.stdout.isTTY) }) + '\n');
      return true;
    } catch (err) {
      const info = toErrorInfo(err);
      if (info.code === 'INTERNAL') ctx.logger.error({ err }, 'ask failed');
      if (opts.json) process.stdout.write(JSON.stringify({ error: info }) + '\n');
      else process.stderr.write(`datalabs: ${buildErrorReply(err).text}\n`);
      return false;
    }
  }
}
