/**
 * The designer's conventions: a column's name (and the words around it) →
 * its role and ClickHouse type, with the reason. LowCardinality for enum-like
 * fields, DateTime64(3) only where sub-second matters, Decimal(18, 2) for
 * money, Nullable only when asked.
 */
import type { ColumnRole, DesignColumn } from './design.ts';

interface Rule {
  role: ColumnRole;
  test: RegExp;
}

/** Checked in order; the first match wins. Names are snake_case. */
const RULES: Rule[] = [
  { role: 'uuid', test: /(uuid|guid)/ },
  { role: 'ip', test: /(^ip$|_ip$|^ip_address$|^ip_addr$)/ },
  { role: 'flag', test: /^(is|has|was|can)_|^(active|enabled|deleted|verified|paid|success|successful|converted|archived)$/ },
  { role: 'time', test: /^(timestamp|ts|time|datetime|event_time|occurred|recorded|received|sent|seen)$|_(at|time|ts|timestamp)$/ },
  { role: 'date', test: /^(date|day|birthday|birth_date|dob)$|_(date|day|on)$/ },
  { role: 'id', test: /(^id$|_id$|_key$)/ },
  { role: 'tags', test: /^(tags|labels|categories|flags)$/ },
  { role: 'map', test: /^(properties|props|attributes|attrs|metadata|params|parameters|context|extra|payload)$/ },
  { role: 'count', test: /^(version|revision|seq|sequence|sequence_number)$/ },
  { role: 'code', test: /^(status_code|http_status|response_code|exit_code|error_code|http_code)$/ },
  { role: 'duration', test: /(duration|latency|elapsed|response_time|load_time|time_spent|_ms$|_seconds$|_secs$)/ },
  { role: 'money', test: /(^|_)(amount|price|revenue|cost|costs|total|fee|fees|balance|salary|payment|spend|spent|tax|discount|refund|income|profit|subtotal|money|budget|gmv|mrr|arr|ltv|payout)(_|$)/ },
  { role: 'count', test: /(^|_)(count|quantity|qty|items|clicks|views|impressions|visits|attempts|retries|pages|units|stock|seats|sessions|orders)(_|$)|^(num|number_of)_/ },
  {
    role: 'number',
    test: /(^|_)(temperature|temp|humidity|pressure|score|rating|lat|latitude|lon|lng|longitude|percent|pct|ratio|rate|weight|height|width|speed|reading|value|cpu|memory|usage|voltage|altitude|accuracy|probability|distance|age)(_|$)/,
  },
  {
    role: 'enum',
    test: /(^|_)(type|kind|category|status|state|country|city|region|device|platform|browser|os|channel|source|medium|plan|tier|currency|level|severity|method|service|env|environment|language|locale|lang|gender|segment|campaign|host|hostname|app|version|action|event|stage|priority|role|team|department|unit|sensor|model|brand|vendor|carrier|market|warehouse|store|shop|utm_source|utm_medium|utm_campaign|code|symbol|ticker|side|exchange)(_|$)/,
  },
];

/** Enum values for sample rows when the requirement names none. */
const VALUES: Array<[RegExp, string[]]> = [
  [/event/, ['page_view', 'click', 'signup', 'purchase']],
  [/side/, ['buy', 'sell']],
  [/symbol|ticker/, ['AAPL', 'MSFT', 'GOOG', 'AMZN']],
  [/status|state|stage/, ['new', 'paid', 'shipped', 'cancelled']],
  [/country/, ['US', 'DE', 'GB', 'FR', 'IN', 'BR']],
  [/city/, ['Berlin', 'London', 'New York', 'Paris', 'Tokyo']],
  [/region/, ['EMEA', 'AMER', 'APAC']],
  [/device/, ['desktop', 'mobile', 'tablet']],
  [/level|severity/, ['debug', 'info', 'warning', 'error']],
  [/currency/, ['USD', 'EUR', 'GBP']],
  [/plan|tier/, ['free', 'pro', 'enterprise']],
  [/platform|os/, ['web', 'ios', 'android']],
  [/browser/, ['chrome', 'firefox', 'safari', 'edge']],
  [/service|app/, ['api', 'web', 'worker']],
  [/method/, ['GET', 'POST', 'PUT', 'DELETE']],
  [/priority/, ['low', 'medium', 'high']],
  [/channel|source|medium|campaign/, ['organic', 'paid', 'email', 'social']],
  [/env/, ['production', 'staging']],
  [/gender/, ['female', 'male', 'other']],
  [/lang|locale/, ['en', 'de', 'fr', 'es']],
];

/** The role of a column named `name` ('text' when nothing fits). */
export function roleOf(name: string): ColumnRole {
  return RULES.find((r) => r.test.test(name))?.role ?? 'text';
}

export function enumValuesFor(name: string): string[] {
  return VALUES.find(([re]) => re.test(name))?.[1] ?? [1, 2, 3, 4].map((i) => `${name}_${i}`);
}

/** What the column's words asked for beyond its name. */
export interface ColumnAsk {
  nullable: boolean;
  /** Sub-second timestamps (milliseconds) or microseconds. */
  precision: 0 | 3 | 6;
  values?: string[];
  /** An explicit, already canonical ClickHouse type. */
  explicitType?: string;
  /** A role forced by the words ("amount in dollars" → money). */
  role?: ColumnRole;
}

