/**
 * The offline parser: one question → a fragment of a semantic query (what the
 * question itself says). The agent completes it into a full query, or applies
 * it to the previous one for a follow-up. Unknown words are reported, never
 * guessed. It runs as a sequence of small stages over one typed state (parse/state.ts):
 *
 *   normalise → refer → change → running total → chart & order → related period → time → thresholds → ranking → numbers left → tokens → terms → grouping
 */
import type { SemanticModel } from './semantic-model.ts';
import { DEFAULT_MAX_ROWS } from './bounds.ts';
import { changeStage } from './parse/change.ts';
import { cumulativeStage } from './parse/cumulative.ts';
import { chartAndOrderStage } from './parse/chart-order.ts';
import { normaliseStage } from './parse/normalise.ts';
import { mixStage } from './parse/mix.ts';
import { ownersColumnStage } from './parse/owners-column.ts';
import { numbersStage } from './parse/numbers.ts';
import { rankingStage } from './parse/ranking.ts';
import { referStage } from './parse/refer.ts';
import { relatedStage } from './parse/related.ts';
import { sharePartStage } from './parse/share-part.ts';
import { emptyParsed, vocabularyOf, type ParsedQuestion, type ParseState, type Stage } from './parse/state.ts';
import { termStage } from './parse/terms.ts';
import { thresholdStage } from './parse/thresholds.ts';
import { timeStage } from './parse/time.ts';
import { tokenStage } from './parse/tokens.ts';

export type { ParsedQuestion, PendingNumeric } from './parse/state.ts';

/** The stages after normalisation, in order; each reads `st.s` / `st.items` and writes `st.out`. */
export const STAGES: Stage[] = [referStage, sharePartStage, changeStage, cumulativeStage, chartAndOrderStage, relatedStage, timeStage, thresholdStage, rankingStage, numbersStage, mixStage, ownersColumnStage, tokenStage, termStage];


/**
 * Parses one question into the fragment it states. A row count outside 1..maxRows, a compared number that is
 * not finite or absurdly large, and an impossible or out-of-range date are refused (BAD_INPUT, one line).
 */
export function parseQuestion(model: SemanticModel, question: string, now: Date, opts: { maxRows?: number } = {}): ParsedQuestion {
  const { vocab, known } = vocabularyOf(model);
  const st: ParseState = {
    model, vocab, known, now, maxRows: opts.maxRows ?? DEFAULT_MAX_ROWS, s: '', out: emptyParsed(), tokens: [], raw: [], items: [],
  };
  normaliseStage(st, question);
  for (const stage of STAGES) {
    if (st.done) break;
    stage(st);
  }
  st.out.measures = oneNamePerFigure(model, st.out.measures);
  rateAsShareOfWhole(model, st.out);
  // "by hour of day … one row per hour": a grain a breakdown is also named by (hour of day's word "hour") restates it.
  const grain = st.out.grain;
  // Only when the breakdown is named by other words too ("hour of day"); "revenue per hour, one row per hour" is the grain.
  const said = question.toLowerCase().replace(/[_\s]+/g, ' ');
  if (grain && !st.out.rollup && st.out.dimensions.some((d) => {
    const dim = model.dimensions.find((x) => x.name === d);
    return !!dim?.synonyms?.includes(grain) && [dim.label ?? '', ...(dim.synonyms ?? [])].some((w) => w.includes(' ') && said.includes(w));
  })) delete st.out.grain;
  return st.out;
}

/**
 * "how many users signed up last month": two names of one figure (users and signups both count the users table) are
 * asked once, under the first name; measures that differ in table, aggregate, column, filter or grain are all kept.
 */
function oneNamePerFigure(model: SemanticModel, measures: ParsedQuestion['measures']): ParsedQuestion['measures'] {
  const seen = new Set<string>();
  return measures.filter((m) => {
    const d = m.kind === 'measure' ? model.measures.find((x) => x.name === m.name) : undefined;
    // "units sold … sum the quantity": an aggregate of a column over the table's default rows is the figure of that name.
    const t = m.kind === 'column' && !m.of && !m.bucket && m.agg === 'sum' ? model.tables.find((x) => x.name === m.table) : undefined;
    // "orders and mobile orders": a figure with values of its own is another figure.
    const key = d && d.agg !== 'ratio' ? JSON.stringify([d.table, d.agg, d.column ?? '', d.filter ?? {}, d.overridableBy ?? [], d.grain ?? '', ...(m.kind === 'measure' && m.own?.length ? [m.own] : [])])
      : t ? JSON.stringify([t.name, 'sum', (m as { column: string }).column, t.defaultFilter ?? {}, t.overridableBy ?? [], '']) : JSON.stringify(m);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * "what share of refunded orders came via mobile": the part (mobile) is of another column than the rows named
 * (refunded): the share of those rows that have it, not the model's rate of their value (refund rate on mobile).
 */
function rateAsShareOfWhole(model: SemanticModel, out: ParsedQuestion): void {
  const so = out.shareOf, m = out.measures[0];
  if (!so || out.measures.length !== 1 || m.kind !== 'measure' || !so.part.length || !so.whole.length) return;
  const rate = model.measures.find((x) => x.name === m.name);
  const num = rate?.agg === 'ratio' ? model.measures.find((x) => x.name === rate.numerator) : undefined;
  const own = Object.entries(num?.filter ?? {});
  if (!num || num.agg !== 'count' || own.length !== 1) return;
  const partDims = new Set(so.part.map((v) => v.dimension));
  const wholeNamesIt = so.whole.some((v) => v.value === own[0][1] && !partDims.has(v.dimension));
  if (!wholeNamesIt || so.part.some((v) => v.value === own[0][1])) return;
  out.measures = [{ kind: 'measure', name: num.name }];
  out.share ??= 'fraction';
}
