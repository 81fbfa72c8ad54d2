/**
 * Power BI, dbt and GA4 words, read as the plain words the parser knows or as the fields bi-words.ts reads:
 *
 * - Power BI / DAX: CALCULATE(<figure>, <condition>, …) is the figure filtered (FILTER(table, …) and KEEPFILTERS(…)
 *   unwrapped), COUNTROWS(table) its row count (COUNTROWS(FILTER(…)) filtered, COUNTROWS(VALUES(col)) a distinct
 *   count), "DISTINCTCOUNT of X" a distinct count (DISTINCTCOUNT(x) itself spreadsheet-words.ts reads, as COUNTD(x)); a
 *   measure's name before its formula ("Tablet Revenue := …") and "I need a measure basically …" before one are labels;
 *   a sentence holding a formula that another sentence of the question asks again in plain words (the same figure, its
 *   values, a period and a breakdown if it has them) is that question, read once. A slicer set to values ("the country
 *   slicer set to JP", "a device slicer on mobile") and "filter context: US only" are filters; "keep the slicer" is
 *   nothing (a follow-up keeps its filters), "no slicers" no filter, "clear the device slicer" that filter removed;
 *   "in the filter pane" says where a condition was set. A visual is the chart it draws ("on a line visual", "bar
 *   chart visual"; "matrix / table visual" a table; "card visual", "as a card", "KPI card" one number); and the chatter
 *   around them ("my visual is showing smth weird", "what number should it show", "trying to reconcile").
 * - dbt: a model named with a layer prefix (fct_, fact_, dim_, stg_, int_, mart_ …) before a table of the model or its
 *   singular is that table ("fct_orders", "dim_user", "stg_shop__orders"); a model named for a figure and a grain
 *   ("the fct_daily_revenue model") is chatter when the rest asks that figure; a test named on something of the model
 *   ("writing a row-count test for fct_orders", "accepted_values test on orders.status looks off") and a grain of one
 *   row per a table's key ("grain is one row per order_id") are labels when the rest asks something (a row-count test
 *   alone asks the row count); "orders.status" is the column; "every status x device combination" is by both.
 * - GA4: a remark in brackets naming the tool and nothing of the model ("(ga4 default range lol, want to compare)") is
 *   chatter; "the FR audience" is those rows. "source/medium" names nothing of the model and stays refused.
 *
 * Read first by spreadsheet-words.ts (so in the normalise stage, before bi-words.ts), on the raw question. Everything
 * goes by the model: a function's column or table, a condition's column and value, a slicer's dimension and values, a
 * filter context must name something of it, else they are refused naming the words; a model, a test, a grain or an
 * audience that names nothing of it is left as said, to be refused as not understood, never guessed.
 */
import { DatalabsError } from '../../bot/contracts/errors.ts';
import type { ParseState } from './parse/state.ts';
import { bareColumn, columnTables, dimensionList, filterWords, isColumn, meaningsOf, nounTable, owners, tablesOf, unquote } from './bi-words.ts';

/** Any word this file reads: nothing is rewritten unless one is said. */
const TOOL_WORD = /\b(?:distinct\s*count|countrows|calculate|slicers?|visuals?|cards?|pbi|power\s*bi|powerbi|dax|filters?\s+(?:context|pane)|[a-z]+_[a-z0-9_]+|grain|tests?|ga4|google\s+analytics|audiences?|combinations?|combos?|pairs?)\b|\b[a-z_]+\.[a-z_]+\b|:=/i;
/** A dbt layer's prefix of a model's name. */
const LAYER = String.raw`(?:fct|fact|facts|dim|dims|stg|int|mart|marts|base|rpt|agg)`;
/** Words of a grain in a model's name ("fct_daily_revenue", "agg_revenue_by_day"). */
const GRAIN_WORD = /^(?:daily|weekly|monthly|hourly|quarterly|yearly|annual|by|per|day|week|month|hour|quarter|year|summary|rollup|totals?)$/;
/** Time buckets ("one row per day"). */
const BUCKET = /^(?:hour|day|date|week|month|quarter|year)s?$/;
/** DAX's functions of a figure, before their bracket. */
const DAX_FIGURE = String.raw`(?:calculate|sum|sumx|average|averagex|avg|distinctcount|countrows|countd|count|counta|min|max|median|divide)\s*\(`;
/** Words of a period, which a sentence asking the same question again must have too. */
const PERIOD_WORD = /\b(?:last|past|previous|prior|this|current|yesterday|today|ytd|mtd|qtd|so\s+far|since|until|between|20\d{2}|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|q[1-4])\b/i;

const fail = (message: string): never => { throw new DatalabsError('NOT_UNDERSTOOD', message); };
const said = (x: string): string => x.replace(/\s+/g, ' ').trim().slice(0, 60);

/** The table a name is, as written in a formula or a warehouse ("orders", "'Orders'", "demo.orders", "order"): strictly its name or singular. */
function tableNamed(st: ParseState, name: string): string | undefined {
  const n = unquote(name).toLowerCase().replace(/^(?:the\s+)?(?:demo\s*\.\s*)?|\s+(?:table|model)$/g, '').replace(/\s+/g, '_');
  return st.model.tables.find((t) => t.name === n || t.name === `${n}s` || t.name.replace(/s$/, '') === n)?.name;
}

