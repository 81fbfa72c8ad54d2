/**
 * A seeded generator of SQL around ClickHouse's grammar for differential
 * fuzzing of the guard: mutations of the valid and hostile corpora with
 * heredocs (long tags too), nested and line comments, every quote kind and
 * escape, Unicode spaces, multi-statements, CTE shadowing, FROM-first,
 * UNION, subqueries, table functions, LIMIT … OFFSET, odd numbers.
 */
import { HOSTILE_SQL } from './hostile-sql.ts';
import { VALID_SQL } from './valid-sql.ts';
import { createRandom } from '../../bot/contracts/random.ts';

/** The shared seeded generator (mulberry32). */
export const prng = createRandom;

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const GAPS = [
  '/* c */', '/* /* nested */ */', '/* ; */', "/* ' */", '/*/ x */', '-- c\n', "-- '\n", '# c\n', '#!x\n', '// c\n', '\t', '\n', '  ', '\r\n',
  '\u00a0', '\u2000', '\u200b', '\u3000', '\ufeff', '\u2028', '/**/', '\f', '\v', '#x', '--', '/*',
];
const TAGS = ['', 'a', 'tag_1', 'A9', 'a'.repeat(253), 'a'.repeat(254), 'a'.repeat(255), 'a'.repeat(300), 'a b', 'a;', "a'"];
const HEREDOC_BODIES = ['x', "'", '"', '`', ';', "' ; SELECT 1 -- '", '$', '$a', '/*', '--', 'it\'s', '\\'];
const LITERALS = ["'a\\'b'", "'it''s'", "'x\\\\'", '"id"', '`id`', "x'41'", "b'01'", "'--'", "'/*'", "'$a$'", "'\\''", "''''", "'a", '"a', '`a', "X'4G'", "'\\0'"];
const NUMBERS = ['1_000', '0x1F', '0b101', '1e3', '1.5e-3', '.5', '1.', '0x1p4', '1__2', '1e', '0x', '1_', '1.5.5', '0b2', '1e+', '00', '1e-3_0', '0xAbC'];
const TAILS = [';', '; SELECT 1', ';;', '; DROP TABLE demo.users', ' \\G', '; -- x', ';\n', ' ; ', '; /* */', '\\G SELECT 1'];
const TABLES = ['default.x', 'secret.keys', 'x', 'system.one', 'numbers(10)', "file('/etc/passwd', 'LineAsString')", 'demo.users', '`demo`.`orders`', '"demo"."events"', 'demo.x', 'Demo.orders'];
const FUNCS = ['hostName()', 'version()', 'now()', 'sumIf(1, 1)', "getSetting('max_threads')", 'currentUser()', 'uptime()', 'count()', 'SUM(1)', 'Version()', "dictGet('d', 'a', 1)", 'rand()', 'timezone()', 'countIfOrNull(1)', 'rowNumberInAllBlocks()'];
const CTE_PREFIXES = [
  "WITH RECURSIVE x AS (SELECT 'a' AS v UNION ALL SELECT v FROM x WHERE 0) ", 'WITH RECURSIVE x AS (SELECT v FROM x UNION ALL SELECT 1) ', 'WITH RECURSIVE x AS (SELECT * FROM x) ','WITH x AS (SELECT 1 AS v) ', 'WITH x AS (SELECT * FROM demo.orders) ', 'WITH x AS (SELECT * FROM x) ', 'WITH y AS (SELECT 1), x AS (SELECT * FROM y) ', 'WITH RECURSIVE x AS (SELECT 1 AS v) ', 'WITH 1 AS x '];
const LIMITS = [
  ' LIMIT (SELECT count() FROM x) OFFSET (WITH x AS (SELECT 1) SELECT 0)',
  ' LIMIT (WITH x AS (SELECT 1) SELECT 1) OFFSET (SELECT count() FROM x)',
  ' LIMIT 1 OFFSET 1',
  ' LIMIT 1, 2',
  ' LIMIT 1 BY 1',
];

function spaces(sql: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < sql.length; i++) if (sql[i] === ' ') out.push(i);
  return out;
}

