/**
 * CTE scoping matrix for the differential test: each definition form crossed
 * with each place a name can be used. The guard may refuse any of them; for
 * those it accepts, ClickHouse's analyzer must read no table the guard did
 * not report (a real table `default.x` exists beside the CTE `x`).
 */
const DEF: readonly string[] = ["WITH x AS (SELECT 'c' AS v) ", "WITH x AS MATERIALIZED (SELECT 'c' AS v) ", "WITH x (v) AS (SELECT 'c') "];
const USES: readonly string[] = [
  'SELECT * FROM x', "SELECT 'REAL' IN x", "SELECT 'REAL' IN (x)", "SELECT 'REAL' GLOBAL IN x", "SELECT 'REAL' NOT IN x", "SELECT 1 FROM demo.orders WHERE status IN x",
  'SELECT (SELECT any(v) FROM x)', 'SELECT exists(SELECT 1 FROM x)', 'SELECT * FROM demo.orders AS o JOIN x ON 1 = 1', 'SELECT * FROM demo.orders AS o LEFT ARRAY JOIN [1] AS a JOIN x ON 1 = 1',
  'SELECT 1 UNION ALL SELECT v FROM x', 'SELECT 1 UNION ALL (SELECT v FROM x)', '(SELECT 1) UNION ALL SELECT v FROM x', 'SELECT 1 UNION ALL SELECT * FROM (SELECT 1 UNION ALL SELECT v FROM x)',
  'SELECT 1 INTERSECT SELECT v FROM x', 'SELECT 1 EXCEPT SELECT v FROM x', 'FROM x SELECT *', 'SELECT 1 LIMIT (SELECT count() FROM x)', 'SELECT 1 ORDER BY (SELECT any(v) FROM x)',
  'SELECT arrayMap(i -> (SELECT any(v) FROM x), [1])', 'SELECT * FROM (SELECT * FROM (SELECT * FROM x))', 'SELECT count() OVER (PARTITION BY (SELECT any(v) FROM x))',
  'SELECT * FROM demo.orders WHERE user_id IN (SELECT 1 FROM x)', "SELECT * FROM x AS y, x AS z", 'SELECT * FROM demo.orders PREWHERE (SELECT count() FROM x) > 0',
  'SELECT 1 FROM demo.orders GROUP BY 1 HAVING (SELECT count() FROM x) > 0', 'SELECT 1 QUALIFY (SELECT count() FROM x) > 0', 'SELECT * FROM demo.orders SAMPLE 1 JOIN x USING (v)',
  ', y AS (SELECT * FROM x) SELECT * FROM y', ', y AS (SELECT 1) SELECT * FROM y, x', 'SELECT * FROM (WITH x AS (SELECT * FROM x) SELECT * FROM x)', 'SELECT * FROM (WITH y AS (SELECT * FROM x) SELECT * FROM y)',
  ', 1 AS k SELECT * FROM x', 'SELECT * FROM demo.orders AS o WHERE (SELECT count() FROM x WHERE x.v = o.status) > 0', "SELECT * FROM x WHERE v IN x", "SELECT * FROM demo.orders WHERE (status, 1) IN x",
  "SELECT has((SELECT groupArray(v) FROM x), 'REAL')",
  ', (SELECT any(v) FROM x) AS s SELECT s', ', s AS (SELECT * FROM (SELECT * FROM x)) SELECT * FROM s', 'SELECT 1 AS a ORDER BY a WITH FILL FROM (SELECT count() FROM x) TO 3',
  'SELECT 1 AS a ORDER BY a WITH FILL INTERPOLATE (a AS (SELECT count() FROM x))', 'SELECT * FROM demo.orders AS o JOIN demo.users AS u ON o.user_id = u.user_id AND o.status IN x',
  'SELECT count() OVER w FROM demo.orders WINDOW w AS (PARTITION BY status IN x)', 'SELECT * FROM demo.orders LIMIT (SELECT count() FROM x) BY user_id',
  'SELECT arrayJoin((SELECT groupArray(v) FROM x))', 'SELECT * FROM demo.orders ARRAY JOIN (SELECT groupArray(v) FROM x) AS q',
  'SELECT 1 FROM demo.orders GROUP BY GROUPING SETS ((status IN x), ())', 'SELECT DISTINCT ON ((SELECT count() FROM x)) 1',
  'SELECT * FROM (SELECT 1) AS t WHERE exists(SELECT * FROM x WHERE v IN x)', 'FROM x AS a JOIN x AS b ON a.v = b.v SELECT *',
  'SELECT * FROM x INTERSECT SELECT * FROM x', 'SELECT * FROM (SELECT * FROM x UNION ALL SELECT * FROM x)', 'SELECT (SELECT (SELECT any(v) FROM x))', "SELECT 'REAL' IN (SELECT v FROM x)", "SELECT * FROM demo.orders ANY INNER JOIN x ON x.v = status",
];

