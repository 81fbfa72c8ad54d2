/**
 * Families of hostile SQL, generated from templates so every variant of an
 * attack is in the corpus (see hostile-sql.ts). Deterministic: no randomness.
 */

const SECRET = 'SELECT * FROM secret.keys';
const DROP = 'DROP TABLE demo.users';

/** Dollar-quoted heredocs: long tags (the 254-character limit of the old tokenizer), odd tags, unterminated. */
const heredocs: string[] = [];
for (const len of [0, 1, 2, 100, 253, 254, 255, 256, 300, 1000, 5000]) {
  const tag = `$${'a'.repeat(len)}$`;
  heredocs.push(
    `SELECT ${tag} ' ${tag} ; CREATE VIEW demo.pwned AS ${SECRET}; SELECT 1 -- '`,
    `SELECT ${tag} " ${tag} ; ${DROP} -- "`,
    `SELECT ${tag} \` ${tag} ; ${DROP} -- \``,
    `SELECT ${tag} /* ${tag} ; ${DROP} -- */`,
    `SELECT 'x' AS ${tag.slice(0, -1)}; ${DROP}`,
  );
}
heredocs.push(
  `SELECT $a1_$ ' $a1_$; ${DROP} -- '`,
  `SELECT $A$ ' $A$; ${DROP} -- '`,
  `SELECT $_$ ' $_$; ${DROP} -- '`,
  `SELECT $9$ ' $9$; ${DROP} -- '`,
  `SELECT $x$ $y$ ' $x$; ${DROP} -- $y$ '`,
  `SELECT $x$ '; $x$`,
  `SELECT $x$;$x$`,
  `SELECT $x$ unterminated; ${DROP}`,
  `SELECT $ ; ${DROP}`,
  `SELECT $$ ; ${DROP}`,
  `SELECT $$$ ; ${DROP} $$$`,
  `SELECT $a b$ ; ${DROP} $a b$`,
  `SELECT $a;$ 1 $a;$`,
  `SELECT 1 AS a$ ; ${DROP}`,
  `SELECT x'41' ; ${DROP}`,
  `SELECT x'4G; ${DROP} '`,
  `SELECT b'012'; ${DROP} '`,
);

/** Comment tricks: nesting, unterminated, '#' forms, '//' and '--' at the end. */
const comments: string[] = [
  `SELECT 1 /* /* */ ; ${DROP} */`,
  `SELECT 1 /* /* */ */ ; ${DROP}`,
  `SELECT 1 /* */ */ ; ${DROP}`,
  `SELECT 1 /*/ ; ${DROP} */`,
  `SELECT 1 /**/; ${DROP}`,
  `SELECT 1 // ; ${DROP}`,
  `SELECT 1 //\n; ${DROP}`,
  `SELECT 1 --\r; ${DROP}`,
  `SELECT 1 -- \\\n; ${DROP}`,
  `SELECT 1 #!\n; ${DROP}`,
  `SELECT 1 #\t; ${DROP}`,
  `SELECT 1 #; ${DROP}`,
  `SELECT 1 #-- ; ${DROP}`,
  `SELECT 1 -\\- ; ${DROP}`,
  `SELECT '/*' ; ${DROP} -- */`,
  `SELECT "/*" ; ${DROP}`,
  `SELECT 1 /* ' */ ; ${DROP} -- '`,
  `SELECT 1 -- ' \n ; ${DROP} -- '`,
  `SELECT 1 \\G ${DROP}`,
  `SELECT 1 \\g ${DROP}`,
  `/* ${'/*'.repeat(50)} */ SELECT 1; ${DROP}`,
];

/** Quotes and escapes. */
const quotes: string[] = [
  `SELECT 'a\\\\'; ${DROP}`,
  `SELECT "a\\"; ${DROP} -- "`,
  `SELECT \`a\\\`; ${DROP} -- \``,
  `SELECT 'a'''; ${DROP}`,
  `SELECT 'a'''''; ${DROP}`,
  `SELECT \`a\`\`b\`; ${DROP}`,
  `SELECT ‘x’; ${DROP}`,
  `SELECT “x”; ${DROP}`,
  `SELECT 1 − 1; ${DROP}`,
  `SELECT 'unterminated \\'; ${DROP}`,
];

