/**
 * After ranking, numbers left over: every number a question means something by is read by an earlier stage (periods, clock
 * hours, comparisons and equalities, row counts). A number still in the text after them is named as not understood,
 * so the question is refused instead of answered without it ("orders with 5 of them" is not "orders").
 */
import type { ParseState } from './state.ts';

export function numbersStage(st: ParseState): void {
  st.s = st.s.replace(/(?<=^|\s)-?\d+(?:\.\d+)?(?=\s|$)/g, (n: string) => { st.out.unknown.push(n); return ' '; });
}