/** RECURSIVE CTEs: the name is the CTE only in the recursive part of the body, never in the anchor. */
const RECURSIVE: readonly string[] = [
  "WITH RECURSIVE x AS (SELECT 'a' AS v UNION ALL SELECT v FROM x WHERE 0) SELECT 1 UNION ALL SELECT count() FROM x",
  "WITH RECURSIVE x AS (SELECT 'a' AS v UNION ALL SELECT v FROM x WHERE 0) SELECT 1 EXCEPT SELECT count() FROM x",
  "WITH RECURSIVE x AS (SELECT 'a' AS v UNION ALL SELECT v FROM x WHERE 0) SELECT 1 UNION ALL SELECT 1 LIMIT (SELECT count() FROM x)",
  "WITH RECURSIVE x AS (SELECT 'a' AS v UNION ALL SELECT v FROM x WHERE 0) SELECT count() FROM x EXCEPT SELECT 1",
  "WITH x AS (SELECT 'a' AS v) SELECT 1 EXCEPT SELECT count() FROM x",
  "WITH x AS (SELECT 'a' AS v) SELECT 1 INTERSECT SELECT count() FROM x",
  "WITH x AS (SELECT 'a' AS v) SELECT 1 UNION ALL SELECT 1 LIMIT (SELECT count() FROM x)",
  "WITH RECURSIVE x AS (SELECT 'r' AS v UNION ALL SELECT v FROM x WHERE 0) FROM demo.orders SELECT 'a' IN x AS v",
  "WITH RECURSIVE x AS (SELECT 'r' AS v) SELECT 'a' IN x",
  "WITH RECURSIVE x AS (SELECT 'r' AS v UNION ALL SELECT v FROM x WHERE 'a' IN x) SELECT * FROM x",
  "WITH RECURSIVE x AS (SELECT 'r' AS v UNION ALL SELECT v FROM x WHERE 0) SELECT 'a' IN (SELECT v FROM x)",
  'WITH RECURSIVE x AS (SELECT * FROM x) SELECT * FROM x',
  'WITH RECURSIVE x AS (SELECT v FROM x UNION ALL SELECT v FROM x) SELECT * FROM x',
  "WITH RECURSIVE x AS (SELECT 'a' AS v UNION ALL SELECT v FROM x WHERE 0) SELECT * FROM x",
  "WITH RECURSIVE x AS (SELECT v FROM x UNION ALL SELECT 'a' AS v) SELECT * FROM x",
  "WITH RECURSIVE y AS (SELECT 1 AS n), x AS (SELECT * FROM x) SELECT * FROM x",
  "WITH RECURSIVE y AS (SELECT * FROM x), x AS (SELECT 'a' AS v UNION ALL SELECT v FROM x WHERE 0) SELECT * FROM y",
  "WITH RECURSIVE x AS (SELECT 'a' AS v UNION ALL SELECT v FROM (SELECT * FROM x) WHERE 0) SELECT * FROM x",
  "WITH RECURSIVE x AS (SELECT 'a' AS v UNION ALL SELECT v FROM x WHERE v IN x) SELECT * FROM x",
  "WITH RECURSIVE x AS (SELECT 'a' AS v UNION ALL SELECT (SELECT any(v) FROM x) WHERE 0) SELECT * FROM x",
  "WITH RECURSIVE x AS (SELECT 'a' AS v UNION DISTINCT SELECT v FROM x WHERE 0) SELECT * FROM x",
  "WITH RECURSIVE x AS (SELECT 'a' AS v UNION ALL SELECT 'b' UNION ALL SELECT v FROM x WHERE 0) SELECT * FROM x",
  "WITH RECURSIVE x AS ((SELECT 'a' AS v) UNION ALL (SELECT v FROM x WHERE 0)) SELECT * FROM x",
  "WITH RECURSIVE x AS (SELECT 'a' AS v UNION ALL SELECT v FROM x WHERE 0 UNION ALL SELECT v FROM x WHERE 0) SELECT * FROM x",
  "WITH RECURSIVE x AS (SELECT 'a' AS v UNION ALL (SELECT v FROM x WHERE 0 UNION ALL SELECT 'c')) SELECT * FROM x",
  "WITH RECURSIVE x AS (SELECT 'a' AS v UNION ALL SELECT v FROM x WHERE 0 EXCEPT SELECT 'z') SELECT * FROM x",
  "WITH RECURSIVE x AS (SELECT 'a' AS v UNION ALL SELECT * FROM (WITH x AS (SELECT 'q' AS v) SELECT v FROM x)) SELECT * FROM x",
  "WITH RECURSIVE x AS (SELECT 'a' AS v UNION ALL SELECT v FROM x WHERE 0), y AS (SELECT * FROM x) SELECT * FROM y",
];

/** Every definition × use as one query, then the RECURSIVE cases. */
export const CTE_MATRIX: readonly string[] = [...DEF.flatMap((d) => USES.map((u) => (u.startsWith(',') ? d.trimEnd() + u : d + u))), ...RECURSIVE];
