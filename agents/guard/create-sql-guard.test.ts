import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlGuard, type GuardPolicy } from './create-sql-guard.ts';
import { TABLE_FUNCTIONS } from './deny-lists.ts';
import { tokenize } from './tokenize.ts';
import { isDatalabsError } from '../../bot/contracts/errors.ts';
import type { WarehouseReader } from '../../bot/contracts/warehouse.ts';
import { openDemoWarehouse, type DemoWarehouse } from '../../test/guard/demo-warehouse.ts';
import { HOSTILE_SQL } from '../../test/guard/hostile-sql.ts';
import { VALID_SQL } from '../../test/guard/valid-sql.ts';

const LIMITS = { maxExecutionTimeSec: 20, maxResultRows: 1000, maxMemoryBytes: 500_000_000, maxRowsToRead: 1_000_000 };
const POLICY: GuardPolicy = { allowedDatabases: ['demo'], limits: LIMITS };

let demo: DemoWarehouse;
/** Every string the guard sent to EXPLAIN AST, through the real reader. */
const explained: string[] = [];
let reader: Pick<WarehouseReader, 'explainAst'>;

beforeAll(async () => {
  demo = await openDemoWarehouse();
  reader = {
    explainAst: (sql: string) => {
      explained.push(sql);
      return demo.warehouse.reader.explainAst(sql);
    },
  };
});
afterAll(async () => {
  await demo?.close();
});

/**
 * chDB (3.4, via chdb/connection) prepends the partial output of a failed
 * query to the NEXT query's output on the same connection; one throwaway query
 * after an expected failure keeps the next EXPLAIN clean. (Reported to the
 * warehouse owner; the guard itself fails closed on such output.)
 */
async function flushReader(): Promise<void> {
  await demo.warehouse.reader.query('SELECT 1').catch(() => undefined);
}

async function refusal(guard: ReturnType<typeof createSqlGuard>, sql: string): Promise<string | undefined> {
  try {
    await guard.check(sql);
    return undefined;
  } catch (err) {
    if (isDatalabsError(err) && err.code === 'SQL_REJECTED') return err.message;
    throw err;
  }
}

describe('hostile corpus', () => {
  it(`refuses all ${HOSTILE_SQL.length} hostile inputs with a one-line SQL_REJECTED reason`, async () => {
    expect(HOSTILE_SQL.length).toBeGreaterThan(400);
    const guard = createSqlGuard(reader, POLICY);
    const escapes: string[] = [];
    for (const sql of HOSTILE_SQL) {
      const reason = await refusal(guard, sql);
      if (reason === undefined) escapes.push(sql);
      else {
        expect(reason).not.toContain('\n');
        expect(reason).toMatch(/^SQL rejected: \S/);
        expect(reason).not.toMatch(/DB::Exception|Code: \d|Syntax error|failed at position|Expected one of/);
      }
    }
    expect(escapes).toEqual([]);
  });

  it('never hands the engine more than one statement', () => {
    expect(explained.length).toBeGreaterThan(0);
    for (const sql of explained) {
      expect(tokenize(sql).some((t) => t.kind === 'punct' && t.text === ';'), sql).toBe(false);
    }
  });

  it('left the data intact and wrote no file', async () => {
    const r = await demo.warehouse.admin.query('SELECT (SELECT count() FROM demo.orders), (SELECT count() FROM demo.users), (SELECT count() FROM demo.events)');
    expect(r.rows[0]).toEqual([100, 50, 200]);
    expect(fs.existsSync('/tmp/datalabs-guard-outfile.csv')).toBe(false);
  });

  it('gives reasons a person can act on', async () => {
    const guard = createSqlGuard(reader, POLICY);
    expect(await refusal(guard, 'SELECT 1; DROP TABLE demo.orders')).toMatch(/multiple statements/);
    expect(await refusal(guard, "SELECT * FROM file('/etc/passwd', 'LineAsString')")).toMatch(/table function file\(\)/);
    expect(await refusal(guard, 'SELECT * FROM system.tables')).toMatch(/system tables/);
    expect(await refusal(guard, 'SELECT * FROM secret.keys')).toMatch(/secret\.keys is not allowed \(allowed: demo\.\*\)/);
    expect(await refusal(guard, 'SELECT * FROM orders')).toMatch(/database\.table/);
    expect(await refusal(guard, 'SELECT 1 SETTINGS readonly=0')).toMatch(/SETTINGS/);
    expect(await refusal(guard, "SELECT dictGet('d', 'a', 1)")).toMatch(/dictGet/);
    expect(await refusal(guard, 'SELEC 1')).toMatch(/only SELECT/);
    expect(await refusal(guard, 'SELECT FROM WHERE')).toMatch(/cannot parse/);
    expect(await refusal(guard, 'SELECT')).toMatch(/incomplete query: SELECT needs more/);
    expect(await refusal(guard, ' with ;')).toMatch(/incomplete query: WITH needs more/);
  });
});

