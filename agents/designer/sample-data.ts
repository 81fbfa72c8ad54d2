/**
 * Sample rows for a freshly created design, so the first chart has something
 * to show: one `INSERT … SELECT … FROM numbers(n)` per base table, values from
 * a hash of the row number (the same rows every time), times spread over the
 * 30 days before the server's clock (the dashboard's range, and what a TTL
 * measures against) or within the table's retention. A table's own key is
 * unique. Rollups fill themselves through their views.
 */
import type { Design, DesignColumn } from './design.ts';
import { ident } from './render-ddl.ts';

export const DEFAULT_SAMPLE_ROWS = 5000;
const SPAN_S = 30 * 86_400;

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function valueExpr(c: DesignColumn, k: number, spanS: number, unique: boolean): string {
  const h = `cityHash64(number, ${k})`;
  const base = c.type.replace(/^LowCardinality\(Nullable\((.*)\)\)$/, 'LowCardinality($1)').replace(/^Nullable\((.*)\)$/, '$1');
  let e: string;
  if (/^JSON/.test(base)) e = `'{"source": "sample"}'`;
  else if (/^DateTime64/.test(base)) e = `fromUnixTimestamp64Milli(toInt64(toUnixTimestamp(now()) * 1000 - ${h} % ${spanS * 1000}))`;
  else if (/^DateTime/.test(base)) e = `toDateTime(toUnixTimestamp(now()) - ${h} % ${spanS})`;
  else if (/^Date/.test(base)) e = `toDate(toDateTime(toUnixTimestamp(now()) - ${h} % ${spanS}))`;
  else if (unique && /^U?Int/.test(base)) e = 'number + 1';
  else if (unique && base === 'String') e = `concat('k', toString(number + 1))`;
  else if (base === 'UUID') e = `generateUUIDv4(number)`;
  else if (base === 'IPv4') e = `toIPv4(toUInt32(${h} % 4294967295))`;
  else if (base === 'IPv6') e = `toIPv6(toIPv4(toUInt32(${h} % 4294967295)))`;
  else if (base === 'Bool') e = `${h} % 4 = 0`;
  else if (/^Array/.test(base)) e = `arraySlice(['new', 'sale', 'featured'], 1, ${h} % 3 + 1)`;
  else if (/^Map/.test(base)) e = `map('origin', arrayElement(['web', 'app', 'api'], ${h} % 3 + 1))`;
  else if (c.role === 'enum' || (c.values && /String/.test(base))) {
    const vals = c.values?.length ? c.values : ['a', 'b', 'c'];
    e = `arrayElement([${vals.map(quote).join(', ')}], ${h} % ${vals.length} + 1)`;
  } else if (/^Decimal/.test(base)) e = `toDecimal64(${h} % 50000 / 100 + 1, 2)`;
  else if (/^Float/.test(base)) e = `round(${h} % 10000 / 100, 2)`;
  else if (c.role === 'code') e = `arrayElement([200, 200, 200, 201, 301, 404, 500], ${h} % 7 + 1)`;
  else if (/^U?Int/.test(base)) e = c.role === 'id' ? `${h} % 1000 + 1` : c.role === 'duration' ? `50 + ${h} % 2000` : `1 + ${h} % 10`;
  else if (c.role === 'id') e = `concat('s', toString(${h} % 5000))`;
  else if (/email/.test(c.name)) e = `concat('user', toString(${h} % 1000), '@example.com')`;
  else if (/url|path|page|link|referrer/.test(c.name)) e = `concat('/page/', toString(${h} % 20))`;
  else e = `concat(${quote(`${c.name.replace(/_/g, ' ')} `)}, toString(${h} % 100))`;
  if (base !== 'String' || e.startsWith("'")) e = `CAST(${e} AS ${base})`;
  if (base !== c.type) e = `if(cityHash64(number, ${k + 1000}) % 10 = 0, NULL, ${e})`;
  return e;
}

/** The INSERTs that fill the design's base tables with `rows` rows each (none for connector tables). */
export function sampleDataSql(design: Design, opts: { rows?: number; database?: string }): string[] {
  const db = opts.database ?? design.database;
  const rows = Math.max(1, Math.min(100_000, Math.floor(opts.rows ?? DEFAULT_SAMPLE_ROWS)));
  const out: string[] = [];
  if (design.connector) return out;
  for (const t of design.tables) {
    if (t.rollupOf) continue;
    const cols = t.columns.map((c) => ident(c.name)).join(', ');
    const spanS = t.retentionDays ? Math.min(SPAN_S, Math.floor(t.retentionDays * 86_400 * 0.8)) : SPAN_S;
    const own = new Set(['id', `${t.name.replace(/s$/, '')}_id`, ...(t.engine === 'ReplacingMergeTree' ? t.orderBy : [])]);
    const exprs = t.columns.map((c, i) => valueExpr(c, i + 1, spanS, own.has(c.name) && (c.role === 'id' || c.role === 'uuid' || t.engine === 'ReplacingMergeTree'))).join(',\n    ');
    out.push(`INSERT INTO ${ident(db)}.${ident(t.name)} (${cols})\nSELECT\n    ${exprs}\nFROM numbers(${rows})`);
  }
  return out;
}
