/**
 * Questions about individual rows of a table: "top 5 orders by revenue yesterday", "biggest completed order yesterday?
 * need the order id + revenue", "which order had the highest revenue yesterday", "the 10 most recent orders", "show the
 * last 5 signups", "smallest 3 orders in May by quantity", "most recent refund". A row noun of a table with a time
 * column (its entity nouns, or the one-word name of a figure counting its rows) after a superlative or a row count is a
 * listing of those rows: the id and time columns, the ranked column (the table's value column for biggest / smallest,
 * unless "by <number column>" names another; the time column for latest / last / first) and the columns named after
 * "with / need / plus / and its", ordered and cut at N (1 for a singular noun). Whatever else the question says must
 * read as filters and a period of that table, else it is not a listing (and is read as before).
 */
import type { SemanticModel } from '../semantic-model.ts';
import type { FilterSpec, SemanticQuery } from '../semantic-query.ts';
import { buildVocabulary, phraseKey, type Vocabulary } from '../vocabulary.ts';
import { dimensionOfColumn, ownColumnOf } from '../compile-rows.ts';
import { checkRowCount } from '../bounds.ts';
import { escapeRe } from './state.ts';
import { withTopBy } from '../words.ts';
import { readCatalogRows } from './catalog-rows.ts';
import type { ParsedQuestion } from './state.ts';

/** A listing read from a question: the query (without period and filters of the rest) and the words left to read. */
export interface RowListingRead { query: SemanticQuery; rest: string }

/** "…, and which product was it?", "which country was it from": the one row's column asked after it (as "with its …"). */
const WHICH_WAS_IT = /(?:[?.,;:!]\s*|\s)(?:and\s+)?(?:which|what)\s+(?<items>[a-z_][a-z0-9_ ]*?)\s+(?:was|is)\s+(?:it|that)(?:\s+(?:from|in|for|of|on))?\s*[?.!]?\s*$/;

/** Superlatives and the direction and kind of ranking they ask for. */
const RANK: Record<string, { dir: 'asc' | 'desc'; by: 'value' | 'time' }> = {
  top: { dir: 'desc', by: 'value' }, bottom: { dir: 'asc', by: 'value' },
  biggest: { dir: 'desc', by: 'value' }, largest: { dir: 'desc', by: 'value' }, highest: { dir: 'desc', by: 'value' },
  smallest: { dir: 'asc', by: 'value' }, lowest: { dir: 'asc', by: 'value' },
  latest: { dir: 'desc', by: 'time' }, newest: { dir: 'desc', by: 'time' }, 'most recent': { dir: 'desc', by: 'time' }, last: { dir: 'desc', by: 'time' },
  first: { dir: 'asc', by: 'time' }, earliest: { dir: 'asc', by: 'time' }, oldest: { dir: 'asc', by: 'time' },
};
const SUP = Object.keys(RANK).map((w) => w.replace(' ', '\\s+')).join('|');

const vocabs = new WeakMap<SemanticModel, Vocabulary>();
const vocabOf = (m: SemanticModel): Vocabulary => { let v = vocabs.get(m); if (!v) { v = buildVocabulary(m); vocabs.set(m, v); } return v; };

/** The row nouns of each table with a time column and an id column: noun → table and the value it implies ("refund"). */
function rowNouns(model: SemanticModel): Map<string, { table: string; filter?: { column: string; value: string } }> {
  const out = new Map<string, { table: string; filter?: { column: string; value: string } }>();
  for (const t of model.tables) {
    if (!t.time || !t.columns.some((c) => c.type === 'id')) continue;
    for (const w of [...(t.entity ?? []), t.name.replace(/s$/, '')]) if (!out.has(w)) out.set(w, { table: t.name });
    const def = JSON.stringify(t.defaultFilter ?? {});
    for (const m of model.measures) {
      if (m.table !== t.name || m.agg !== 'count' || m.column) continue;
      const f = Object.entries(m.filter ?? {});
      const filter = f.length === 1 && typeof f[0][1] === 'string' && JSON.stringify(m.filter) !== def ? { column: f[0][0], value: f[0][1] } : undefined;
      if (f.length && !filter) continue;
      for (const w of [m.name, ...(m.synonyms ?? [])]) {
        if (!/^[a-z]+$/.test(w)) continue;
        const noun = w.replace(/s$/, '');
        if (!out.has(noun)) out.set(noun, { table: t.name, ...(filter ? { filter } : {}) });
      }
    }
  }
  return out;
}

