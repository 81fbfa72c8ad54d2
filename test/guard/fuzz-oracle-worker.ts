/**
 * The fuzzer's oracle: a throwaway chDB process on a scratch temp directory
 * with the demo schema (empty) plus `default.x` and `secret.keys`, read-only
 * after seeding. Reads one JSON request a line on stdin, answers one a line:
 * - `{op:'format', sql}`: ClickHouse's own reading of `sql` as ONE statement
 *   (`formatQuerySingleLine`, which parses and never runs it), or the error
 *   code and whether the parser saw several statements;
 * - `{op:'lex', sql}`: ClickHouse's own lexer output (`tokenizeQuery`): [startByte, endByte, type];
 * - `{op:'tables', sql}`: the tables, table functions and functions
 *   `EXPLAIN QUERY TREE` resolves (only sent for queries the guard accepted).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createRequire } from 'node:module';
import { DEMO_TABLES, demoTableDdl } from '../../bot/infra/seed/demo-ddl.ts';

interface Session {
  query(sql: string, format: string): string;
  cleanup?(): void;
}

const require = createRequire(import.meta.url);
const { Session } = require('chdb') as { Session: new (p: string) => Session };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datalabs-fuzz-oracle-'));
const session = new Session(dir);
const run = (sql: string) => session.query(sql, 'TabSeparatedRaw');
run('CREATE DATABASE IF NOT EXISTS demo');
for (const t of DEMO_TABLES) run(demoTableDdl(t));
run('CREATE TABLE default.x (v String) ENGINE = Memory');
run('CREATE DATABASE IF NOT EXISTS secret');
run('CREATE TABLE secret.keys (k String) ENGINE = Memory');
run('SET readonly = 1');

const literal = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const codeOf = (e: unknown) => Number(/Code: (\d+)/.exec(String((e as Error)?.message ?? e))?.[1] ?? -1);

function handle(req: { op: string; sql: string }): object {
  if (req.op === 'format') {
    try {
      return { ok: true, text: run(`SELECT formatQuerySingleLine(${literal(req.sql)})`).replace(/\n$/, '') };
    } catch (e) {
      const msg = String((e as Error)?.message ?? e);
      return { ok: false, code: codeOf(e), multi: /Multi-statements are not allowed/.test(msg) };
    }
  }
  if (req.op === 'lex') {
    try {
      const out = run(`SELECT tokenizeQuery(${literal(req.sql)})`);
      return { ok: true, tokens: [...out.matchAll(/\((\d+),(\d+),'(\w+)'\)/g)].map((m) => [Number(m[1]), Number(m[2]), m[3]]) };
    } catch (e) {
      return { ok: false, code: codeOf(e) };
    }
  }
  if (req.op === 'tables') {
    try {
      const out = run(`EXPLAIN QUERY TREE ${req.sql}`);
      const tables = [...out.matchAll(/\bTABLE id: \d+.*?table_name: ([^\s,]+)/g)].map((m) => m[1]);
      const tableFunctions = [...out.matchAll(/\bTABLE_FUNCTION id: \d+.*?table_function_name: ([^\s,]+)/g)].map((m) => m[1]);
      const functions = [...out.matchAll(/\bFUNCTION id: \d+, function_name: ([^\s,]+)/g)].map((m) => m[1]);
      return { ok: true, tables: [...new Set(tables)].sort(), tableFunctions: [...new Set(tableFunctions)].sort(), functions: [...new Set(functions)].sort() };
    } catch (e) {
      return { ok: false, code: codeOf(e) };
    }
  }
  return { ok: false, code: -2 };
}

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const req = JSON.parse(line) as { id: number; op: string; sql: string };
  process.stdout.write(JSON.stringify({ id: req.id, ...handle(req) }) + '\n');
});
rl.on('close', () => {
  session.cleanup?.();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
