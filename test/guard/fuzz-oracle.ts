/**
 * Parent side of the fuzzer's oracle (fuzz-oracle-worker.ts): starts the
 * child process and sends it requests, one at a time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

/** ClickHouse's reading of one SQL string as a single statement. */
export type FormatAnswer = { ok: true; text: string } | { ok: false; code: number; multi: boolean };
/** The tables (and table functions) ClickHouse's analyzer resolves for a query. */
export type TablesAnswer = { ok: true; tables: string[]; tableFunctions: string[]; functions: string[] } | { ok: false; code: number };

/** ClickHouse's lexer output: byte offsets and token type names. */
export type LexAnswer = { ok: true; tokens: [number, number, string][] } | { ok: false; code: number };

export interface Oracle {
  format(sql: string): Promise<FormatAnswer>;
  lex(sql: string): Promise<LexAnswer>;
  tables(sql: string): Promise<TablesAnswer>;
  close(): Promise<void>;
}

/** Starts a throwaway chDB process on a scratch directory. */
export function startOracle(): Oracle {
  const worker = path.join(import.meta.dirname, 'fuzz-oracle-worker.ts');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', worker], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = new Map<number, (v: unknown) => void>();
  let next = 1;
  const rl = readline.createInterface({ input: child.stdout! });
  rl.on('line', (line) => {
    if (!line.startsWith('{')) return;
    const msg = JSON.parse(line) as { id: number };
    waiting.get(msg.id)?.(msg);
    waiting.delete(msg.id);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => {
    for (const r of waiting.values()) r({ ok: false, code: -3, multi: false });
    waiting.clear();
  });
  const ask = <T>(op: string, sql: string): Promise<T> =>
    new Promise((resolve) => {
      const id = next++;
      waiting.set(id, resolve as (v: unknown) => void);
      child.stdin!.write(JSON.stringify({ id, op, sql }) + '\n');
    });
  return {
    format: (sql) => ask<FormatAnswer>('format', sql),
    tables: (sql) => ask<TablesAnswer>('tables', sql),
    lex: (sql) => ask<LexAnswer>('lex', sql),
    async close() {
      child.stdin!.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
