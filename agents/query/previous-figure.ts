/**
 * Figures of a follow-up that name something of the previous answer rather than a new question: a status added beside
 * the counted rows ("cancelled too"), a value the previous answer was filtered on ("purchases instead"), a value named
 * instead of one it kept ("checkout events instead of logins").
 */
import { MONTHS } from './calendar-words.ts';
import { measureByName } from './compiler.ts';
import { parseQuestion, type ParsedQuestion } from './parser.ts';
import type { SemanticModel } from './semantic-model.ts';
import type { FilterSpec, SemanticQuery } from './semantic-query.ts';
import { valueFilterOf } from './refine-query.ts';
import { baseTableOf } from './resolve.ts';

/**
 * "refunded too", "and cancelled as well", "revenue, refunded too": a value added ("too", "as well", "also") to a column
 * the figure keeps to its own values by definition (completed orders), with no filter of that column kept to add it to,
 * is included beside them as "including refunded" reads it — never the only rows counted.
 */
export function addedAsIncluded(model: SemanticModel, p: ParsedQuestion, prev: SemanticQuery | undefined): ParsedQuestion {
  if (!p.addValues) return p;
  const figure = p.measures[0] ?? prev?.measures[0];
  if (!figure) return p;
  const table = model.tables.find((t) => t.name === baseTableOf(model, figure));
  let def = figure.kind === 'measure' ? measureByName(model, figure.name) : undefined;
  while (def?.agg === 'ratio') def = measureByName(model, def.numerator!);
  const own = def ? def.filter : table?.defaultFilter;
  // Only a figure over the table's default rows; "refunds" → "cancelled too" counts the orders of either status (refine).
  if (!own || JSON.stringify(own) !== JSON.stringify(table?.defaultFilter ?? {})) return p;
  const moved = p.filters.filter((f): f is Extract<FilterSpec, { kind: 'dimension' }> => {
    if (f.kind !== 'dimension' || f.negate) return false;
    const col = (model.dimensions.find((d) => d.name === f.dimension)?.columns ?? []).find((c) => c.startsWith(`${table?.name}.`))?.split('.')[1];
    // A kept filter of that column takes the value ("only refunded" → "cancelled too"); a split by it counts every value.
    const kept = prev?.filters.some((x) => x.kind === 'dimension' && x.dimension === f.dimension && !x.negate) || prev?.dimensions.includes(f.dimension);
    return !!col && own?.[col] !== undefined && !kept;
  });
  if (!moved.length) return p;
  return { ...p, filters: p.filters.filter((f) => !moved.includes(f as never)), including: [...p.including, ...moved.flatMap((f) => f.values.map((value) => ({ dimension: f.dimension, value })))] };
}

/**
 * Figures that, after the previous answer, name one of its filter values rather than a new question:
 * "purchases instead" after "checkout events per day" (the noun of orders is also event type = purchase, the dimension
 * the previous answer is filtered on, and orders are another table) swaps the value; "for refunded orders" after
 * "avg quantity per order by device" (a figure counting one status, after "for") filters the previous answer by it.
 */
export function asValueOfPrevious(model: SemanticModel, p: ParsedQuestion, prev: SemanticQuery): ParsedQuestion {
  const bare = !p.dimensions.length && !p.grain && p.limit === undefined && !p.superlative && !p.rollup && !p.share && !p.change;
  if (!bare || p.measures.length !== 1 || p.measures[0].kind !== 'measure') return p;
  const alt = p.measureValues?.[p.measures[0].name];
  if (alt && (p.followUp || p.filterRefinement) && baseTableOf(model, p.measures[0]) !== baseTableOf(model, prev.measures[0])
    && (prev.filters.some((f) => f.kind === 'dimension' && f.dimension === alt.dimension && !f.negate)
      // "only purchases" after "events per hour": a value of a column of the previous figure's table restricts its rows.
      || (p.filterRefinement && !!prevTableHas(model, prev, alt.dimension)))) {
    return { ...p, measures: [], filters: [...p.filters, { kind: 'dimension', dimension: alt.dimension, values: [alt.value] }], followUp: true };
  }
  if (p.forOpener && !p.filterRefinement && !p.filters.length && valueFilterOf(model, p.measures[0], prev)) return { ...p, filterRefinement: true, followUp: true };
  // "same for checkout events" after the average duration of add-to-cart events: the rows' noun (the plain count of the
  // previous figure's table) names the rows the kept figure is now over, not a figure of its own.
  const m = measureByName(model, p.measures[0].name);
  const table = model.tables.find((t) => t.name === m.table);
  if (p.sameFor && p.filters.length && m.agg === 'count' && table && baseTableOf(model, prev.measures[0]) === table.name
    && JSON.stringify(m.filter ?? {}) === JSON.stringify(table.defaultFilter ?? {})) return { ...p, measures: [], filterRefinement: true, followUp: true };
  return p;
}

/** Whether every figure of the previous answer is over a table that has the dimension's column, and counts all its values. */
function prevTableHas(model: SemanticModel, prev: SemanticQuery, dimension: string): boolean {
  const dim = model.dimensions.find((d) => d.name === dimension);
  return !!dim && prev.measures.length > 0 && prev.measures.every((pm) => {
    const table = baseTableOf(model, pm);
    const col = (dim.columns ?? []).find((c) => c.startsWith(`${table}.`))?.slice(table.length + 1);
    if (!col) return false;
    if (pm.kind !== 'measure') return true;
    const d = measureByName(model, pm.name);
    const parts = d.agg === 'ratio' ? [measureByName(model, d.numerator!), measureByName(model, d.denominator!)] : [d];
    return parts.every((x) => x.filter?.[col] === undefined);
  });
}

