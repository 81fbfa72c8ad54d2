/**
 * The offline designer: a requirement in plain words → a typed Design,
 * deterministically, from its entities (tables and their columns), verbs
 * (keep, query by, roll up, update) and the conventions. No model, no network.
 *
 *   "an events table with timestamp, user_id, event_type; queried by user; keep 90 days"
 *   "a dashboard of daily revenue per country from payments with payment_id, amount, country, paid_at"
 */
import type { Design, DesignColumn, DesignResult, DesignTable, DesignView, RollupMeasure } from './design.ts';
import { canonicalType, columnFor, MISSING_TYPES, roleOf, type ColumnAsk } from './conventions.ts';
import { refusalOf } from './refusals.ts';
import { connectorDesign } from './connectors.ts';

export const DEFAULT_DATABASE = 'analytics';
const IDENT = /^[a-z_][a-z0-9_]*$/;
const NOT_UNDERSTOOD =
  'I could not find a table and its columns in that: say e.g. "an events table with timestamp, user_id, event_type; queried by user; keep 90 days".';

/** Words that end a column list: the verbs that say how the table is used. */
const LIST_END =
  /\b(keep|kept|keeping|retain|retained|retention|delete|drop|expire|purge|queried|query|queries|filter|filtered|looked|look|lookups?|searched|accessed|partition(ed)?|ordered by|sorted by|sort by|for a dashboard|dashboard|with sample|sample data|updated|upserts?|dedup\w*|latest|current state|rolled|roll)\b/i;

const STOP = new Set(['a', 'an', 'the', 'its', 'their', 'our', 'my', 'some', 'each', 'every', 'also', 'one', 'plus', 'optional', 'nullable', 'field', 'column', 'fields', 'columns']);

const snake = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/_+/g, '_');

/** "timestamps" → "timestamp", "page views" → "page_views" (tables stay plural, columns singular where it is a plain plural). */
function columnName(words: string): string {
  let n = snake(words.split(/\s+/).filter((w) => !STOP.has(w.toLowerCase())).join(' '));
  if (/^(timestamps|dates|times|ids|emails|urls|names|titles|prices|amounts)$/.test(n)) n = n.slice(0, -1);
  return n;
}

/** Splits on commas and "and" outside parentheses. */
function splitList(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  const flush = () => {
    if (cur.trim()) out.push(cur.trim());
    cur = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && ch === ',') {
      flush();
      continue;
    }
    if (depth === 0 && /^\s(and|plus|&)\s/i.test(text.slice(i, i + 6))) {
      flush();
      i += text.slice(i + 1).search(/\s/) + 1;
      continue;
    }
    cur += ch;
  }
  flush();
  return out;
}

interface ParsedItem {
  name: string;
  ask: ColumnAsk;
}