/** Unicode spaces and look-alikes, each in three places. */
const SPACES = ['\u00a0', '\u0085', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200a', '\u200b', '\u202f', '\u205f', '\u3000', '\ufeff', '\u2028', '\u2029', '\u180e'];
const unicode: string[] = [];
for (const sp of SPACES) {
  unicode.push(`SELECT${sp}1;${sp}${DROP}`, `SELECT${sp}*${sp}FROM${sp}demo.users`, `${sp}SELECT 1 FROM secret${sp}.keys`);
}
unicode.push('SELECT 1 FROM ѕecret.keys', 'SELECT 1 FROM sеcret.keys', 'SЕLECT 1', 'SELECT 1\ud800', 'SELECT 1 \udc00 FROM demo.users');

/** CTE shadowing: a real table (default.x) must never pass for a CTE. */
const ctes: string[] = [
  'WITH z AS (SELECT 1) FROM (WITH x AS (SELECT 1) SELECT 1) AS t SELECT (WITH w AS (SELECT 1) SELECT any(v) FROM x)',
  'FROM (WITH x AS (SELECT 1) SELECT 1) AS t SELECT (SELECT any(v) FROM x)',
  'FROM x SELECT *',
  'FROM (SELECT 1) AS t, x SELECT 1',
  'FROM (SELECT 1) AS t SELECT 1 UNION ALL WITH x AS (SELECT 1) FROM x SELECT * UNION ALL FROM x SELECT *',
  'SELECT * FROM (WITH x AS (SELECT 1) SELECT 1) AS a, x',
  'SELECT (WITH x AS (SELECT 1) SELECT 1), (SELECT any(v) FROM x)',
  'SELECT * FROM demo.orders WHERE user_id IN (WITH x AS (SELECT 1) SELECT 1) AND status IN x',
  'SELECT * FROM demo.orders WHERE status IN x AND user_id IN (WITH x AS (SELECT 1) SELECT 1)',
  'SELECT * FROM x WHERE 1 IN (WITH x AS (SELECT 1) SELECT 1)',
  'SELECT * FROM demo.orders AS o JOIN x ON 1 = 1 JOIN (WITH x AS (SELECT 1) SELECT 1) AS q ON 1 = 1',
  'SELECT 1 FROM demo.orders GROUP BY (WITH x AS (SELECT 1) SELECT 1) HAVING (SELECT count() FROM x) > 0',
  'SELECT 1 ORDER BY (SELECT any(v) FROM x), (WITH x AS (SELECT 1) SELECT 1)',
  'SELECT position((SELECT any(v) FROM x) IN (WITH x AS (SELECT 1) SELECT 1))',
  'SELECT position((WITH x AS (SELECT 1) SELECT 1) IN (SELECT any(v) FROM x))',
  'WITH x AS (SELECT 1) SELECT 1 UNION ALL (WITH y AS (SELECT 1) SELECT 1) UNION ALL SELECT * FROM y',
  'SELECT * FROM (SELECT 1) UNION ALL WITH x AS (SELECT 1) SELECT * FROM x UNION ALL SELECT * FROM x',
  'SELECT * FROM x UNION ALL (WITH x AS (SELECT 1) SELECT 1)',
  'SELECT 1 EXCEPT (WITH x AS (SELECT 1) SELECT 1) EXCEPT SELECT * FROM x',
  'WITH x AS (SELECT * FROM x) SELECT * FROM x',
  'WITH y AS (SELECT * FROM x), x AS (SELECT 1) SELECT * FROM y',
  'WITH x AS (SELECT 1) SELECT * FROM (SELECT * FROM x) AS t, (WITH q AS (SELECT 1) SELECT * FROM q) AS u, default.x',
  'WITH `x` AS (SELECT 1) SELECT * FROM X',
  'WITH "x" AS (SELECT 1) SELECT * FROM `X`',
  'WITH x AS (SELECT 1) SELECT * FROM default.x',
  'WITH x (a) AS (SELECT 1) SELECT * FROM (WITH x AS (SELECT 1) SELECT 1), x AS x2, default.x',
  'WITH x AS (SELECT 1) SELECT * FROM x AS x, default.x',
  'WITH 1 AS x SELECT * FROM x',
  'WITH x AS MATERIALIZED (SELECT * FROM x) SELECT * FROM x',
  'WITH RECURSIVE r AS (SELECT 1) SELECT * FROM x',
  // RECURSIVE: in the anchor (first UNION member) or a non-UNION body the name is the real table
  'WITH RECURSIVE x AS (SELECT * FROM x) SELECT * FROM x',
  'WITH RECURSIVE x AS (SELECT v FROM x UNION ALL SELECT v FROM x) SELECT * FROM x',
  "WITH RECURSIVE x AS (SELECT v FROM x UNION ALL SELECT 'a' AS v) SELECT * FROM x",
  'WITH RECURSIVE y AS (SELECT 1 AS n), x AS (SELECT * FROM x) SELECT * FROM x',
  "WITH RECURSIVE x AS (SELECT 'a' AS v INTERSECT SELECT v FROM x) SELECT * FROM x",
  "WITH RECURSIVE x AS (SELECT 'r' AS v UNION ALL SELECT v FROM x WHERE 0) FROM demo.orders SELECT 'a' IN x AS v",
  "WITH RECURSIVE x AS (SELECT 'r' AS v) SELECT 'a' IN x",
  // an alias carries `IN x` into x's own body, where x is the real table
  "WITH x AS (SELECT v) SELECT 'a' IN x AS v FROM x",
  "WITH x AS (SELECT v), z AS MATERIALIZED (SELECT 1) FROM x SELECT ('a', 1) IN x AS v",
  "WITH y AS (SELECT 1), x AS (SELECT w FROM y) SELECT 'a' IN x AS w FROM x",
  "WITH RECURSIVE x AS (SELECT 'a' AS v UNION ALL SELECT v FROM x WHERE 0) SELECT 1 UNION ALL SELECT count() FROM x",
  "WITH RECURSIVE x AS (SELECT 'a' AS v UNION ALL SELECT v FROM x WHERE 0) SELECT 1 EXCEPT SELECT count() FROM x",
  'SELECT * FROM (SELECT 1 AS x) AS x, x',
  'SELECT * FROM demo.orders AS x WHERE user_id IN x',
  'SELECT (SELECT count() FROM o) FROM demo.orders AS o',
  'SELECT * FROM demo.orders WINDOW x AS (ORDER BY order_id) LIMIT (SELECT count() FROM x)',
  'SELECT 1 WITH TOTALS FROM x',
];

/** LIMIT … OFFSET and other clauses that print out of source order. */
const limits: string[] = [
  'SELECT 1 LIMIT (WITH x AS (SELECT 1) SELECT 1) OFFSET (SELECT count() FROM x)',
  'SELECT 1 LIMIT (SELECT count() FROM x) OFFSET (WITH x AS (SELECT 1) SELECT 1)',
  'WITH z AS (SELECT 1) SELECT 1 LIMIT (WITH w AS (SELECT 1) SELECT count() FROM x) OFFSET (WITH x AS (SELECT 1) SELECT 1)',
  'SELECT 1 LIMIT 1 OFFSET (WITH x AS (SELECT 1) SELECT 0) UNION ALL SELECT any(v) FROM x',
  'SELECT 1 FROM demo.orders LIMIT (SELECT count() FROM x) BY user_id LIMIT (WITH x AS (SELECT 1) SELECT 1)',
  'SELECT 1 OFFSET (WITH x AS (SELECT 1) SELECT 0) ROWS FETCH FIRST (SELECT count() FROM x) ROWS ONLY',
  'SELECT 1 LIMIT (SELECT count() FROM secret.keys)',
  'SELECT 1 LIMIT 1 OFFSET (SELECT count() FROM system.one)',
  'SELECT * FROM demo.orders ORDER BY order_id WITH FILL FROM (SELECT count() FROM x) TO (WITH x AS (SELECT 1) SELECT 1)',
];

/** Statements that are not a single SELECT. */
const statements: string[] = [
  'EXPLAIN SELECT 1', 'EXPLAIN AST SELECT * FROM secret.keys', 'EXPLAIN SYNTAX SELECT 1', 'EXPLAIN QUERY TREE SELECT 1', 'EXPLAIN PIPELINE SELECT 1',
  'EXPLAIN ESTIMATE SELECT * FROM demo.orders', 'EXPLAIN TABLE OVERRIDE mysql(\'a\', \'b\', \'c\', \'d\', \'e\') PARTITION BY x', 'DESC demo.orders',
  'SET readonly = 0', 'SET allow_introspection_functions = 1', 'SET ROLE ALL', 'SET DEFAULT ROLE ALL TO default',
  'SYSTEM FLUSH LOGS', 'SYSTEM RELOAD DICTIONARIES', 'SYSTEM STOP MERGES', 'SYSTEM DROP MARK CACHE', 'SYSTEM RESTART REPLICAS',
  'KILL QUERY WHERE 1 SYNC', 'KILL MUTATION WHERE 1',
  'INSERT INTO demo.orders VALUES (1)', "INSERT INTO FUNCTION file('/tmp/x.csv') SELECT 1", 'INSERT INTO demo.orders FORMAT Values (1)',
  'ALTER TABLE demo.orders DROP COLUMN revenue', 'ALTER TABLE demo.orders MODIFY SETTING x = 1', 'ALTER USER default IDENTIFIED BY \'x\'',
  'ATTACH DATABASE evil', "ATTACH TABLE demo.t FROM '/etc' (a String) ENGINE = File(TSV)", 'DETACH DATABASE demo',
  "BACKUP DATABASE demo TO File('/tmp/b')", "RESTORE TABLE demo.orders FROM Disk('default', 'b.zip')",
  'CREATE USER evil', 'CREATE VIEW demo.v AS SELECT * FROM secret.keys', 'CREATE DICTIONARY d (k UInt64) PRIMARY KEY k SOURCE(NULL()) LAYOUT(FLAT()) LIFETIME(0)',
  'DROP DATABASE demo', 'EXCHANGE TABLES demo.orders AND demo.users', 'UNDROP TABLE demo.x', 'CHECK TABLE demo.orders', 'SHOW GRANTS',
  'SHOW PROCESSLIST', 'SHOW SETTINGS LIKE \'%\'', 'WATCH demo.v', 'MOVE USER default TO x', 'REVOKE ALL ON *.* FROM default',
  'BEGIN TRANSACTION', 'COMMIT', 'ROLLBACK', 'PREPARE x FROM SELECT 1', 'EXECUTE AS default SELECT 1', 'CALL x()', 'SELECT 1 PARALLEL WITH DROP TABLE demo.users',
  '(DROP TABLE demo.users)', 'WITH x AS (SELECT 1) INSERT INTO demo.orders SELECT * FROM x', 'FROM demo.orders INSERT INTO demo.users SELECT *',
  'SELECT 1 UNION ALL SHOW TABLES', 'SELECT * FROM (SHOW TABLES)', 'SELECT * FROM (DESCRIBE secret.keys)', 'SELECT * FROM (EXPLAIN AST SELECT 1)',
  'SELECT * FROM viewExplain(\'EXPLAIN\', \'\', (SELECT 1))',
];

/** Table functions, in every position a table can appear. */
const TFS = ["file('/etc/passwd', 'LineAsString')", "url('http://127.0.0.1:1/', CSV, 'a String')", "s3('http://127.0.0.1:1/b/k', 'CSV', 'a String')", "remote('127.0.0.1', system.one)", "input('a String')", "urlCluster('default', 'http://127.0.0.1:1/')", "fileCluster('default', '/etc/passwd')", "executable('id', 'TSV', 'a String')", 'numbers(10)', "merge('secret', '.*')", "remoteSecure('127.0.0.1', secret.keys)", "gcs('http://127.0.0.1:1/b/k', 'CSV', 'a String')"];
const tableFunctions: string[] = [];
for (const tf of TFS) {
  tableFunctions.push(
    `SELECT * FROM ${tf}`,
    `SELECT (SELECT count() FROM ${tf})`,
    `WITH q AS (SELECT * FROM ${tf}) SELECT count() FROM q`,
    `SELECT * FROM demo.orders AS o JOIN ${tf} AS t ON 1 = 1`,
    `FROM ${tf} SELECT *`,
  );
}

/** Introspection, environment, dictionary, file and stall functions in several positions. */
const IDENTIFIERS = ['user', 'USER', '`user`', '"user"', 'current_user', 'CURRENT_USER', 'session_user', 'currentUser', 'DATABASE', 'database', 'SCHEMA', 'current_database', 'currentDatabase'];
const identifierCalls: string[] = IDENTIFIERS.flatMap((id) => [`SELECT ${id}`, `SELECT count() FROM demo.orders WHERE ${id} != ''`]);
const FUNCS = ['hostName()', 'hostname()', 'HOSTNAME()', 'fqdn()', 'FQDN()', 'version()', 'VERSION()', "getSetting('max_threads')", "getSettingOrDefault('x', 1)", 'currentUser()', 'current_user()', 'user()', 'currentDatabase()', 'DATABASE()', 'currentSchemas(true)', 'currentRoles()', 'currentProfiles()', 'uptime()', 'serverUUID()', 'buildId()', 'getOSKernelVersion()', 'displayName()', 'tcpPort()', 'shardNum()', 'shardCount()', 'blockNumber()', 'rowNumberInAllBlocks()', 'revision()', 'connectionId()', 'queryID()', 'initialQueryID()', "getClientHTTPHeader('x')", "getMacro('replica')", "dictGet('d', 'a', 1)", "dictGetOrDefault('d', 'a', 1, 0)", "dictHas('d', 1)", "joinGet('secret.j', 'k', 1)", "file('/etc/passwd')", 'sleep(1)', 'sleepEachRow(1)', "throwIf(1, 'x')", "hasColumnInTable('secret', 'keys', 'k')", "demangle('x')", "addressToLine(1)", "regionToName(1)", "aiGenerate('x')", "generateSerialID('x')", "__getScalar('x')", 'filesystemAvailable()', "globalVariable('x')", 'transactionID()', 'zookeeperSessionUptime()', 'logTrace(\'x\')', "catboostEvaluate('/m', 1)", 'evalMLMethod(1, 2)'];
const functions: string[] = [];
for (const f of FUNCS) functions.push(`SELECT ${f}`, `SELECT count() FROM demo.orders WHERE toString(${f}) != ''`);
for (const f of FUNCS.slice(0, 20)) functions.push(`WITH q AS (SELECT ${f} AS v) SELECT * FROM q`, `SELECT * FROM demo.orders ORDER BY (SELECT ${f}) LIMIT 1`);

/** system.* and other databases through aliases, quotes and nesting. */
const SYSTEMS = ['system.one', 'system.tables', 'system.users', 'system.settings', '`system`.`processes`', '"system"."query_log"', 'INFORMATION_SCHEMA.TABLES', 'information_schema.columns', 'secret.keys', '`secret`.`keys`', 'default.x', 'Secret.keys', 'SYSTEM.one'];
const systems: string[] = [];
for (const t of SYSTEMS) {
  systems.push(
    `SELECT * FROM ${t} AS demo`,
    `SELECT * FROM (SELECT * FROM (SELECT * FROM ${t}))`,
    `WITH a AS (SELECT * FROM ${t}) SELECT * FROM a AS orders`,
    `SELECT * FROM demo.orders WHERE status IN (SELECT toString(1) FROM ${t})`,
  );
}

/** Output redirection, formats and settings in every position. */
const clauses: string[] = [
  "SELECT 1 INTO OUTFILE '/tmp/datalabs-guard-outfile.csv' APPEND",
  "SELECT 1 INTO OUTFILE '/tmp/datalabs-guard-outfile.csv' COMPRESSION 'gzip'",
  "WITH q AS (SELECT 1) SELECT * FROM q INTO OUTFILE '/tmp/datalabs-guard-outfile.csv'",
  "SELECT 1 UNION ALL SELECT 2 INTO OUTFILE '/tmp/datalabs-guard-outfile.csv'",
  'SELECT 1 FORMAT TabSeparated', 'SELECT 1 format CSV', 'SELECT 1 UNION ALL SELECT 1 FORMAT JSON', '(SELECT 1) FORMAT JSON', 'SELECT * FROM (SELECT 1 FORMAT JSON)',
  'SELECT 1 SETTINGS readonly = 0', 'SELECT 1 UNION ALL SELECT 1 SETTINGS readonly = 0', 'WITH q AS (SELECT 1 SETTINGS readonly = 0) SELECT * FROM q',
  'SELECT * FROM demo.orders WHERE user_id IN (SELECT 1 SETTINGS max_rows_to_read = 0)', 'SELECT (SELECT 1 SETTINGS max_execution_time = 0)',
  'SELECT * FROM demo.orders AS o JOIN (SELECT 1 AS k SETTINGS readonly = 0) AS t ON 1 = 1', 'SELECT 1 FROM demo.orders SETTINGS max_threads = 1000',
  'SELECT 1 Settings allow_introspection_functions = 1', 'SELECT 1 /* */ SETTINGS readonly=0', 'SELECT 1 FROM demo.orders ORDER BY 1 SETTINGS readonly = 0',
  'SELECT 1 FORMAT Null SETTINGS readonly = 0', 'SELECT 1 SETTINGS `readonly` = 0', 'FROM demo.orders SELECT 1 SETTINGS readonly = 0',
];

/** Query parameters and other placeholders. */
const params: string[] = [
  'SELECT {x:UInt8}', 'SELECT * FROM {db:Identifier}.orders', 'SELECT * FROM demo.{t:Identifier}', 'SELECT {x:String} FROM demo.orders',
  'SELECT * FROM demo.orders LIMIT {n:UInt32}', 'SELECT ?', 'SELECT * FROM demo.orders WHERE user_id = ?', 'SELECT @@version', 'SELECT @x',
  'SELECT * FROM demo.orders WHERE user_id = {id: UInt64}', "SELECT {'a': 1}", 'WITH {x:UInt8} AS y SELECT y',
];

/** Column transformers that call a function EXPLAIN AST does not name. */
const transformers: string[] = [
  "SELECT * APPLY file FROM (SELECT '/etc/hostname' AS p)",
  "SELECT * APPLY(file) FROM (SELECT '/etc/hostname' AS p)",
  "SELECT * APPLY(x -> file(x)) FROM (SELECT '/etc/hostname' AS p)",
  "SELECT COLUMNS('p') APPLY file FROM (SELECT '/etc/hostname' AS p)",
  "SELECT demo.orders.* APPLY toString FROM demo.orders",
  'SELECT * APPLY hostName FROM demo.orders',
  "SELECT * APPLY getSetting FROM (SELECT 'max_threads' AS s)",
  "SELECT * APPLY dictGetString FROM demo.orders",
  'SELECT * EXCEPT (order_id) APPLY sleep FROM demo.orders',
  "SELECT * REPLACE (hostName() AS status) FROM demo.orders",
];

/** Everything generated, in family order. */
export const GENERATED_HOSTILE: readonly string[] = [
  ...heredocs, ...comments, ...quotes, ...unicode, ...ctes, ...limits, ...statements, ...tableFunctions, ...functions, ...systems, ...clauses, ...params, ...transformers, ...identifierCalls,
];
