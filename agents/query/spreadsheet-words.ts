/**
 * Spreadsheet and sheet words (Tableau, Excel pivots and formulas, product analytics tools), read as the plain words the
 * parser knows or as the BI fields bi-words.ts reads ("measure: …", "dimension: …", "filter on …"):
 *
 * - Tableau: SUM(x), AVG(x), COUNT(x), COUNTD(x) (a distinct count; of "users[user_id]", in that table), MIN / MAX /
 *   MEDIAN(x) as that figure of the column; MONTH / YEAR / WEEK / DAY / QUARTER(date) as that bucket of the date's rows;
 *   "X (measure)", "with Y as the dimension", "Y on columns / on rows / on color", "drag … onto a sheet", "filtered to
 *   …", and the chatter around them ("what marks do I get?", "what does the view look like", "that's the sheet I'm
 *   trying to recreate", "the classic top-N filter").
 * - Excel: "Y in rows", "rows = Y", "columns = Y", "Y as columns", "values = <figure>", "sum of X in values" lay out a
 *   breakdown; COUNTIF(S) / SUMIF(S) / AVERAGEIF(S) with a condition (formula or words) are that figure filtered;
 *   "the orders sheet / tab" names the table; "a pivot with …", "a flat list … is fine" are chatter; the edits "swap
 *   category for country in the rows", "swap the rows from category to country", "add device as columns too, so channel
 *   x device", "remove X from the view".
 * - Product analytics tools: "in amplitude I'd just pull …" (the tool named before "I'd …") is chatter, and so is
 *   "funnel-ish view:" as a label ("users who fired add_to_cart" the parser reads already, parse/event-verbs.ts).
 * - Power BI, dbt and GA4 (bi-tool-words.ts, read first): DAX's CALCULATE / COUNTROWS / DISTINCTCOUNT (DISTINCTCOUNT(x) is
 *   read here, as COUNTD(x)), slicers, the filter pane, visuals, dbt models' and tests' names, GA4's remarks.
 *
 * Read on the raw question, before bi-words.ts, in the normalise stage (parse/normalise.ts). Everything goes by the
 * model: a function's column, a slot's dimension or figure, a condition's column and value must name something of the
 * semantic model; a function or a COUNTIF whose column names nothing is refused, naming it; a layout word said of words
 * that name nothing is left as said (or, labelled "rows = …", refused by bi-words as its dimension field).
 */
import { DatalabsError } from '../../bot/contracts/errors.ts';
import type { ParseState } from './parse/state.ts';
import { withBiToolWords } from './bi-tool-words.ts';
import { withDataframeWords } from './dataframe-words.ts';
import { withExploreWords } from './explore-words.ts';
import { bareColumn, columnTables, dimensionList, filterWords, isColumn, meaningsOf, nounTable, owners, tablesOf, unquote } from './bi-words.ts';