/** One item of a column list: "amount in dollars", "email (optional)", "status (new, paid, shipped)", "score as Float32". */
function parseItem(raw: string, subSecond: 0 | 3 | 6): ParsedItem | { refused: string } | undefined {
  let text = raw.trim().replace(/[.;:]+$/, '');
  const ask: ColumnAsk = { nullable: false, precision: 0 };
  if (/\b(optional|nullable|may be (null|missing|empty)|can be (null|missing|empty)|if known|not always (set|known))\b/i.test(text)) {
    ask.nullable = true;
    text = text.replace(/\(?\b(optional|nullable|may be (null|missing|empty)|can be (null|missing|empty)|if known|not always (set|known))\b\)?/gi, ' ');
  }
  // An explicit type: "x as T", "x: T", "x of type T", "x (T)".
  const typed = /^(.+?)\s*(?:\bas\b|:|\bof type\b|\btype\b)\s*([A-Za-z][\w]*(?:\s*\([^)]*\))?)\s*$/i.exec(text) ?? /^(.+?)\s*\(\s*([A-Za-z][\w]*(?:\([^)]*\))?)\s*\)$/.exec(text);
  if (typed && !/,/.test(typed[2])) {
    const word = typed[2].trim();
    const canon = canonicalType(word);
    const missing = MISSING_TYPES[word.toLowerCase()];
    if (canon) {
      ask.explicitType = canon;
      text = typed[1];
    } else if (missing || /^[A-Z]/.test(word) || /\bas\b|\bof type\b/i.test(text)) {
      const name = columnName(typed[1]);
      return { refused: `ClickHouse has no column type "${word}"${name ? ` (asked for ${name})` : ''}: use ${missing ?? 'one of String, UInt64, Float64, Decimal(18, 2), DateTime, Date, Bool, UUID'}.` };
    }
  }
  // Values of an enum: "status (new, paid, shipped)" or "status: new/paid/shipped".
  const vals = /^(.+?)\s*\(([^)]*[,/|][^)]*)\)\s*$/.exec(text) ?? /^(.+?)\s*(?:\bone of\b|:)\s*([\w-]+(?:\s*[/|]\s*[\w-]+)+)\s*$/i.exec(text);
  if (vals) {
    ask.values = vals[2].split(/[,/|]|\bor\b/).map((v) => v.trim()).filter((v) => /^[\w -]{1,40}$/.test(v));
    ask.role = 'enum';
    text = vals[1];
  }
  text = text.replace(/\(\s*\)/g, ' ');
  // Precision words belong to the requirement (SUB_SECOND), not to the name.
  text = text.replace(/\b(with|in|at|to)\s+(the\s+)?(milli|micro)seconds?(\s+(precision|resolution|accuracy))?\b|\b(milli|micro)second[- ](precision|resolution|accuracy)\b|\bsub-?second( precision)?\b/gi, (m) => (/duration|latency|elapsed|took|response/i.test(text) ? m : ' '));
  // Units and hints in words.
  if (/\bin (milli|ms\b)|\bmilliseconds?\b/i.test(text) && /duration|latency|time|elapsed|took|response/i.test(text)) {
    ask.role = 'duration';
    text = text.replace(/\bin (milliseconds?|ms)\b|\bmilliseconds?\b/gi, ' ').trim();
    if (!/_ms$|\bms$/.test(text)) text = `${text} ms`;
  } else if (/\b(in|as) (dollars|euros|usd|eur|gbp|cents|money|currency)\b|\(money\)/i.test(text)) {
    ask.role = 'money';
    text = text.replace(/\b(in|as) (dollars|euros|usd|eur|gbp|cents|money|currency)\b|\(money\)/gi, ' ');
  }
  const name = columnName(text.replace(/\([^)]*\)/g, ' '));
  if (!name || !IDENT.test(name) || name.length > 60) return undefined;
  const role = ask.role ?? roleOf(name);
  if (role === 'time') ask.precision = subSecond;
  return { name, ask };
}

/** Where each table starts in the text: its name, and where its column list begins. */
interface TableMatch {
  name: string;
  listStart: number;
  at: number;
}

const TABLE_PATTERNS: RegExp[] = [
  // "an events table with …", "a page views table containing …"
  /(?:^|[\s,;.(])(?:an?|the|one|new|another)?\s*([a-z][a-z0-9_]*(?:\s+[a-z][a-z0-9_]*){0,2}?)\s+table\s*(?:with|having|containing|that (?:has|holds|stores)|of|for|:)\s*/gi,
  // "a table of page views with …", "a table called orders with …"
  /\btable\s+(?:of|for|called|named)\s+([a-z][a-z0-9_]*(?:\s+[a-z][a-z0-9_]*){0,2}?)\s*(?:with|having|containing|:)\s*/gi,
  // "track page views with …", "store sensor readings: …"
  /\b(?:track|tracking|log|logging|store|storing|record|recording|collect|collecting|capture|capturing|ingest|ingesting|keep track of)\s+(?:the\s+|our\s+|all\s+)?([a-z][a-z0-9_]*(?:\s+[a-z][a-z0-9_]*){0,2}?)\s*(?:with|having|containing|:)\s*/gi,
  // "from payments with …" (dashboards), "sensor readings: …" at the start
  /\b(?:from|of|on)\s+(?:a\s+|an\s+|the\s+|our\s+)?([a-z][a-z0-9_]*(?:\s+[a-z][a-z0-9_]*){0,1}?)\s+(?:table\s+)?(?:with|having|containing)\s+/gi,
  /^\s*([a-z][a-z0-9_]*(?:\s+[a-z][a-z0-9_]*){0,2}?)\s*(?::|\bwith\b)\s*/gi,
];

const NOT_TABLE = new Set(['i', 'we', 'need', 'want', 'data', 'dashboard', 'table', 'a', 'an', 'new', 'database', 'schema', 'it', 'one', 'that', 'this', 'me']);

function findTables(text: string): TableMatch[] {
  const found: TableMatch[] = [];
  for (const re of TABLE_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const words = m[1].split(/\s+/).filter((w) => !STOP.has(w.toLowerCase()) && !/^(need|want|create|make|design|build|i|we|please|give|us|me|and|then|plus|also)$/i.test(w));
      const name = snake(words.join(' '));
      const listStart = m.index + m[0].length;
      if (!name || NOT_TABLE.has(name) || !IDENT.test(name)) continue;
      if (found.some((f) => Math.abs(f.listStart - listStart) < 3 || (m!.index >= f.at && m!.index < f.listStart))) continue;
      found.push({ name, listStart, at: m.index });
    }
  }
  return found.sort((a, b) => a.at - b.at);
}