/** The number column of `table` a phrase names (the column, a synonym, or a figure summing it). */
export function numberColumn(model: SemanticModel, table: string, phrase: string): string | undefined {
  const t = model.tables.find((x) => x.name === table)!;
  const isNum = (c: string): boolean => t.columns.some((x) => x.name === c && x.type === 'number');
  if (isNum(phrase.replace(/\s+/g, '_'))) return phrase.replace(/\s+/g, '_');
  for (const m of vocabOf(model).phrases.get(phraseKey(phrase)) ?? []) {
    if (m.t === 'column' && m.table === table && isNum(m.column)) return m.column;
    if (m.t === 'measure') {
      const d = model.measures.find((x) => x.name === m.name);
      if (d?.table === table && d.agg === 'sum' && d.column && isNum(d.column)) return d.column;
    }
  }
  return undefined;
}

/**
 * The column of `table` a comparison is of: the number column its word names ("priced over $100"), or, said with only a
 * unit ("the ones under $20"), the table's one number column of that unit (`unit: usd` in the semantic model).
 */
export function comparedColumn(model: SemanticModel, table: string, n: { word?: string; unit?: string }): string | undefined {
  if (n.word) return numberColumn(model, table, n.word);
  const t = model.tables.find((x) => x.name === table);
  const of = n.unit ? t?.columns.filter((c) => c.type === 'number' && c.unit === n.unit) ?? [] : [];
  return of.length === 1 ? of[0].name : undefined;
}

/** Any column of `table` a phrase names ("order id", "id", "revenue", "country", "their country"). */
export function anyColumn(model: SemanticModel, table: string, phrase: string): string | undefined {
  const t = model.tables.find((x) => x.name === table)!;
  const p = phrase.replace(/^(?:the|their|its|his|her)\s+/, '').trim();
  const direct = t.columns.find((c) => c.name === p.replace(/[\s-]+/g, '_'));
  if (direct) return direct.name;
  if (/^(?:id|ids)$/.test(p) || new RegExp(`^(?:${[...(t.entity ?? []), t.name.replace(/s$/, '')].map(escapeRe).join('|')})\\s+(?:id|ids|number)$`).test(p)) return t.columns.find((c) => c.type === 'id')?.name;
  if (/^(?:time|date|timestamp|when)$/.test(p)) return t.time;
  // "the amount", "its value": the table's value column.
  if (/^(?:amount|value|total|sum)$/.test(p) && t.valueColumn) return t.valueColumn;
  const num = numberColumn(model, table, p);
  if (num) return num;
  for (const m of vocabOf(model).phrases.get(phraseKey(p)) ?? []) {
    if (m.t === 'dimension') { const c = ownColumnOf(model, table, m.name); if (c) return c; }
    if (m.t === 'column' && m.table === table) return m.column;
  }
  // "which product was it", "with their product": a dimension of a table the rows join to, by its qualified column.
  for (const m of vocabOf(model).phrases.get(phraseKey(p)) ?? []) if (m.t === 'dimension') { const c = joinedColumnOf(model, table, m.name); if (c) return c; }
  return undefined;
}