/** The column for `name` with the conventions applied. */
export function columnFor(name: string, ask: ColumnAsk): DesignColumn {
  const role = ask.role ?? roleOf(name);
  let type: string;
  let why: string;
  switch (role) {
    case 'time':
      type = ask.precision ? `DateTime64(${ask.precision})` : 'DateTime';
      why = ask.precision ? `sub-second order matters, so ${ask.precision === 3 ? 'milliseconds' : 'microseconds'} are kept` : 'a point in time to the second (4 bytes); say "milliseconds" for sub-second precision';
      break;
    case 'date':
      type = 'Date';
      why = 'a calendar day (2 bytes)';
      break;
    case 'uuid':
      type = 'UUID';
      why = 'a UUID in 16 bytes instead of a 36-character string';
      break;
    case 'ip':
      type = 'IPv4';
      why = 'an IPv4 address in 4 bytes (ask for IPv6 to store both)';
      break;
    case 'flag':
      type = 'Bool';
      why = 'a yes/no flag';
      break;
    case 'id':
      type = /^(session|trace|span|request|correlation|transaction|external|sku)_/.test(name) ? 'String' : 'UInt64';
      why = type === 'String' ? 'an opaque token, kept as text' : 'a numeric key (UInt64)';
      break;
    case 'tags':
      type = 'Array(LowCardinality(String))';
      why = 'several labels per row, each dictionary-encoded';
      break;
    case 'map':
      type = 'Map(String, String)';
      why = 'free-form key/value attributes';
      break;
    case 'duration':
      type = 'UInt32';
      why = 'a duration in whole milliseconds (UInt32 holds 49 days)';
      break;
    case 'money':
      type = 'Decimal(18, 2)';
      why = 'money: exact to the cent, no floating-point rounding';
      break;
    case 'code':
      type = 'UInt16';
      why = 'a numeric code (UInt16), grouped by rather than summed';
      break;
    case 'count':
      type = 'UInt32';
      why = 'a non-negative count';
      break;
    case 'number':
      type = 'Float64';
      why = 'a measured quantity with a fractional part';
      break;
    case 'enum':
      type = 'LowCardinality(String)';
      why = 'few distinct values: dictionary-encoded, fast to filter and group by';
      break;
    default:
      type = 'String';
      why = 'free text';
  }
  if (ask.explicitType) {
    type = ask.explicitType;
    why = 'the type asked for';
  }
  if (ask.nullable && !/^(Nullable|Array|Map|LowCardinality\(Nullable)/.test(type)) {
    type = type.startsWith('LowCardinality(') ? `LowCardinality(Nullable(${type.slice('LowCardinality('.length, -1)}))` : `Nullable(${type})`;
    why += '; Nullable because it may be missing (as asked)';
  }
  const values = role === 'enum' ? (ask.values ?? enumValuesFor(name)) : ask.values;
  return { name, type, role, why, ...(values ? { values } : {}) };
}

/**
 * SQL type words a requirement may use → the ClickHouse type. Returns undefined
 * for a word that is not a type ClickHouse knows.
 */
export function canonicalType(word: string): string | undefined {
  const w = word.trim();
  const lower = w.toLowerCase().replace(/\s+/g, ' ');
  const aliases: Record<string, string> = {
    int: 'Int32', integer: 'Int32', bigint: 'Int64', smallint: 'Int16', tinyint: 'Int8',
    float: 'Float32', double: 'Float64', real: 'Float32', 'double precision': 'Float64',
    text: 'String', varchar: 'String', char: 'String', string: 'String', blob: 'String',
    boolean: 'Bool', bool: 'Bool', timestamp: 'DateTime', datetime: 'DateTime', date: 'Date',
    uuid: 'UUID', decimal: 'Decimal(18, 2)', numeric: 'Decimal(18, 2)', json: 'JSON', ipv4: 'IPv4', ipv6: 'IPv6',
  };
  if (aliases[lower]) return aliases[lower];
  if (/^varchar\s*\(\d+\)$/i.test(w) || /^char\s*\(\d+\)$/i.test(w)) return 'String';
  const known = /^(U?Int(8|16|32|64|128|256)|Float(32|64)|BFloat16|String|UUID|Date|Date32|DateTime|Bool|IPv4|IPv6|JSON|FixedString\(\d+\)|DateTime64\([0-9]\)|Decimal(32|64|128|256)?\(\d+(,\s*\d+)?\)|LowCardinality\(String\)|Nullable\(\w+\))$/;
  return known.test(w) ? w : undefined;
}

/** Types people name that ClickHouse lacks, with what to use instead. */
export const MISSING_TYPES: Record<string, string> = {
  money: 'Decimal(18, 2) for money',
  currency: 'Decimal(18, 2) for amounts and LowCardinality(String) for the currency code',
  serial: 'a UInt64 id the writer assigns (ClickHouse has no auto-increment), or generateSnowflakeID()',
  bigserial: 'a UInt64 id the writer assigns (ClickHouse has no auto-increment), or generateSnowflakeID()',
  jsonb: 'JSON or Map(String, String)',
  varchar2: 'String',
  nvarchar: 'String',
  clob: 'String',
  timestamptz: "DateTime('UTC')",
  interval: 'an Int64 of seconds or milliseconds',
  xml: 'String',
  geography: 'Point (a tuple of two Float64) or two Float64 columns',
  hstore: 'Map(String, String)',
  enum: "LowCardinality(String) (or Enum8('a' = 1, …))",
};
