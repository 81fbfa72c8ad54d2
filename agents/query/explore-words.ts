/**
 * Looker's and Metabase's words, read as the plain words the parser knows:
 *
 * - Looker: "<Table> explore" (also "joined to <Table>", after "→", ":", "—" or ",") names the table the fields are
 *   of; "measure X", "dimension Y", "pivot on Z" (a second breakdown), "filter(s) …", "sort(ed) [X] ascending /
 *   descending", "row limit N" are its fields (LookML's "orders.total_revenue" too), and unlabelled ones are read by
 *   what they name ("Total Revenue by Channel", "Sessions", "Order Date in the past 7 days"); "separate look:" is
 *   chatter. Follow-ups: "pivot on X" (also by X), "drill into <value> [by Y]" (only that value), "change the filter
 *   expression to …" (those filters instead), "add <date> is <period>", "filter <date> is <period>" (that period).
 * - Metabase: "<Table> — Summarize: <metric> by <column>[: <bucket>]. Filters: <condition>, …", the metric "Count of
 *   rows" (the table's rows), "Sum / Average / Min / Max / Median of X", "(Number of) distinct values of X"; "summarize
 *   by X" in a follow-up is "by X".
 *
 * A date column ("Created At", "Order Date", "Event Time", "Signup Date") is a period when filtered ("is in the previous
 * 30 days", "is last month", "is Yesterday") and a time bucket when grouped ("Created At: Week", "Order Month"); a
 * condition is "X is v", "X = v", "X is not v", "X is v1, v2" or a comparison of a number. The layout is written as one
 * plain question ("<figures> by <breakdowns>, <filters>, <period>, <order>, limit N"), so it is answered as that question.
 *
 * Read first on the raw question, by spreadsheet-words.ts (in the normalise stage), and only when a tool's layout is
 * said (an explore, a Metabase table lead or "Summarize:", a pivot, a row limit, a look, a date bucket after ":").
 * Everything goes by the model: a labelled field, an aggregate's column, a condition's column that names nothing of it
 * is refused, naming the words; what is said unlabelled and names nothing is left as said, for the parser to refuse.
 */
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { vocabularyOf, type ParseState } from './parse/state.ts';
import type { SemanticModel } from './semantic-model.ts';
import { columnTables, dimensionList, filterWords, meaningsOf, nounTable, owners, unquote } from './bi-words.ts';

/** Any word this file reads: nothing is rewritten unless one is said. */
const TOOL_WORD = /\b(?:explores?|look|summari[sz]e[sd]?|pivot(?:ed|s)?|drill(?:ed|ing|s)?|row\s+limit|distinct\s+values|filters?|add)\b|:\s*(?:minute|hour|day|week|month|quarter|year)\b/i;
/** A time bucket of a date column ("Created At: Week", "Order Month"). */
const BUCKET = String.raw`(?:minute|hour|day|date|week|month|quarter|year|hour\s+of\s+(?:the\s+)?day|day\s+of\s+(?:the\s+)?week|month\s+of\s+(?:the\s+)?year)`;
/** A Metabase metric after a table's name ("Orders — Sum of …", "Users: Count of rows …"). */
const AGGREGATE = String.raw`(?:summari[sz]e|count\s+of\s+rows|(?:number\s+of\s+)?distinct\s+values\s+of|(?:sum|average|avg|min|minimum|max|maximum|median)\s+of)\b`;
const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*';
/** What a period starts with ("the past 90 days", "previous 4 weeks", "yesterday", "2025", "before 2025-06-01"). */
const PERIOD = new RegExp(String.raw`^(?:(?:in|during|over|within|for|from|since|between|before|after|on)\s+)?(?:(?:the\s+)?(?:last|past|previous|prior|this|current|latest)\b|yesterday\b|today\b|${MONTH}\b|q[1-4]\b|h[12]\b|20\d{2}\b|\d{4}-\d{2}|ytd\b|mtd\b|qtd\b|wtd\b|(?:year|quarter|month|week)[\s-]+to[\s-]+date\b|all\s+time\b)`, 'i');
/** A field's label at the start of a piece of the layout. */
const LABEL = /^(?:(summari[sz]e[sd]?(?!\s+by\b))|(measures?|metrics?)|(dimensions?|(?:group(?:ed)?|broken\s+down|break\s*down|split|summari[sz]e[sd]?)\s+by)|(pivot(?:ed|s)?(?:\s+(?:on|by))?)|(filter(?:s|ed)?(?:\s+(?:on|by|where|to|for))?)|(sort(?:ed)?(?:\s+by)?|order(?:ed)?\s+by|ordered)|(row\s+limit|limit(?:ed)?(?:\s+to)?))(?:\s*[:=]\s*|\s+|$)/i;
const KINDS = ['summarize', 'measure', 'dimension', 'pivot', 'filter', 'sort', 'limit'] as const;
type Kind = typeof KINDS[number];
/** A condition: a column, an operator and a value ("Status is not completed", "Revenue > 100", "Plan = growth,enterprise"). */
const CONDITION = /^(.+?)\s*(?:(!=|<>|>=|<=|==|=|>|<)|\s(is\s+not(?:\s+equal\s+to|\s+one\s+of)?|does\s+not\s+equal|not\s+in|is\s+one\s+of|is\s+any\s+of|is\s+equal\s+to|equals|is\s+greater\s+than(?:\s+or\s+equal\s+to)?|is\s+less\s+than(?:\s+or\s+equal\s+to)?|is\s+at\s+least|is\s+at\s+most|greater\s+than|less\s+than|is|in)\s)\s*(.+)$/i;
const AGG_WORD: Record<string, string> = { sum: 'sum of', average: 'average', avg: 'average', mean: 'average', median: 'median', min: 'minimum', minimum: 'minimum', max: 'maximum', maximum: 'maximum' };

