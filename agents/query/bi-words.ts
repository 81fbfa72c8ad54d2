/**
 * BI tools' words (Looker, Tableau, Metabase), read as the plain words the parser knows. A question laid out as a tool's
 * fields — "measure: revenue, dimension: device, filter on the last 7 days", "an explore with measure 'total revenue' and
 * dimension 'order month'", "Users explore: count of users, dimensions signup month and plan" — is written as "revenue by
 * device, the last 7 days"; the edits of such a report too: "add a filter on country = FR" (only country = FR), "swap
 * the measure to AOV" (AOV instead), "add page as a second dimension" (also by page), "drop the page dimension" (drop
 * the page breakdown), "drop the month dimension, keep plan" (by plan only), "change the date filter to yesterday"
 * (yesterday instead). A label in quotes is the phrase itself; an explore names its table or is chatter.
 *
 * Read on the raw question, first in the normalise stage (parse/normalise.ts), with the model: a field is rewritten only
 * when what it holds names the model's figures, dimensions, values or periods (a date field only on the figure's own
 * table). A field labelled "measure:", "dimension =", "filter on …" whose words cannot be read is refused, naming it —
 * never read without it; a BI word said otherwise is left as said, to be refused as not understood, never guessed.
 * Spreadsheet and sheet words (Tableau's SUM(x) and shelves, Excel's pivots and COUNTIF) are read into these fields just
 * before, by spreadsheet-words.ts.
 */
import { DatalabsError } from '../../bot/contracts/errors.ts';
import type { ParseState } from './parse/state.ts';
import { phraseKey, type Meaning } from './vocabulary.ts';

/** Any BI word: nothing is read unless one is said. */
const BI_WORD = /\b(?:measures?|metrics?|dimensions?|dims?|grain|granularity|filters?|explores?|(?:date|time)\s+(?:range|window)|time\s*frame)\b/i;
/** Time buckets a dimension may be ("order month", "month"). */
const BUCKET = /^(?:hour|day|date|week|month|quarter|year)s?$/;
const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*';
/** What a period starts with ("the last 7 days", "in this year", "yesterday", "march 2025", "2025-06-01", "year-to-date"). */
const PERIOD = new RegExp(String.raw`^(?:(?:in|during|over|within|for|from|since|between|before|after|on|to)\s+)?(?:(?:the\s+)?(?:last|past|previous|prior|this|current|latest)\b|yesterday\b|today\b|${MONTH}\b|q[1-4]\b|h[12]\b|20\d{2}\b|\d{4}-\d{2}|ytd\b|mtd\b|qtd\b|wtd\b|(?:year|quarter|month|week)[\s-]+to[\s-]+date\b|all\s+time\b)`, 'i');
/** Where a phrase said after a verb ends: a break, a joining word, the end. */
const END = String.raw`(?=\s*(?:[.,;!?]|\band\b|\bthen\b|\bbut\b|\bkeep(?:ing)?\b|$))`;
const REMOVE = String.raw`(?:remove|drop|delete|lose|ditch|take\s+out|get\s+rid\s+of)`;

