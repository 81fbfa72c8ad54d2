import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlGuard, type GuardPolicy } from './create-sql-guard.ts';
import { AGGREGATE, CASE_INSENSITIVE, DENIED, IDENTIFIER_FUNCTIONS, SCALAR } from './allowed-functions.ts';
import { COMBINATORS, functionAllowed } from './function-policy.ts';
import { lex, isSignificant } from './lexer.ts';
import { singleStatement } from './tokenize.ts';
import { isDatalabsError } from '../../bot/contracts/errors.ts';
import type { WarehouseReader } from '../../bot/contracts/warehouse.ts';
import { openDemoWarehouse, type DemoWarehouse } from '../../test/guard/demo-warehouse.ts';

const POLICY: GuardPolicy = { allowedDatabases: ['demo'] };
let demo: DemoWarehouse;
const explained: string[] = [];
let reader: Pick<WarehouseReader, 'explainAst'>;

beforeAll(async () => {
  demo = await openDemoWarehouse({ eventsRows: 10 });
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

async function refusal(sql: string, policy: GuardPolicy = POLICY): Promise<string | undefined> {
  try {
    await createSqlGuard(reader, policy).check(sql);
    return undefined;
  } catch (err) {
    if (isDatalabsError(err) && err.code === 'SQL_REJECTED') return err.message;
    throw err;
  }
}

describe('the outside security pass, finding by finding', () => {
  it('1. a heredoc with a tag longer than 254 characters is one token, so the ; after it splits statements', async () => {
    const tag = `$${'a'.repeat(300)}$`;
    const sql = `SELECT ${tag} ' ${tag} ; CREATE VIEW demo.pwned AS SELECT * FROM secret.keys; SELECT 1 -- '`;
    expect(await refusal(sql)).toMatch(/multiple statements/);
    const r = await demo.warehouse.admin.query("SELECT count() FROM system.tables WHERE database = 'demo' AND name = 'pwned'");
    expect(r.rows[0][0]).toBe(0);
    const types = lex(`SELECT ${tag}x${tag}`).filter(isSignificant).map((t) => t.type);
    expect(types).toEqual(['BareWord', 'HereDoc']);
  });

  it('2. CTE names are scoped by the tree: FROM-first, LIMIT … OFFSET and UNION cannot lend a name to a real table', async () => {
    for (const sql of [
      'WITH z AS (SELECT 1) FROM (WITH x AS (SELECT 1) SELECT 1) AS t SELECT (WITH w AS (SELECT 1) SELECT any(v) FROM x)',
      'WITH z AS (SELECT 1) SELECT 1 LIMIT (WITH w AS (SELECT 1) SELECT count() FROM x) OFFSET (WITH x AS (SELECT 1) SELECT 1)',
      'SELECT 1 LIMIT 1 OFFSET (WITH x AS (SELECT 1) SELECT 0) UNION ALL SELECT any(v) FROM x',
      'SELECT (WITH x AS (SELECT 1) SELECT 1), (SELECT any(v) FROM x)',
      'SELECT * FROM (WITH x AS (SELECT 1) SELECT 1) AS a, x',
    ]) {
      expect(await refusal(sql), sql).toMatch(/database\.table|WITH names|cannot parse/);
    }
  });

  it('3. introspection and environment functions are refused, in any letter case', async () => {
    for (const f of ['hostName()', 'version()', "getSetting('max_threads')", 'currentUser()', 'uptime()', 'serverUUID()', 'VERSION()', 'Version()', 'currentDatabase()', 'FQDN()', 'buildId()', 'tcpPort()', "getSettingOrDefault('x', 1)", 'displayName()', 'shardNum()', 'blockNumber()', 'rowNumberInAllBlocks()', "throwIf(1, 'x')", 'connectionId()', 'queryID()']) {
      expect(await refusal(`SELECT ${f}`), f).toMatch(/function .* is not allowed/);
    }
    expect(await refusal("SELECT now(), today(), timezone(), serverTimezone(), SUM(1), countIf(1), sumIfOrNull(1, 1), uniqMergeState(x) FROM (SELECT uniqState(1) AS x)")).toBeUndefined();
  });

  it('4. ClickHouse error text never reaches the refusal; it goes to the logger', async () => {
    const logged: object[] = [];
    const guard = createSqlGuard(reader, POLICY, { logger: { warn: (o) => logged.push(o) } });
    const secretish = "SELECT 's3cr3t_value_zz' FROM demo.orders WHERE ((";
    const err = await guard.check(secretish).catch((e: Error) => e);
    expect((err as Error).message).toBe('SQL rejected: ClickHouse cannot parse this SQL (syntax error)');
    expect(logged.length).toBe(1);
    expect(logged[0]).toMatchObject({ clickhouseCode: 62 });
    expect((logged[0] as { err: unknown }).err).toBeInstanceOf(Error);
  });

  it('only the re-emitted single statement reaches the engine', async () => {
    const before = explained.length;
    const g = await createSqlGuard(reader, POLICY).check('/* hi */ SELECT  count()  -- c\n FROM demo.orders # x\n ;');
    expect(g.sql).toBe('SELECT count() FROM demo.orders');
    expect(explained.slice(before)).toEqual(['SELECT count() FROM demo.orders']);
    expect(singleStatement('SELECT x.1.1, 1_000, 0x1F, .5e-3, a$b FROM t').text).toBe('SELECT x.1.1, 1_000, 0x1F, .5e-3, a$b FROM t');
  });
});

describe('function allow-list', () => {
  it('names only functions that still exist in the engine, with the same case rules', async () => {
    const r = await demo.warehouse.admin.query('SELECT name, is_aggregate, case_insensitive FROM system.functions');
    const engine = new Map(r.rows.map((row) => [String(row[0]), { agg: Number(row[1]), ci: Number(row[2]) }]));
    const missing = [...SCALAR, ...AGGREGATE].filter((n) => !engine.has(n));
    expect(missing).toEqual([]);
    for (const n of AGGREGATE) expect(engine.get(n)?.agg, n).toBe(1);
    for (const n of CASE_INSENSITIVE) expect(engine.get(n)?.ci, n).toBe(1);
    const combinators = await demo.warehouse.admin.query('SELECT name FROM system.aggregate_function_combinators WHERE NOT is_internal');
    expect(combinators.rows.map((row) => String(row[0])).filter((c) => !COMBINATORS.includes(c))).toEqual([]);
  });

  it('refuses every denied name in every spelling, and combinators only on allowed aggregates', () => {
    for (const n of DENIED) {
      for (const v of [n, n.toLowerCase(), n.toUpperCase()]) expect(functionAllowed(v), v).toBe(false);
    }
    for (const ok of ['sumIf', 'countIf', 'uniqExactIf', 'avgState', 'avgMerge', 'sumOrDefault', 'sumArray', 'sumForEach', 'uniqDistinct', 'sumResample', 'sumOrNull', 'sumMap', 'groupArrayIfState', 'SUM', 'Count', 'row_number', 'lagInFrame']) {
      expect(functionAllowed(ok), ok).toBe(true);
    }
    for (const bad of ['sleepIf', 'hostNameState', 'dictGetIf', 'fileOrNull', 'joinGetArray', 'sum If']) expect(functionAllowed(bad), bad).toBe(false);
  });

  it('bare identifiers the analyzer calls as functions are refused when the function is', async () => {
    const r = await demo.warehouse.admin.query('SELECT name FROM system.functions');
    const callable: string[] = [];
    for (const name of r.rows.map((row) => String(row[0])).filter((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n))) {
      for (const spelling of [name, name.toUpperCase()]) {
        const ok = await demo.warehouse.admin.query(`SELECT \`${spelling}\``).then(() => true, () => false);
        if (ok && !callable.includes(name)) callable.push(name);
      }
    }
    expect(callable.sort()).toEqual([...IDENTIFIER_FUNCTIONS]);
    for (const id of ['user', 'USER', '`user`', 'current_user', 'DATABASE', 'database', 'currentDatabase', 'SCHEMA', 'session_user', 'currentUser']) {
      expect(await refusal(`SELECT ${id}`), id).toMatch(/without parentheses/);
    }
    expect(await refusal('SELECT now, today, current_date, localtimestamp')).toBeUndefined();
    expect(await refusal('SELECT o.user_id FROM demo.orders AS o')).toBeUndefined();
  }, 60_000);

  it('an alias cannot carry a CTE name into that CTE’s own body', async () => {
    expect(await refusal("WITH x AS (SELECT v) SELECT 'a' IN x AS v FROM x")).toMatch(/WITH body and as an alias/);
    expect(await refusal("WITH x AS (SELECT 'c' AS v) SELECT (status IN x) AS is_x FROM demo.orders")).toBeUndefined();
  });

  it('a sample of denied functions is refused by the guard', async () => {
    const sample = DENIED.filter((_, k) => k % 7 === 0);
    expect(sample.length).toBeGreaterThan(15);
    for (const n of sample) expect(await refusal(`SELECT ${n}(1)`), n).toBeDefined();
  });
});