const fail = (message: string): never => { throw new DatalabsError('NOT_UNDERSTOOD', message); };
const said = (x: string): string => x.replace(/\s+/g, ' ').trim().slice(0, 60);
const clean = (x: string): string => unquote(x).toLowerCase().replace(/^(?:the|a|an)\s+/, '');

type Figure = { words: string; rows?: boolean; column?: string };
type Dimension = { words: string; table?: string; time?: boolean };
type Filter = { words?: string; period?: string; dated?: boolean; table?: string; column?: string; negated?: boolean; values?: string[] };
interface Layout { figures: Figure[]; dims: Dimension[]; pivots: Dimension[]; filters: Filter[]; order?: { dir: 'asc' | 'desc'; field: string }; limit?: string; rest: string[] }

/** The table a date column is of ("Order Date" → orders, "Signup Time" → users), '' for any table's ("Created At", "Date"). */
function dateOf(st: ParseState, phrase: string): string | undefined {
  const x = clean(phrase).replace(/[_\s]+/g, ' ');
  const own = st.model.tables.find((t) => t.time && t.time.replace(/_/g, ' ') === x);
  if (own) return own.name;
  const m = /^(?:(.+?)\s+)?(date|time|timestamp|datetime|at)$/.exec(x);
  if (!m || (!m[1] && m[2] === 'at')) return undefined;
  if (!m[1] || /^(?:created|creation|inserted)$/.test(m[1])) return '';
  const table = nounTable(st, m[1].replace(/\s+/g, ''));
  return table && st.model.tables.find((t) => t.name === table)?.time ? table : undefined;
}

/** A period as the parser reads it ("is in the past 90 days" → "in the past 90 days", "= 2025-06-01" → "on 2025-06-01"). */
function periodOf(text: string): string | undefined {
  const p = unquote(text).toLowerCase().replace(/^(?:is|=|==|:|was)\s*/, '').replace(/^(?:is\s+)?(?:on\s+or\s+after|at\s+or\s+after)\s+/, 'since ')
    .replace(/^(?:in\s+)?(?:the\s+)?year\s+(20\d{2})\b/, 'in $1').replace(/^(?:is\s+)?(before|after|between)\s+/, '$1 ').trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(p)) return `on ${p}`;
  if (/^20\d{2}$/.test(p)) return `in ${p}`;
  return PERIOD.test(p) ? p : undefined;
}