describe('valid corpus', () => {
  it(`accepts and runs all ${VALID_SQL.length} analytical SELECTs`, async () => {
    const guard = createSqlGuard(reader, POLICY);
    const failures: string[] = [];
    for (const sql of VALID_SQL) {
      try {
        const g = await guard.check(sql);
        await demo.warehouse.reader.query(g.sql, { settings: g.settings, maxRows: 100 });
      } catch (err) {
        failures.push(`${sql} → ${(err as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('returns the statement, the tables read and every limit', async () => {
    const guard = createSqlGuard(reader, POLICY);
    const g = await guard.check('WITH c AS (SELECT user_id FROM demo.orders) SELECT count() FROM demo.users AS u JOIN c ON u.user_id = c.user_id ; -- done');
    expect(g.sql).toBe('WITH c AS (SELECT user_id FROM demo.orders) SELECT count() FROM demo.users AS u JOIN c ON u.user_id = c.user_id');
    expect(g.tables).toEqual(['demo.orders', 'demo.users']);
    expect(g.settings).toMatchObject({
      readonly: 2,
      max_execution_time: 20,
      max_result_rows: 1000,
      result_overflow_mode: 'break',
      max_memory_usage: 500_000_000,
      max_rows_to_read: 1_000_000,
    });
  });

  it('only accepts CTE names where ClickHouse itself resolves them to the CTE', async () => {
    const guard = createSqlGuard(reader, POLICY);
    const accepted = [
      "WITH x AS (SELECT 'cte' AS v) SELECT v FROM x UNION ALL SELECT v FROM x",
      "WITH x AS (SELECT 'cte' AS v) SELECT * FROM (SELECT * FROM (SELECT v FROM x))",
      "WITH x AS (SELECT 'cte' AS v) SELECT 'cte' IN x",
      "WITH x AS (SELECT 'cte' AS v), y AS (SELECT v FROM x) SELECT * FROM y",
      "WITH x AS (SELECT 'cte' AS v) SELECT * FROM (WITH x AS (SELECT v FROM x) SELECT * FROM x)",
    ];
    for (const sql of accepted) {
      const g = await guard.check(sql);
      const r = await demo.warehouse.reader.query(g.sql, { settings: g.settings });
      expect(JSON.stringify(r.rows), sql).not.toContain('REAL');
    }
  });
});

describe('policy', () => {
  it('qualifies unqualified tables against defaultDatabase and re-checks them', async () => {
    const guard = createSqlGuard(reader, { ...POLICY, defaultDatabase: 'demo' });
    const g = await guard.check("SELECT count() FROM orders AS o JOIN users u ON o.user_id = u.user_id WHERE o.user_id IN users");
    expect(g.sql).toBe('SELECT count() FROM demo.orders AS o JOIN demo.users u ON o.user_id = u.user_id WHERE o.user_id IN demo.users');
    expect(g.tables).toEqual(['demo.orders', 'demo.users']);
    const r = await demo.warehouse.reader.query('SELECT count() FROM orders AS o JOIN users u ON o.user_id = u.user_id'.replace(/(orders|users) /g, 'demo.$1 '), { settings: g.settings });
    expect(r.rows[0][0]).toBe(100);
    expect((await guard.check('WITH orders AS (SELECT 1 AS n) SELECT * FROM orders')).sql).toBe('WITH orders AS (SELECT 1 AS n) SELECT * FROM orders');
    expect(await refusal(guard, 'SELECT * FROM secret.keys')).toBeDefined();
    expect(await refusal(guard, 'SELECT * FROM system.one')).toBeDefined();
  });

  it('allows single tables, system tables and harmless table functions only when told to', async () => {
    const one = createSqlGuard(reader, { allowedDatabases: [], allowedTables: ['demo.orders'], limits: LIMITS });
    expect((await one.check('SELECT count() FROM demo.orders')).tables).toEqual(['demo.orders']);
    expect(await refusal(one, 'SELECT count() FROM demo.users')).toMatch(/demo\.users is not allowed/);

    const sys = createSqlGuard(reader, { ...POLICY, allowSystem: true });
    expect((await sys.check('SELECT * FROM system.one')).tables).toEqual(['system.one']);
    expect(await refusal(createSqlGuard(reader, { allowedDatabases: ['demo', 'system'] }), 'SELECT * FROM system.one')).toMatch(/system/);

    const gen = createSqlGuard(reader, { ...POLICY, allowedTableFunctions: ['numbers'] });
    expect((await gen.check('SELECT sum(number) FROM numbers(10)')).tables).toEqual([]);
    expect(await refusal(gen, "SELECT * FROM file('/etc/passwd', 'LineAsString')")).toMatch(/file/);
    expect(await refusal(gen, 'SELECT * FROM numbers(10) WHERE number IN (SELECT k FROM secret.keys)')).toMatch(/secret/);
  });

  it("refuses every table function the engine knows, as the engine's own list says", async () => {
    const r = await demo.warehouse.admin.query('SELECT name FROM system.table_functions');
    const engine = r.rows.map((row) => String(row[0]));
    expect(engine.length).toBeGreaterThan(20);
    expect(engine.filter((n) => !TABLE_FUNCTIONS.has(n))).toEqual([]);
    const guard = createSqlGuard(reader, POLICY);
    for (const name of engine) expect(await refusal(guard, `SELECT * FROM ${name}('x')`), name).toBeDefined();
  });

  it('refuses a bad policy at creation', () => {
    expect(() => createSqlGuard(reader, { allowedDatabases: ['demo'], defaultDatabase: 'secret' })).toThrow(/defaultDatabase/);
    expect(() => createSqlGuard(reader, { allowedDatabases: ['demo'], limits: { maxRowsToRead: 0 } })).toThrow(/maxRowsToRead/);
  });
});

describe('limits stop heavy queries', () => {
  it('a cross join is stopped by max_rows_to_read', async () => {
    const guard = createSqlGuard(reader, { ...POLICY, limits: { ...LIMITS, maxRowsToRead: 300 } });
    const g = await guard.check('SELECT count() FROM demo.events AS a, demo.events AS b');
    await expect(demo.warehouse.reader.query(g.sql, { settings: g.settings })).rejects.toMatchObject({ clickhouseCode: 158 });
    await flushReader();
  });

  it('a runaway cross join is stopped by max_execution_time', async () => {
    const guard = createSqlGuard(reader, { ...POLICY, limits: { ...LIMITS, maxExecutionTimeSec: 1 } });
    const g = await guard.check('SELECT count() FROM demo.events AS a, demo.events AS b, demo.events AS c, demo.events AS d, demo.events AS e');
    await expect(demo.warehouse.reader.query(g.sql, { settings: g.settings })).rejects.toMatchObject({ code: 'WAREHOUSE_TIMEOUT' });
    await flushReader();
  });

});
