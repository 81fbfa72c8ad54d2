/**
 * "which of those are over $60?", "which days were above 5000?" after a breakdown or a series: a number with no column
 * of its own, said of the answer's rows, compares the answer's figure per row (HAVING), never the rows of the table
 * underneath (WHERE price > 60 would change the averages instead of picking categories).
 */
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { measureDisplay } from './compile-display.ts';
import { measureLabel } from './compiler.ts';
import type { SemanticModel } from './semantic-model.ts';
import type { SemanticQuery } from './semantic-query.ts';
import type { ParsedQuestion } from './parser.ts';
import { MONEY_UNIT } from './resolve.ts';
import { stem } from './vocabulary.ts';

/** Words pointing at the rows of the answer shown: "which of those", "the ones", "any of them". */
const ANSWER_ROWS = /\b(?:which|what|any|all)\s+(?:of\s+(?:those|these|them|the\s+above|the\s+rows)|ones)\b|\b(?:those|these|the\s+ones|ones|them)\b/i;

/**
 * Whether the message speaks of the rows of the previous answer: "which of those", "the ones", or "which countries" /
 * "which days" where the previous answer has a row per country / per day.
 */
export function namesAnswerRows(model: SemanticModel, question: string, prev: SemanticQuery): boolean {
  if (!(prev.dimensions.length || prev.grain)) return false;
  if (ANSWER_ROWS.test(question)) return true;
  // Also "only the categories where that avg is above 50", "just the countries over $100".
  const next = (/\b(?:which|what|any)\s+(?:of\s+the\s+)?([a-z_]+)/i.exec(question) ?? /^\W*(?:(?:ok|okay|so|and|now|then)\b[\s,]*)*(?:only|just|keep)\s+(?:the\s+)?([a-z_]+)\s+(?:where|with|that|which|whose|above|over|below|under|more|less|greater|at)\b/i.exec(question))?.[1];
  if (!next) return false;
  const w = stem(next.toLowerCase());
  const own = prev.dimensions.flatMap((d) => { const x = model.dimensions.find((y) => y.name === d); return [d, ...(x?.synonyms ?? [])]; });
  return own.some((o) => stem(o.toLowerCase()) === w) || (!!prev.grain && stem(prev.grain) === w);
}

/**
 * "which of those had more than 100 orders" after revenue by country: a threshold on another figure of the same rows
 * keeps the answer (its figure, breakdown, filters) and adds that figure with the threshold; the message is then
 * read as a refinement without figures of its own.
 */
export function thresholdOnAnswer(model: SemanticModel, p: ParsedQuestion, question: string, prev: SemanticQuery | undefined): ParsedQuestion {
  if (!prev || !p.measures.length || !p.thresholds.length || !namesAnswerRows(model, question, prev)) return p;
  const plain = p.thresholds.every((t) => t.measure && !t.times && !t.distinct && !t.distinctUnit);
  if (!plain || !p.measures.every((m) => m.kind === 'measure' && p.thresholds.some((t) => t.measure === m.name))) return p;
  return { ...p, measures: [], followUp: true };
}

/**
 * "what about more than 8" after "customers who ordered more than 5 times", "and above 8?" after "which of those have
 * a refund rate above 5": a bare number in a follow-up of an answer with one threshold replaces that threshold (its
 * direction and value), rather than filtering the table's rows by a column guessed for the number.
 */
export function replacedThreshold(model: SemanticModel, q: SemanticQuery, p: ParsedQuestion, prev: SemanticQuery | undefined): ParsedQuestion {
  if (!prev || p.numeric.length !== 1 || p.measures.length || p.numeric[0].word) return p;
  const n = p.numeric[0];
  if (q.rollup?.having && prev.rollup?.having && !n.unit) {
    q.rollup = { ...q.rollup, having: { op: n.op, value: n.value } };
    return { ...p, numeric: [] };
  }
  if (q.having?.length === 1 && prev.having?.length === 1) {
    const h = q.having[0];
    const shown = measureDisplay(model, h.measure);
    if (n.unit && MONEY_UNIT.test(n.unit) !== (shown.unit?.toLowerCase() === 'usd')) return p;
    q.having = [{ ...h, op: n.op, value: shown.format === 'percent' && n.value > 1 ? n.value / 100 : n.value }];
    return { ...p, numeric: [] };
  }
  return p;
}

/**
 * Moves the message's thresholds said of the answer's rows into `q.having` on its first figure and returns the
 * parsed question without them. Only in a follow-up of an answer with rows per group or time bucket; anything else
 * is returned as it was.
 */
export function answerRowsThreshold(model: SemanticModel, q: SemanticQuery, p: ParsedQuestion, question: string, prev: SemanticQuery | undefined): ParsedQuestion {
  if (!prev || !p.numeric.length || !namesAnswerRows(model, question, prev)) return p;
  const figure = q.measures[0];
  // "which countries had revenue over 10000": the message may name the answer's own figure, no other.
  const same = (m: unknown): boolean => JSON.stringify(m) === JSON.stringify(figure);
  if (!figure || !same(prev.measures[0]) || !p.measures.every(same)) return p;
  const names = new Set([measureLabel(model, figure), measureDisplay(model, figure).displayName, figure.kind === 'measure' ? figure.name : figure.column].map((w) => stem(w.toLowerCase().replace(/_/g, ' '))));
  if (!p.numeric.every((n) => !n.word || names.has(stem(n.word.toLowerCase())))) return p;
  const shown = measureDisplay(model, figure);
  for (const n of p.numeric) {
    if (n.unit && MONEY_UNIT.test(n.unit) && shown.unit?.toLowerCase() !== 'usd') {
      throw new DatalabsError('NOT_UNDERSTOOD', `"${n.op} ${n.value} ${n.unit}" compares an amount of money, and ${measureLabel(model, figure)} is not one: name the figure to compare, as in "which of those have revenue over ${n.value}".`);
    }
    const value = shown.format === 'percent' && n.value > 1 ? n.value / 100 : n.value;
    (q.having ??= []).push({ measure: figure, op: n.op, value });
  }
  return { ...p, numeric: [] };
}