/** A column as the model names it ("User ID" → user_id, "Duration (ms)" → duration_ms, "amount" → revenue). */
function columnOf(st: ParseState, text: string): string | undefined {
  const x = clean(text.replace(/[()[\]]/g, ' '));
  const name = x.replace(/\s+/g, '_');
  if (columnTables(st, name).length) return name;
  const shown = st.model.tables.flatMap((t) => t.columns).find((c) => c.displayName && clean(c.displayName.replace(/[()]/g, ' ')) === x);
  if (shown) return shown.name;
  const m = meaningsOf(st, x).find((y) => y.t === 'column');
  return m && m.t === 'column' ? m.column : undefined;
}

/** A figure ("Total Revenue", "Orders (count)", "Count of rows", "Sum of Revenue", "Distinct values of User ID"). */
function figureOf(st: ParseState, text: string): Figure | undefined {
  const x = clean(text).replace(/\s*\((?:count|sum|total|average|avg|number|count\s+distinct|distinct\s+count|ratio|percent|min|max|median)\)$/, '');
  if (/^(?:count|row\s+count|rows|records|(?:count|number|#)\s+of\s+(?:rows|records))$/.test(x)) return { words: '', rows: true };
  const bare = x.replace(/^(?:total|number\s+of|count\s+of|#\s*of)\s+|\s+(?:count|total)$/g, '');
  if ([x, bare].some((y) => meaningsOf(st, y).some((m) => m.t === 'measure' || m.t === 'entity'))) return { words: x };
  const agg = /^(sum|total|average|avg|mean|median|min|minimum|max|maximum)\s+of\s+(?:the\s+)?(.+)$/.exec(x);
  const distinct = /^(?:(?:number|count)\s+of\s+)?(?:distinct|unique)\s+(?:values\s+of\s+|count\s+of\s+)?(.+)$|^count\s+(?:of\s+)?distinct\s+(.+)$/.exec(x);
  if (!agg && !distinct) return undefined;
  const what = agg ? agg[2] : distinct![1] ?? distinct![2];
  const column = columnOf(st, what);
  // "count of distinct sessions": a figure counted distinct, as said.
  if (!column && tablesOfFigure(st, what).length) return { words: x };
  // "Sum of Happiness": an aggregate of a column the model does not have is refused, naming it.
  if (!column) return fail(`I could not read "${said(text)}": "${said(what)}" names no column I know; name one, as in "Sum of Revenue" or "Distinct values of User ID".`);
  return agg ? { words: `${AGG_WORD[agg[1] === 'total' ? 'sum' : agg[1]]} ${column}` } : { words: `count of distinct ${column}`, column };
}

/** Figures said together ("Revenue and Orders", "Sum of Revenue, Count"). */
function figuresOf(st: ParseState, text: string): Figure[] | undefined {
  const items = text.split(/\s*(?:,|&|\+|\band\b)\s*/i).filter(Boolean);
  const read = items.map((x) => figureOf(st, x));
  return items.length && read.every(Boolean) ? read as Figure[] : undefined;
}

/** A breakdown ("Country", "Signup Month", "Created At: Month", "Order Week", "Event Date" by day). */
function dimensionOf(st: ParseState, text: string): Dimension | undefined {
  const x = clean(text);
  if (meaningsOf(st, x).some((m) => m.t === 'dimension')) return { words: x, time: /\b(?:month|week|hour|day|year)\b/.test(x) };
  const bucketed = new RegExp(String.raw`^(.+?)\s*(?::\s*|\s)(${BUCKET})$`).exec(x);
  const table = bucketed ? dateOf(st, bucketed[1]) ?? dateOf(st, `${bucketed[1]} date`) : undefined;
  if (bucketed && table !== undefined) return { words: bucketed[2].replace(/^date$/, 'day').replace(/\s+the\s+/, ' '), table, time: true };
  const whole = dateOf(st, x);
  // A date alone: its days ("Order Date"), or Metabase's default month of a timestamp ("Created At").
  if (whole !== undefined) return { words: /\bdate$/.test(x) ? 'day' : 'month', table: whole, time: true };
  const dims = dimensionList(st, x);
  return dims?.length === 1 ? { words: dims[0] } : undefined;
}

/** Breakdowns said together ("Category and Created At: Month", "Country, Device"). */
function dimensionsOf(st: ParseState, text: string): Dimension[] | undefined {
  const items = text.split(/\s*(?:,|&|\+|\band\b)\s*/i).filter(Boolean);
  const read = items.map((x) => dimensionOf(st, x));
  return items.length && read.every(Boolean) ? read as Dimension[] : undefined;
}

/** A condition ("Device = mobile", "Order Date is in the past 90 days", "Price > 50"), a period, or a value alone. */
function conditionOf(st: ParseState, text: string): Filter | undefined {
  const x = unquote(text);
  const words = x.split(/\s+/);
  for (let n = Math.min(3, words.length - 1); n >= 1; n--) {
    const table = dateOf(st, words.slice(0, n).join(' '));
    const period = table === undefined ? undefined : periodOf(words.slice(n).join(' '));
    if (period) return { period, dated: true, table: table || undefined };
  }
  const period = periodOf(x);
  if (period) return { period };
  const c = CONDITION.exec(x);
  const col = c ? clean(c[1]) : '';
  const dim = c && meaningsOf(st, col).some((m) => m.t === 'dimension');
  const column = c && columnOf(st, col);
  if (c && (dim || column)) {
    const op = (c[2] ?? c[3]).toLowerCase().replace(/\s+/g, ' ');
    const value = c[4].trim();
    // "Price is between 10 and 50": both bounds.
    const between = /^between\s+(-?\d+(?:\.\d+)?)\s+and\s+(-?\d+(?:\.\d+)?)$/i.exec(value);
    if (between) return column ? { words: `with ${column} >= ${between[1]} and ${column} <= ${between[2]}` } : undefined;
    const compare = /^[<>]=?$/.test(op) ? op : /greater than or|at least/.test(op) ? '>=' : /less than or|at most/.test(op) ? '<=' : /greater/.test(op) ? '>' : /less/.test(op) ? '<' : '';
    if (compare) return /^-?\d+(?:\.\d+)?$/.test(value) && column ? { words: `with ${column} ${compare} ${value}` } : undefined;
    return { column: dim ? col : column!, negated: /not|!=|<>/.test(op), values: value.split(/\s*(?:,|\bor\b)\s*/i).filter(Boolean) };
  }
  return owners(st, x).length ? { words: `only ${x}` } : undefined;
}

/** Conditions said together ("Device = mobile and Order Date in the past 10 days", "Country is DE, FR"). */
function conditionsOf(st: ParseState, text: string, into: Filter[]): boolean {
  for (const item of text.split(/\s*(?:,|&|\band\b(?!\s+\d))\s*/i).filter(Boolean)) {
    const previous = into.at(-1);
    // "Country is DE, FR": a value of the condition before.
    if (previous?.values && owners(st, unquote(item)).length && !CONDITION.test(item)) { previous.values.push(unquote(item)); continue; }
    const read = conditionOf(st, item);
    if (!read) return false;
    into.push(read);
  }
  return true;
}

/** "Total Revenue by Channel", "Count of rows by Created At: Month and Category": figures and breakdowns (and a period after). */
function summaryOf(st: ParseState, text: string, into: Layout, labelled: boolean): boolean {
  const m = /^(.+?)\s+by\s+(.+)$/i.exec(text);
  const figures = m && figuresOf(st, m[1]);
  if (!m || !figures) return false;
  // "by Device last week": the period said after the breakdown.
  const cut = /\s+(?=(?:(?:in|during|over|for|from|since)\s+)?(?:the\s+)?(?:last|past|previous|this|yesterday|today)\b)/i.exec(m[2]);
  const dims = dimensionsOf(st, cut ? m[2].slice(0, cut.index) : m[2]);
  if (!dims) return labelled || figures.some((f) => f.rows) ? fail(`I could not read the breakdown "${said(m[2])}": name a column I know, as in "by Category" or "by Created At: Month".`) : false;
  into.figures.push(...figures);
  into.dims.push(...dims);
  if (cut) into.filters.push({ period: periodOf(m[2].slice(cut.index)) ?? m[2].slice(cut.index).trim() });
  return true;
}

/** A sort ("Signup Month ascending", "descending", "by Revenue desc"): the direction and the field sorted. */
function orderOf(text: string): Layout['order'] | undefined {
  const m = /^(?:by\s+)?(.*?)\s*\b(asc|ascending|desc|descending)?$/i.exec(text.trim());
  if (!m || (!m[1] && !m[2])) return undefined;
  return { dir: m[2] ? (/^asc/i.test(m[2]) ? 'asc' : 'desc') : 'desc', field: m[1] };
}

/** The field read into the layout, by its label; false when it cannot be read. */
function readField(st: ParseState, kind: Kind, content: string, into: Layout): boolean {
  switch (kind) {
    case 'summarize':
    case 'measure': {
      if (summaryOf(st, content, into, true)) return true;
      const figures = figuresOf(st, content);
      if (figures) into.figures.push(...figures);
      return !!figures;
    }
    case 'dimension':
    case 'pivot': {
      const dims = dimensionsOf(st, content);
      if (dims) into[kind === 'pivot' ? 'pivots' : 'dims'].push(...dims);
      return !!dims;
    }
    case 'filter': {
      // On a copy: a list that cannot be read leaves the filters as they were ("DE, FR" goes on the condition before).
      const filters = into.filters.map((f) => ({ ...f, values: f.values && [...f.values] }));
      const read = conditionsOf(st, content, filters);
      if (read) into.filters = filters;
      return read;
    }
    case 'sort': into.order = orderOf(content); return !!into.order;
    case 'limit': {
      const n = /^(?:to\s+)?(\d{1,5})(?:\s+rows?)?$/i.exec(content.trim());
      if (n) into.limit = n[1];
      return !!n;
    }
  }
}

/** A piece said without a label, read by what it names; false when it names nothing of a layout. */
function readPiece(st: ParseState, piece: string, into: Layout): boolean {
  if (/^(?:asc|ascending|desc|descending)$/i.test(piece)) { into.order = orderOf(piece); return true; }
  if (summaryOf(st, piece, into, false)) return true;
  // A figure before a value ("Refunds" is the figure, not "only refunded orders").
  const figures = figuresOf(st, piece);
  if (figures) { into.figures.push(...figures); return true; }
  const filters: Filter[] = [];
  if (conditionsOf(st, piece, filters)) { into.filters.push(...filters); return true; }
  const dims = dimensionsOf(st, piece);
  if (dims) into.dims.push(...dims);
  return !!dims;
}

const HOW: Record<Kind, string> = {
  summarize: 'name a figure I know and its breakdown, as in "Summarize: Sum of Revenue by Category"',
  measure: 'name a figure I know, as in "measure Total Revenue" or "measure Count"',
  dimension: 'name a column I know, as in "dimension Country" or "dimension Created At: Month"',
  pivot: 'name a column I know, as in "pivot on Device"',
  filter: 'filter on a column and a value I know, as in "filter Device is mobile", or on a date, as in "Order Date is in the past 30 days"',
  sort: 'say the order, as in "sort Revenue descending"',
  limit: 'say a number of rows, as in "row limit 10"',
};

/** The body of a layout read into its fields: sentences, then pieces split at commas and labels. */
function readLayout(st: ParseState, body: string, strict: boolean): Layout {
  const into: Layout = { figures: [], dims: [], pivots: [], filters: [], rest: [] };
  for (const sentence of body.split(/(?<=\S)\.(?=\s|$)|;|\u2192|->|=>|\s[\u2014\u2013]\s|\s-\s/)) {
    let kind: Kind | undefined;
    const pieces = sentence.split(/\s*,\s*|\s+(?:(?:and|with|then)\s+)?(?=(?:pivot(?:ed)?\s+(?:on|by)|sorted\s+(?:by|asc|desc)|row\s+limit)\b)|\s+(?:and|with|then)\s+(?=(?:measures?|dimensions?|pivot|filters?|sort(?:ed)?)\b)/i).map((x) => x.trim()).filter(Boolean);
    for (const raw of pieces) {
      // LookML's "orders.total_revenue", "users.created_month": the field of that view, in words.
      const piece = raw.replace(/\b([a-z_]+)\.([a-z_]+)\b/gi, (whole: string, view: string, field: string) => (nounTable(st, view) ? field.replace(/_/g, ' ') : whole))
        .replace(/\s+(?:too|as\s+well|also)$/i, '');
      const label = LABEL.exec(piece);
      if (label) {
        kind = KINDS[label.slice(1).findIndex(Boolean)];
        const content = piece.slice(label[0].length).trim();
        if (readField(st, kind, content, into)) continue;
        // A field that cannot be read is refused after a table's name or a ":" ("measure: happiness"); else no field.
        if (strict || /[:=]\s*$/.test(label[0])) fail(`I could not read the ${kind} "${said(content || piece)}": ${HOW[kind]}.`);
        kind = undefined;
        into.rest.push(piece);
        continue;
      }
      // After a label, what follows its comma is more of it ("Filters: Status is completed, Country is BR").
      if (kind && kind !== 'sort' && kind !== 'limit' && readField(st, kind, piece, into)) continue;
      kind = undefined;
      if (!readPiece(st, piece, into)) into.rest.push(piece);
    }
  }
  return into;
}

/** The layout as one plain question; the table is the one named before it, else the figures'. */
function writeLayout(st: ParseState, read: Layout, named: string | undefined): string {
  const figureTables = read.figures.flatMap((f) => (f.rows ? [] : columnTables(st, f.column ?? '').length ? [] : tablesOfFigure(st, f.words)));
  const dimTables = read.dims.concat(read.pivots).map((d) => d.table || columnTablesOfDim(st, d.words));
  const table = named ?? figureTables[0] ?? commonTable(dimTables);
  const words = read.figures.map((f) => {
    if (!f.rows) return f.column && table && columnTables(st, f.column).length > 1 && columnTables(st, f.column).includes(table) ? `${f.words} in ${table}` : f.words;
    return table ? `count of rows in ${table}` : fail('I could not tell which table to count the rows of: name it first, as in "Orders — Count of rows by Status".');
  });
  // A date of another table than the figure's: its cohort when the model has one ("Signup Month"), else refused.
  const otherDate = (of: string): never => fail(`I could not read the date of ${of} with figures of ${table}: filter or group on the date of the figure's own rows, as in "${st.model.tables.find((t) => t.name === table)?.time?.replace(/_/g, ' ') ?? 'Created At'} is in the past 30 days".`);
  for (const d of [...read.dims, ...read.pivots].filter((x) => x.table && table && x.table !== table)) {
    const cohort = `${nounStem(st, d.table!)} ${d.words}`;
    d.words = meaningsOf(st, cohort).some((m) => m.t === 'dimension') ? cohort : otherDate(d.table!);
  }
  const other = read.filters.find((f) => f.table && table && f.table !== table);
  if (other) otherDate(other.table!);
  const breakdown = [...read.dims, ...read.pivots].map((d) => d.words);
  const lead = words.length ? words.join(' and ') : named && !read.rest.some((r) => tablesOfFigure(st, r).length) ? named : '';
  const filters = read.filters.map((f) => {
    if (f.period || f.words) return f.period ?? f.words!;
    if (f.negated && f.values!.length > 1) return f.values!.map((v) => `excluding ${f.column} = ${v}`).join(', ');
    return filterWords(st, `${f.column} ${f.negated ? '!=' : '='} ${f.values!.join(', ')}`, new Set(table ? [table] : []))
      ?? fail(`I could not read the filter "${said(`${f.column} is ${f.values!.join(', ')}`)}": "${said(f.values!.join(', '))}" is no value of ${f.column} I know.`);
  });
  let order = '';
  if (read.order) {
    const { dir, field } = read.order;
    const dim = field && !figureOf(st, field) ? dimensionOf(st, field) : undefined;
    if (field && !dim && !figureOf(st, field)) fail(`I could not read the sort "${said(field)}": ${HOW.sort}.`);
    order = dim?.time ? `in ${dir === 'desc' ? 'reverse ' : ''}chronological order` : dim ? `sorted by ${dim.words} ${dir}ending` : `sorted ${dir}ending`;
  }
  // "pivot on Device" alone, after an answer: also by it.
  const head = lead ? `${lead}${breakdown.length ? ` by ${breakdown.join(' and ')}` : ''}` : read.pivots.length && !read.dims.length ? `also by ${breakdown.join(' and ')}` : breakdown.length ? `by ${breakdown.join(' and ')}` : '';
  return ` ${[head, ...filters, order, read.limit ? `limit ${read.limit}` : '', ...read.rest].filter(Boolean).join(', ')} `;
}

const tablesOfFigure = (st: ParseState, words: string): string[] => {
  const name = meaningsOf(st, words.replace(/^(?:total|number\s+of|count\s+of)\s+/, '')).concat(meaningsOf(st, words));
  return name.flatMap((m) => (m.t === 'entity' ? [m.table] : m.t === 'measure' ? measureTables(st, m.name) : []));
};
function measureTables(st: ParseState, name: string, depth = 0): string[] {
  const m = st.model.measures.find((x) => x.name === name);
  if (!m || depth > 3) return [];
  return m.table ? [m.table] : [m.numerator, m.denominator].flatMap((n) => (n ? measureTables(st, n, depth + 1) : []));
}
const columnTablesOfDim = (st: ParseState, words: string): string[] => meaningsOf(st, words).flatMap((m) => (m.t === 'dimension' ? (st.model.dimensions.find((d) => d.name === m.name)?.columns ?? []).map((c) => c.split('.')[0]) : []));
const commonTable = (lists: Array<string | string[]>): string | undefined => {
  const sets = lists.map((l) => (typeof l === 'string' ? [l] : l)).filter((l) => l.length);
  return sets[0]?.find((t) => sets.every((s) => s.includes(t)));
};
const nounStem = (st: ParseState, table: string): string => st.model.tables.find((t) => t.name === table)?.time?.replace(/_(?:time|at|date)$/, '') ?? table;

/** The table named before a layout: "Orders explore (joined to Products)", "Orders — Summarize: …", "Users: Count of rows …". */
function leadOf(st: ParseState, s: string): { table: string; at: number; end: number } | undefined {
  const explore = /(^|[.;:!?]\s*|,\s*|\s[\u2014\u2013-]\s*)(?:(?:in|from|on|using)\s+)?(?:the\s+|my\s+|our\s+)?([a-z_]+)\s+explore\b((?:\s+(?:joined|join)(?:\s+(?:to|with|on))?\s+(?:the\s+)?[a-z_]+(?:\s*(?:\+|\band\b)\s*(?:the\s+)?(?!(?:measures?|dimensions?|filters?|pivot|sort|row)\b)[a-z_]+)*)?)\s*(?:\u2192|->|=>|[:\u2014\u2013,-]|\bwith\b)?\s*/i.exec(s);
  if (explore && nounTable(st, explore[2])) {
    // "joined to Products": the tables joined, which must be the model's.
    const unknown = [...explore[3].matchAll(/([a-z_]+)(?=\s*(?:\+|\band\b|$))/gi)].map((m) => m[1]).find((w) => !/^(?:and)$/i.test(w) && !nounTable(st, w));
    if (unknown) fail(`I could not read the explore "${said(explore[0])}": "${unknown}" names no table I know.`);
    return { table: nounTable(st, explore[2])!, at: explore.index + explore[1].length, end: explore.index + explore[0].length };
  }
  const metabase = new RegExp(String.raw`^\s*(?:(?:in|on|from)\s+)?(?:metabase\s*[,:]\s*)?(?:the\s+)?([a-z_]+)(?:\s+table)?\s*(?:[\u2014\u2013:]|\s-{1,2}\s)\s*(?=${AGGREGATE})`, 'i').exec(s);
  return metabase && nounTable(st, metabase[1]) ? { table: nounTable(st, metabase[1])!, at: metabase.index, end: metabase.index + metabase[0].length } : undefined;
}

/** Looker's and Metabase's edits after an answer: a drill, "summarize by", a filter expression, a date's period. */
function withEdits(st: ParseState, s: string): string {
  const END = String.raw`(?=\s*(?:[.,;!?]|\s[-\u2013\u2014]\s|\band\s+(?:add|change|set|remove|drop|then)\b|\bthen\b|$))`;
  // "drill into mobile", "drill down into /pricing by Device": only that value; "drill down by device": by it.
  s = s.replace(/\bdrill(?:ed|ing|s)?\s+(?:down\s+|in\s+)?(?:into|in\s+on|on|to|in)\s+(?:the\s+)?(.+?)(?:\s+(?:rows?|bars?|values?|slices?|segments?|ones?))?(?=\s+by\b|\s*(?:[.,;!?]|$))/gi, (whole: string, what: string) => {
    const values = unquote(what).split(/\s*(?:,|&|\band\b|\bor\b)\s*/i);
    return values.every((v) => owners(st, v).length) ? ` only ${unquote(what)} ` : whole;
  }).replace(/\bdrill(?:ed|ing|s)?\s+down\s+(?:by|to|into)\s+(?=[a-z])/gi, (whole: string, at: number, all: string) => (dimensionOf(st, all.slice(at + whole.length).split(/[.,;!?]/)[0]) ? ' by ' : whole));
  // "summarize by Status and Category instead": by them.
  s = s.replace(/\bsummari[sz]e[sd]?\s+by\s+/gi, 'by ');
  // "change the filter expression to Plan = growth,enterprise": those filters instead.
  s = s.replace(/\b(?:change|set|update|switch|make)\s+(?:the\s+)?filter(?:\s+expression)?s?\s+(?:to|=|:)\s+(.+?)(?=\s*(?:[.;!?]|\band\s+(?:add|change|set|remove|drop|then)\b|$))/gi, (whole: string, content: string) => {
    const read: Layout = { figures: [], dims: [], pivots: [], filters: [], rest: [] };
    return conditionsOf(st, content, read.filters) ? `${writeLayout(st, read, undefined).trim()} instead` : whole;
  });
  // "add Signup Date is in year 2025", "filter Created At is last week" (a follow-up): that period.
  return s.replace(new RegExp(String.raw`(?:\badd|\bapply|^\s*filters?)\b\s*(?:(?:a|an|another)\s+)?(?:(?:date\s+)?filters?\b\s*)?(?:on\b|:)?\s*(.+?)${END}`, 'gi'), (whole: string, content: string) => {
    const read = conditionOf(st, content);
    return read?.period && read.dated ? ` ${read.period} ` : whole;
  });
}

/**
 * The question with Looker's and Metabase's words (an explore's fields, a pivot, a row limit, a look, a drill; a
 * Metabase summary "<Table> — Summarize: <metric> by <column>: <bucket>. Filters: …") written as the plain question the
 * parser reads (raw text; unchanged when none is said). A labelled field, an aggregate's column or a condition's column
 * that names nothing of the model is refused, naming the words.
 */
export function withExploreWords(st: ParseState, question: string): string {
  if (!TOOL_WORD.test(question)) return question;
  let s = question.replace(/\s+/g, ' ');
  // "separate look:", "new look —": a saved report's name, chatter (before a layout).
  const bare = s.replace(/(^|[.;!?]\s*)(?:(?:a|the|my|new|separate|another|second|different|saved)\s+)*look\s*[:\u2014\u2013]\s*/gi, '$1');
  const lead = leadOf(st, bare);
  // "Created At: Month": a date's bucket after a colon.
  const bucket = [...s.matchAll(new RegExp(String.raw`((?:[a-z_]+\s+)?[a-z_]+)\s*:\s*${BUCKET}\b`, 'gi'))].some((m) => dateOf(st, m[1]) !== undefined || dateOf(st, m[1].split(' ').at(-1)!) !== undefined);
  if (lead || bucket || /\bsummari[sz]e\s*:|\bdistinct\s+values\s+of\b|\bpivot(?:ed)?\s+(?:on|by)\b|\brow\s+limit\b/i.test(s)) {
    const read = readLayout(st, lead ? bare.slice(lead.end) : bare, !!lead);
    const any = read.figures.length + read.dims.length + read.pivots.length + read.filters.length + (read.order ? 1 : 0) + (read.limit ? 1 : 0);
    if (any) s = `${lead ? bare.slice(0, lead.at) : ''}${writeLayout(st, read, lead?.table)}`;
  } else {
    s = withEdits(st, s);
  }
  return s === question.replace(/\s+/g, ' ') ? question : s.replace(/\s+/g, ' ').trim();
}

/**
 * Whether a question opens with a table named before a tool's layout ("Orders — Summarize: …", "Users: Count of rows by
 * …", "Events explore: …"): that table is no figure's name given a definition (for the agent's named-definition check).
 */
export function opensToolLayout(models: SemanticModel[], question: string): boolean {
  return models.some((model) => {
    const s = question.replace(/\s+/g, ' ');
    try { const lead = leadOf({ model, vocab: vocabularyOf(model).vocab } as unknown as ParseState, s); return !!lead && !s.slice(0, lead.at).trim(); } catch { return true; }
  });
}

