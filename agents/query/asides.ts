/**
 * Asides: a bracketed remark that only gives context ("(the campaign day)", "(for the board)") asks for nothing.
 * When the words the agent did not understand all sit in such remarks, the question is read without them.
 */
import type { ParsedQuestion } from './parser.ts';

/**
 * The question without the bracketed remarks that hold a word not understood and, read alone, name no figure,
 * grouping, value, number or period (and no "by" / "only" / "not"); undefined when there is none.
 */
export function withoutAsides(question: string, unknown: string[], parse: (text: string) => ParsedQuestion): string | undefined {
  const lower = new Set(unknown.map((u) => u.toLowerCase()));
  let out = question;
  for (const m of question.matchAll(/\(([^()]*)\)/g)) {
    const inner = m[1];
    if (!inner.toLowerCase().split(/[^a-z0-9_'.-]+/).some((w) => lower.has(w))) continue;
    if (/\d/.test(inner) || /\b(?:by|per|each|every|only|just|not|no|excluding|exclude|excl|except|without|vs|versus|including)\b/i.test(inner)) continue;
    const p = parse(inner);
    if (p.measures.length || p.dimensions.length || p.filters.length || p.numeric.length || p.period || p.thresholds.length) continue;
    out = out.replace(m[0], ' ');
  }
  return out === question ? undefined : out.replace(/\s+/g, ' ').replace(/\s+([?.!,])/g, '$1').trim();
}
