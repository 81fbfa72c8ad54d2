/**
 * "total dollar value of refunded orders (sum of revenue on orders with status refunded) by category": a bracket that
 * spells out what the words before it already ask — the same figures, values within the question's own, no other
 * grouping or period — restates it; read with the rest, its words would mix into the question's (a second status
 * value, a split), so the question is read without it.
 */
import type { ParsedQuestion } from './parser.ts';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The question without brackets that restate it; the question unchanged when none does. */
export function withoutRestatedBracket(question: string, parse: (text: string) => ParsedQuestion): string {
  let out = question;
  for (const m of question.matchAll(/\s*\(([^()]{3,200})\)/g)) {
    const inner = parse(m[1]);
    if (!inner.measures.length || inner.unknown.length || inner.numeric.length || inner.thresholds.length) continue;
    const rest = out.replace(m[0], ' ');
    const head = parse(rest);
    if (head.unknown.length || !same(head.measures, inner.measures)) continue;
    if (inner.period && !same(inner.period, head.period)) continue;
    if (!inner.dimensions.every((d) => head.dimensions.includes(d))) continue;
    if (!inner.filters.every((f) => head.filters.some((g) => same(f, g)))) continue;
    out = rest;
  }
  return out;
}