/** The model's meanings of a phrase (figures, dimensions, values, columns, row nouns). */
export const meaningsOf = (st: ParseState, phrase: string): Meaning[] => st.vocab.phrases.get(phraseKey(phrase)) ?? [];
/** A phrase without its quotes. */
export const unquote = (x: string): string => x.replace(/['"\u2018\u2019\u201c\u201d`]/g, ' ').replace(/\s+/g, ' ').trim();
const trimGlue = (x: string): string => x.replace(/^[\s,:;=-]+|(?:[\s,;:-]|\b(?:and|with|plus|then|also|&)\b)+$/gi, '').trim();

/** The tables a measure's rows come from (a ratio: its parts'). */
function measureTables(st: ParseState, name: string, depth = 0): string[] {
  const m = st.model.measures.find((x) => x.name === name);
  if (!m || depth > 3) return [];
  return m.table ? [m.table] : [m.numerator, m.denominator].flatMap((n) => (n ? measureTables(st, n, depth + 1) : []));
}

/** The tables a text's figures, columns and rows' nouns name ("count of distinct sessions" → events, "refund rate" → orders). */
export function tablesOf(st: ParseState, text: string): Set<string> {
  const words = text.toLowerCase().split(/[^a-z0-9_]+/).filter(Boolean);
  const out = new Set<string>();
  words.forEach((w, i) => {
    for (const k of [w, `${w} ${words[i + 1] ?? ''}`, `${w} ${words[i + 1] ?? ''} ${words[i + 2] ?? ''}`]) {
      for (const m of meaningsOf(st, k)) {
        if (m.t === 'entity' || m.t === 'column') out.add(m.table);
        if (m.t === 'measure') for (const t of measureTables(st, m.name)) out.add(t);
      }
    }
  });
  return out;
}

/** The table a row's noun names: its name, an entity word, or its time column's stem ("order", "event", "signup"). */
export function nounTable(st: ParseState, noun: string): string | undefined {
  const n = noun.toLowerCase().replace(/s$/, '');
  return st.model.tables.find((t) => [t.name, ...(t.entity ?? []), t.time?.replace(/_time$|_at$|_date$/, '') ?? ''].some((w) => w.toLowerCase().replace(/s$/, '') === n))?.name;
}

/** The tables holding a column of that name ("user_id" → orders, users, events). */
export const columnTables = (st: ParseState, name: string): string[] => st.model.tables.filter((t) => t.columns.some((c) => c.name === name.toLowerCase().replace(/\s+/g, '_'))).map((t) => t.name);
/** Whether a phrase names a column of the model (by name or synonym). */
export const isColumn = (st: ParseState, x: string): boolean => columnTables(st, x).length > 0 || meaningsOf(st, x).some((m) => m.t === 'column');
/** A column name as written in a formula ("[Order Date]", "orders.revenue", "Orders[status]", "orders!status"): without its table. */
export function bareColumn(st: ParseState, x: string): string {
  const c = unquote(x.replace(/[[\]]/g, ' ').replace(/[.!]/g, ' '));
  const table = /^([a-z_]+)\s+(.+)$/i.exec(c);
  return table && nounTable(st, table[1]) && (columnTables(st, table[2]).length || meaningsOf(st, table[2]).length) ? table[2] : c;
}

/** A dimension as the parser reads it ("product category", "hour of day", "month"); "order month" as "month of order". */
function dimensionWords(st: ParseState, item: string): string | undefined {
  const x = unquote(item).toLowerCase().replace(/^(?:the|a|an)\s+/, '');
  if (meaningsOf(st, x).some((m) => m.t === 'dimension') || BUCKET.test(x)) return x;
  const bucketed = /^([a-z]+)\s+([a-z]+)$/.exec(x);
  if (bucketed && BUCKET.test(bucketed[2]) && nounTable(st, bucketed[1])) return `${bucketed[2]} of ${bucketed[1]}`;
  return undefined;
}

/** The dimensions of a list ("device and channel", "signup month, plan"), or undefined when one is not a dimension. */
export function dimensionList(st: ParseState, list: string): string[] | undefined {
  // "month x plan", "country × device": a cross of dimensions, as a pivot names it.
  const items = unquote(list).split(/\s*(?:,|&|\+|\/|\band\b|\s[x\u00d7]\s)\s*/i).filter(Boolean);
  const dims = items.map((x) => dimensionWords(st, x));
  return items.length && dims.every(Boolean) ? dims as string[] : undefined;
}

/** The dimensions a word names a value of ("mobile" → device, "DE" → country). */
export const owners = (st: ParseState, v: string): string[] => [...meaningsOf(st, v).flatMap((m) => (m.t === 'value' ? [m.dimension] : [])), ...(st.vocab.codes.has(v) ? [st.vocab.codes.get(v)!.dimension] : [])];

/** "country = mobile", "signup country = DE": a value the model knows of another dimension than the column's. */
function valueOfAnother(st: ParseState, column: string, values: string): boolean {
  const dims = new Set(meaningsOf(st, column).flatMap((m) => (m.t === 'dimension' ? [m.name] : [])));
  return dims.size > 0 && values.split(/\s*(?:,|\bor\b|\band\b|[()])\s*/i).some((v) => owners(st, v).length > 0 && !owners(st, v).some((d) => dims.has(d)));
}

/**
 * A filter's condition as plain words: a period (on the figure's own time column: "order date in this year" with
 * orders' figures), "excluding …" for an inequality, "only …" otherwise; undefined when it cannot be read.
 */
export function filterWords(st: ParseState, content: string, tables: Set<string>): string | undefined {
  const c = unquote(content);
  if (!c) return undefined;
  const dated = /^(?:the\s+)?(?:([a-z]+)[\s_-]+)?(?:date|time|timestamp|datetime|day|period|date\s+range|time\s+range|timeframe)s?\b\s*(?:(=|:|\bis\b)\s*)?(.+)$/i.exec(c);
  if (dated && (dated[2] || PERIOD.test(dated[3]))) {
    // "signup date in march" for revenue is another table's period: refused, never read as the figure's own.
    const own = dated[1] ? nounTable(st, dated[1]) : undefined;
    if (dated[1] && (!own || !tables.has(own))) {
      throw new DatalabsError('NOT_UNDERSTOOD', `I could not read the filter "${c.slice(0, 60)}"${own && tables.size ? `: "${dated[1]} ${c.slice(dated[1].length).trim().split(/\s+/)[0]}" is a date of ${own}, and the figure is counted on ${[...tables].join(' and ')}` : ''}; filter on the period of the figure's own rows, as in "filter on the last 7 days".`);
    }
    // "order date to year-to-date": the period the date is set to.
    const period = dated[3].trim().replace(/^to\s+/i, '');
    return /^\d{4}-\d{2}-\d{2}$/.test(period) ? `on ${period}` : period;
  }
  if (PERIOD.test(c)) return c.replace(/^to\s+/i, '');
  // "device = tablet and the last 7 days": a condition and a period.
  const both = /^(.+?)\s*(?:,|\band\b)\s*((?:the\s+)?(?:last|past|this|previous)\b.*)$/i.exec(c);
  if (both) return [filterWords(st, both[1], tables), both[2]].every(Boolean) ? `${filterWords(st, both[1], tables)!}, ${both[2]}` : undefined;
  // "country = DE", "device is mobile", "country != DE": a condition on a column the model knows.
  const cond = /^([a-z_]+(?:\s+[a-z_]+)??)\s*(!=|<>|\b(?:is\s+not|does\s+not|doesn't|isn't)(?:\s+equal(?:s|\s+to)?)?|\bnot\s+equal\s+to\b|=|:|\b(?:is\s+)?(?:equal\s+to|equals|any\s+of|one\s+of)\b|\bis\b|\bin\b)\s*(.+)$/i.exec(c);
  if (cond && meaningsOf(st, cond[1]).some((m) => m.t === 'dimension' || m.t === 'column')) {
    if (valueOfAnother(st, cond[1], cond[3])) return undefined;
    if (/not|n't|!=|<>/i.test(cond[2])) return `excluding ${cond[1]} = ${cond[3]}`;
    // "country in DE, FR": the values together, one filter (never a row each, as two values named alone would be).
    const items = cond[3].split(/\s*(?:,|\bor\b|\band\b)\s*/i);
    const n = items.findIndex((v) => !owners(st, v.replace(/[()]/g, '').trim()).length);
    const listed = n < 0 ? items.length : n;
    const values = listed > 1 ? `${items.slice(0, listed).join(', ')} combined${listed < items.length ? `, ${items.slice(listed).join(', ')}` : ''}` : cond[3];
    return `only ${cond[1]} ${/\b(?:in|of)$/i.test(cond[2]) ? 'in' : '='} ${values}`;
  }
  // "mobile", "the enterprise plan", "DE": values the model knows (not "by device": which devices is not said).
  const words = c.replace(/^(?:the|on|to)\s+/i, '').split(/\s+/);
  const named = [3, 2, 1].some((n) => n <= words.length && owners(st, words.slice(0, n).join(' ')).length > 0);
  return named ? `only ${c}` : undefined;
}

/** The edits of a report said in BI words: filters added or changed, the measure swapped, dimensions added or dropped. */
function withReportEdits(st: ParseState, s: string): string {
  // "change the date filter to yesterday", "set the time range to the last 14 days": that period instead.
  s = s.replace(new RegExp(String.raw`\b(?:change|switch|swap|set|update|move|make|shift|replace)\s+(?:the\s+)?(?:date|time|period|timeframe|time\s+frame|date\s+range|time\s+range|time\s+window)(?:\s+(?:filter|range|window|condition))?\s+(?:from\s+.+?\s+)?(?:to|for|with|into|=|:)\s+(.+?)${END}`, 'gi'),
    (whole: string, period: string) => (PERIOD.test(period) ? ` ${period} instead ` : whole));
  // "change the country filter to DE": that column's value instead.
  s = s.replace(new RegExp(String.raw`\b(?:change|switch|swap|set|update|replace)\s+(?:the\s+)?([a-z_]+(?:\s+[a-z_]+)?)\s+filter\s+(?:from\s+.+?\s+)?(?:to|for|with|into|=|:)\s+(.+?)${END}`, 'gi'),
    (whole: string, dim: string, value: string) => (meaningsOf(st, dim).some((m) => m.t === 'dimension') && !valueOfAnother(st, dim, unquote(value)) ? ` only ${dim} = ${unquote(value)} instead ` : whole));
  // "remove the filter on country": that filter goes.
  s = s.replace(new RegExp(String.raw`\b(remove|drop|clear|delete|lose)\s+(?:the\s+)?filters?\s+(?:on|for|of|by)\s+(?:the\s+)?([a-z_]+(?:\s+[a-z_]+)?)${END}`, 'gi'),
    (whole: string, verb: string, what: string) => (meaningsOf(st, what).some((m) => m.t === 'dimension' || m.t === 'value') ? ` ${verb} the ${what} filter ` : whole));
  // "add a filter on country = FR", "apply a filter: device = mobile": a condition, read as a filter field below.
  s = s.replace(/\b(?:add|apply|put|include)\s+(?:(?:a|an|another|one\s+more|the|new|extra|second)\s+)*(?:(?:date|time|period)\s+)?filter\s*(?:on|for|where|by|of|to|that|:|=)?\s*/gi, ' filter on ');
  // "sort ascending, top 3 rows": with the order said, the top rows of the table are its first rows (a row limit).
  if (/\bsort(?:ed)?\b[^.;]*?\b(?:asc|ascending|desc|descending)\b/i.test(s)) s = s.replace(/\b(?:top|first)\s+(\d{1,4})(?:\s+rows?\b|(?=\s*(?:[.,;!?]|$)))/gi, 'limit $1');
  // "keep the filters but …", "keeping the same dimensions": what a follow-up keeps anyway.
  const PARTS = String.raw`(?:the\s+)?(?:same\s+|other\s+|existing\s+|current\s+)?(?:filters?|dimensions?|breakdowns?|conditions?|period|dates?|date\s+range|grouping)`;
  s = s.replace(new RegExp(String.raw`[\s,;]*\b(?:and\s+|but\s+)?keep(?:ing)?\s+(?:all\s+)?(?:of\s+)?(?:my\s+|those\s+)?${PARTS}(?:\s*(?:,|and|&)\s*${PARTS})*(?:\s+(?:as\s+(?:is|they\s+are)|the\s+same|unchanged))?\b\s*(?:,\s*)?(?:(?:but|and)\s+)?`, 'gi'), ' ');
  // "swap the measure to AOV", "change the metric from revenue to orders", "use AOV as the measure": that figure instead.
  const figure = (whole: string, what: string): string => (tablesOf(st, unquote(what)).size ? ` ${unquote(what)} instead ` : whole);
  s = s.replace(new RegExp(String.raw`\b(?:swap|change|switch|replace|set|update|make|turn|flip)\s+(?:the|our|my|this|that|its)\s+(?:measure|metric)s?\s+(?:(?:from|of)\s+.+?\s+)?(?:to|for|with|into|as|=|:)\s+(.+?)${END}`, 'gi'), figure)
    .replace(new RegExp(String.raw`\b(?:use|make)\s+(.+?)\s+(?:as\s+)?the\s+(?:measure|metric)(?:\s+instead)?${END}`, 'gi'), figure);
  // "add orders as a second measure", "add a metric: AOV": that figure beside the ones shown.
  const plus = (whole: string, what: string): string => (tablesOf(st, unquote(what)).size ? ` plus ${unquote(what)} ` : whole);
  s = s.replace(/\badd\s+(?:the\s+)?(.+?)\s+as\s+(?:a|an|the)?\s*(?:(?:second|third|2nd|3rd|another|new|extra|additional|further|next)\s+)?(?:measure|metric)\b/gi, plus)
    .replace(new RegExp(String.raw`\badd\s+(?:(?:a|an|another|one\s+more|the|new|extra|second)\s+)*(?:measure|metric)s?\s*(?:for|of|:|=)?\s+(.+?)${END}`, 'gi'), plus);
  // "add page as a second dimension", "add a dimension for channel": also by it.
  const also = (whole: string, list: string): string => { const dims = dimensionList(st, list); return dims ? ` also by ${dims.join(' and ')} ` : whole; };
  s = s.replace(/\badd\s+(?:the\s+)?(.+?)\s+as\s+(?:a|an|the)?\s*(?:(?:second|third|2nd|3rd|another|new|extra|additional|further|next)\s+)?dimension\b/gi, also)
    .replace(new RegExp(String.raw`\badd\s+(?:(?:a|an|another|one\s+more|the|new|extra|second)\s+)*dimensions?\s*(?:for|on|of|by|:|=)?\s+(.+?)${END}`, 'gi'), also);
  // "swap the dimension to plan", "change the device dimension to channel": by it instead.
  s = s.replace(new RegExp(String.raw`\b(?:swap|change|switch|replace)\s+(?:the\s+)?(?:([a-z_]+(?:\s+[a-z_]+)?)\s+)?dimension\s+(?:from\s+(.+?)\s+)?(?:to|for|with|into)\s+(.+?)${END}`, 'gi'),
    (whole: string, named: string | undefined, from: string | undefined, to: string) => {
      const dims = dimensionList(st, to);
      const old = named ?? from;
      const gone = old ? dimensionWords(st, old) : undefined;
      return dims && (!old || gone) ? ` by ${dims.join(' and ')} instead${gone ? ` of ${gone}` : ''} ` : whole;
    });
  return withDroppedDimensions(st, s);
}

/**
 * "drop the page dimension" (drop the page breakdown); "drop the month dimension, keep plan": the dimensions kept,
 * alone. A time bucket dropped by name with nothing said kept is refused: which breakdown it is ("month" may be the
 * series or the signup month) is the previous answer's, which these words cannot see.
 */
function withDroppedDimensions(st: ParseState, s: string): string {
  const drop = new RegExp(String.raw`\b${REMOVE}\s+(?:the\s+)?(?:(?:dimensions?|dims?)\s+(?:for\s+|of\s+|:\s*)?([a-z_][a-z0-9_ /-]*?)${END}|([a-z_][a-z0-9_ /-]*?)\s+(?:(?:dimension|dim)s?|as\s+a\s+dimension|from\s+the\s+dimensions)\b)`, 'gi');
  const dropped = [...s.matchAll(drop)].map((m) => unquote(m[1] ?? m[2]).toLowerCase());
  if (!dropped.length || !dropped.every((d) => dimensionList(st, d))) return s;
  const keep = new RegExp(String.raw`[\s,;]*(?:\band\s+|\bbut\s+)?\bkeep(?:ing)?\s+(?:the\s+)?(.+?)(?:\s+(?:dimensions?|breakdown|split))?(?:\s+(?:as\s+is|only|alone|as\s+the\s+only\s+(?:one|dimension)))?${END}`, 'i').exec(s);
  const kept = keep ? dimensionList(st, keep[1]) : undefined;
  if (kept) return `${s.slice(0, keep!.index).replace(drop, ' ')} by ${kept.join(' and ')} only ${s.slice(keep!.index + keep![0].length)}`;
  return s.replace(drop, (whole: string, after: string | undefined, before: string | undefined) => {
    const dims = dimensionList(st, after ?? before ?? '')!;
    if (dims.every((d) => meaningsOf(st, d).some((m) => m.t === 'dimension'))) return ` ${dims.map((d) => `drop the ${d} breakdown`).join(' and ')} `;
    throw new DatalabsError('NOT_UNDERSTOOD', `"${whole.trim()}" drops a time bucket by name, which I cannot match to the previous answer's breakdown: say the breakdown to keep, as in "by plan only".`);
  });
}

/** Chatter of a BI tool around the fields: "In Looker I had an explore with …", "Users explore: …", "can you reproduce that?". */
function withoutToolChatter(st: ParseState, s: string): string {
  s = s.replace(/^\s*(?:(?:in|on|from|using|with)\s+(?:[a-z0-9]+\s+){0,2}?[a-z0-9]+\s*,?\s+)?(?:i|we)\s+(?:had|have|built|made|set\s+up|used|created|saved|got|use|'ve\s+got)\s+(?=(?:an?|the|my|our|this|that|one)\s+(?:[a-z]+\s+)?(?:explore|look|report|worksheet|workbook|chart|dashboard|tile|view|card|viz|query|question|pivot)\b)/i, ' ');
  s = s.replace(/\b(?:an?|the|my|our|this|that|one)\s+(?:([a-z_]+)\s+)?(explore|look|report|worksheet|workbook|chart|dashboard|tile|view|card|viz|query|question|pivot)\s+(?:with|showing|using|that\s+(?:has|had|shows|showed))\s+(?=(?:the\s+|a\s+|an\s+)?(?:measures?|metrics?|dimensions?)\b)/gi,
    (whole: string, name: string | undefined, kind: string) => (!name || !meaningsOf(st, name).length || (/^explore$/i.test(kind) && nounTable(st, name)) ? ' ' : whole));
  // "Users explore: …", "the orders explore: …": the table; the fields after it are read as its.
  s = s.replace(/(^|[.;,]\s*|\b(?:in|from|on|using)\s+)(?:(?:the|my|our|this|that)\s+)?([a-z_]+)\s+explore\s*(?:[:\u2014\u2013-]|,|\bwith\b)\s*/gi, (whole: string, lead: string, name: string, at: number, all: string) => {
    const table = nounTable(st, name);
    if (!table && meaningsOf(st, name).length) return whole;
    const rest = tablesOf(st, all.slice(at + whole.length));
    const keep = /^(?:in|from|on|using)\b/i.test(lead.trim()) ? ' ' : lead;
    return !table || rest.has(table) ? `${keep} ` : rest.size ? whole : `${keep}${name} `;
  });
  return s.replace(/(^|[.?!,;]\s*|\s)(?:(?:can|could|would|will)\s+you\s+|please\s+|pls\s+)*(?:reproduce|recreate|replicate|rebuild|redo|remake|port|mirror)\s+(?:that|this|it|them|the\s+same(?:\s+thing)?)\b(?:\s+(?:here|for\s+me|please|pls|in\s+here))*\s*[?.!]*/gi, '$1 ');
}

/** A field's label at the start of a clause: "measure: …", "with measure 'total revenue'", "dimensions …", "filter on …". */
const FIELD = /(?<=^\s*|[.,;:!?()\u2014\u2013]\s*|\s-\s|\b(?:and|with|plus|then|also|now|ok|okay|so)\s+)(?:(?:the|a|an|my|our|as)\s+)?(?:(measure|metric|dimension)s?(?:\s*[:=]\s*|\s+(?:is|are)\s+|\s+(?=\S))|(filter)(?:s?\s*[:=]\s*|\s+(?:on|by|where|for|to)\b\s*[:=]?\s*|\s+(?=\S)))/gi;

/** What a field that cannot be read should hold, said in its refusal. */
const HOW: Record<string, string> = {
  measure: 'name a figure I know, as in "measure: revenue"',
  dimension: 'name a dimension I know, as in "dimension: device"',
  filter: 'filter on a column and a value I know, as in "filter on country = DE", or on a period, as in "filter on the last 7 days"',
};

interface Field { kind: 'measure' | 'dimension' | 'filter'; at: number; end: number; content: string }

/**
 * A question laid out as fields ("measure: …", "dimension …", "filter on …"), each at the start of a clause: the
 * figures first, then "by" the dimensions, then the filters and what else is said, in the order said. A field labelled
 * with ":", "=" or "is" whose words cannot be read is refused; an unlabelled one is no field (its words are left as said).
 */
function withFields(st: ParseState, s: string): string {
  let found = [...s.matchAll(FIELD)];
  while (found.length) {
    const read = readFields(st, s, found);
    if (typeof read === 'string') return read;
    // "measure: happiness": a labelled field that cannot be read is refused (never the rest read without it); "a filter
    // with …" is no field.
    if (read.labelled) throw new DatalabsError('NOT_UNDERSTOOD', `I could not read the ${read.kind} "${read.content.slice(0, 60)}": ${HOW[read.kind]}.`);
    found = found.filter((_, i) => i !== read.bad);
  }
  return s;
}

/** The fields read in order, or the first one that cannot be read (and whether it was labelled with ":" / "=" / "is"). */
function readFields(st: ParseState, s: string, found: RegExpExecArray[]): string | { bad: number; labelled: boolean; kind: string; content: string } {
  const fields: Field[] = found.map((m, i) => {
    const next = found[i + 1]?.index ?? s.length;
    const start = m.index + m[0].length;
    const stop = /[.;!?](?=\s|$)/.exec(s.slice(start, next));
    const end = stop ? start + stop.index : next;
    const kind = m[2] ? 'filter' : /^dim/i.test(m[1]) ? 'dimension' : 'measure';
    return { kind, at: m.index, end, content: trimGlue(s.slice(start, end)) };
  });
  const bad = (f: Field): { bad: number; labelled: boolean; kind: string; content: string } => {
    const i = fields.indexOf(f);
    const label = f.kind === 'filter' ? /[:=]|\s(?:on|where)\b/i : /[:=]|\s(?:is|are)\s/i;
    // A field left without its words ("filter on country in", its bracket read apart by the agent) is no field either.
    const cut = !f.content || /(?:[=<>:]|\b(?:in|is|of|to|on|equals?|not)\b)\s*$/i.test(f.content);
    return { bad: i, labelled: label.test(found[i][0]) && !cut, kind: f.kind, content: unquote(f.content) };
  };
  const lead = trimGlue(s.slice(0, fields[0].at));
  const rest = fields.map((f, i) => trimGlue(s.slice(f.end, fields[i + 1]?.at ?? s.length).replace(/^[\s.;!?]+/, ''))).filter((x) => x && /[a-z0-9]/i.test(x));
  const measures: string[] = [];
  for (const f of fields.filter((x) => x.kind === 'measure')) {
    // "measure: revenue, sorted descending": the figures listed, then what else is said.
    const items = f.content.split(/\s*,\s*/);
    const n = items.findIndex((x) => !tablesOf(st, unquote(x)).size);
    if (n === 0) return bad(f);
    measures.push(unquote(items.slice(0, n < 0 ? items.length : n).join(' and ')));
    if (n > 0) rest.unshift(items.slice(n).join(', '));
  }
  const tables = tablesOf(st, [lead, ...measures].join(' '));
  const dims: string[] = [];
  let instead = '';
  for (const f of fields.filter((x) => x.kind === 'dimension')) {
    // "dimension: channel instead of country": that dimension in place of the one shown.
    const swap = /^(.+?)\s+instead(?:\s+of\s+(.+?))?$/i.exec(f.content);
    const gone = swap?.[2] ? dimensionWords(st, unquote(swap[2])) : undefined;
    if (swap && (!swap[2] || gone)) instead = ` instead${gone ? ` of ${gone}` : ''}`;
    // "dimension: page, top 5 rows": the dimensions listed, then what else is said.
    const items = (swap && (!swap[2] || gone) ? swap[1] : f.content).split(/\s*,\s*/);
    let n = items.length;
    while (n > 0 && !dimensionList(st, items.slice(0, n).join(', '))) n--;
    if (!n) return bad(f);
    dims.push(...dimensionList(st, items.slice(0, n).join(', '))!);
    if (n < items.length) rest.unshift(items.slice(n).join(', '));
  }
  const filters: string[] = [];
  for (const f of fields.filter((x) => x.kind === 'filter')) {
    const words = filterWords(st, f.content, tables);
    if (!words) return bad(f);
    filters.push(words);
  }
  // "measure: AOV" alone, after a report: the figure swapped in.
  const swap = !lead && measures.length && !dims.length && !filters.length && !rest.length ? ' instead' : '';
  return ` ${[lead, measures.join(' and ') + swap, dims.length ? `by ${dims.join(' and ')}${instead}` : '', ...filters, ...rest].filter(Boolean).join(', ')} `;
}

/** The question with BI tools' words written as the plain ones the parser knows (raw text; unchanged when none is said). */
export function withBiWords(st: ParseState, question: string): string {
  if (!BI_WORD.test(question)) return question;
  // "dims = month x plan", "add device as 2nd dim", "grain: week", "… | filter: …": a BI tool's short labels and pipes.
  const s = question.replace(/\s+/g, ' ').replace(/\s\|\s/g, '; ')
    .replace(/\bdim(s?)\b(?=\s*[:=]|\s+(?:for|on|of|by)\b|\s*[.,;!?)]|\s*$)/gi, 'dimension$1')
    .replace(/\b(?:time\s+)?(?:grain|granularity)\s*(?:[:=]|\bis\b|\bof\b)?\s*(hour|day|week|month|quarter|year)(?:ly|s)?\b/gi, (_m, unit: string) => `by ${unit}`)
    .replace(/\b(hour|day|week|month|quarter|year)(?:ly)?\s+(?:grain|granularity)\b/gi, (_m, unit: string) => `by ${unit}`)
    .replace(/\bdaily\s+(?:grain|granularity)\b/gi, 'by day');
  return withFields(st, withReportEdits(st, withoutToolChatter(st, s)));
}