/** Maps a word ("customer", "users", "service") to a column of the table. */
function columnOf(word: string, columns: DesignColumn[]): DesignColumn | undefined {
  const w = snake(word).replace(/s$/, '');
  if (!w) return undefined;
  return (
    columns.find((c) => c.name === w || c.name === `${w}s`) ??
    columns.find((c) => c.name === `${w}_id`) ??
    columns.find((c) => c.name.startsWith(`${w}_`) || c.name.endsWith(`_${w}`)) ??
    (w === 'time' || w === 'date' ? columns.find((c) => c.role === 'time' || c.role === 'date') : undefined)
  );
}

const RETENTION = /\b(?:keep(?:ing)?|kept|retain(?:ed)?|retention(?:\s+of)?|store|delete\s+(?:rows\s+|data\s+|events\s+)?(?:after|older than)|drop\s+(?:rows\s+|data\s+)?(?:after|older than)|expire(?:s)?\s+(?:after|older than)?|purge\s+(?:after|older than))\s+(?:(?:the\s+)?(?:data|rows|them|it|events|everything|raw\s+rows)\s+)?(?:for\s+)?(?:the\s+last\s+)?(\d+)\s*[- ]?\s*(day|week|month|year)s?\b|\b(\d+)[- ](day|week|month|year)s?\s+retention\b/i;

const SUB_SECOND = /\b(milli|micro)second[- ](precision|resolution|accuracy|timestamps?)\b|\bsub-?second\b|\bhigh[- ]frequency\b|\b(precision|resolution) (of|in|to the) (milli|micro)seconds?\b|\btimestamps? (in|with|to the) (milli|micro)seconds?\b|\bms (precision|resolution|timestamps?)\b|\bticks?\b|\blatency[- ]sensitive\b/i;