/** `<table>.<column>` of a dimension read from a table `table` joins to (product → products.name for orders), if one. */
function joinedColumnOf(model: SemanticModel, table: string, dimension: string): string | undefined {
  const d = model.dimensions.find((x) => x.name === dimension);
  if (!d || d.expr || d.columns?.length !== 1) return undefined;
  const [other] = d.columns[0].split('.');
  return (model.joins ?? []).some((j) => j.from === table && j.to === other) ? d.columns[0] : undefined;
}

/** Whether a word is a value of a dimension with a column of `table` ("completed", "mobile", "japanese"). */
export function isValueOf(model: SemanticModel, table: string, word: string): boolean {
  return (vocabOf(model).phrases.get(phraseKey(word)) ?? []).some((x) => x.t === 'value' && !!ownColumnOf(model, table, x.dimension));
}

/**
 * Reads `question` as a listing of rows, or undefined when it is not one (left to the rest of the agent). `maxRows`
 * bounds the row count asked for (BAD_INPUT past it).
 */
export function readRowListing(model: SemanticModel, question: string, maxRows: number): RowListingRead | undefined {
  // Matched lower-cased; the rest is cut from the question as written ("the US" is a country, "us" a pronoun).
  let orig = ` ${withTopBy(withSubjectOfThem(question.replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim()))} `;
  let s = orig.toLowerCase();
  if (s.length !== orig.length) orig = s;
  // Both texts with [from, to) replaced by the pieces `keep` of it (ranges of the text before the cut), or a space.
  const cut = (from: number, to: number, keep: Array<[number, number]> = []): void => {
    const one = (x: string): string => `${x.slice(0, from)} ${keep.map(([a, b]) => x.slice(a, b)).join(' ')} ${x.slice(to)}`;
    s = one(s); orig = one(orig);
  };
  // "when was the last order", "time of the latest refund": the time of one row (first-last-row.ts).
  if (/\bwhen\b|\b(?:time|date|timestamp|datetime)\s+of\b/.test(s)) return undefined;
  const nouns = rowNouns(model);
  if (!nouns.size) return undefined;
  const nounRe = [...nouns.keys()].sort((a, b) => b.length - a.length).map(escapeRe).join('|');
  // Columns named after "with / need / plus / and its": added to the listing when every one is a column of the table.
  const extrasRe = /(?:[?.,;:!]\s*|\s)(?:(?:i\s+|we\s+)?need|with|plus|and\s+(?:its|their)|including|incl\.?|showing|show\s+me|show|give\s+me)\s+(?:(?:the|their|its)\s+)?(?<items>[a-z_][a-z0-9_ +&,'-]*?)\s*[?.!]?\s*$/;
  let m: RegExpExecArray | null;
  let table: string | undefined, limitWord: string | undefined, rank: { dir: 'asc' | 'desc'; by: 'value' | 'time' } | undefined, byWords: string | undefined, singular: boolean;
  let nounFilter: { column: string; value: string } | undefined;
  // "which order had the highest revenue yesterday", "the order with the lowest quantity".
  const which = new RegExp(`\\b(?:(?:which|what)\\s+(${nounRe})(s?)\\s+(?:had|has|have|was|were|with|got)|(?:the\\s+)?(${nounRe})(s?)\\s+with)\\s+the\\s+(highest|biggest|largest|lowest|smallest|most|least)\\s+([a-z]+(?:\\s+[a-z]+)?)\\b`).exec(s);
  if (which) {
    const noun = which[1] ?? which[3];
    const table0 = nouns.get(noun)!.table;
    const words = which[6].split(' ');
    const col = numberColumn(model, table0, which[6]) ?? numberColumn(model, table0, words[0]);
    if (!col) return undefined;
    const used = col === numberColumn(model, table0, which[6]) ? which[6] : words[0];
    table = table0; nounFilter = nouns.get(noun)!.filter; singular = !(which[2] ?? which[4]);
    rank = { dir: /^(?:lowest|smallest|least)$/.test(which[5]) ? 'asc' : 'desc', by: 'value' };
    byWords = used;
    const end = which.index + which[0].length;
    cut(which.index, end, [[which.index + which[0].indexOf(used, which[0].lastIndexOf(' the ')) + used.length, end]]);
    const opener = /^\s*(?:which|what)\s/.exec(s);
    if (opener) cut(0, opener[0].length);
  } else {
    // "top 5 orders by revenue", "the 10 most recent orders", "biggest completed order", "smallest 3 orders in May by quantity".
    const re = new RegExp(`(?:^|\\s)(?:(?:show|list|give|get|find)\\s+(?:me\\s+)?)?(?:the\\s+|our\\s+|my\\s+)?(?:single\\s+)?(?:(\\d+)\\s+)?(${SUP})(?:\\s+(\\d+))?\\s+((?:[a-z][a-z0-9_/'-]*\\s+){0,2}?)(${nounRe})(s?)\\b(?:\\s+by\\s+([a-z]+(?:\\s+[a-z]+)?))?`);
    m = new RegExp(re.source, 'd').exec(s);
    if (!m) return readOwnRows(model, s, orig, nounRe, nouns, maxRows) ?? readCatalogRows(model, s, orig, maxRows);
    if (m[1] && m[3]) return undefined;
    // Words between the superlative and the noun say whose rows ("biggest completed order"): values of the table's columns
    // only ("the biggest single order" is the largest value, "top 3 apparel by orders" a ranking of products).
    if (m[4].trim() && !m[4].trim().split(' ').every((w) => isValueOf(model, nouns.get(m![5])!.table, w))) return undefined;
    rank = RANK[m[2].replace(/\s+/g, ' ')];
    table = nouns.get(m[5])!.table; nounFilter = nouns.get(m[5])!.filter;
    limitWord = m[1] ?? m[3];
    singular = !m[6];
    // A number after "last" / "first" with no noun of rows is a period or a row count of something else.
    if (!limitWord && !singular && (rank.by === 'time' || m[2] === 'top' || m[2] === 'bottom')) return undefined;
    const keep: Array<[number, number]> = [m.indices![4]!];
    if (m[7]) {
      const words = m[7].split(' ');
      const col = numberColumn(model, table, m[7]) ?? numberColumn(model, table, words[0]);
      // "top 5 orders by country": a breakdown, not a ranking of rows.
      if (!col) return undefined;
      byWords = col === numberColumn(model, table, m[7]) ? m[7] : words[0];
      if (byWords !== m[7]) keep.push([m.indices![7]![0] + byWords.length, m.indices![7]![1]]);
      if (rank.by === 'time' && m[2] !== 'last' && m[2] !== 'first') return undefined;
      rank = { dir: rank.by === 'time' ? 'desc' : rank.dir, by: 'value' };
    }
    cut(m.index, m.index + m[0].length, keep);
  }
  const t = model.tables.find((x) => x.name === table)!;
  // "smallest 3 orders in May by quantity": the ranked column named further on.
  const by = byWords ? undefined : /\sby\s+([a-z]+(?:\s+[a-z]+)?)\b/.exec(s);
  if (by) {
    const ws = by[1].split(' ');
    const w = [by[1], ws[0]].find((x) => numberColumn(model, t.name, x));
    if (!w) return undefined;
    byWords = w;
    if (rank.by === 'time') rank = { dir: 'desc', by: 'value' };
    cut(by.index, by.index + by[0].length - (by[1].length - w.length));
  }
  const id = t.columns.find((c) => c.type === 'id')!.name;
  let orderBy: string | undefined;
  if (rank.by === 'time') orderBy = t.time!;
  else orderBy = byWords ? numberColumn(model, t.name, byWords) : t.valueColumn;
  if (!orderBy) return undefined;
  // Extra columns asked for.
  const extras: string[] = [];
  const ex = extrasRe.exec(s) ?? WHICH_WAS_IT.exec(s);
  if (ex) {
    const items = ex.groups!.items.split(/\s*(?:\+|,|&|\band\b)\s*/).map((x) => x.trim()).filter(Boolean);
    const cols = items.map((x) => anyColumn(model, t.name, x));
    if (cols.length && cols.every(Boolean)) {
      extras.push(...(cols as string[]));
      cut(ex.index, s.length);
    }
  }
  const limit = limitWord ? checkRowCount(limitWord, `${limitWord} ${t.name}`, maxRows) : singular ? 1 : undefined;
  if (limit === undefined) return undefined;
  const columns = [...new Set([id, t.time!, orderBy, ...extras])];
  const filters: FilterSpec[] = [];
  if (nounFilter) {
    const dim = dimensionOfColumn(model, t.name, nounFilter.column);
    if (!dim) return undefined;
    filters.push({ kind: 'dimension', dimension: dim.name, values: [nounFilter.value] });
  }
  const what = rank.by === 'time' ? (rank.dir === 'desc' ? 'latest' : 'first') : `by ${orderBy.replace(/_/g, ' ')}${rank.dir === 'asc' ? ', smallest first' : ''}`;
  const noun = (t.entity?.[0] ?? t.name.replace(/s$/, ''));
  const title = `${limit === 1 ? `The ${rank.by === 'time' ? what : rank.dir === 'desc' ? 'biggest' : 'smallest'} ${noun}${rank.by === 'time' ? '' : ` by ${orderBy.replace(/_/g, ' ')}`}` : `${rank.by === 'time' ? `${limit} ${what} ${noun}s` : `${rank.dir === 'desc' ? 'Top' : 'Bottom'} ${limit} ${noun}s ${what.replace(/, smallest first$/, '')}`}`}`;
  const query: SemanticQuery = { model: model.name, measures: [], dimensions: [], filters, order: rank.dir, limit, rows: { table: t.name, columns, orderBy, title: title.replace(/^./, (x) => x.toUpperCase()) } };
  return { query, rest: orig.replace(/\s+/g, ' ').trim() };
}

/**
 * "Customer 137 is asking about their orders. List all of them …": the lead-in names whose rows "them" are; read as
 * "list all of customer 137's orders …".
 */
function withSubjectOfThem(q: string): string {
  const m = /^\s*((?:[A-Za-z]+)\s+(?:id\s+|#\s*|no\.?\s*)?\d{1,12})\s+(?:is|was|has\s+been)\s+(?:asking|enquiring|inquiring|wondering|calling|writing|emailing|complaining|confused)\s+(?:about|re|regarding)\s+(?:their|his|her|its)\s+([a-z]+s)\s*[.!:;-]+\s*(.+)$/i.exec(q);
  if (!m || !/\bthem\b/i.test(m[3])) return q;
  return m[3].replace(/\b(?:all\s+of\s+)?them\b/i, `all of ${m[1]}'s ${m[2]}`);
}

/** "newest first", "oldest first", "in time order": the direction of a listing in time, and the words saying it. */
const TIME_ORDER = /[\s,(-]*\b(?:(newest|latest|most\s+recent|recent)|(oldest|earliest))\s+(?:ones?\s+)?first\b\)?|[\s,(-]*\b(?:in\s+(?:time|chronological|date)\s+order|chronologically)\b\)?/;

/**
 * "list user 500's orders (order id, time, status, revenue), newest first", "show me all the orders of customer 137":
 * every row of a table that one entity's key names (user_id = 500), with the columns listed, in time order (newest
 * first unless "oldest first"), up to the row limit. Only with such a key: a whole table is listed only by a count.
 */
function readOwnRows(model: SemanticModel, s0: string, orig0: string, nounRe: string, nouns: ReturnType<typeof rowNouns>, maxRows: number): RowListingRead | undefined {
  let s = s0, orig = orig0;
  const cut = (from: number, to: number, put = ' '): void => { s = `${s.slice(0, from)}${put}${s.slice(to)}`; orig = `${orig.slice(0, from)}${put}${orig.slice(to)}`; };
  const keyNouns = [...new Set(model.tables.flatMap((t) => (t.entity ?? []).filter((e) => /^[a-z]+$/.test(e) && !e.endsWith('s')))
    .concat(model.dimensions.filter((d) => d.rowsOf).flatMap((d) => [d.name, ...(d.synonyms ?? [])].filter((n) => /^[a-z]+$/.test(n) && !n.endsWith('s')))))];
  const key = `(?:${keyNouns.join('|')})\\s+(?:id\\s+|#\\s*|no\\.?\\s*)?\\d{1,12}`;
  const re = new RegExp(`(?:^|\\s)(?:list|show|give|get|pull|display)\\s+(?:me\\s+|us\\s+)?(?:(?:all\\s+(?:of\\s+)?)?(?:the\\s+|their\\s+)?(?:(${key})'?s\\s+)?(${nounRe})s|(?:every|each)\\s+(${nounRe}))\\b`, 'd');
  const m = re.exec(s);
  if (!m || !new RegExp(`\\b${key}\\b`).test(s)) return undefined;
  const info = nouns.get(m[2] ?? m[3])!;
  const t = model.tables.find((x) => x.name === info.table)!;
  const id = t.columns.find((c) => c.type === 'id')!.name;
  cut(m.index, m.index + m[0].length, m[1] ? ` ${m[1]} ` : ' ');
  const dirWords = TIME_ORDER.exec(s);
  const dir: 'asc' | 'desc' = dirWords?.[2] || (dirWords && !dirWords[1]) ? 'asc' : 'desc';
  if (dirWords) cut(dirWords.index, dirWords.index + dirWords[0].length);
  // "(order id, time, status, revenue)", "- order id, order time, status - ": the columns, when each one is the table's.
  const columnsOf = (text: string): string[] | undefined => {
    const cols = text.split(/\s*(?:,|&|\band\b)\s*/).filter(Boolean).map((x) => anyColumn(model, t.name, x.trim()) ?? (/^(?:time|date|timestamp)$/.test(x.trim()) ? t.time : undefined));
    return cols.every(Boolean) ? cols as string[] : undefined;
  };
  const extras: string[] = [];
  const list = /[(\u2014\u2013-]\s*((?:[a-z_]+(?:\s+[a-z_]+)?\s*(?:,|\band\b|&)\s*)+[a-z_]+(?:\s+[a-z_]+)?)\s*(?:[)\u2014\u2013-]|[.?!]*\s*$)/.exec(s);
  if (list) {
    const cols = columnsOf(list[1]);
    if (cols) { extras.push(...cols); cut(list.index, list.index + list[0].length); }
  }
  // "along with its status", "with the order id and status of each": the columns, when each one is the table's.
  const withCols = extras.length ? null : /(?:,\s*|\s)(?:along\s+)?(?:with|including|plus|showing)\s+((?:(?:the|its|their)\s+)?[a-z_]+(?:\s+[a-z_]+)?(?:\s*(?:,|\band\b|&)\s*(?:(?:the|its|their)\s+)?[a-z_]+(?:\s+[a-z_]+)?)*)(?:\s+(?:of|for)\s+(?:each|every)(?:\s+(?:one|order|row))?)?\s*[?.!]*\s*$/.exec(s);
  if (withCols) {
    const cols = columnsOf(withCols[1]);
    if (cols) { extras.push(...cols); cut(withCols.index, withCols.index + withCols[0].length); }
  }
  const filters: FilterSpec[] = [];
  if (info.filter) {
    const dim = dimensionOfColumn(model, t.name, info.filter.column);
    if (!dim) return undefined;
    filters.push({ kind: 'dimension', dimension: dim.name, values: [info.filter.value] });
  }
  // "of any status", "(all statuses)": every value of a column the table keeps to some values by default.
  for (const col of Object.keys(t.defaultFilter ?? {}).filter((c) => (t.overridableBy ?? []).includes(c))) {
    const dim = dimensionOfColumn(model, t.name, col);
    if (!dim?.values?.length || info.filter?.column === col) continue;
    const names = [dim.name, ...(dim.synonyms ?? [])].map((n) => escapeRe(n.toLowerCase()));
    const any = new RegExp(`[\\s,(]*\\b(?:(?:of|in|with|across|regardless\\s+of)\\s+)?(?:(?:any|all|every)\\s+(?:the\\s+)?)?(?:${names.join('|')})(?:s|es)?\\b\\)?`).exec(s);
    if (any && /\b(?:any|all|every|regardless)\b/.test(any[0])) { filters.push({ kind: 'dimension', dimension: dim.name, values: [...dim.values] }); cut(any.index, any.index + any[0].length); }
    // "every order for user 318 along with its status": a column asked to be shown is not kept to one value.
    else if (extras.includes(col) && !filters.some((f) => f.kind === 'dimension' && f.dimension === dim.name)) filters.push({ kind: 'dimension', dimension: dim.name, values: [...dim.values] });
  }
  const columns = [...new Set([id, t.time!, ...extras, ...(extras.length ? [] : t.valueColumn ? [t.valueColumn] : [])])];
  const noun = t.entity?.[0] ?? t.name.replace(/s$/, '');
  const title = `${noun[0].toUpperCase()}${noun.slice(1)}s, ${dir === 'desc' ? 'newest' : 'oldest'} first`;
  const query: SemanticQuery = { model: model.name, measures: [], dimensions: [], filters, order: dir, limit: maxRows, rows: { table: t.name, columns, orderBy: t.time!, title } };
  return { query, rest: orig.replace(/\s+/g, ' ').trim() };
}

/**
 * Whether what a question says besides its listing is only filters of the listed table's own columns and a period:
 * nothing measured, grouped, compared or left unread.
 */
export function onlyFiltersAndPeriod(model: SemanticModel, table: string, p: ParsedQuestion): boolean {
  // "only US orders" after a listing of orders: the count named with "only" is the rows' noun, not a figure.
  const t = model.tables.find((x) => x.name === table);
  const rowsNoun = p.filterRefinement && p.measures.every((m) => {
    const d = m.kind === 'measure' ? model.measures.find((x) => x.name === m.name) : undefined;
    return !!d && d.table === table && d.agg === 'count' && JSON.stringify(d.filter ?? {}) === JSON.stringify(t?.defaultFilter ?? {});
  });
  // "user_id = 500": the table's own key, one row's (or one entity's) rows.
  // "priced over $100": a comparison of one of its own number columns.
  const keyOnly = p.numeric.every((n) => (!!n.word && t?.columns.some((c) => c.name === n.word && c.type === 'id' && n.op === '=')) || !!comparedColumn(model, table, n));
  if (p.unknown.length || p.unsupported || (p.measures.length && !rowsNoun) || p.dimensions.length || p.grain || !keyOnly || p.thresholds.length
    || p.measureComparisons.length || p.share || p.change || p.rollup || p.cumulative || p.related || p.howMuch || p.perEntity || p.including.length
    || p.period?.parts?.length || p.periodComparison || p.write || p.future || p.secondEvent || p.differenceOf
    // "which products were never ordered", "… with no orders": rows chosen by other rows, which a listing does not read.
    || p.never || p.noRows || p.orphanOf || p.notInPeriod || p.frequency || p.lostTo || p.valueSplit || p.inEachPeriod
    || p.periodBlocks || p.perDimensions || p.share || p.shareOf || p.ofWhole || p.addMeasures || p.dropDimensions?.length) return false;
  return p.filters.every((f) => (f.kind === 'dimension' ? !!ownColumnOf(model, table, f.dimension) : f.table === table));
}