/** Any word this file reads: nothing is rewritten unless one is said. */
const SHEET_WORD = /[a-z]\(|\b(?:rows?|columns?|cols|values?|sheets?|tabs?|marks|view|pivot|filtered|funnel\S*|drag\w*|onto|top[-\s]?n|(?:count|sum|average|avg)ifs?|i['\u2019]d|would|usually|measure|dimension)\b/i;
/** Tools whose name before "I'd …" is chatter ("in amplitude I'd just pull …"): no word of any model. */
const TOOL = String.raw`(?:amplitude|mixpanel|tableau|excel|looker(?:\s+studio)?|metabase|(?:google\s+)?sheets|gsheets|power\s*bi|powerbi|pbi|superset|redash|heap|posthog|ga4|google\s+analytics|a\s+spreadsheet|a\s+pivot\s+table)`;
/** A hard break between clauses. */
const BREAK = /[.;!?](?=\s|$)|\s[-\u2013\u2014]\s|\s*[\u2013\u2014]\s*/;
/** Where a phrase said after a verb ends: a break, a joining word, the end. */
const END = String.raw`(?=\s*(?:[.,;!?]|\s[-\u2013\u2014]\s|\band\b|\bthen\b|\bbut\b|\bso\b|\bkeep(?:ing)?\b|\btoo\b|\bas\s+well\b|$))`;
/** A slot of a pivot or a sheet that lays out a breakdown. */
const SLOT = String.raw`(?:rows|columns|cols|rows\s+shelf|columns\s+shelf|sheet|view|pivot|viz|marks|color|colour|detail)`;
/** Verbs before a figure or a dimension that make it an edit of bi-words.ts ("use AOV as the measure", "add page as a dimension"). */
const EDIT_VERB = /\b(?:use|make|add|set|swap|switch|change|pick|choose|replace|turn)\s*$/i;

const fail = (message: string): never => { throw new DatalabsError('NOT_UNDERSTOOD', message); };
/** Whether a phrase names a figure or rows of the model ("revenue", "buyers", "orders"). */
const isFigure = (st: ParseState, x: string): boolean => meaningsOf(st, x).some((m) => m.t === 'measure' || m.t === 'entity');

/** The table a column belongs to: the one the rest of the question names, else the model's first. */
function tableOfColumn(st: ParseState, name: string, context: string): string | undefined {
  const tables = columnTables(st, name);
  const fromMeaning = meaningsOf(st, name).flatMap((m) => (m.t === 'column' ? [m.table] : m.t === 'dimension' ? (st.model.dimensions.find((d) => d.name === m.name)?.columns ?? []).map((c) => c.split('.')[0]) : []));
  const all = [...new Set([...tables, ...fromMeaning])];
  const named = tablesOf(st, context);
  return all.find((t) => named.has(t)) ?? all[0];
}

/** "in amplitude I'd just pull …", "in Excel I would do …": the tool and the verb ask for what follows. */
function withoutToolLead(s: string): string {
  return s.replace(new RegExp(String.raw`(^|[.;!?]\s+)(?:(?:so|ok|okay|well|honestly|basically|yeah)\b[\s,]*)*(?:in|on|with|using|from)\s+${TOOL}\s*,?\s+(?:i|we)(?:['\u2019]d|['\u2019]ll|\s+would|\s+will|\s+usually|\s+normally|\s+typically|\s+always|\s+just|\s+simply|\s+generally|\s+probably)+\s+(?:(?:do|pull|build|make|run|get|use|see|check|look\s+at|set\s+up|create|drag|put|throw|chart|plot|query|write|open|grab|track|count|compute|calculate)\s+)?`, 'i'), '$1 ');
}

/** Remarks about the sheet around the question: removed, with a dash before them. */
const CHATTER = [
  String.raw`(?:so\s+)?what\s+(?:marks|bars|view|sheet|viz|chart|pivot|worksheet)\s+(?:do|would|will|should|did)\s+(?:i|we|you)\s+(?:get|see|end\s+up\s+with)(?=\s*(?:[?.!,;]|$))`,
  String.raw`(?:so\s+)?what\s+(?:does|would|will|did)\s+(?:the|that|this|my|our)\s+(?:view|sheet|viz|chart|pivot|worksheet)\s+(?:look\s+like|show)(?=\s*(?:[?.!,;]|$))`,
  String.raw`(?:that['\u2019]?s|that\s+is|this\s+is|it['\u2019]?s)\s+(?:the|a)\s+(?:sheet|view|viz|chart|pivot|worksheet|workbook|dashboard)\s+(?:(?:that\s+)?(?:i|we)(?:['\u2019]m|['\u2019]re|\s+am|\s+are)\s+)?(?:trying|hoping|looking|wanting|going|about)\s+to\s+(?:recreate|rebuild|build|reproduce|replicate|redo|remake|match|copy)(?:\s+here)?`,
  String.raw`(?:the\s+|a\s+)?(?:(?:classic|usual|standard|typical|common|good\s+old|plain)\s+)*top[-\s]?n\s+filter`,
  String.raw`(?:a|the)\s+flat\s+(?:list|table)(?:\s*\([^)]*\))?\s+(?:is|would\s+be|['\u2019]s)\s+(?:(?:totally|perfectly|completely|also|just|absolutely)\s+)*(?:fine|ok|okay|good|great|enough)(?:\s+too)?`,
  String.raw`(?:i['\u2019]ll|i\s+will|i\s+can|we['\u2019]ll|we\s+can)\s+(?:re-?pivot|pivot|reshape|re-?arrange|format)\s+(?:it|that|this|them)(?:\s+(?:myself|ourselves|later|after))?`,
];
const CHATTER_RE = new RegExp(String.raw`\s*(?:[-\u2013\u2014]\s*)?\b(?:${CHATTER.join('|')})\b\s*[?.!]*`, 'gi');

/** Words that say where a sheet comes from: "the orders sheet" is orders; "sheet with …", "drag … onto a sheet with" are chatter. */
function withSheetNames(st: ParseState, s: string): string {
  s = s.replace(/\b(?:the\s+|my\s+|our\s+|an?\s+)?([a-z_]+)\s+(?:sheet|tab|worksheet)\b/gi, (whole: string, name: string) => {
    const table = nounTable(st, name);
    return table ? ` ${table} ` : whole;
  });
  s = s.replace(/(^|[.;!?]\s*)(?:(?:a|the|my|our|one|new|blank)\s+)*(?:sheet|worksheet|viz)\s+(?:with|showing|that\s+has|having)\b/gi, '$1;');
  if (/\bonto\b/i.test(s)) s = s.replace(/\bdrag(?:ged|ging|s)?\s+(?:(?:in|out)\s+)?/gi, ' ');
  return s.replace(/\s+(?:onto|into|to|on)\s+(?:a|the|my|an?\s+empty|a\s+new|a\s+blank)\s+(?:new\s+|blank\s+|empty\s+)?(?:sheet|worksheet|canvas|viz)(?:\s+(?:with|and))?\b/gi, ' ;');
}

/** SUM(x), AVG(x), COUNT(x), COUNTD(x) / DISTINCTCOUNT(x), MIN / MAX / MEDIAN(x): that figure of the column, in words. */
function withAggregateFunctions(st: ParseState, s: string): string {
  return s.replace(/\b(sum|avg|average|mean|count|countd|distinctcount|cnt|min|max|median)\(\s*([^()]*?)\s*\)/gi, (whole: string, fn: string, raw: string, at: number, all: string) => {
    let f = fn.toLowerCase().replace(/^distinctcount$/, 'countd');
    let arg = bareColumn(st, raw);
    if (/^distinct\s+/i.test(arg)) { f = 'countd'; arg = arg.replace(/^distinct\s+/i, ''); }
    // "AVG()", "max()": a function named, not used; left as said.
    if (!raw.trim()) return whole;
    if (/^(?:count|cnt)$/.test(f) && (arg === '*' || arg === '1')) return ' count ';
    if (!arg || !(isColumn(st, arg) || isFigure(st, arg))) {
      return fail(`I could not read "${whole.slice(0, 60)}": "${arg.slice(0, 40)}" names no column or figure I know; name one, as in "SUM(revenue)" or "${/^distinct/i.test(fn) ? 'DISTINCTCOUNT(orders[user_id])' : 'COUNTD(user_id)'}".`);
    }
    const column = isColumn(st, arg);
    // "users[user_id]", "events.user_id": a column several tables have, of the table written with it.
    const written = /^([a-z_]+)\s+/i.exec(unquote(raw.replace(/[[\]]/g, ' ').replace(/[.!]/g, ' ')))?.[1];
    const own = written && columnTables(st, arg).length > 1 && columnTables(st, arg).includes(nounTable(st, written) ?? '') ? nounTable(st, written) : undefined;
    if (f === 'count' || f === 'cnt') {
      // COUNT of a column counts the rows holding it: the rows of its table ("COUNT(order_id)" → orders).
      const table = column ? own ?? tableOfColumn(st, arg, all.slice(0, at) + all.slice(at + whole.length)) : undefined;
      return table ? ` count of ${table} ` : ` count of ${arg} `;
    }
    if (f === 'countd') return column ? ` count of distinct ${arg}${own ? ` in ${own}` : ''} ` : ` count of ${arg} `;
    if (!column) return f === 'sum' ? ` ${arg} ` : fail(`I could not read "${whole.slice(0, 60)}": "${arg}" is a figure, not a column to take the ${f} of; name a column, as in "${fn}(revenue)".`);
    const word = f === 'sum' ? 'sum of' : /^(?:avg|average|mean)$/.test(f) ? 'average' : f === 'min' ? 'minimum' : f === 'max' ? 'maximum' : 'median';
    return ` ${word} ${arg} `;
  });
}

/** MONTH(order_time), YEAR([Order Date]), DATETRUNC('week', event_time): that bucket of the date's rows ("order month"). */
function withDateFunctions(st: ParseState, s: string): string {
  const bucketOf = (whole: string, bucket: string, raw: string, at: number, all: string): string => {
    const arg = bareColumn(st, raw).toLowerCase();
    const b = bucket.toLowerCase();
    const dated = /^(?:([a-z]+)\s+)?(?:date|time|timestamp|datetime)$/.exec(arg);
    const table = st.model.tables.find((t) => t.time && t.time === arg.replace(/\s+/g, '_'))?.name ?? (dated && (!dated[1] || nounTable(st, dated[1])) ? (dated[1] ? nounTable(st, dated[1]) : '') : undefined);
    if (table === undefined) return whole;
    // The bucket alone on the dates of the one table the rest names ("SUM(revenue) by month": "by order month" would read
    // "order" as a figure too); else named by its rows ("event week", "signup month").
    const rest = tablesOf(st, all.slice(0, at) + all.slice(at + whole.length));
    if (!table || (rest.size === 1 && rest.has(table))) return ` ${b} `;
    const stem = st.model.tables.find((t) => t.name === table)?.time?.replace(/_(?:time|at|date)$/, '') ?? table;
    return ` ${stem} ${b} `;
  };
  return s.replace(/\b(year|quarter|month|week|day)\(\s*([^()]*?)\s*\)/gi, (whole: string, bucket: string, raw: string, at: number, all: string) => bucketOf(whole, bucket, raw, at, all))
    .replace(/\bdate_?trunc\(\s*['"]?(year|quarter|month|week|day)['"]?\s*,\s*([^()]*?)\s*\)/gi, (whole: string, bucket: string, raw: string, at: number, all: string) => bucketOf(whole, bucket, raw, at, all));
}

interface Condition { column: string; op: string; value: string }

/** A condition as plain words the parser reads, and the table of its column; refused, naming it, when it names nothing. */
function conditionWords(st: ParseState, c: Condition, fn: string, context: string): { words: string; table?: string } {
  const col = bareColumn(st, c.column);
  const value = unquote(c.value);
  const said = `${c.column} ${c.op} ${c.value}`.replace(/\s+/g, ' ').slice(0, 60);
  const known = meaningsOf(st, col).some((m) => m.t === 'dimension' || m.t === 'column') || isColumn(st, col);
  if (!known) return fail(`I could not read the condition "${said}" of ${fn}: "${col}" names no column I know; say a column and a value, as in "${fn} status = refunded".`);
  const table = tableOfColumn(st, col, context);
  if (/^[<>]=?$/.test(c.op)) {
    if (!/^-?\d+(?:\.\d+)?$/.test(value)) return fail(`I could not read the condition "${said}" of ${fn}: compare "${col}" with a number, as in "${col} > 100".`);
    return { words: `with ${col} ${c.op} ${value}`, table };
  }
  const negated = /^(?:!=|<>|is\s+not|not)$/i.test(c.op);
  const words = filterWords(st, `${col} ${negated ? '!=' : '='} ${value}`, new Set(table ? [table] : []));
  if (!words) return fail(`I could not read the condition "${said}" of ${fn}: "${value}" is no value of ${col} I know.`);
  return { words, table };
}

const OP = String.raw`(==|=|!=|<>|>=|<=|>|<|:|\bis\s+not\b|\bis\b|\bnot\b)`;
const VALUE = String.raw`("[^"]*"|'[^']*'|\u201c[^\u201d]*\u201d|[a-z0-9_/@.-]+)`;
const CONDITION = new RegExp(String.raw`^\s*(?:(?:,|\band\b|&)\s*)?(?:(?:where|when|with|if|for)\s+)?([a-z_]+(?:\s+[a-z_]+)?|\[[^\]]+\])\s*${OP}\s*${VALUE}`, 'i');

const CONDITION_WHOLE = new RegExp(String.raw`^([a-z_]+(?:\s+[a-z_]+)?|\[[^\]]+\])\s*${OP}\s*${VALUE}$`, 'i');

/** A formula's criterion as an operator and a value ('">100"' → > 100, '"<>refunded"' → != refunded). */
function criterion(raw: string): { op: string; value: string } {
  const c = unquote(raw);
  const m = /^(<>|!=|>=|<=|>|<|=)\s*(.*)$/.exec(c);
  return m ? { op: m[1], value: m[2] } : { op: '=', value: c };
}

/** Split a formula's arguments on commas outside quotes. */
const formulaArgs = (x: string): string[] => [...x.matchAll(/\s*("[^"]*"|'[^']*'|[^,]+)\s*(?:,|$)/g)].map((m) => m[1].trim()).filter(Boolean);

/**
 * COUNTIF(S) / SUMIF(S) / AVERAGEIF(S): the count of a table's rows, or the sum / average of a column, with the
 * conditions as filters. As a formula ("COUNTIFS(status, "refunded", device, "mobile")", "SUMIF(device, "mobile",
 * revenue)") or in words ("COUNTIF on orders where status = cancelled", "sumif revenue where device = mobile").
 */
function withConditionalAggregates(st: ParseState, s: string): string {
  const said = (fn: string): string => fn.toUpperCase();
  const build: Build = (fn, figureColumn, table, conds, context) => {
    const F = said(fn);
    const read = conds.map((c) => conditionWords(st, c, F, context));
    if (/^count/i.test(fn)) {
      const t = table ?? read.find((r) => r.table)?.table;
      return ` count of ${t ?? 'rows'}, ${read.map((r) => r.words).join(', ')} `;
    }
    const col = bareColumn(st, figureColumn ?? '');
    if (!col || !isColumn(st, col)) return fail(`I could not read the ${F}: "${col.slice(0, 40)}" names no column I know to ${/^sum/i.test(fn) ? 'sum' : 'average'}; name one, as in "${F} revenue where device = mobile".`);
    return ` ${/^sum/i.test(fn) ? 'sum of' : 'average'} ${col}, ${read.map((r) => r.words).join(', ')} `;
  };
  // The formula: COUNTIF(range, criterion), COUNTIFS(r1, c1, r2, c2), SUMIF(range, criterion, sum_range), SUMIFS(sum_range, r1, c1 …).
  s = s.replace(/\b(count|sum|average|avg)if(s)?\(([^()]*)\)/gi, (whole: string, fn: string, many: string | undefined, inner: string, at: number, all: string) => {
    // "countIf(status = 'refunded')": conditions written whole.
    const written = formulaArgs(inner).map((x) => CONDITION_WHOLE.exec(x));
    if (/^count/i.test(fn) && written.length && written.every(Boolean)) {
      return build(`${fn}if${many ?? ''}`, undefined, undefined, written.map((c) => ({ column: c![1], op: c![2], value: c![3] })), all.slice(0, at) + all.slice(at + whole.length));
    }
    const args = formulaArgs(inner);
    const figureFirst = !/^count/i.test(fn) && many;
    const figure = /^count/i.test(fn) ? undefined : figureFirst ? args[0] : (args[2] ?? args[0]);
    const pairs = figureFirst ? args.slice(1) : args.slice(0, /^count/i.test(fn) || many ? undefined : 2);
    const conds: Condition[] = [];
    for (let i = 0; i + 1 < pairs.length; i += 2) conds.push({ column: pairs[i], ...criterion(pairs[i + 1]) });
    if (!conds.length) return whole;
    return build(`${fn}if${many ?? ''}`, figure, undefined, conds, all.slice(0, at) + all.slice(at + whole.length));
  });
  // In words: "a COUNTIF on orders where status = cancelled", "countif status = refunded", "sumif revenue where device = mobile".
  const word = /\b(?:(?:basically|just|simply|like)\s+)?(?:(?:a|an|the|one)\s+)?(count|sum|average|avg)if(s)?\b(?!\()/gi;
  let m: RegExpExecArray | null;
  while ((m = word.exec(s))) {
    const read = conditionalInWords(st, s, m, build);
    s = `${s.slice(0, m.index)}${read.text}${s.slice(read.end)}`;
    word.lastIndex = m.index + read.text.length;
  }
  // "how many rows does that give": what a COUNTIF counts, said again.
  return s.replace(/\s*(?:[-\u2013\u2014]\s*)?\bhow\s+many\s+rows\s+(?:does|would|will|did)\s+(?:that|it|this)\s+(?:give|return|match|come\s+to|get)(?:\s+me)?\b/gi, ',');
}

type Build = (fn: string, figureColumn: string | undefined, table: string | undefined, conds: Condition[], context: string) => string;

/**
 * One COUNTIF-like word and what follows it up to a break: its table ("on orders"), its column (SUMIF / AVERAGEIF) and
 * its conditions, read as a figure with filters. Said of nothing ("a SUMIFS equivalent: …", "AVERAGEIF question - …",
 * "- like a countif on the users sheet" after a question) it is chatter; said of words that name nothing, refused.
 */
function conditionalInWords(st: ParseState, s: string, m: RegExpExecArray, build: Build): { text: string; end: number } {
  const fn = `${m[1]}if${m[2] ?? ''}`;
  const from = m.index + m[0].length;
  const after = s.slice(from);
  const stop = BREAK.exec(after);
  const clause = stop ? after.slice(0, stop.index) : after;
  // "a SUMIFS equivalent: …", "AVERAGEIF question - …": the formula named as a kind of question.
  const kind = /^\s*(?:-?\s*)?(?:equivalent|formula|style|question|type|logic|thing|kind\s+of\s+thing|like|function|situation|scenario)\b\s*[:,]?/i.exec(clause);
  if (kind) return { text: ' ', end: from + kind[0].length };
  let body = clause;
  let table: string | undefined;
  body = body.replace(/^\s*(?:(?:on|of|in|over|across|from|for)\s+)?(?:the\s+|my\s+|our\s+)?([a-z_]+)\b(?:\s+(?:table|rows))?/i, (x, w: string) => {
    const t = /^(?:where|when|with|if)$/i.test(w) ? undefined : nounTable(st, w);
    if (t) table = t;
    return t ? '' : x;
  });
  let figure: string | undefined;
  if (!/^count/i.test(fn)) {
    body = body.replace(/^\s*(?:(?:of|on)\s+)?(?:the\s+)?([a-z_]+|\[[^\]]+\])(?=\s*(?:,|\bwhere\b|\bwhen\b|\bif\b|\bwith\b|\bfor\b|:))/i, (_x, c: string) => { figure = c; return ''; });
  }
  body = body.replace(/^\s*(?:,|:)?\s*/, '');
  const conds: Condition[] = [];
  let c: RegExpExecArray | null;
  while ((c = CONDITION.exec(body))) {
    let value = c[3];
    // "status = refunded or cancelled": the values together.
    const more = new RegExp(String.raw`^\s*(?:,|\bor\b)\s*${VALUE}`, 'i');
    let rest = body.slice(c[0].length);
    let n: RegExpExecArray | null;
    while ((n = more.exec(rest)) && owners(st, unquote(n[1])).length) { value += `, ${n[1]}`; rest = rest.slice(n[0].length); }
    conds.push({ column: c[1], op: c[2], value });
    body = rest;
  }
  const end = from + clause.length;
  if (!conds.length) {
    // "how many users per plan - like a countif on the users sheet": a remark after the question.
    const asked = tablesOf(st, s.slice(0, m.index)).size > 0;
    if (asked) return { text: ` ${body.trim()} `, end };
    // "a countif on the users sheet (by plan)": the count of that table's rows.
    if (table && /^count/i.test(fn)) return { text: ` count of ${table} ${body.trim()} `, end };
    // Said of nothing the model knows: left as said, to be refused naming the word (never guessed).
    return { text: m[0], end: from };
  }
  return { text: `${build(fn, figure, table, conds, s.slice(0, m.index) + s.slice(end))}${body.trim() ? ` ${body.trim()}` : ''}`, end };
}

/** The words before a slot naming dimensions: the longest run of words (after the last break) that names them. */
function dimensionsBefore(st: ParseState, before: string): { start: number; text: string } | undefined {
  const clause = before.slice(before.search(/[^.,;:!?()\u2014\u2013]*$/));
  const words = [...clause.matchAll(/\S+/g)];
  for (let n = Math.min(words.length, 6); n >= 1; n--) {
    const first = words[words.length - n];
    const text = clause.slice(first.index);
    const previous = words[words.length - n - 1]?.[0].toLowerCase() ?? '';
    if (!dimensionList(st, text)) continue;
    // "by device as columns", "last month as columns": a breakdown or a period already said (compile-series.ts reads them).
    if (/^(?:by|per|last|this|next|previous|prior|past|current|same|that|each|every)$/.test(previous)) return undefined;
    if (EDIT_VERB.test(clause.slice(0, first.index))) return undefined;
    return { start: before.length - clause.length + first.index, text: text.trim() };
  }
  return undefined;
}

/** The words before a slot naming a figure: back to the last break or joining word, when they name one of the model. */
function figureBefore(st: ParseState, before: string): { start: number; text: string } | undefined {
  const last = [...before.matchAll(/(?:^|[.,;:!?()\u2014\u2013]|\s-\s|\b(?:and|with|plus|then|put|drag)\b|\bw\/)\s*/gi)].at(-1);
  if (!last) return undefined;
  const start = last.index + last[0].length;
  const text = before.slice(start).trim();
  if (!text || EDIT_VERB.test(before.slice(0, start)) || /^(?:use|make|add|set|swap|switch|change|pick|choose|replace)\b/i.test(text)) return undefined;
  return tablesOf(st, unquote(text)).size ? { start, text } : undefined;
}

/** "rows = country", "Y in rows", "Y on columns", "sum of X in values", "X (measure)", "with Y as the dimension": BI fields. */
function withLayout(st: ParseState, s: string): string {
  const edits: Array<{ from: number; to: number; text: string }> = [];
  // Labelled: "rows = country, columns = device, values = count of completed orders".
  // A pivot: two slots labelled, or the word said. Alone, "columns: month, revenue" names the answer's columns (left as
  // said), and "rows: …" / "values: …" are read only when they name dimensions beside a figure / a figure.
  const labels = [...s.matchAll(/(?<=^|[\s,;:(])(rows|columns|cols|values)\s*[:=]\s*(?=["'a-z])/gi)];
  const pivot = new Set(labels.map((m) => m[1].toLowerCase().replace(/^cols$/, 'columns'))).size > 1 || /(?<!-)\bpivot\b/i.test(s);
  labels.forEach((m, i) => {
    const start = m.index + m[0].length;
    const next = labels[i + 1]?.index ?? s.length;
    const stop = BREAK.exec(s.slice(start, next));
    const end = stop ? start + stop.index : next;
    const content = s.slice(start, end).replace(/(?:[\s,&]|\band\b)+$/i, '');
    const values = /^values$/i.test(m[1]);
    const readable = values ? tablesOf(st, unquote(content)).size > 0 : !!dimensionList(st, content);
    if (!pivot && (!readable || /^col/i.test(m[1]) || (!values && !tablesOf(st, s.slice(0, m.index) + s.slice(end)).size))) return;
    edits.push({ from: m.index, to: start + content.length, text: `; ${values ? 'measure' : 'dimension'}: ${content};` });
  });
  const free = (from: number, to: number): boolean => edits.every((e) => to <= e.from || from >= e.to);
  // Unlabelled dimensions: "category in rows", "MONTH(order_time) on columns", "device on color", "Device (dimension)".
  const dimSlot = /\s+(?:(?:in|on|as|into|for)\s+(?:the\s+)?(?:rows|columns|cols)(?:\s+shelf)?|on\s+(?:the\s+)?(?:color|colour|detail)(?:\s+(?:card|shelf))?|as\s+(?:the\s+|a\s+|my\s+|our\s+)?(?:dimension|dim|breakdown)s?)\b|\s*\(\s*(?:dimension|dim)s?\s*\)/gi;
  for (const m of s.matchAll(dimSlot)) {
    const found = dimensionsBefore(st, s.slice(0, m.index));
    if (found && free(found.start, m.index + m[0].length)) edits.push({ from: found.start, to: m.index + m[0].length, text: `; dimension: ${found.text};` });
  }
  // Unlabelled figures: "sum of revenue in values", "SUM(quantity) as the measure", "Revenue (measure)".
  const figureSlot = /\s+(?:(?:in|as|into|for|on)\s+(?:the\s+)?values|as\s+(?:the\s+|a\s+|my\s+|our\s+)?(?:measure|metric|value)s?)\b|\s*\(\s*(?:measure|metric)s?\s*\)/gi;
  for (const m of s.matchAll(figureSlot)) {
    const found = figureBefore(st, s.slice(0, m.index));
    if (found && free(found.start, m.index + m[0].length)) edits.push({ from: found.start, to: m.index + m[0].length, text: `; measure: ${found.text};` });
  }
  if (!edits.length) return s;
  edits.sort((a, b) => b.from - a.from);
  for (const e of edits) s = `${s.slice(0, e.from)}${e.text}${s.slice(e.to)}`;
  return s;
}

/**
 * The edits of a sheet or pivot: "swap category for country in the rows" (by country instead), "add device as columns
 * too" (also by device), "remove category from the view" (drop that breakdown), "so channel x device" (chatter).
 */
function withSheetEdits(st: ParseState, s: string): string {
  const one = (x: string): string | undefined => { const d = dimensionList(st, x); return d?.length === 1 ? d[0] : undefined; };
  s = s.replace(new RegExp(String.raw`\b(?:swap|switch|replace|exchange|change)\s+(?:out\s+)?(?:the\s+)?([a-z_][a-z0-9_ ]*?)\s+(?:for|with|to)\s+(?:the\s+)?([a-z_][a-z0-9_ ]*?)(?:\s+(?:in|on)\s+(?:the\s+)?${SLOT}(?:\s+shelf)?)?${END}`, 'gi'),
    (whole: string, from: string, to: string) => (one(from) && one(to) ? ` by ${to} instead of ${from} ` : whole));
  // "swap the rows from category to country", "change the columns to channel": the breakdown in that slot instead.
  s = s.replace(new RegExp(String.raw`\b(?:swap|switch|change|move|flip)\s+(?:the\s+)?(?:rows|columns|cols|axis|x[-\s]?axis|legend|rows\s+shelf|columns\s+shelf)\s+(?:(?:from|of)\s+(?:the\s+)?([a-z_][a-z0-9_ ]*?)\s+)?(?:to|for|with|into|over\s+to)\s+(?:the\s+)?([a-z_][a-z0-9_ ]*?)${END}`, 'gi'),
    (whole: string, from: string | undefined, to: string) => (one(to) && (!from || one(from)) ? ` by ${to} instead${from ? ` of ${from}` : ''} ` : whole));
  s = s.replace(new RegExp(String.raw`\bput\s+(?:the\s+)?([a-z_][a-z0-9_ ]*?)\s+(?:in|on|into)\s+(?:the\s+)?${SLOT}(?:\s+shelf)?\s+instead\s+of\s+(?:the\s+)?([a-z_][a-z0-9_ ]*?)${END}`, 'gi'),
    (whole: string, to: string, from: string) => (one(from) && one(to) ? ` by ${to} instead of ${from} ` : whole));
  s = s.replace(new RegExp(String.raw`\b(?:add|put|throw|drag|stick|bring)\s+(?:in\s+)?(?:the\s+)?([a-z_][a-z0-9_ ,&]*?)\s+(?:as|to|in|on|into|onto)\s+(?:the\s+)?(?:(?:a|an)\s+)?(?:rows?|columns?|cols?|color|colour|detail|sheet|view|pivot)(?:\s+(?:shelf|card))?(?:\s+(?:too|as\s+well|also))?\b`, 'gi'),
    (whole: string, list: string) => (dimensionList(st, list) ? ` also by ${list} ` : whole));
  // "add orders to the values", "throw AOV onto the sheet too": that figure beside the ones shown.
  s = s.replace(/\b(?:add|put|throw|drag|stick|bring)\s+(?:in\s+)?(?:the\s+)?([a-z_][a-z0-9_ ]*?)\s+(?:as|to|in|into|onto)\s+(?:the\s+)?(?:(?:a|an|another)\s+)?(?:values?|sheet|view|pivot|marks)(?:\s+(?:too|as\s+well|also))?\b/gi,
    (whole: string, what: string) => (!dimensionList(st, what) && tablesOf(st, what).size && isFigure(st, what) ? ` plus ${what} ` : whole));
  s = s.replace(new RegExp(String.raw`\b(?:remove|drop|take|pull|lose|ditch|get\s+rid\s+of)\s+(?:the\s+)?([a-z_][a-z0-9_ ,&]*?)\s+(?:from|off|out\s+of|off\s+of)\s+(?:the\s+)?(?:view|sheet|rows|columns|cols|pivot|marks|viz|chart|worksheet|breakdown)(?:\s+shelf)?\b`, 'gi'),
    (whole: string, list: string) => {
      const dims = dimensionList(st, list);
      return dims ? ` ${dims.map((d) => `drop the ${d} breakdown`).join(' and ')} ` : whole;
    });
  // ("delete X from the table" is left as said: a request to change data, refused as such.)
  // "so channel x device", "i.e. country by device": the breakdown said again.
  return s.replace(/[,;]?\s*\b(?:so|i\.?e\.?|ie|giving|making\s+it)\s+(?:it['\u2019]?s\s+|that['\u2019]?s\s+)?(?:a\s+)?([a-z_]+(?:\s+[a-z_]+)?)\s*(?:\bx\b|\u00d7|\*|\bby\b)\s*([a-z_]+(?:\s+[a-z_]+)?)(?:\s+(?:pivot|grid|matrix|table|breakdown|split))?(?=\s*(?:[.,;!?]|$))/gi,
    (whole: string, a: string, b: string) => (one(a) && one(b) ? ' ' : whole));
}

/** "a pivot w/ …", "pivot table time: …", "pivot pls: …": the pivot named before its layout. */
function withoutPivotLead(s: string): string {
  if (!/\b(?:rows|columns|cols|values)\b|;\s*(?:measure|dimension):/i.test(s)) return s;
  return s.replace(/(?<!-)\b(?:(?:just|basically|simply)\s+)?(?:(?:do|build|make|give\s+me|want|need)\s+)?(?:(?:a|the|my|our|this|one)\s+)?pivot(?:\s+table)?(?:\s+(?:time|pls|please|plz))*\s*(?:with\b|w\/|showing\b|that\s+has\b|having\b|:|[-\u2013\u2014])?/gi, ' ;');
}

/**
 * The question with spreadsheet and sheet words (Tableau's functions and shelves, Excel's pivots and COUNTIF-like
 * formulas, product analytics tools' words) written as the plain words and BI fields the parser reads (raw text;
 * unchanged when none is said). A function or a formula whose column names nothing of the model is refused, naming it.
 */
export function withSpreadsheetWords(st: ParseState, question: string): string {
  // Power BI's, dbt's and GA4's words first (bi-tool-words.ts): DAX's CALCULATE / COUNTROWS, slicers, visuals, fct_ models.
  question = withBiToolWords(st, question);
  // pandas and tidyverse (dataframe-words.ts), Looker's explores and Metabase's summaries (explore-words.ts).
  question = withExploreWords(st, withDataframeWords(st, question));
  if (!SHEET_WORD.test(question)) return question;
  let s = withoutToolLead(question.replace(/\s+/g, ' '));
  s = s.replace(CHATTER_RE, ' . ');
  s = withSheetNames(st, s);
  s = withConditionalAggregates(st, withDateFunctions(st, withAggregateFunctions(st, s)));
  s = withSheetEdits(st, s);
  s = withLayout(st, withoutPivotLead(s));
  // "funnel-ish view: …": a label, chatter.
  s = s.replace(/(^|[.;!?]\s*)funnel(?:[-\s]?(?:ish|like|style|y)(?:\s+(?:view|chart|report|breakdown))?|\s+(?:view|chart|report))\s*:/gi, '$1 ');
  // "filtered to the last 30 days": a filter field (bi-words.ts reads it, or leaves it as said).
  s = s.replace(/\bfiltered\s+(?=(?:to|on)\s+([^.,;!?]+?)(?=\s*(?:[.,;!?]|\s[-\u2013\u2014]\s|$)))/gi, (whole: string, content: string) => {
    try { return filterWords(st, content.replace(/^(?:to|on)\s+/i, ''), tablesOf(st, s)) ? ', filter ' : whole; } catch { return ', filter '; }
  });
  // The separators left between fields: one ";" and no joining word after it.
  s = s.replace(/;(?:\s*(?:[,;]|\band\b|\bwith\b|\bw\/|\bplus\b|&|\bthen\b))*\s*(?=;)/gi, '').replace(/;\s*(?:(?:,|\band\b|\bwith\b|\bw\/|\bplus\b|&)\s*)+/gi, '; ');
  return s === question.replace(/\s+/g, ' ') ? question : s;
}