/** The offline design of `requirement` (or the one line refusing it). */
export function designOffline(requirement: string, opts: { defaultDatabase?: string } = {}): DesignResult {
  const req = requirement.replace(/\s+/g, ' ').trim();
  if (!req) return { refused: 'Describe the data to design for: e.g. "/design an events table with timestamp, user_id, event_type".' };
  if (req.length > 2000) return { refused: 'That requirement is too long (over 2000 characters): describe one to three tables.' };
  const refusal = refusalOf(req);
  if (refusal) return { refused: refusal };

  // The database: "in database shop", "in the shop database".
  const dbMatch = /\b(?:in|into|under)\s+(?:the\s+|a\s+|database\s+|db\s+)?(?:database|db|schema)?\s*`?([A-Za-z_][\w]*)`?\s+(?:database|db|schema)\b/i.exec(req) ?? /(?:\b(?:in|into|under)\s+(?:the\s+|a\s+|new\s+)*)?\b(?:database|db|schema)\s+(?:called\s+|named\s+)?`?([A-Za-z_][\w]*)`?/i.exec(req);
  const database = (dbMatch?.[1] ?? opts.defaultDatabase ?? DEFAULT_DATABASE).toLowerCase();
  // The database phrase is not part of any column list.
  const body = dbMatch ? `${req.slice(0, dbMatch.index)} ${req.slice(dbMatch.index + dbMatch[0].length)}`.replace(/\s+([,;.])/g, '$1').replace(/\s+/g, ' ').trim() : req;
  if (['system', 'information_schema', 'default'].includes(database) || !IDENT.test(database)) {
    return { refused: `Not designed: "${database}" is not a database the designer may create tables in; name one of yours ("in database shop").` };
  }

  const connector = connectorDesign(req, database);
  if (connector) return connector;

  const subSecond: 0 | 3 | 6 = SUB_SECOND.test(req) ? (/\bmicro/i.test(req) ? 6 : 3) : 0;
  const matches = findTables(body);
  if (!matches.length) return { refused: NOT_UNDERSTOOD };

  const tables: DesignTable[] = [];
  const explanation: string[] = [];
  for (let i = 0; i < matches.length; i++) {
    const m = matches[i];
    const end = i + 1 < matches.length ? matches[i + 1].at : body.length;
    let list = body.slice(m.listStart, end);
    const cut = list.search(/[;]|\.(\s|$)/);
    if (cut >= 0) list = list.slice(0, cut);
    // "with high-frequency ticks: trade_time, …": the list starts after a colon that comes before the first comma.
    const colon = list.indexOf(':');
    if (colon >= 0 && (list.indexOf(',') < 0 || colon < list.indexOf(',')) && !/\(/.test(list.slice(0, colon)) && list.slice(colon + 1).includes(',')) list = list.slice(colon + 1);
    const verb = list.search(LIST_END);
    if (verb >= 0) list = list.slice(0, verb);
    list = list.replace(/\b(and|with|where|which)\s*$/i, '');
    const columns: DesignColumn[] = [];
    for (const raw of splitList(list)) {
      const item = parseItem(raw, subSecond);
      if (!item) continue;
      if ('refused' in item) return item;
      if (columns.some((c) => c.name === item.name)) continue;
      columns.push(columnFor(item.name, item.ask));
    }
    if (!columns.length) continue;
    const about = matches.length === 1 ? body : clauseAbout(body, m.name, matches);
    // Retention, a dashboard, or an event-like table needs a time column: one is added when none was named.
    if (!columns.some((c) => c.role === 'time' || c.role === 'date') && (RETENTION.test(about) || /\b(dashboards?|roll[- ]?ups?|daily|hourly|monthly)\b/i.test(about) || /(events|logs|views|clicks|readings|metrics|visits|hits|measurements|impressions|sessions|pageviews)$/.test(m.name))) {
      const added = columnFor('timestamp', { nullable: false, precision: subSecond });
      columns.push({ ...added, why: `${added.why}; added because ${m.name} needs a time column (for time ranges${RETENTION.test(about) ? ', the TTL' : ''} and charts)` });
    }
    if (tables.some((t) => t.name === m.name)) return { refused: `The table ${m.name} is described twice: describe each table once.` };
    tables.push(tableFor(m.name, columns, body, about));
  }
  if (!tables.length) return { refused: NOT_UNDERSTOOD };

  const views: DesignView[] = [];
  const rollups: DesignTable[] = [];
  const dash = /\b(dashboards?|roll[- ]?ups?|aggregates?|aggregated|summar(y|ies|ised|ized)|reports?|kpis?|metrics per|charts? of)\b/i.test(body);
  if (dash) {
    const base = tables.find((t) => t.timeColumn) ;
    if (!base) return { refused: 'A dashboard of aggregates needs a time column to bucket by: add one (e.g. "created_at") to the table.' };
    const { view, table } = rollupFor(base, body);
    views.push(view);
    rollups.push(table);
  }

  for (const t of tables) explanation.push(...explainTable(database, t));
  for (const v of views) explanation.push(v.why);
  const wantsSampleData = /\b(sample|example|demo|test|fake|synthetic)\s+(data|rows)\b/i.test(req);
  const design: Design = { requirement: req, database, tables: [...tables, ...rollups], views, explanation, wantsSampleData };
  return { design };
}

/**
 * The clauses of a multi-table requirement that speak about `table`: the one
 * declaring it, and those that name it first among the tables (or name none).
 */
function clauseAbout(body: string, table: string, all: TableMatch[]): string {
  const mentions = (clause: string, t: string) => {
    const word = t.replace(/_/g, ' ');
    const m = new RegExp(`\\b(${word}|${word.replace(/s$/, '')}|${t})\\b`, 'i').exec(clause);
    return m ? m.index : -1;
  };
  const out: string[] = [];
  let at = 0;
  for (const clause of body.split(/[;.](?:\s|$)/)) {
    const start = body.indexOf(clause, at);
    at = start + clause.length;
    const declares = all.find((m) => m.at >= start - 1 && m.at < start + clause.length);
    if (declares) {
      if (declares.name === table) out.push(clause.slice(Math.max(0, declares.at - start)));
      continue;
    }
    const named = all.map((m) => ({ name: m.name, pos: mentions(clause, m.name) })).filter((x) => x.pos >= 0).sort((a, b) => a.pos - b.pos);
    if (!named.length || named[0].name === table) out.push(clause);
  }
  return out.join('; ');
}

function tableFor(name: string, columns: DesignColumn[], req: string, about: string): DesignTable {
  const time = columns.find((c) => c.role === 'time') ?? columns.find((c) => c.role === 'date');
  // "latest state per user", "upserts", "updated in place": one row per key after merges.
  const replacing = /\b(latest (state|version|value|row)s?|current (state|value)s?|upserts?|updated in place|deduplicat\w*|updates? (to )?(rows|records)|overwrit\w+|one row per)\b/i.test(about);
  const why: DesignTable['why'] = { engine: '', orderBy: '' };
  let engine: DesignTable['engine'];
  let versionColumn: string | undefined;
  let orderBy: string[];

  // The stated access pattern: "queried by customer", "filter by service and level", "looked up by order id", "per user".
  const access: DesignColumn[] = [];
  const pattern = /\b(?:queried|query|queries|filtered|filter|looked up|look up|lookups?|searched|accessed|read|sliced|grouped)\s+(?:mostly\s+|mainly\s+|usually\s+|often\s+|always\s+)?(?:by|per|on)\s+([a-z_ ,]+?)(?=$|[.;]|\s+(?:over|within|for|in|and keep|keep|retain|with))/gi;
  for (let m = pattern.exec(about); m; m = pattern.exec(about)) {
    for (const w of m[1].split(/,|\band\b|\bor\b/)) {
      const c = columnOf(w.trim().replace(/\b(id|the|a)\b/g, (x) => (x === 'id' ? 'id' : '')).trim(), columns);
      if (c && !access.includes(c)) access.push(c);
    }
  }

  if (replacing) {
    engine = 'ReplacingMergeTree';
    const key = access.filter((c) => c.role !== 'time')[0] ?? columns.find((c) => c.role === 'id' || c.role === 'uuid') ?? columns[0];
    versionColumn = columns.find((c) => /^(updated_at|version|modified_at|changed_at)$/.test(c.name) && (c.role === 'time' || c.role === 'count' || c.role === 'number'))?.name;
    orderBy = [key.name];
    why.engine = `ReplacingMergeTree${versionColumn ? `(${versionColumn})` : ''}: rows with the same ${key.name} collapse to the ${versionColumn ? `one with the highest ${versionColumn}` : 'last inserted one'} in background merges (read with FINAL for an exact answer)`;
    why.orderBy = `ORDER BY ${key.name}: the key that identifies a row, which is also what ReplacingMergeTree deduplicates on`;
  } else {
    engine = 'MergeTree';
    why.engine = 'MergeTree: append-only rows, columnar, compressed, the right engine for events and facts';
    const lead = access.filter((c) => c !== time);
    if (!lead.length && time) {
      // The thing the rows belong to: a low-cardinality column, else another entity's id (sensor_id in sensor_readings).
      const own = new Set(['id', `${name.replace(/s$/, '')}_id`, `${name}_id`]);
      const owner = columns.find((c) => c.role === 'enum' && !c.type.includes('Nullable')) ?? columns.find((c) => c.role === 'id' && c.type === 'UInt64' && !own.has(c.name));
      if (owner) lead.push(owner);
    }
    orderBy = [...lead.map((c) => c.name), ...(time ? [time.name] : [])];
    if (!orderBy.length) orderBy = [(columns.find((c) => c.role === 'id' || c.role === 'uuid') ?? columns.find((c) => !/Nullable|Map|Array/.test(c.type)) ?? columns[0]).name];
    why.orderBy = access.length
      ? `ORDER BY (${orderBy.join(', ')}): it is queried by ${access.map((c) => c.name).join(' and ')}, so those come first and reads skip every other granule; ${time ? `${time.name} last for time ranges within them` : 'then the row order'}`
      : lead.length && time
        ? `ORDER BY (${orderBy.join(', ')}): ${lead[0].role === 'enum' ? 'the low-cardinality' : 'the owning'} ${lead[0].name} first then time, so filters on ${lead[0].name} and time ranges read few granules (say "queried by <column>" to choose another)`
        : `ORDER BY ${orderBy.join(', ')}: ${time ? 'rows sorted by time, so time ranges read few granules' : 'the key rows are looked up by'} (say "queried by <column>" to choose another)`;
  }
  // Nullable columns cannot be in the sorting key (without allow_nullable_key): keep them out.
  orderBy = orderBy.filter((n) => !/^(Nullable|LowCardinality\(Nullable)/.test(columns.find((c) => c.name === n)!.type));
  if (!orderBy.length) orderBy = ['tuple()'];

  const retention = RETENTION.exec(about) ?? (about === req ? null : RETENTION.exec(req));
  let ttl: string | undefined;
  let partitionBy: string | undefined;
  let retentionDays: number | undefined;
  if (retention && time) {
    const n = Number(retention[1] ?? retention[3]);
    const unit = (retention[2] ?? retention[4]).toLowerCase();
    retentionDays = n * ({ day: 1, week: 7, month: 30, year: 365 } as Record<string, number>)[unit];
    const timeExpr = time.type.startsWith('DateTime64') || time.type.startsWith('Nullable') ? `toDateTime(${time.name})` : time.name;
    ttl = `${timeExpr} + INTERVAL ${n} ${unit.toUpperCase()}`;
    why.ttl = `TTL ${n} ${unit}${n === 1 ? '' : 's'}: rows older than that are deleted in background merges, as the requirement asks`;
  }
  if (time && engine === 'MergeTree' && !time.type.startsWith('Nullable')) {
    const daily = retentionDays !== undefined && retentionDays <= 31;
    partitionBy = `${daily ? 'toYYYYMMDD' : 'toYYYYMM'}(${time.name})`;
    why.partitionBy = daily
      ? `PARTITION BY day: with ${retentionDays} days kept, whole daily partitions expire at once, and there are never more than ~${retentionDays! + 1} of them`
      : `PARTITION BY month of ${time.name}: few, large partitions; old months can be dropped or moved as a whole`;
  }
  return { name, columns, engine, ...(versionColumn ? { versionColumn } : {}), orderBy, ...(partitionBy ? { partitionBy } : {}), ...(ttl ? { ttl, retentionDays } : {}), ...(time ? { timeColumn: time.name } : {}), why };
}

function rollupFor(base: DesignTable, req: string): { view: DesignView; table: DesignTable } {
  const grain = /\b(hourly|per hour|by hour|each hour|every hour)\b/i.test(req) ? 'hour' : /\b(monthly|per month|by month|each month)\b/i.test(req) ? 'month' : 'day';
  const fn = grain === 'hour' ? 'toStartOfHour' : grain === 'month' ? 'toStartOfMonth' : 'toStartOfDay';
  const bucketName = grain;
  const time = base.timeColumn!;
  // Dimensions: "per country", "by device and plan"; else the first enum-like column.
  const dims: DesignColumn[] = [];
  const per = /\b(?:per|by|for each|split by|broken down by)\s+([a-z_]+(?:\s*(?:,|and)\s*[a-z_]+)*)/gi;
  for (let m = per.exec(req); m; m = per.exec(req)) {
    for (const w of m[1].split(/,|\band\b/)) {
      const c = columnOf(w.trim(), base.columns);
      if (c && (c.role === 'enum' || c.role === 'flag') && !dims.includes(c)) dims.push(c);
    }
  }
  if (!dims.length) {
    const first = base.columns.find((c) => c.role === 'enum' && !c.type.includes('Nullable'));
    if (first) dims.push(first);
  }
  const dimensions = dims.filter((d) => !d.type.includes('Nullable')).slice(0, 3);
  const measures: RollupMeasure[] = [];
  const countName = base.columns.some((c) => c.name === base.name) || dimensions.some((d) => d.name === base.name) ? `${base.name}_count` : base.name;
  measures.push({ name: countName, agg: 'count' });
  for (const c of base.columns) {
    if ((c.role === 'money' || c.role === 'count') && !c.type.includes('Nullable')) measures.push({ name: c.name, agg: 'sum', column: c.name });
  }
  const user = base.columns.find((c) => /^(user|customer|visitor|client|account|member|player)_id$/.test(c.name) && !c.type.includes('Nullable'));
  if (user && /\b(unique|distinct|active|dau|wau|mau|users|customers|visitors)\b/i.test(req)) measures.push({ name: `unique_${user.name.replace(/_id$/, '')}s`, agg: 'uniq', column: user.name });
  const target = `${base.name}_${grain === 'day' ? 'daily' : grain === 'hour' ? 'hourly' : 'monthly'}`;
  const typeOf = (n: string) => base.columns.find((c) => c.name === n)!.type;
  const columns: DesignColumn[] = [
    { name: bucketName, type: grain === 'month' ? 'Date' : 'DateTime', role: grain === 'month' ? 'date' : 'time', why: `the ${grain} bucket` },
    ...dimensions.map((d) => ({ ...d, why: 'a dimension of the rollup' })),
    ...measures.map((m): DesignColumn => {
      if (m.agg === 'count') return { name: m.name, type: 'SimpleAggregateFunction(sum, UInt64)', role: 'count', why: `rows per ${grain}` };
      if (m.agg === 'uniq') return { name: m.name, type: `AggregateFunction(uniq, ${typeOf(m.column!)})`, role: 'count', why: `distinct ${m.column} per ${grain} (merge with uniqMerge)` };
      const t = typeOf(m.column!);
      return { name: m.name, type: `SimpleAggregateFunction(sum, ${/^Decimal/.test(t) ? 'Decimal(38, 2)' : /^Float/.test(t) ? 'Float64' : 'UInt64'})`, role: base.columns.find((c) => c.name === m.column)!.role, why: `sum of ${m.column} per ${grain}` };
    }),
  ];
  const table: DesignTable = {
    name: target,
    columns,
    engine: 'AggregatingMergeTree',
    orderBy: [bucketName, ...dimensions.map((d) => d.name)],
    partitionBy: `toYYYYMM(${bucketName})`,
    timeColumn: bucketName,
    rollupOf: base.name,
    why: {
      engine: 'AggregatingMergeTree: partial aggregates per key merge in the background, so the dashboard reads one row per bucket instead of every raw row',
      orderBy: `ORDER BY (${[bucketName, ...dimensions.map((d) => d.name)].join(', ')}): the rollup's key, one row per ${grain}${dimensions.length ? ` and ${dimensions.map((d) => d.name).join(', ')}` : ''}`,
      partitionBy: `PARTITION BY month of ${bucketName}; no TTL, so aggregates outlive the raw rows`,
    },
  };
  const view: DesignView = {
    name: `${target}_mv`,
    source: base.name,
    target,
    bucket: { fn, column: time, as: bucketName },
    dimensions: dimensions.map((d) => d.name),
    measures,
    why: `${target}_mv (materialized view): on every insert into ${base.name} it adds that block's ${measures.map((m) => (m.agg === 'count' ? 'row count' : `${m.agg} of ${m.column}`)).join(', ')} per ${grain}${dimensions.length ? ` and ${dimensions.map((d) => d.name).join(', ')}` : ''} to ${target}, which the dashboard reads.`,
  };
  return { view, table };
}

function explainTable(database: string, t: DesignTable): string[] {
  const lines: string[] = [];
  const groups = new Map<string, string[]>();
  for (const c of t.columns) {
    const key = `${c.type} — ${c.why}`;
    groups.set(key, [...(groups.get(key) ?? []), c.name]);
  }
  const types = [...groups].map(([k, names]) => `${names.join(', ')}: ${k}`).join('; ');
  lines.push(`${database}.${t.name} — ${types}.`);
  lines.push(`${t.why.engine}.`);
  lines.push(`${t.why.orderBy}.`);
  if (t.why.partitionBy) lines.push(`${t.why.partitionBy}.`);
  if (t.why.ttl) lines.push(`${t.why.ttl}.`);
  return lines;
}
