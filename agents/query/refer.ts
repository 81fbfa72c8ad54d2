/**
 * What a message refers to in the previous answer without naming it (parse/refer.ts reads the words): its period
 * ("that day"), its figure as a rate ("make that a rate"), or its breakdown ("by category" with nothing before it).
 * Each is put into the parsed question, or refused in one line when there is nothing it can refer to.
 */
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { measureByName, measureLabel } from './compiler.ts';
import type { ParsedQuestion } from './parser.ts';
import type { ModelMeasure, SemanticModel } from './semantic-model.ts';
import type { SemanticQuery } from './semantic-query.ts';
import { unitOfPeriod } from './time-phrases.ts';
import { periodOf } from './calendar-words.ts';

const refuse = (msg: string): never => { throw new DatalabsError('NOT_UNDERSTOOD', msg); };
const label = (m: { name: string; label?: string }): string => m.label ?? m.name.replace(/_/g, ' ');

/** Applies the references of `p` to the previous answer (`prev`: the same model's, if any). */
export function referToPrevious(model: SemanticModel, p: ParsedQuestion, prev: SemanticQuery | undefined, question: string): ParsedQuestion {
  p = bareBreakdown(model, p, prev, question);
  p = includedAsAdded(p, prev);
  p = thatPeriod(p, prev);
  p = thatValue(model, p, prev, question);
  p = topOfPrevious(model, p, prev);
  p = rowOfRanking(model, p, prev, question);
  p = aggregateSwapped(p, prev);
  p = theirFigure(model, p, prev, question);
  p = cohortAgain(model, p, prev, question);
  p = timeEndsOfOther(model, p, prev, question);
  return asRate(model, p, prev, question);
}

/**
 * "and for the January 2025 signups?" after "how many users who signed up in February have ordered": the previous
 * answer's clause ("users who signed up in February") said again for another period, its figure kept. Only a short
 * follow-up naming the clause table's own row count and a period, nothing else.
 */
function cohortAgain(model: SemanticModel, p: ParsedQuestion, prev: SemanticQuery | undefined, question: string): ParsedQuestion {
  const r = prev?.related;
  if (!r || !p.period || p.related || p.measures.length !== 1 || p.measures[0].kind !== 'measure' || p.dimensions.length || p.filters.length || p.grain) return p;
  const m = model.measures.find((x) => x.name === (p.measures[0] as { name: string }).name);
  const table = model.tables.find((t) => t.name === r.table);
  if (!m || m.table !== r.table || m.agg !== 'count' || JSON.stringify(m.filter ?? {}) !== JSON.stringify(table?.defaultFilter ?? {})) return p;
  if (!/^\W*(?:and|what\s+about|how\s+about|same\s+(?:for|with))\b/i.test(question) || question.trim().split(/\s+/).length > 8) return p;
  const labelNow = r.label.includes(r.period.label) ? r.label.replace(r.period.label, p.period.label) : `${r.label.replace(/\s+(?:in|on|during)?\s*\S+(?:\s+\d{4})?$/, '')} ${p.period.label}`;
  return { ...p, measures: [], period: undefined, related: { table: r.table, period: p.period, label: labelNow }, followUp: true };
}

