/**
 * Half-SQL wording from analysts who write queries all day: "uniqExact(user_id)", "count(distinct session_id)",
 * "sum(revenue)", "avg(duration_ms)", "count(*)", "by toStartOfWeek(order_time)", "users table: count by plan". Each
 * is written as the words it stands for, which the parser reads as usual (lower-cased text, before punctuation goes).
 */
const COLUMN = String.raw`\s*\(\s*(?:distinct\s+)?([a-z_][a-z0-9_.]*)\s*\)`;

export function withSqlWords(s: string): string {
  // "group by country order by 2 desc limit 5": a position past the grouped columns is the figure, ranked.
  const grouped = /\bgroup\s+by\s+(.+?)(?=\s+(?:order|limit|having|where)\b|[(\u2014\u2013]|$)/.exec(s)?.[1].split(',').length ?? 0;
  s = s.replace(/\border\s+by\s+(\d)\s*(desc|asc)?\s+limit\s+(\d{1,4})\b/g, (m, n: string, dir: string | undefined, k: string) => (Number(n) > grouped ? ` ${dir === 'asc' ? 'bottom' : 'top'} ${k} ` : m));
  // "group by category order by 2 desc": without a limit, every group, sorted by the figure.
  s = s.replace(/\border\s+by\s+(\d)\s*(desc|asc)?(?!\s*(?:limit|\d|,))/g, (m, n: string, dir: string | undefined) => (Number(n) > grouped ? ` sorted ${dir === 'desc' ? 'descending' : 'ascending'} ` : m));
  return s
    // "join users on user_id", "inner join demo.products p on o.product_id = p.product_id": a join the model declares.
    .replace(/\b(?:inner\s+|left\s+)?join\s+(?:demo\.)?[a-z_]+(?:\s+(?:as\s+)?[a-z](?![a-z_]))?\s+(?:on|using)\s*\(?\s*(?:[a-z_]+\.)?[a-z_]+(?:\s*=\s*(?:[a-z_]+\.)?[a-z_]+)?\s*\)?/g, ' ')
    // "group by users.plan", "orders.status": a table's column by its name (never "demo.orders", the table).
    .replace(/\b(?!demo\b)([a-z_]{3,})\.([a-z_]{3,})\b(?!\s*\()/g, '$2')
    // "uniq sessions", "uniqExact users": ClickHouse's distinct count said as a word.
    .replace(/\buniq(?:exact)?\s+(?=[a-z])/g, 'distinct ')
    // "select avg(quantity) from orders where …": SQL's first word asks for what follows.
    .replace(/^\s*select\s+(?!\*)/, ' ')
    // "event_time >= '2025-04-01' and event_time < '2025-05-01'": the days from the first up to the second.
    .replace(/\b([a-z_]+)\s*>=\s*'?(\d{4}-\d{2}-\d{2})'?\s+and\s+\1\s*(<=?)\s*'?(\d{4}-\d{2}-\d{2})'?/g, (m, _c: string, a: string, op: string, b: string) => {
      const end = new Date(`${b}T00:00:00Z`);
      if (Number.isNaN(end.getTime())) return m;
      if (op === '<') end.setUTCDate(end.getUTCDate() - 1);
      return ` from ${a} to ${end.toISOString().slice(0, 10)} `;
    })
    // "order_time between 2025-01-01 and 2025-03-31": those days, the last one whole (as the person asking means it).
    .replace(/\b[a-z_]+_(?:time|at|date|day)\s+between\s+'?(\d{4}-\d{2}-\d{2})'?\s+and\s+'?(\d{4}-\d{2}-\d{2})'?/g, ' from $1 to $2 ')
    .replace(new RegExp(String.raw`\b(?:uniqexact|uniq|uniqcombined|count\s*\(\s*distinct)${COLUMN.replace(String.raw`\s*\(\s*(?:distinct\s+)?`, String.raw`\s*(?:\(\s*)?`)}`, 'g'), (_m, c: string) => ` number of distinct ${c.split('.').pop()} `)
    .replace(/\bcount\s*\(\s*\*?\s*\)/g, ' count ')
    .replace(new RegExp(String.raw`\bsum${COLUMN}`, 'g'), (_m, c: string) => ` total ${c.split('.').pop()} `)
    .replace(new RegExp(String.raw`\b(?:avg|average|mean)${COLUMN}`, 'g'), (_m, c: string) => ` average ${c.split('.').pop()} `)
    // "medianExact(price)": the nearest value itself, as that function computes it.
    .replace(new RegExp(String.raw`\bmedianexact(?:low|high)?${COLUMN}`, 'g'), (_m, c: string) => ` p50exact ${c.split('.').pop()} `)
    .replace(new RegExp(String.raw`\b(max|min|median)${COLUMN}`, 'g'), (_m, f: string, c: string) => ` ${f} ${c.split('.').pop()} `)
    // "by toStartOfWeek(order_time)", "toStartOfMonth", "toDate(event_time)": the bucket; a week starts on Monday.
    .replace(/\btostartof(hour|day|week|month|quarter|year)\b(?:\s*\([^()]*\))?(?:\s*\(\s*monday\s*\))?/g, (_m, u: string) => ` ${u} `)
    .replace(/\btodate\s*\([^()]*\)/g, ' day ')
    // "group by toDayOfWeek(order_time)", "toHour(event_time)": the part of the date, numbered as ClickHouse numbers it.
    .replace(/\bto(dayofweek|hour|month|dayofmonth|year)\s*\([^()]*\)/g, (_m, f: string) => ` ${{ dayofweek: 'day of week', hour: 'hour of day', month: 'month of year', dayofmonth: 'day of month', year: 'year' }[f]} `)
    // "quantile(0.95)(duration_ms)", "quantileExact(0.9)(x)", "quantiles…": the percentile of the column.
    .replace(new RegExp(String.raw`\bquantile(exact)?(?:tdigest|timing|inclusive|exactinclusive)?\s*\(\s*0?\.(\d{1,3})\s*\)${COLUMN}`, 'g'), (_m, exact: string | undefined, level: string, c: string) => ` ${percentileToken(Number(`0.${level}`))}${exact && !/inclusive/.test(_m) ? 'exact' : ''} ${c.split('.').pop()} `)
    // "users table: count by plan …": the table named before a colon is what is counted.
    .replace(/^\s*([a-z_]+)\s+table\s*:\s*/, (_m, t: string) => `${t} `)
    // "which hour of the day (UTC, 0-23)": how hours are numbered (as answers number them) asks for nothing.
    .replace(/\(\s*(?:utc\s*,?\s*)?0\s*[-\u2013]\s*23\s*(?:,?\s*utc\s*)?\)/g, ' ');
}

/** The parser's word for a percentile ("p95", "p99.9"), from its level as a fraction (0.95). */
export function percentileToken(level: number): string {
  return `p${Number((level * 100).toFixed(3))}`;
}