function atSpace(r: Rand, sql: string, insert: string): string {
  const s = spaces(sql);
  if (s.length === 0) return sql + insert;
  const i = pick(r, s);
  return sql.slice(0, i) + insert + sql.slice(i + 1);
}

/** Characters the lexer branches on. */
const LEXER_NOISE = `'"\`$#-/*;.0123456789eExXbBpP_\\!<>=|:@?{}[]() \n\ta`;

const MUTATIONS: ((r: Rand, sql: string) => string)[] = [
  (r, s) => {
    const i = Math.floor(r() * (s.length + 1));
    let noise = '';
    for (let n = 1 + Math.floor(r() * 6); n > 0; n--) noise += pick(r, [...LEXER_NOISE]);
    return s.slice(0, i) + noise + s.slice(i);
  },
  (r, s) => atSpace(r, s, pick(r, GAPS)),
  (r, s) => atSpace(r, s, ` ${pick(r, GAPS)} `),
  (r, s) => {
    const tag = `$${pick(r, TAGS)}$`;
    return atSpace(r, s, r() < 0.8 ? ` ${tag}${pick(r, HEREDOC_BODIES)}${tag} ` : ` ${tag} `);
  },
  (r, s) => atSpace(r, s, `, ${pick(r, LITERALS)} `),
  (r, s) => s.replace(/\b\d+\b/, () => pick(r, NUMBERS)),
  (r, s) => s + pick(r, TAILS),
  (r, s) => `SELECT * FROM (${s}) AS s`,
  (r, s) => `${s} UNION ALL ${pick(r, VALID_SQL).replace(/;.*$/s, '')}`,
  (r, s) => pick(r, CTE_PREFIXES) + s.replace(/^WITH /i, ', ').replace(/^, /, 'SELECT * FROM (WITH ') + (s.startsWith('WITH') ? ')' : ''),
  (r, s) => s.replace(/\bdemo\.(orders|users|events|products)\b/, () => pick(r, TABLES)),
  (r, s) => {
    const m = /^SELECT (.*?) FROM (\S+)(.*)$/s.exec(s);
    return m ? `FROM ${m[2]} SELECT ${m[1]}${m[3]}` : s;
  },
  (r, s) => s.replace(/;?\s*$/, '') + pick(r, LIMITS),
  (r, s) => s.replace(/^SELECT /i, `SELECT ${pick(r, FUNCS)}, `),
  (r, s) => {
    const other = pick(r, r() < 0.5 ? VALID_SQL : SHORT_HOSTILE);
    return s.slice(0, Math.floor(r() * s.length)) + other.slice(Math.floor(r() * other.length));
  },
  (r, s) => {
    const i = Math.floor(r() * s.length);
    return r() < 0.5 ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + s[i] + s.slice(i);
  },
  (r, s) => s.replace(/\bFROM (demo\.\w+)/, (_m, t) => `FROM (WITH x AS (SELECT 1) SELECT * FROM ${t}) AS q, x`),
  (r, s) => s.replace(/\b(status|country|device|user_id|v)\b/, () => pick(r, ['user', 'database', 'DATABASE', 'current_user', 'hostName', 'version', 'now', 'today', 'uptime', 'currentDatabase', 'SCHEMA', 'timezone', '`user`'])),
  (r, s) => s.replace(/^SELECT \* /i, `SELECT * ${pick(r, ['APPLY file', 'APPLY(x -> hostName())', 'APPLY toString', 'EXCEPT (order_id)', 'REPLACE (version() AS status)'])} `),
  (r, s) => s.replace(/\bWHERE\b/, `WHERE ${pick(r, ['1 IN x AND', 'user_id IN (SELECT 1 FROM secret.keys) OR', '(SELECT any(v) FROM x) = 1 OR', 'exists(SELECT 1 FROM x) OR'])}`),
];

const SHORT_HOSTILE = HOSTILE_SQL.filter((s) => s.length < 2000);

/**
 * A random query built from the grammar's scoping constructs: WITH lists
 * (RECURSIVE too), FROM-first, subqueries in every clause, UNION ALL, IN,
 * LIMIT … OFFSET. Names come from a small set where `x` is also a real table
 * (default.x) so that a name taken for a CTE in the wrong scope shows up as
 * a table read the guard did not report.
 */