/** The figures (measures) a text names by phrases of up to three words. */
function figuresOf(st: ParseState, text: string): Set<string> {
  const words = text.toLowerCase().split(/[^a-z0-9_]+/).filter(Boolean);
  const out = new Set<string>();
  words.forEach((w, i) => {
    for (const k of [w, `${w} ${words[i + 1] ?? ''}`, `${w} ${words[i + 1] ?? ''} ${words[i + 2] ?? ''}`]) {
      for (const m of meaningsOf(st, k.trim())) if (m.t === 'measure') out.add(m.name);
    }
  });
  return out;
}

/** Whether a text names nothing of the model: no figure, row, column, dimension or value, and no number. */
function namesNothing(st: ParseState, text: string): boolean {
  if (/\d/.test(text)) return false;
  const words = text.split(/[^A-Za-z0-9_]+/).filter(Boolean);
  return words.every((w, i) => [w, `${w} ${words[i + 1] ?? ''}`].every((k) => !meaningsOf(st, k.trim()).length && !owners(st, k.trim()).length));
}

/** The values said first in a text ("JP", "mobile and tablet", "\"US\", \"GB\" only"): the values and the length they take. */
function leadingValues(st: ParseState, text: string): { values: string[]; length: number } {
  const values: string[] = [];
  let pos = 0;
  for (;;) {
    const lead = (values.length ? /^\s*(?:,|&|\+|\bor\b|\band\b)\s*/i : /^\s*/).exec(text.slice(pos));
    if (!lead) break;
    const from = pos + lead[0].length;
    const words = [...text.slice(from).matchAll(/["'\u201c\u201d\u2018\u2019]?(?:\/[a-z_]*|[^\s,;.!?()&+/"'\u201c\u201d\u2018\u2019]+)["'\u201c\u201d\u2018\u2019]?/gi)].slice(0, 3);
    let length = 0;
    for (let n = words.length; n >= 1 && !length; n--) {
      const phrase = text.slice(from, from + words[n - 1].index! + words[n - 1][0].length);
      if (!/[,;.!?()&+]/.test(phrase.replace(/^["'\u201c\u2018]|["'\u201d\u2019]$/g, '')) && owners(st, unquote(phrase)).length) length = phrase.length;
    }
    if (!length) break;
    values.push(unquote(text.slice(from, from + length)));
    pos = from + length;
  }
  // "JP only": the word that says the values are the only ones.
  const only = values.length ? /^\s*(?:only|alone)\b/i.exec(text.slice(pos)) : null;
  return { values, length: pos + (only ? only[0].length : 0) };
}

/** The arguments of a call, split on commas outside brackets, braces and quotes. */
function splitArgs(inner: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (quote) { if (c === quote) quote = ''; continue; }
    if (c === '"' || c === "'") quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) { args.push(inner.slice(start, i).trim()); start = i + 1; }
  }
  args.push(inner.slice(start).trim());
  return args.filter(Boolean);
}

/** The calls of a function in a text, outermost first: where each starts, ends (after its bracket) and what it holds. */
function callsOf(s: string, fn: string): Array<{ from: number; to: number; inner: string }> {
  const out: Array<{ from: number; to: number; inner: string }> = [];
  const re = new RegExp(String.raw`\b${fn}\s*\(`, 'gi');
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    let depth = 1;
    let i = m.index + m[0].length;
    for (; i < s.length && depth; i++) depth += s[i] === '(' ? 1 : s[i] === ')' ? -1 : 0;
    if (depth) break;
    out.push({ from: m.index, to: i, inner: s.slice(m.index + m[0].length, i - 1) });
    re.lastIndex = i;
  }
  return out;
}

/**
 * A DAX condition as plain words ("orders[device] = \"tablet\"" → only device = tablet, "[quantity] > 2" → with quantity
 * > 2, "country IN {\"US\", \"GB\"}" → only country in US, GB combined); the values it names are added to `values`.
 * Refused, naming it, when its column or value names nothing of the model.
 */
function daxCondition(st: ParseState, raw: string, fn: string, tables: Set<string>, values: string[]): string {
  let c = raw.trim();
  for (let m = /^(keepfilters|filter)\s*\(([\s\S]*)\)$/i.exec(c); m; m = /^(keepfilters|filter)\s*\(([\s\S]*)\)$/i.exec(c)) {
    if (/^keep/i.test(m[1])) { c = m[2].trim(); continue; }
    const [table, ...conds] = splitArgs(m[2]);
    if (!tableNamed(st, table)) fail(`I could not read "FILTER(${said(m[2])})" in ${fn}: "${unquote(table)}" names no table I know.`);
    c = conds.join(' && ');
  }
  return c.split(/\s*(?:&&|\band\b)\s*/i).map((part) => {
    const m = /^(.+?)\s*(==|=|<>|!=|>=|<=|>|<|\bnot\s+in\b|\bin\b)\s*(.+)$/i.exec(part);
    if (!m) return fail(`I could not read the condition "${said(unquote(part))}" of ${fn}: write a column and a value, as in ${fn}(SUM(orders[revenue]), orders[device] = "tablet").`);
    const col = bareColumn(st, m[1]).toLowerCase();
    const op = m[2].toLowerCase();
    if (!(isColumn(st, col) || meaningsOf(st, col).some((x) => x.t === 'dimension'))) fail(`I could not read the condition "${said(unquote(part))}" of ${fn}: "${col}" names no column I know.`);
    const value = m[3].trim().replace(/^\{([\s\S]*)\}$/, '$1');
    if (/^[<>]=?$/.test(op)) {
      if (!/^-?\d+(?:\.\d+)?$/.test(unquote(value))) fail(`I could not read the condition "${said(unquote(part))}" of ${fn}: compare "${col}" with a number, as in ${col} > 100.`);
      return `with ${col} ${op} ${unquote(value)}`;
    }
    const listed = splitArgs(value).map(unquote);
    const dims = meaningsOf(st, col).flatMap((x) => (x.t === 'dimension' ? [x.name] : []));
    const unknown = dims.length ? listed.filter((v) => !owners(st, v).some((d) => dims.includes(d))) : [];
    if (unknown.length) fail(`I could not read the condition "${said(unquote(part))}" of ${fn}: ${unknown.map((v) => `"${v}"`).join(', ')} ${unknown.length > 1 ? 'are' : 'is'} no value of ${col} I know.`);
    const words = filterWords(st, `${col} ${/^(?:<>|!=|not\s+in)$/.test(op) ? '!=' : '='} ${listed.join(', ')}`, tables);
    if (!words) fail(`I could not read the condition "${said(unquote(part))}" of ${fn}: ${listed.map((v) => `"${v}"`).join(', ')} ${listed.length > 1 ? 'are' : 'is'} no value of ${col} I know.`);
    values.push(...listed);
    return words!;
  }).join(', ');
}

/** COUNTROWS(table), COUNTROWS(FILTER(table, …)), COUNTROWS(VALUES(col)): the table's row count, filtered, or a distinct count. */
function countRows(st: ParseState, inner: string, tables: Set<string>, values: string[]): string {
  const arg = inner.trim();
  const distinct = /^(?:values|distinct)\s*\(([^()]*)\)$/i.exec(arg);
  if (distinct) {
    const col = bareColumn(st, distinct[1]);
    // Read as COUNTD (spreadsheet-words.ts), which keeps the table written with a column several tables have.
    return isColumn(st, col) ? ` COUNTD(${distinct[1]}) ` : fail(`I could not read "COUNTROWS(${said(arg)})": "${col}" names no column I know.`);
  }
  const filtered = /^filter\s*\(([\s\S]*)\)$/i.exec(arg);
  const table = tableNamed(st, filtered ? splitArgs(filtered[1])[0] ?? '' : arg);
  if (!table) return fail(`I could not read "COUNTROWS(${said(arg)})": "${unquote(filtered ? splitArgs(filtered[1])[0] ?? '' : arg)}" names no table I know; name one, as in "COUNTROWS(orders)".`);
  return filtered ? ` row count of ${table}, ${daxCondition(st, arg, 'COUNTROWS', new Set([table]), values)} ` : ` row count of ${table} `;
}

/** CALCULATE(<figure>, <condition> …): the figure (left to the aggregate reader when it is a function) with the conditions as filters. */
function calculate(st: ParseState, inner: string, context: string, values: string[]): string {
  const [figure, ...conds] = splitArgs(inner);
  if (!figure) return fail('I could not read "CALCULATE()": name a figure and its conditions, as in CALCULATE(SUM(orders[revenue]), orders[device] = "tablet").');
  let read = figure;
  if (!/^\w+\s*\(/.test(figure)) {
    // "[Total Revenue]", "revenue": a measure by its name.
    read = unquote(figure.replace(/[[\]]/g, ' '));
    if (!tablesOf(st, read).size) fail(`I could not read "CALCULATE(${said(inner)})": "${read.slice(0, 40)}" names no figure I know.`);
  }
  const tables = tablesOf(st, `${read} ${context}`);
  return ` ${read}${conds.length ? `, ${conds.map((c) => daxCondition(st, c, 'CALCULATE', tables, values)).join(', ')}` : ''} `;
}

/**
 * The DAX functions of a figure (CALCULATE, COUNTROWS, "DISTINCTCOUNT of X") in plain words, a measure's name before
 * its formula and "I need a measure basically …" as labels; a sentence holding a formula that another asks again in
 * plain words is left out (read once, from the plain words).
 */
function withDaxFunctions(st: ParseState, s: string): string {
  // "Tablet Revenue := CALCULATE(…)", "[Refunds] = COUNTROWS(…)": the measure's name.
  s = s.replace(new RegExp(String.raw`(^|[.;:,]\s*|\b(?:measure|basically|like)\s+)(?!(?:rows|columns|cols|values|measures?|metrics?|dimensions?|filters?)\s*:?=)\[?[a-z][a-z0-9 _]{0,40}?\]?\s*:?=\s*(?=${DAX_FIGURE})`, 'gi'), '$1 ');
  // "I need a measure basically CALCULATE(…)", "writing a DAX measure that does SUM(…)": the formula is what is asked.
  s = s.replace(new RegExp(String.raw`\b(?:(?:i|we)\s+)?(?:(?:need|want|have|wrote|writing|am\s+writing|building|built|made|got|created|using|use)\s+)?(?:a|an|the|my|our|this|one)\s+(?:dax\s+)?measure\s*(?:(?:that['\u2019]?s|that\s+is|which\s+is|like|basically|that\s+does|which\s+does|doing|for|of|=|:|,)\s*)*(?=${DAX_FIGURE})`, 'gi'), ' ');
  // "DISTINCTCOUNT of customers", "distinctcount user_id": the distinct count (the parser refuses a word naming nothing).
  s = s.replace(/\bdistinct_?count\b(?!\s*\()(?:\s+of)?/gi, 'distinct count of');
  if (!/\b(?:calculate|countrows)\s*\(/i.test(s)) return s;
  const sentences = s.split(/(?<=[.;!?])\s+/);
  const plain = sentences.filter((x) => !new RegExp(String.raw`\b${DAX_FIGURE}`, 'i').test(x));
  return sentences.map((sentence) => {
    const values: string[] = [];
    let read = sentence;
    // CALCULATE first: a COUNTROWS(FILTER(…)) as its figure is read after, its conditions joined to the figure's.
    for (const fn of ['calculate', 'countrows']) {
      for (const call of callsOf(read, fn).reverse()) {
        const context = read.slice(0, call.from) + read.slice(call.to);
        const text = fn === 'countrows' ? countRows(st, call.inner, tablesOf(st, context), values) : calculate(st, call.inner, context, values);
        read = read.slice(0, call.from) + text + read.slice(call.to);
      }
    }
    if (read === sentence) return sentence;
    return plain.some((other) => restates(st, other, sentence, read, values)) ? ' ' : read;
  }).join(' ');
}

/**
 * Whether a sentence in plain words asks again what a sentence holding a formula asks: the formula's figure (its
 * tables), each value of its conditions, a period and a breakdown when the formula's sentence has them.
 */
function restates(st: ParseState, other: string, sentence: string, read: string, values: string[]): boolean {
  const asked = tablesOf(st, other);
  const figure = tablesOf(st, read.replace(/\b(?:only|excluding|with)\b[^,]*/gi, ' '));
  if (!asked.size || ![...figure].every((t) => asked.has(t))) return false;
  const words = other.split(/[^A-Za-z0-9_/-]+/).filter(Boolean);
  const named = (v: string): boolean => words.some((w, i) => [w, `${w} ${words[i + 1] ?? ''}`.trim()].some((k) => k.toLowerCase() === v.toLowerCase()
    || meaningsOf(st, k).some((m) => m.t === 'value' && m.value.toLowerCase() === v.toLowerCase())));
  if (!values.every(named)) return false;
  if (PERIOD_WORD.test(sentence.replace(/\([^()]*\)/g, ' ')) && !PERIOD_WORD.test(other)) return false;
  return !/\b(?:by|per|each|every)\b/i.test(sentence) || /\b(?:by|per|each|every|daily|weekly|monthly|hourly)\b/i.test(other);
}

/**
 * dbt's words: models named with a layer prefix ("fct_orders" → orders), a model named for a figure (chatter when the
 * rest asks it), tests and grains named on the model (labels), "orders.status" (the column), "every A x B combination".
 */
function withDbtWords(st: ParseState, s: string): string {
  // "fct_orders", "dim_user", "stg_shop__orders", "the fct_orders model": that table ("the orders table"; its bare name
  // in a formula or before its column: "fct_orders[user_id]", "fct_orders.status"). In a label before the question that
  // names the table again ("freshness check on dim_users - … in the users table"), the name is the label's.
  s = s.replace(new RegExp(String.raw`(?:\b(?:the|my|our|this|that)\s+)?\b(?:demo\.)?${LAYER}_(?:[a-z0-9]+__)?([a-z][a-z0-9_]*)\b(?:\s+(?:model|table))?`, 'gi'), (whole: string, name: string, at: number, all: string) => {
    const table = tableNamed(st, name);
    if (!table) return whole;
    const after = all.slice(at + whole.length);
    if (/^[.[\]'"]/.test(after) || /[('"]\s*$/.test(all.slice(0, at))) return table;
    const lead = all.slice(0, at).split(/[.;:!?]\s|\s[-\u2013\u2014]\s/).at(-1)!;
    const label = /^[^.;:!?,]*?(?::|\s[-\u2013\u2014]\s)/.exec(after);
    return label && !tablesOf(st, lead).size && !tablesOf(st, label[0]).size && tablesOf(st, after.slice(label[0].length)).has(table) ? ' ' : ` the ${table} table `;
  });
  // "for the fct_daily_revenue model": a model named for a figure (and a grain), when the rest asks that figure.
  s = s.replace(new RegExp(String.raw`(?:\b(?:for|in|from|of|on|into|using)\s+)?(?:\b(?:the|my|our|this|that|a)\s+)?\b${LAYER}_([a-z][a-z0-9_]*)\b(?:\s+(?:model|table|mart))?`, 'gi'), (whole: string, name: string, at: number, all: string) => {
    const words = name.toLowerCase().split('_').filter((w) => w && !GRAIN_WORD.test(w));
    const figure = meaningsOf(st, words.join(' ')).find((m) => m.t === 'measure');
    if (!words.length || !figure || figure.t !== 'measure') return whole;
    return figuresOf(st, all.slice(0, at) + all.slice(at + whole.length)).has(figure.name) ? ' ' : whole;
  });
  // "writing a row-count test for orders, …", "accepted_values test on orders.status looks off": a test of the model.
  s = s.replace(new RegExp(String.raw`(?:\b(?:i['\u2019]?m|i\s+am|we['\u2019]?re|we\s+are|just|currently|so|ok)\s+)*(?:\b(?:writing|adding|building|running|debugging|fixing|wrote|added|have|got|there['\u2019]?s)\s+)?(?:\b(?:a|an|the|my|our|this|that)\s+)?\b(row[-_\s]?count|rowcount|unique(?:ness)?|not[-_\s]?null|accepted[-_\s]?values|relationships?|freshness|recency|equal[-_\s]?row[-_\s]?count|expression[-_\s]?is[-_\s]?true|dbt|schema|data|singular|generic)\s+tests?\s+(?:for|on|of|against|in)\s+(?:the\s+)?([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?)(?:\s+(?:model|table|column))?(?:\s+(?:looks?|seems?|is|are|keeps?)\s+(?:(?:a\s+bit|kinda|kind\s+of|really|totally|super)\s+)?(?:off|wrong|broken|flaky|weird|odd|red|suspicious|failing)\b|\s+(?:is\s+)?(?:failing|failed|fails|broke|erroring|errored)\b)?`, 'gi'),
    (whole: string, test: string, target: string, at: number, all: string) => {
      const [t, c] = target.split('.');
      const table = tableNamed(st, t);
      const known = c ? !!table && columnTables(st, c).includes(table) : !!table || isColumn(st, t) || meaningsOf(st, t).some((m) => m.t === 'dimension');
      if (!known) return whole;
      if (tablesOf(st, all.slice(0, at) + all.slice(at + whole.length)).size) return ' ';
      return /^row/i.test(test) && table && !c ? ` row count of ${table} ` : whole;
    });
  // "grain is one row per order_id", "the grain: one row per order": a table's key, a label when the rest asks something;
  // "grain is one row per day": the rows asked.
  s = s.replace(/\b(?:(?:the|its|their|model|table|our|my)\s+)?grain\s*(?:is|=|:|should\s+be|will\s+be|being)?\s*(?:(?:one|1|a\s+single|exactly\s+one|a)\s+rows?\s+(?:per|for\s+each|for\s+every|by|for)\s+|per\s+)(?:(?:the|an?|each|every)\s+)?([a-z_]+)\b/gi, (whole: string, key: string, at: number, all: string) => {
    if (BUCKET.test(key)) return ` one row per ${key} `;
    const isKey = !!nounTable(st, key) || st.model.tables.some((t) => t.columns.some((c) => c.name === key.toLowerCase() && c.type === 'id'));
    return isKey && tablesOf(st, all.slice(0, at) + all.slice(at + whole.length)).size ? ' ' : whole;
  });
  // "orders.status", "users.plan": a table's own column (one no other table has) by its name.
  s = s.replace(/\b(?:demo\.)?([a-z_]+)\.([a-z_]+)\b(?!\()/gi, (whole: string, t: string, c: string) => {
    const table = tableNamed(st, t);
    return table && columnTables(st, c).length === 1 && columnTables(st, c)[0] === table ? c.toLowerCase() : whole;
  });
  // "every status x device combination", "each device/channel combo", "per status x device": by both.
  const both = (whole: string, a: string, b: string): string => {
    const first = dimensionList(st, a) ? a : dimensionList(st, a.split(/\s+/).at(-1)!) ? a.split(/\s+/).at(-1)! : undefined;
    const lead = first && first !== a ? a.slice(0, a.length - first.length) : '';
    return first && dimensionList(st, b)?.length === 1 ? ` ${lead}by ${first} and ${b} ` : whole;
  };
  return s.replace(/\b(?:(?:for|across|over|in|by|per)\s+)?(?:(?:every|each|all(?:\s+the)?|the)\s+)?([a-z_]+(?:\s+[a-z_]+)?)\s*(?:\bx\b|\u00d7|\*|\/|\bby\b|&|\band\b|-)\s*([a-z_]+(?:\s+[a-z_]+)?)\s+(?:combination|combo|pair|pairing|permutation|cell)s?\b/gi, both)
    .replace(/\b(?:by|per|for\s+each|for\s+every|across)\s+([a-z_]+)\s*(?:\bx\b|\u00d7)\s*([a-z_]+)\b/gi, both);
}

/** The filter pane ("in the filter pane", "filter pane: …") and the filter context ("filter context: US only"). */
function withFilterPane(st: ParseState, s: string): string {
  s = s.replace(/\s*\b(?:in|on|via|from|through|using)\s+(?:the\s+|my\s+)?(?:(?:report|page|visual)[-\s]level\s+)?filters?\s+pane\b/gi, ' ')
    .replace(/\b(?:the\s+|my\s+)?filters?\s+pane\s*(?::|=|\bhas\b|\bsays\b|\bshows\b|\bis\s+set\s+to\b|\bset\s+to\b|\bwith\b)\s*/gi, ' filter on ')
    .replace(/\b(?:report|page|visual)[-\s]level\s+(filters?)\b/gi, '$1')
    .replace(/[\s,;]*\b(?:and\s+|but\s+)?(?:keep(?:ing)?|same)\s+(?:the\s+|my\s+)?(?:same\s+)?filter\s+context\b/gi, ' ');
  return s.replace(/\b(?:the\s+|my\s+|a\s+)?filter\s+context\s*(?::|=|\bis\b|\bof\b|\bset\s+to\b|\bwith\b|\bto\b)?\s*([^.;!?()]*)/gi, (whole: string, content: string, at: number, all: string) => {
    const items = content.split(/\s*,\s*/);
    for (let n = items.length; n >= 1; n--) {
      const text = items.slice(0, n).join(', ').replace(/^\s*(?:only|just)\s+|\s+(?:only|alone)\s*$/gi, '').trim();
      const words = text ? filterWords(st, text, tablesOf(st, all.slice(0, at))) : undefined;
      if (words) return ` ${words}${n < items.length ? `, ${items.slice(n).join(', ')}` : ''}`;
    }
    return content.trim() ? fail(`I could not read the filter context "${said(content)}": filter on a column and a value I know, as in "filter context: country = US".`) : whole;
  });
}

/** Slicers: set to values (a filter), kept (nothing), none (no filter), cleared (that filter removed). */
function withSlicers(st: ParseState, s: string): string {
  // "keep the slicer", "same slicers": what a follow-up keeps anyway.
  s = s.replace(/[\s,;]*\b(?:and\s+|but\s+)?(?:keep(?:ing)?|leave|leaving|same)\s+(?:the\s+|my\s+|that\s+|those\s+|all\s+(?:the\s+)?)?(?:same\s+)?(?:[a-z_]+\s+)?slicers?(?:\s+(?:on|as\s+is|in\s+place|applied|the\s+same|unchanged|as\s+they\s+are))?\b(?!\s*(?:set\b|=|:|to\b))/gi, (whole: string) => {
    const named = /(?:the|my|that|those|same|all)\s+([a-z_]+)\s+slicer/i.exec(whole)?.[1];
    return !named || dimensionList(st, named) || /^(?:same|current|existing|other)$/i.test(named) ? ' ' : whole;
  });
  // "clear the device slicer", "remove the slicers": that filter, or every filter, removed.
  s = s.replace(/\b(?:remove|clear|drop|reset|delete|lose|ditch|take\s+off|turn\s+off|get\s+rid\s+of)\s+(?:the\s+|all\s+(?:the\s+)?|any\s+|my\s+)?(?:([a-z_]+)\s+)?slicers?\b/gi, (whole: string, dim: string | undefined) => {
    if (!dim) return ' remove the filters ';
    return dimensionList(st, dim) ? ` remove the ${dim} filter ` : whole;
  });
  // "a slicer for country set to US": the country slicer.
  s = s.replace(/\bslicers?\s+(?:for|on|of)\s+(?:the\s+)?([a-z_]+)\s+(?=(?:(?:is\s+)?set\s+)?(?:to|=|:)\s)/gi, (whole: string, dim: string) => (dimensionList(st, dim) ? `${dim} slicer ` : whole));
  const SET = /\b(?:(?:add|apply|put|use|set|with|using|and|plus|also)\s+)?(?:(?:a|an|the|my|our|one|that|this)\s+)?(?:([a-z_]+(?:\s+[a-z_]+)?)\s+)?slicers?\s*(?:(?:is|was|being|currently)\s+)?(?:(?:set|filtered|locked|pinned|switched|turned)\s+)?(?:to|=|==|:|on|at|for)\s*/gi;
  let m: RegExpExecArray | null;
  while ((m = SET.exec(s))) {
    const rest = s.slice(m.index + m[0].length);
    let dim = m[1]?.toLowerCase();
    let lead = '';
    // "with the date slicer set to last month": a period.
    if (dim && /^(?:[a-z]+\s+)?(?:date|time|period|calendar)s?$/.test(dim)) {
      const content = /^[^.;!?,()]*/.exec(rest)![0].replace(/\s+(?:what|whats|how|which|who|when)\b.*$/i, '');
      const period = filterWords(st, `${dim} = ${content}`, tablesOf(st, s));
      if (!period) fail(`I could not read the slicer "${said(m[0] + content)}": set a date slicer to a period, as in "date slicer set to last month".`);
      s = `${s.slice(0, m.index)} ${period} ${s.slice(m.index + m[0].length + content.length)}`;
      SET.lastIndex = m.index + period!.length + 2;
      continue;
    }
    if (dim && !dimensionList(st, dim)) {
      // "… revenue device slicer": the last word the slicer's, the words before it the sentence's.
      const last = dim.split(/\s+/).at(-1)!;
      if (last !== dim && dimensionList(st, last)) { lead = dim.slice(0, dim.length - last.length); dim = last; }
      else fail(`I could not read the slicer "${said(m[0] + rest.split(/[.,;!?]/)[0])}": "${dim}" names no column I know; say a column and its values, as in "device slicer set to mobile".`);
    }
    const { values, length } = leadingValues(st, rest);
    if (!values.length) fail(`I could not read the slicer "${said(m[0] + rest.split(/[.,;!?]/)[0])}": "${said(rest.split(/[.,;!?]/)[0]).split(' ').slice(0, 3).join(' ')}" is no value I know${dim ? ` of ${dim}` : ''}.`);
    const words = filterWords(st, dim ? `${dim} = ${values.join(', ')}` : values.join(', '), tablesOf(st, s));
    if (!words) fail(`I could not read the slicer "${said(m[0] + rest.slice(0, length))}": ${values.map((v) => `"${v}"`).join(', ')} ${values.length > 1 ? 'are' : 'is'} no value of ${dim} I know.`);
    const text = ` ${lead}${words},`;
    s = `${s.slice(0, m.index)}${text}${s.slice(m.index + m[0].length + length)}`;
    SET.lastIndex = m.index + text.length;
  }
  // "no slicers": no filter (alone, a follow-up's filters removed).
  const none = /\bno\s+slicers?(?:\s+(?:applied|on|set|selected))?\b|\bwithout\s+(?:any\s+)?slicers?\b|\b(?:all\s+)?slicers?\s+(?:cleared|off|empty|unset|blank)\b/gi;
  if (s.search(none) >= 0 && /^\s*(?:(?:ok|okay|now|and|so|then)\b[\s,]*)*$/i.test(s.replace(none, ' ').replace(/[.,;!?]/g, ' '))) return ' no filters ';
  return s.replace(none, ' ');
}

/** Visuals: the chart they draw, a table (matrix, table), one number (card, KPI); the chatter about them. */
function withVisuals(s: string): string {
  const kind = (k: string): { chart?: string; shown?: string } => {
    const w = k.toLowerCase().replace(/\s+/g, ' ');
    if (/matrix|table|multi/.test(w)) return { shown: ' as a table ' };
    if (/card|kpi|gauge/.test(w)) return { shown: ' as a number ' };
    if (/stacked (?:bar|column)/.test(w)) return { chart: 'stacked bar chart' };
    if (/area/.test(w)) return { chart: 'area chart' };
    if (/bar|column/.test(w)) return { chart: 'bar chart' };
    return { chart: `${w.replace(/^doughnut$/, 'donut')} chart` };
  };
  const KIND = String.raw`(clustered\s+bar|clustered\s+column|(?:100%\s+)?stacked\s+(?:bar|column|area)|line|bar|column|pie|donut|doughnut|area|scatter|matrix|table|(?:(?:kpi|big\s+number|single\s+number|multi[-\s]?row)\s+)?card|kpi|gauge)`;
  // "my pbi card visual does DISTINCTCOUNT(…)", "the matrix shows SUM(…)": the visual of the formula.
  s = s.replace(new RegExp(String.raw`\b(?:my|the|our|this|a|an)\s+${KIND}(?:\s+(?:chart|graph))?(?:\s+visual)?\s+(?:does|shows|is\s+showing|computes|calculates|has|uses|is\s+using|runs|displays|returns|holds|is|=)\s+(?=${DAX_FIGURE})`, 'gi'), (_w, k: string) => `${kind(k).shown ?? ` as a ${kind(k).chart} `} `);
  // "on a line visual", "make it a bar chart visual", "matrix visual": the chart (or table, or number) drawn.
  s = s.replace(new RegExp(String.raw`(?:\b(as|in|on|into|to|using|with)\s+)?(?:\b(a|an|the|my|our|this|that)\s+)?\b${KIND}(?:\s+(?:chart|graph))?\s+visual(?:i[sz]ation)?s?\b`, 'gi'),
    (_w, prep: string | undefined, article: string | undefined, k: string) => kind(k).shown ?? ` ${prep ?? ''} ${!article || /^an?$/i.test(article) ? 'a' : article} ${kind(k).chart} `);
  // "as a card", "on a KPI card", "as a big card": one number (not "paid by card", "on a card").
  s = s.replace(/\bas\s+(?:(?:a|an|one)\s+)?(?:(?:big|single|kpi|new)\s+)?cards?\b|\b(?:(?:on|in|into|onto)\s+(?:a|an|the|one|my)\s+)?(?:kpi|big\s+number|single\s+number)\s+cards?\b/gi, ' as a number ');
  // The chatter about a visual: "my visual is showing smth weird", "what number should it show", "trying to reconcile".
  return s.replace(/\s*(?:[-\u2013\u2014]\s*)?\b(?:my|the|our|this|that)\s+(?:visual|card|matrix|report|dashboard|chart|measure|kpi|tile)(?:\s+visual)?\s+(?:(?:is|are|['\u2019]s|keeps?|has\s+been|seems?\s+to\s+be)\s+)?(?:showing|shows?|giving|gives?|returning|returns?|displaying|displays?|looks?|looking|reads?|coming\s+out|came\s+out)\s+(?:me\s+)?(?:(?:smth|sth|something|stuff|numbers?|values?|a\s+(?:number|value|total))\s+)?(?:(?:a\s+bit|kinda|kind\s+of|really|very|totally|super|pretty)\s+)?(?:weird|odd|off|wrong|strange|funny|different|broken|crazy|suspicious|incorrect|sus)\b[?.!]*/gi, ' ')
    .replace(/\s*\b(?:so\s+)?what\s+(?:(?:number|value|figure|total|result)\s+(?:should|would|will|does|do)\s+(?:it|that|this|(?:the|my)\s+(?:card|visual|measure|matrix|kpi|tile))|(?:should|would|will|does|do)\s+(?:the|my)\s+(?:card|visual|measure|matrix|kpi|tile))\s+(?:show|display|return|give|say|read)(?:\s+me)?\b\s*[?.!]*/gi, ' ')
    .replace(/\s*\b(?:(?:i['\u2019]?m|i\s+am|we['\u2019]?re|we\s+are|just)\s+)*trying\s+to\s+(?:reconcile|tie\s+out|validate|verify|debug|sanity[-\s]check)(?:\s+(?:it|this|that|the\s+numbers?|(?:my|the)\s+(?:visual|card|report|measure|dashboard|numbers?)|(?:against|with|to)\s+(?:pbi|power\s*bi|(?:my|the)\s+(?:visual|card|report|dashboard))))*\b[?.!]*/gi, ' ');
}

/** GA4's words: a remark in brackets naming the tool and nothing of the model; "the FR audience" (those rows). */
function withGa4Words(st: ParseState, s: string): string {
  s = s.replace(/\s*\(([^()]*\b(?:ga4|ga|google\s+analytics|universal\s+analytics|looker\s+studio|data\s+studio|gtm|pbi|power\s*bi)\b[^()]*)\)/gi, (whole: string, inner: string) => (namesNothing(st, inner.replace(/\b(?:ga4|ga|gtm|pbi)\b/gi, ' ')) ? ' ' : whole))
    .replace(/\s*(?:[-\u2013\u2014,;]\s*)?\b(?:the\s+|a\s+)?ga4(?:['\u2019]s)?\s+default\s+(?:date\s+)?(?:range|window|period|lookback)\b/gi, ' ');
  // "only the FR audience", "the mobile audience", "audience: DE": those values.
  const audience = /\s+audiences?\b/gi;
  for (let m = audience.exec(s); m; m = audience.exec(s)) {
    const before = s.slice(0, m.index);
    for (const n of [3, 2, 1]) {
      const w = new RegExp(String.raw`(?:\b(?:the|our|my|an?)\s+)?((?:\S+\s+){${n - 1}}\S+)$`, 'i').exec(before);
      const read = w ? leadingValues(st, w[1]) : undefined;
      if (!w || !read?.values.length || read.length !== w[1].length) continue;
      s = `${before.slice(0, w.index)} ${w[1]} ${s.slice(m.index + m[0].length)}`;
      audience.lastIndex = w.index + w[1].length + 2;
      break;
    }
  }
  return s.replace(/\baudiences?\s*(?::|=|\bfrom\b|\bin\b|\bof\b)\s*/gi, (whole: string, at: number, all: string) => (leadingValues(st, all.slice(at + whole.length)).values.length ? ' only ' : whole));
}

/** "in pbi", "my Power BI card": the tool, named beside its words (not "in Power BI I'd …", read by spreadsheet-words.ts). */
function withoutToolNamed(s: string): string {
  return s.replace(/\b(?:in|on|from|using|via|with|inside)\s+(?:the\s+)?(?:pbi|power\s*bi|powerbi)(?:\s+(?:desktop|service))?\b(?!\s*,?\s*(?:i|we)(?:['\u2019]d|['\u2019]ll|\s+would|\s+will|\s+usually|\s+normally|\s+just|\s+always)\b)/gi, ' ')
    .replace(/\b(?:pbi|power\s*bi|powerbi|dax)\s+(?=(?:card|visual|report|measure|matrix|dashboard|table|slicer|page|filter|model|dataset|formula|calc|calculation|tile|chart|kpi)s?\b)/gi, ' ');
}

/**
 * The question with Power BI's, dbt's and GA4's words written as the plain words and fields the parser reads (raw
 * text; unchanged when none is said). A DAX function, a condition, a slicer or a filter context naming nothing of the
 * model is refused, naming it.
 */
export function withBiToolWords(st: ParseState, question: string): string {
  if (!TOOL_WORD.test(question)) return question;
  const q = question.replace(/\s+/g, ' ');
  let s = withoutToolNamed(q);
  s = withDbtWords(st, s);
  s = withDaxFunctions(st, s);
  s = withFilterPane(st, s);
  s = withSlicers(st, s);
  s = withVisuals(s);
  s = withGa4Words(st, s);
  return s === q ? question : s.replace(/\s+/g, ' ').replace(/\s+([,.;?!])/g, '$1').replace(/,(?:\s*,)+/g, ',');
}
