/**
 * Units in a question: "revenue by country (in usd)" names the unit the model gives the figure in and asks for nothing
 * (another unit is left to be named as not understood); "avg duration in seconds" asks for a figure the model measures
 * in a time unit to be shown in another (`inUnit`; the compiler checks it against the figure's own unit). Read in the
 * normalise stage.
 */
import type { ParseState } from './state.ts';

/** How people write a unit of the model, by its code. */
export const UNIT_NAMES: Record<string, string[]> = {
  ms: ['ms', 'milliseconds', 'millisecond', 'millis'], usd: ['usd', 'dollars', 'us dollars', 'dollar', '$'],
};

/** Time units by how people write them (and the model's unit codes). */
export const TIME_UNITS: Record<string, 'ms' | 's' | 'min' | 'h'> = {
  ms: 'ms', millisecond: 'ms', milliseconds: 'ms', millis: 'ms', s: 's', sec: 's', secs: 's', second: 's', seconds: 's',
  min: 'min', mins: 'min', minute: 'min', minutes: 'min', h: 'h', hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
};

/** Drops a unit the model already uses, and reads the time unit a duration is to be shown in. */
export function withUnits(st: ParseState, s: string): string {
  const { out } = st;
  const units = new Set([...st.model.tables.flatMap((t) => t.columns.map((c) => c.unit)), ...st.model.measures.map((m) => m.unit)]
    .filter((u): u is string => !!u && TIME_UNITS[u.toLowerCase()] === undefined).flatMap((u) => UNIT_NAMES[u.toLowerCase()] ?? [u.toLowerCase()]));
  if (units.size) {
    const alt = [...units].sort((a, b) => b.length - a.length).map((u) => u.replace(/[$.]/g, '\\$&')).join('|');
    s = s.replace(new RegExp(`[\\s,(]*\\b(?:in|as)\\s+(?:${alt})(?![a-z])\\)?(?=\\s*(?:[?.!,;]|$))`, 'g'), ' ');
  }
  // "avg event duration in seconds", "in minutes pls": a figure the model measures in a time unit, shown in another.
  const timed = [...st.model.tables.flatMap((t) => t.columns.map((c) => c.unit)), ...st.model.measures.map((m) => m.unit)]
    .some((u) => !!u && TIME_UNITS[u.toLowerCase()] !== undefined);
  if (timed) {
    s = s.replace(/[\s,(]*\b(?:in|as|into|to)\s+(seconds?|secs?|minutes?|mins?|hours?|hrs?|milliseconds?|millis|ms)\b\)?/, (_m, u: string) => {
      out.inUnit = TIME_UNITS[u] ?? TIME_UNITS[u.replace(/s$/, '')]; return ' ';
    });
  }
  return s;
}
