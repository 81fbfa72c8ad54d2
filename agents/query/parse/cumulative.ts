/**
 * Stage 2, running totals: "running total of revenue by day", "cumulative signups by week", "revenue to date by
 * day, cumulatively". The words are read here (so "total" is not taken for a sum and "running" is never dropped);
 * the agent then asks for a time series and the compiler adds the series up in order (a window over the buckets).
 */
import type { ParseState } from './state.ts';

/** "a running total of", "the cumulative sum of", "cumulative", "cumulatively", "summed up over time". */
const RUNNING = /\b(?:(?:a|the)\s+)?(?:running|cumulative|cumulated|accumulated)\s+(?:total|sum|count|tally)s?(?:\s+(?:of|for|in))?\b|\b(?:cumulative|cumulated|accumulated|cumulatively)\b|\b(?:added|summed)\s+up\s+over\s+time\b/;

export function cumulativeStage(st: ParseState): void {
  let s = st.s;
  let m = RUNNING.exec(s);
  if (!m) return;
  while (m) {
    s = `${s.slice(0, m.index)} ${s.slice(m.index + m[0].length)}`;
    m = RUNNING.exec(s);
  }
  st.out.cumulative = true;
  st.s = s;
}