/**
 * "what about checkout events instead of logins?" after "distinct users with a login event": the value named instead
 * of one the previous answer kept is what changes; "events" names that value's rows, not a new figure, so the
 * previous figure stays (a figure of the same table, counted the plain way, is the noun of the rows).
 */
export function withValueSwapped(model: SemanticModel, p: ParsedQuestion, prev: SemanticQuery, now: Date): ParsedQuestion {
  if (!p.replaces || p.measures.length !== 1 || p.measures[0].kind !== 'measure') return p;
  const gone = parseQuestion(model, p.replaces, now).filters.find((f) => f.kind === 'dimension' && !f.negate);
  if (!gone || gone.kind !== 'dimension' || !prev.filters.some((f) => f.kind === 'dimension' && f.dimension === gone.dimension && !f.negate && gone.values.every((v) => f.values.includes(v)))) return p;
  if (!p.filters.some((f) => f.kind === 'dimension' && f.dimension === gone.dimension && !f.negate)) return p;
  const md = model.measures.find((m) => m.name === (p.measures[0] as { name: string }).name);
  const table = model.tables.find((t) => t.name === md?.table);
  if (!md || !table || md.agg !== 'count' || md.filter || table.defaultMeasure === undefined && md.name !== table.name) return p;
  if (prev.measures.some((m) => JSON.stringify(m) === JSON.stringify(p.measures[0])) || !prev.measures.every((m) => baseTableOf(model, m) === table.name)) return p;
  return { ...p, measures: [], followUp: true };
}

/**
 * "and in demo.orders" after "how many distinct user_ids are in demo.events": another table named with nothing asked of
 * it but its rows asks the previous answer's column figures of that table, when it has those columns. Its count of every
 * row ("counting every row", "all orders") lifts its default rows for them too.
 */
export function withColumnsOfTableNamed(model: SemanticModel, p: ParsedQuestion, prev: SemanticQuery): ParsedQuestion {
  const bare = !p.dimensions.length && !p.grain && p.limit === undefined && !p.superlative && !p.rollup && !p.share && !p.change;
  if (!p.namesTable || !bare || p.measures.length !== 1 || p.measures[0].kind !== 'measure') return p;
  const md = measureByName(model, p.measures[0].name);
  const table = model.tables.find((t) => t.name === md.table);
  if (md.agg !== 'count' || !table) return p;
  const cols = prev.measures;
  const moves = cols.length > 0 && cols.every((m) => m.kind === 'column' && m.table !== table.name && !m.of && !m.bucket && table.columns.some((c) => c.name === m.column));
  if (!moves) return p;
  const all = !md.filter && !!table.defaultFilter;
  return { ...p, measures: cols.map((m) => ({ ...m, table: table.name, ...(all ? { all: true } : {}) })), followUp: true };
}

/**
 * "just the 3 countries with the highest rate", "now the same rate for the 10 days before that" after a cancellation
 * rate: the word "rate" alone names the previous answer's rate (its label, "cancellation rate") when it is one.
 */
export function withRateOfPrevious(model: SemanticModel, question: string, prev: SemanticQuery | undefined): string {
  const m = prev?.measures.length === 1 && prev.measures[0].kind === 'measure' ? model.measures.find((x) => x.name === (prev.measures[0] as { name: string }).name) : undefined;
  const label = m?.agg === 'ratio' ? (m.label ?? m.name.replace(/_/g, ' ')) : undefined;
  if (!label || !/\brate$/i.test(label)) return question;
  // Not "that rate" / "this rate", read as the previous figure already (with its kept filters).
  return question.replace(/\b((?:the|same|highest|lowest|best|worst|its|their)\s+)rate\b/gi, `$1${label}`);
}

/** A whole calendar month or day of a period as words the parser reads ("April 2025", "2025-06-09"), else undefined. */
function periodWords(p: { from: string; to: string; toInclusive?: boolean; openStart?: boolean }): string | undefined {
  const from = new Date(`${p.from.replace(' ', 'T')}Z`), to = new Date(`${p.to.replace(' ', 'T')}Z`);
  if (p.openStart || p.toInclusive || Number.isNaN(from.getTime()) || from.getUTCHours() || to.getUTCHours()) return undefined;
  if (to.getTime() - from.getTime() === 86_400_000) return from.toISOString().slice(0, 10);
  const next = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
  return from.getUTCDate() === 1 && next.getTime() === to.getTime() ? `${MONTHS[from.getUTCMonth()]} ${from.getUTCFullYear()}` : undefined;
}

/**
 * "How many customers made a purchase in both of those months?" after "last month" and "the month before that": the two
 * periods the thread named, written out ("in both April 2025 and May 2025"), so the question is read with them.
 */
export function withBothPeriodsNamed(question: string, prev: SemanticQuery | undefined): string {
  const m = /\b(in|during|on)\s+both\s+(?:of\s+)?(?:those|these|the)\s+(?:two\s+)?(?:months|days|periods)\b/i.exec(question);
  if (!m || !prev?.period || !prev.replacedPeriod) return question;
  const [a, b] = [prev.replacedPeriod, prev.period].sort((x, y) => x.from.localeCompare(y.from)).map(periodWords);
  return a && b ? `${question.slice(0, m.index)}${m[1]} both ${a} and ${b}${question.slice(m.index + m[0].length)}` : question;
}
