/**
 * A user's SQL read as a question as well. SQL that names a column or function the warehouse does not know ("select
 * count from orders where …", half-SQL as analysts type it) is answered by the query agent's reading of it, and the
 * answer says so; SQL that ran keeps, as the thread's state, the agent's reading when that reading gives the same rows,
 * so "group by country" or "only mobile" after it refine it as they would a question. The user's SQL is what ran;
 * a reading that differs in any row is not kept.
 */
import { isDatalabsError } from '../../contracts/errors.ts';
import type { AgentPlan, QueryAgent } from '../../../agents/query/index.ts';

/** ClickHouse codes of SQL that misnames something: UNKNOWN_FUNCTION, UNKNOWN_IDENTIFIER, SYNTAX_ERROR. */
const MISNAMED = new Set([46, 47, 62]);

/** True when SQL failed because it names a column or function wrong, or does not parse: worth reading as a question. */
export function misnamedSql(err: unknown): boolean {
  return isDatalabsError(err) && err.clickhouseCode !== undefined && MISNAMED.has(err.clickhouseCode);
}

/** The agent's confident reading of SQL text (no words left out, no figure guessed); undefined otherwise. */
export function readSql(agent: QueryAgent, text: string, ctx: { now: Date; timezone?: string }): AgentPlan | undefined {
  try {
    const plan = agent.plan(text, { now: ctx.now, ...(ctx.timezone ? { timezone: ctx.timezone } : {}) });
    return plan.unsure || plan.showSql || !plan.state ? undefined : plan;
  } catch {
    return undefined;
  }
}

/**
 * The SQL's rows are the reading's rows, seen through some of its columns ("select sum(revenue) … group by country"
 * leaves out the country the reading shows): each SQL column is matched to a reading column holding the same values,
 * and the rows compared through that match (in the same order when `ordered`), whatever the columns are named.
 */
export function sameRows(sql: unknown[][], reading: unknown[][], ordered: boolean): boolean {
  if (sql.length !== reading.length) return false;
  if (!sql.length) return true;
  const width = sql[0].length, readingWidth = reading[0].length;
  if (width > readingWidth) return false;
  const norm = (v: unknown): string => JSON.stringify(typeof v === 'number' ? Number(v.toPrecision(12)) : typeof v === 'bigint' ? String(v) : typeof v === 'string' && /^-?\d+(?:\.\d+)?$/.test(v) ? Number(Number(v).toPrecision(12)) : v);
  const column = (rows: unknown[][], j: number): string => rows.map((r) => norm(r[j])).sort().join('|');
  const used = new Set<number>();
  const pick: number[] = [];
  for (let j = 0; j < width; j++) {
    const want = column(sql, j);
    const k = [...Array(readingWidth).keys()].find((x) => !used.has(x) && column(reading, x) === want);
    if (k === undefined) return false;
    used.add(k); pick.push(k);
  }
  const ka = sql.map((r) => r.map(norm).join('|')), kb = reading.map((r) => pick.map((k) => norm(r[k])).join('|'));
  if (!ordered) { ka.sort(); kb.sort(); }
  return ka.every((k, i) => k === kb[i]);
}