/** The words naming a dimension's rows: its own names, and for the rows of a key ("customer": orders.user_id) the entity's. */
function rowNouns(model: SemanticModel, dimName: string): string[] {
  const dim = model.dimensions.find((d) => d.name === dimName);
  if (!dim) return [];
  const key = dim.columns?.length === 1 ? dim.columns[0].split('.')[1] : undefined;
  const entity = key?.endsWith('_id') ? model.tables.find((t) => (t.entity ?? []).includes(key.slice(0, -3))) : undefined;
  return [dim.name, dim.label ?? '', ...(dim.synonyms ?? []), ...(entity ? [entity.name, ...(entity.entity ?? [])] : [])]
    .filter(Boolean).map((x) => x.toLowerCase().replace(/_/g, ' ')).map((x) => x.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
}

/**
 * "which country is the top account from?", "how many orders has that account placed?" after a ranking of accounts: a
 * row (or the rows) of the ranking, named by its noun. Read from the ranking's query, as "for the top one" is; what
 * cannot be built on those rows is refused by the compiler with its reason, never answered as another ranking.
 */
function rowOfRanking(model: SemanticModel, p: ParsedQuestion, prev: SemanticQuery | undefined, question: string): ParsedQuestion {
  // The ranking: the previous answer's, or the one it kept reading rows of ("that account" after the top account's country).
  const ranking = prev?.valuesOf?.query.limit && prev.valuesOf.query.order ? prev.valuesOf.query : prev;
  if (!prev || !ranking?.limit || !ranking.order || p.valuesOf || p.topOfPrevious || ranking.dimensions.length !== 1 || ranking.grain) return p;
  const dim = ranking.dimensions[0];
  const nouns = rowNouns(model, dim);
  if (!nouns.length) return p;
  // "top 5 is enough for that one": this answer, not a row of the last.
  const asked = question.replace(/\b(?:enough|fine|plenty|ok|okay)\s+for\s+(?:that|this)\s+one\b/gi, ' ');
  // "how many orders did each of those place?": all the ranking's rows, said without their noun.
  // "that home product" after the top product in home: a value the ranking is filtered on, said again before the noun.
  const said = new Set(ranking.filters.flatMap((f) => (f.kind === 'dimension' && !f.negate ? f.values.map((v) => v.toLowerCase()) : [])));
  const ref0 = new RegExp(`\\b(that|this|those|these|the\\s+(?:top|best|biggest|largest|leading|first|bottom|worst|smallest|last))\\s+(?:(one|two|three|four|five|\\d+)\\s+)?(?:([a-z-]+)\\s+)?(?:${nouns.join('|')}|one)s?\\b`, 'i').exec(asked);
  const ref = (ref0 && (!ref0[3] || (said.has(ref0[3].toLowerCase()) && /^(?:that|this|those|these)$/i.test(ref0[1]))) ? ref0 : null)
    ?? /\b(?:each|all|every\s+one|any)\s+of\s+(those|these|them)(?:\s+(one|two|three|four|five|\d+))?\s+(?!(?:days?|weeks?|months?|years?|%)\b)(?=[a-z])/i.exec(asked);
  if (!ref) return p;
  const lead = ref[1].toLowerCase();
  const count = ref[2] ? ({ one: 1, two: 2, three: 3, four: 4, five: 5 } as Record<string, number>)[ref[2].toLowerCase()] ?? Number(ref[2]) : undefined;
  // "show me the top 3 categories then" after the top one: more rows than the ranking has are a new cut of it, not its rows.
  if (count !== undefined && count > ranking.limit && /^the\s/i.test(ref[1])) return p;
  // "that account" names one row: the kept one, or the ranking's only one; "the top account", its first.
  const kept = prev !== ranking && prev.valuesOf ? prev.valuesOf : undefined;
  const n = count ?? (/^(?:those|these)$/.test(lead) ? ranking.limit : /^(?:that|this)$/.test(lead) ? (kept?.query.limit ?? ranking.limit) : 1);
  if (/^(?:that|this)$/.test(lead) && n !== 1) return refuse(`"${ref[0]}" is one of the ${ranking.limit} rows of the previous answer, which I do not read back: name it, or ask for "the top one".`);
  const order = /\b(?:bottom|worst|smallest|last)\b/.test(lead) ? (ranking.order === 'desc' ? 'asc' : 'desc') : ranking.order;
  const d = model.dimensions.find((x) => x.name === dim);
  const label = `the ${order === ranking.order ? 'top' : 'bottom'} ${n === 1 ? (d?.label ?? dim.replace(/_/g, ' ')) : `${n} ${d?.label ?? dim.replace(/_/g, ' ')} values`}${ranking.measures[0] ? ` by ${measureLabel(model, ranking.measures[0]).toLowerCase()}` : ''}`;
  // The ranking words were read as a ranking of the new answer ("the top account" as top 1): they name rows instead.
  const { limit, order: ownOrder, ...rest } = p;
  const out = limit === n && /^the\s/.test(lead) ? rest : { ...rest, ...(limit !== undefined ? { limit } : {}), ...(ownOrder ? { order: ownOrder } : {}) };
  return { ...out, dimensions: p.dimensions.filter((x) => x !== dim), followUp: true, topOfPrevious: { n, order, text: ref[0] }, valuesOf: { dimension: dim, query: { ...ranking, order, limit: n }, label } };
}

/**
 * "for the top one, revenue by month", "… for the bottom 2": the first rows of the previous answer's ranking of one
 * breakdown (its values ranked by its figure, cut at that many) — read from its query, as "in that category" is, not
 * from its rows. The words (read and taken out by parse/refer.ts) name those values; they rank nothing of the new answer.
 */
function topOfPrevious(model: SemanticModel, p: ParsedQuestion, prev: SemanticQuery | undefined): ParsedQuestion {
  const ref = p.topOfPrevious;
  if (!ref) return p;
  const dimName = prev && prev.dimensions.length === 1 && !prev.grain && !prev.comparePeriods && !prev.compareValues && !prev.rows ? prev.dimensions[0] : undefined;
  const dim = dimName ? model.dimensions.find((d) => d.name === dimName) : undefined;
  const names = dim ? [dim.name, dim.label ?? '', ...(dim.synonyms ?? [])].map((x) => x.toLowerCase()) : [];
  const noun = ref.noun?.toLowerCase();
  if (!prev || !dim || p.valuesOf || (noun && !/^ones?$/.test(noun) && !names.some((x) => x && (x === noun || `${x}s` === noun || x === noun.replace(/s$/, ''))))) {
    return refuse(`"${ref.text}" is a row of the previous answer, which I read only from a ranking of one breakdown just before it: name the value instead.`);
  }
  const label = `the ${ref.order === 'desc' ? 'top' : 'bottom'} ${ref.n === 1 ? (dim.label ?? dim.name.replace(/_/g, ' ')) : `${ref.n} ${dim.label ?? dim.name.replace(/_/g, ' ')} values`}${prev.measures[0] ? ` by ${measureLabel(model, prev.measures[0]).toLowerCase()}` : ''}`;
  return { ...p, dimensions: p.dimensions.filter((d) => d !== dim.name), followUp: true, valuesOf: { dimension: dim.name, query: { ...prev, order: ref.order, limit: ref.n }, label } };
}

/**
 * "top 3 products in that category": the value the previous answer is filtered to (kept as a refinement keeps it; the
 * word names no breakdown). When the previous answer has rows of several values or a ranking of them instead, which
 * one is meant is in its rows, which the next question does not have: refused, asking for the value by name.
 */
function thatValue(model: SemanticModel, p: ParsedQuestion, prev: SemanticQuery | undefined, question: string): ParsedQuestion {
  const ref = /\b(?:in|for|from|of|within|at|across)\s+(?:that|this|the\s+same|those|these)\s+(?:(?:two|three|four|five|\d+)\s+)?([a-z_]+)/i.exec(question);
  if (!ref || !prev) return p;
  const word = ref[1].toLowerCase();
  const dim = model.dimensions.find((d) => [d.name, ...(d.synonyms ?? [])].some((n) => n.toLowerCase() === word || `${n.toLowerCase()}s` === word));
  if (!dim || p.filters.some((f) => f.kind === 'dimension' && f.dimension === dim.name)) return p;
  const one = prev.filters.some((f) => f.kind === 'dimension' && f.dimension === dim.name && !f.negate && f.values.length === 1);
  if (one) return { ...p, dimensions: p.dimensions.filter((d) => d !== dim.name) };
  if (!prev.dimensions.includes(dim.name)) return p;
  // The previous answer's rows are of that dimension alone (a ranking or a list of its values): its query says which.
  if (prev.dimensions.length === 1 && !prev.grain && !prev.comparePeriods && !prev.compareValues && !prev.rows) {
    const noun = (dim.label ?? dim.name.replace(/_/g, ' ')).toLowerCase();
    const by = prev.measures[0] ? ` by ${measureLabel(model, prev.measures[0]).toLowerCase()}` : '';
    const label = prev.limit && prev.order
      ? `the ${prev.order === 'desc' ? 'top' : 'bottom'} ${prev.limit === 1 ? noun : `${prev.limit} ${noun} values`}${by}`
      : `the ${noun} values of the previous answer`;
    // "for those two categories, one row per day and category": named again as a breakdown, it stays one.
    const rest = question.replace(ref[0], ' ').toLowerCase();
    const again = [dim.name, ...(dim.synonyms ?? [])].some((n) => new RegExp(`\\b${n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/_/g, '[ _]')}s?\\b`).test(rest));
    return { ...p, dimensions: again ? p.dimensions : p.dimensions.filter((d) => d !== dim.name), followUp: true, valuesOf: { dimension: dim.name, query: prev, label } };
  }
  return refuse(`"${ref[0].replace(/^\S+\s+/, '')}" is a row of the previous answer, which I do not read back: name the ${word}, as in "${question.trim().replace(/[?.!]+$/, '').replace(ref[0], `${ref[0].split(/\s+/)[0]} <${word}>`)}".`);
}

/**
 * "by category", "now per week", "split by device" as the first message (or after a refused one): a refinement with
 * nothing to refine names no figure; it is refused naming what to ask, never answered with a default figure.
 */
function bareBreakdown(model: SemanticModel, p: ParsedQuestion, prev: SemanticQuery | undefined, question: string): ParsedQuestion {
  if (prev || !p.opensWithBreakdown || p.measures.length || p.entities.length || p.valueNouns?.length || p.countIntent || p.howMuch || p.showSql) return p;
  if (!p.dimensions.length && !p.grain) return p;
  const text = question.trim().replace(/[?.!]+$/, '').slice(0, 60);
  const dim = p.dimensions[0] ? model.dimensions.find((d) => d.name === p.dimensions[0]) : undefined;
  const tables = dim ? (dim.columns ?? []).map((c) => c.split('.')[0]) : [];
  const figure = model.tables.filter((t) => t.defaultMeasure && (!dim || tables.includes(t.name))).map((t) => t.defaultMeasure!)[0] ?? model.measures.find((m) => !m.hidden)?.name;
  const def = figure ? model.measures.find((m) => m.name === figure) : undefined;
  const bare = text.replace(/^\s*(?:(?:ok|okay|so|then|now|and|also|but|plus|what\s+about|how\s+about)\b[\s,]*)*/i, '');
  return refuse(`"${text}" — of what? There is no answer before it to break down; ask it with its figure${def ? `, as in "${label(def)} ${bare}"` : ''}.`);
}

/**
 * "include BR as well" after "orders by week in the US": a value "included" for a column the previous answer is filtered
 * to (not one the figure keeps to its own values, which "including" widens) joins that filter, as "add BR" does.
 */
function includedAsAdded(p: ParsedQuestion, prev: SemanticQuery | undefined): ParsedQuestion {
  if (!prev || !p.including.length) return p;
  const kept = (d: string): boolean => prev.filters.some((f) => f.kind === 'dimension' && f.dimension === d && !f.negate);
  const moved = p.including.filter((x) => kept(x.dimension) && !p.filters.some((f) => f.kind === 'dimension' && f.dimension === x.dimension));
  if (!moved.length) return p;
  const filters = [...new Set(moved.map((x) => x.dimension))].map((d) => ({ kind: 'dimension' as const, dimension: d, values: moved.filter((x) => x.dimension === d).map((x) => x.value) }));
  return { ...p, including: p.including.filter((x) => !moved.includes(x)), filters: [...p.filters, ...filters], addValues: true, followUp: true };
}

/**
 * "how many refunds were there that day?" after "and the day before?": the previous answer's period, with this
 * message's figure. "that day" / "that week" need a previous answer for one such unit; "that period" any period;
 * "then" is read as the period only when there is one.
 */
function thatPeriod(p: ParsedQuestion, prev: SemanticQuery | undefined): ParsedQuestion {
  const ref = p.thatPeriod;
  if (!ref || p.period || p.periodBefore || p.comparedToBefore) return p;
  // "orders on both of those days" after "revenue yesterday?" → "the day before?": both periods the thread named,
  // as "on both days" reads them (refine-query.ts), not the last one alone.
  if (p.both && prev?.replacedPeriod && /\b(?:those|these)\b/.test(ref.text)) {
    const { thatPeriod: _named, ...rest } = p;
    return rest;
  }
  // "the busiest day for signups, and how many signed up that day?": the day this question picks, shown with its figure.
  if (ref.unit && p.grain === ref.unit && (p.superlative || p.limit === 1)) {
    const { thatPeriod: _own, ...rest } = p;
    return rest;
  }
  const period = prev?.period;
  if (!period) {
    if (ref.soft) return p;
    return refuse(`"${ref.text}" refers to the period of the previous answer, and ${prev ? 'it has none (it is over all time)' : 'there is no answer before it'}: name the period, as in "yesterday" or "last week".`);
  }
  if (prev.comparePeriods) return refuse(`"${ref.text}" could be either period the previous answer compares (${period.label}): name the one you mean.`);
  if (ref.unit) {
    const unit = unitOfPeriod(periodOf(period));
    if (unit !== ref.unit) return refuse(`"${ref.text}" names one ${ref.unit}, and the previous answer is for ${period.label}: name the ${ref.unit}, as in "${ref.unit === 'day' ? 'yesterday' : `last ${ref.unit}`}".`);
  }
  return { ...p, period: { ...period } };
}

/** The count of one value of a column the previous figure is (refunds: status = refunded), and where the value is. */
function oneValueCount(model: SemanticModel, prev: SemanticQuery, rowsOnly: string[] = []): { def: ModelMeasure; column: string; value: string; filtered?: string } | undefined {
  if (prev.measures.length !== 1 || prev.rollup || prev.share || prev.change) return undefined;
  const m = prev.measures[0];
  if (m.kind !== 'measure') return undefined;
  const def = measureByName(model, m.name);
  if (def.agg !== 'count' || !def.table) return undefined;
  const table = model.tables.find((t) => t.name === def.table);
  const own = Object.entries(def.filter ?? {});
  const isDefault = JSON.stringify(def.filter ?? {}) === JSON.stringify(table?.defaultFilter ?? {});
  // A filter of the answer on a column the figure lets be chosen: "orders" → "only refunded".
  // "as a percentage of all mobile orders": a filter the message says the rows have is not the counted value.
  const kept = prev.filters.filter((f) => f.kind === 'dimension' && !f.negate && f.values.length === 1 && !rowsOnly.includes(f.dimension));
  for (const f of kept) {
    if (f.kind !== 'dimension') continue;
    const dim = model.dimensions.find((d) => d.name === f.dimension);
    const col = (dim?.columns ?? []).find((c) => c.startsWith(`${def.table}.`))?.slice(def.table.length + 1);
    if (col && (def.filter?.[col] === undefined || (def.overridableBy ?? []).includes(col)) && !prev.dimensions.includes(f.dimension)) {
      return { def, column: col, value: f.values[0], filtered: f.dimension };
    }
  }
  if (!isDefault && own.length === 1 && typeof own[0][1] === 'string') return { def, column: own[0][0], value: own[0][1] };
  return undefined;
}

/**
 * "make that a rate", "as a percentage", "what % is that" after a count of one value (refunds, or orders filtered to
 * refunded): the model's rate of that value among all rows of the table (refund rate), same breakdown and period.
 * After any other figure a percentage or share is the share of the total it always was; "a rate" of it is refused.
 */
function asRate(model: SemanticModel, p: ParsedQuestion, prev: SemanticQuery | undefined, question: string): ParsedQuestion {
  // "refunds last month as a percentage": a share of one figure with no breakdown and no filter of its own would be
  // 100 % of itself; for a count of one value it is that value's rate, as "refunds as a rate" reads it.
  // Not when the whole is a relative clause's entities ("of the users who signed up in March, what fraction have a
  // refunded order"): the share is then of those entities (entity-sets.ts), not the rate among their rows.
  const noun = p.related?.label.split(/\s+/)[0];
  const ofClause = !!noun && new RegExp(`\\bof\\s+(?:the\\s+|those\\s+|all\\s+)?${noun}\\s+(?:who|that|which)\\b`, 'i').test(question);
  if (!p.asRate && p.share && p.measures.length === 1 && !p.dimensions.length && !p.grain && !p.filters.length && !p.rollup && !ofClause) p = { ...p, asRate: p.share };
  if (!p.asRate) return p;
  const example = model.measures.find((m) => m.agg === 'ratio' && m.format === 'percent' && !m.hidden);
  // "refunds by device as a rate": the message's own figure; otherwise the previous answer's.
  const own = p.measures.length > 0;
  const of: SemanticQuery | undefined = own ? { model: model.name, measures: p.measures, dimensions: p.dimensions, filters: p.filters } : prev;
  if (!of) return p.asRate === 'rate' ? refuse(`"a rate" of what? There is no answer before it; ask for the figure, as in "${example ? label(example) : 'a rate'} by device".`) : { ...p, share: p.asRate };
  const one = oneValueCount(model, of, p.rateRowsNamed ? p.filters.flatMap((f) => (f.kind === 'dimension' ? [f.dimension] : [])) : []);
  const rate = one && model.measures.find((r) => {
    if (r.agg !== 'ratio' || !r.numerator || !r.denominator) return false;
    const num = measureByName(model, r.numerator);
    const den = measureByName(model, r.denominator);
    return num.agg === 'count' && num.table === one.def.table && JSON.stringify(num.filter ?? {}) === JSON.stringify({ [one.column]: one.value })
      && den.agg === 'count' && den.table === one.def.table && den.filter?.[one.column] === undefined;
  });
  if (rate && own) {
    const { share: _share, ...rest } = p;
    return { ...rest, ...(p.asRate === 'percent' ? { share: 'percent' as const } : {}), measures: [{ kind: 'measure', name: rate.name }], filters: p.filters.filter((f) => !(f.kind === 'dimension' && f.dimension === one.filtered)) };
  }
  if (rate) {
    const dropFilters = one.filtered ? [...(p.dropFilters ?? []), { dimension: one.filtered, value: one.value }] : p.dropFilters;
    return { ...p, ...(p.asRate === 'percent' ? { share: 'percent' as const } : {}), measures: [{ kind: 'measure', name: rate.name }], followUp: true, ...(dropFilters ? { dropFilters } : {}) };
  }
  if (p.asRate !== 'rate') return { ...p, share: p.asRate };
  const what = measureLabel(model, of.measures[0]).toLowerCase();
  return refuse(`I can turn into a rate only a count of one value the model has a rate for (such as ${model.measures.filter((m) => m.agg === 'ratio' && m.format === 'percent' && !m.hidden).map(label).slice(0, 3).join(', ')}); ${what} is not one. Ask for the rate by name.`);
}

/**
 * "same for user signups" after "first and last order timestamps": the previous answer's ends (min / max) of one
 * table's time column, asked of another table named by its figure — the same ends of that table's time column.
 */
function timeEndsOfOther(model: SemanticModel, p: ParsedQuestion, prev: SemanticQuery | undefined, question: string): ParsedQuestion {
  if (!prev?.measures.length || p.measures.length !== 1 || p.dimensions.length || p.filters.length || p.grain) return p;
  const ends = prev.measures.every((m) => m.kind === 'column' && (m.agg === 'min' || m.agg === 'max') && !m.bucket && model.tables.find((t) => t.name === m.table)?.time === m.column);
  if (!ends || !/^\W*(?:(?:ok|and|now)\W+)?(?:same|(?:and\s+)?(?:what\s+about|how\s+about)|(?:and\s+)?for)\b/i.test(question)) return p;
  const m = p.measures[0];
  const table = m.kind === 'column' ? m.table : model.measures.find((x) => x.name === m.name)?.table;
  const t = model.tables.find((x) => x.name === table);
  if (!t?.time || t.name === (prev.measures[0] as { table: string }).table) return p;
  return { ...p, measures: prev.measures.map((x) => ({ ...(x as Extract<typeof x, { kind: 'column' }>), table: t.name, column: t.time! })), followUp: true };
}

/**
 * "and their list prices?", "what's their AOV?" right after a ranking of one breakdown ("top 5 products by revenue"):
 * the new figure for the ranking's rows (its query read back), one row each — not a new ranking by the new figure.
 */
function theirFigure(model: SemanticModel, p: ParsedQuestion, prev: SemanticQuery | undefined, question: string): ParsedQuestion {
  if (!prev || p.valuesOf || !p.measures.length || p.limit !== undefined || p.order || p.superlative || p.grain || p.period) return p;
  if (!/\b(?:their|theirs|them|those|these)\b/i.test(question)) return p;
  const dimName = prev.dimensions.length === 1 && !prev.grain && !prev.comparePeriods && !prev.compareValues && !prev.rows && prev.limit && prev.order ? prev.dimensions[0] : undefined;
  const dim = dimName ? model.dimensions.find((d) => d.name === dimName) : undefined;
  if (!dim || p.dimensions.some((d) => d !== dim.name)) return p;
  const noun = dim.label ?? dim.name.replace(/_/g, ' ');
  const label = `the ${prev.order === 'desc' ? 'top' : 'bottom'} ${prev.limit === 1 ? noun : `${prev.limit} ${noun} values`}${prev.measures[0] ? ` by ${measureLabel(model, prev.measures[0]).toLowerCase()}` : ''}`;
  return { ...p, dimensions: [dim.name], followUp: true, valuesOf: { dimension: dim.name, query: prev, label } };
}

/**
 * "give me the median instead of the average" after "min, max and average revenue by category": the previous answer's
 * figures of that aggregate, read with the other; the rest of the answer (filters, period, breakdown) kept.
 */
function aggregateSwapped(p: ParsedQuestion, prev: SemanticQuery | undefined): ParsedQuestion {
  const swap = p.aggSwap;
  if (!swap) return p;
  const hit = prev?.measures.filter((m) => m.kind === 'column' && m.agg === swap.from) ?? [];
  if (!prev || !hit.length || p.measures.length) return refuse(`"${swap.to} instead of ${swap.from}" changes the previous answer's ${swap.from} of a column, and it has none: ask for the ${swap.to} with its column, as in "${swap.to} revenue by category".`);
  // Only the swapped figure is asked for: "the median instead of the average" answers the median.
  return { ...p, measures: hit.map((m) => ({ ...(m as Extract<typeof m, { kind: 'column' }>), agg: swap.to })), followUp: true };
}
