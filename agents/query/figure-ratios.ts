/**
 * "revenue divided by units", "units per order", "the ratio of refunds to orders": one figure of the model over
 * another of the same table, asked for in the question's own words. The model names a few ratios (average order
 * value, refund rate …); any other pair of its figures on one table is a ratio the agent can compute the same way
 * (each part with its own rows: `sumIf(revenue, status = 'completed') / countIf(…)`), so the agent's copy of each
 * model carries those pairs as hidden measures, `derived`, derived again from the model wherever it is loaded.
 * They are named in a question only by `ratioPhrase` (parse/figure-ratio.ts rewrites the question's division into it).
 */
import type { ModelMeasure, SemanticModel } from './semantic-model.ts';

const derivedModels = new WeakMap<SemanticModel, SemanticModel>();

/** The measure name of `a` over `b` (both measure names of the model). */
export const ratioName = (a: string, b: string): string => `${a}_per_${b}`;

/**
 * The only words that name a derived ratio: the two figures' names joined by "_divided_by_", one token to the
 * question's other readers (a "by" inside it is not a breakdown), the words "<a> divided by <b>" to the vocabulary.
 */
export const ratioPhrase = (a: string, b: string): string => `${a}_divided_by_${b}`;

/** A figure a derived ratio may have as a part: one aggregate of one table, of no fixed time grain. */
export const isRatioPart = (m: ModelMeasure): boolean => m.agg !== 'ratio' && !!m.table && !m.grain && !m.derived;

const labelOf = (m: ModelMeasure): string => m.label ?? m.name.replace(/_/g, ' ');

/** The model with a hidden ratio for each ordered pair of its figures on one table that it does not define itself. */
export function withFigureRatios(model: SemanticModel): SemanticModel {
  const known = derivedModels.get(model);
  if (known) return known;
  const names = new Set(model.measures.map((m) => m.name));
  const defined = new Set(model.measures.filter((m) => m.agg === 'ratio').map((m) => `${m.numerator}/${m.denominator}`));
  const parts = model.measures.filter(isRatioPart);
  const derived: ModelMeasure[] = [];
  for (const a of parts) {
    for (const b of parts) {
      if (a === b || a.table !== b.table || defined.has(`${a.name}/${b.name}`) || names.has(ratioName(a.name, b.name))) continue;
      const money = a.format === 'currency' && b.format !== 'currency';
      derived.push({
        name: ratioName(a.name, b.name),
        label: `${labelOf(a)} per ${labelOf(b)}`,
        synonyms: [ratioPhrase(a.name, b.name)],
        agg: 'ratio',
        numerator: a.name,
        denominator: b.name,
        format: money ? 'currency' : 'decimal(2)',
        ...(money && a.unit ? { unit: a.unit } : {}),
        displayName: `${(a.displayName ?? labelOf(a)).replace(/^./, (c) => c.toUpperCase())} per ${(b.displayName ?? labelOf(b)).toLowerCase()}`,
        hidden: true,
        derived: true,
      });
    }
  }
  const out = derived.length ? { ...model, measures: [...model.measures, ...derived] } : model;
  derivedModels.set(model, out);
  derivedModels.set(out, out);
  return out;
}