export function structuredQuery(r: Rand, depth = 0): string {
  const name = () => pick(r, ['x', 'x', 'x', 'y', 'z', '`x`', '"x"', 'X']);
  const sub = (): string =>
    depth < 3 && r() < 0.5 ? `(${structuredQuery(r, depth + 1)})` : pick(r, ["(SELECT 'c' AS v)", '(SELECT v FROM demo.x_absent)', '(SELECT toString(order_id) AS v FROM demo.orders)']);
  const source = (): string => {
    const roll = r();
    if (roll < 0.5) return name();
    if (roll < 0.65) return 'demo.orders';
    if (roll < 0.8) return `${sub()} AS s${depth}`;
    if (roll < 0.88) return `${name()} AS a${depth} JOIN ${name()} AS b${depth} ON 1 = 1`;
    if (roll < 0.95) return `${name()} ARRAY JOIN [1, 2] AS j${depth}`;
    return `demo.orders AS ${name()}`;
  };
  let withList = '';
  if (r() < 0.5) {
    const n = 1 + Math.floor(r() * 3);
    const items: string[] = [];
    for (let k = 0; k < n; k++) {
      const roll = r();
      if (roll < 0.15) items.push(`(SELECT count() FROM ${source()}) AS k${k}`);
      else if (roll < 0.3) items.push(`${name()} AS (SELECT 'r' AS v UNION ALL SELECT v FROM ${source()} WHERE 0)`);
      else if (roll < 0.4) items.push(`${name()} AS MATERIALIZED ${sub()}`);
      else if (roll < 0.5) items.push(`${name()} (v) AS (SELECT 'c')`);
      else items.push(`${name()} AS ${sub()}`);
    }
    withList = `WITH ${r() < 0.15 ? 'RECURSIVE ' : ''}${items.join(', ')} `;
  }
  const cols = pick(r, [
    '*', "'c' AS v", `(SELECT any(v) FROM ${source()}) AS v`, `'a' IN ${name()} AS v`, 'v', `('a', 1) IN ${name()} AS v`, `${name()}.v`, `${name()}.*`,
    `arrayMap(i -> toString(i) IN ${name()}, [1]) AS v`, `if('a' IN ${name()}, 1, 0) AS v`, `count() OVER (PARTITION BY 'a' IN ${name()}) AS v`,
  ]);
  const from = r() < 0.85 ? source() : '';
  const where = r() < 0.3 ? ` WHERE ${pick(r, [`'a' IN ${name()}`, `v IN ${sub()}`, `exists(SELECT 1 FROM ${source()})`, `v GLOBAL NOT IN ${name()}`])}` : '';
  const order = r() < 0.15 ? ` ORDER BY (SELECT count() FROM ${source()})` : '';
  const limit = r() < 0.2 ? ` LIMIT (SELECT count() FROM ${source()}) OFFSET ${sub()}` : '';
  let q = from && r() < 0.3 ? `${withList}FROM ${from} SELECT ${cols}${where}${order}${limit}` : `${withList}SELECT ${cols}${from ? ` FROM ${from}` : ''}${where}${order}${limit}`;
  if (r() < 0.25) q += ` ${pick(r, ['UNION ALL', 'UNION DISTINCT', 'EXCEPT', 'INTERSECT'])} ${structuredQuery(r, depth + 2)}`;
  if (depth === 0 && r() < 0.1) q = `(${q})`;
  return q;
}

/** A generator of `count` fuzz cases from `seed`, deterministic. */
export function* fuzzCases(seed: number, count = Infinity): Generator<string> {
  const r = prng(seed);
  for (let n = 0; n < count; n++) {
    const roll = r();
    if (roll < 0.3) {
      yield structuredQuery(r);
      continue;
    }
    let sql = roll < 0.8 ? pick(r, VALID_SQL) : pick(r, SHORT_HOSTILE);
    const steps = 1 + Math.floor(r() * 3);
    for (let k = 0; k < steps; k++) sql = pick(r, MUTATIONS)(r, sql);
    yield sql;
  }
}
