/**
 * `/alert <question or SQL> <condition> [every <interval>]` split into a rule's
 * query, condition and schedule with the rules grammar (alerts/rules): the
 * interval is the text after the last ` every `, the condition the earliest
 * tail that `parseCondition` reads; the rest is the question or SQL.
 */
import { ConditionError, parseCondition, CONDITION_FORMS } from '../../../alerts/rules/index.ts';

export interface AlertRequest {
  query: string;
  condition: string;
  every: string;
}

/** Words a condition starts with (rules/condition.ts). */
const CONDITION_START = /^(above|below|over|under|>=?|<=?|outside|crosses|change|increase|rise|decrease|drop|fall|no|freshness|anomaly|anomalies)$/i;

/** Plain-words intervals → the rules grammar: "hour" → 1h, "2 hours" → 2h, "daily" → 1d. */
export function normaliseEvery(text: string): string {
  const s = text.trim().toLowerCase();
  const word: Record<string, string> = { hour: '1h', hourly: '1h', day: '1d', daily: '1d', week: '1w', weekly: '1w', minute: '1m', month: '0 0 1 * *', monthly: '0 0 1 * *' };
  if (word[s]) return word[s];
  const m = /^(\d+)\s*(minutes?|mins?|hours?|hrs?|days?|weeks?)$/.exec(s);
  if (m) return `${m[1]}${m[2][0] === 'h' ? 'h' : m[2][0] === 'd' ? 'd' : m[2][0] === 'w' ? 'w' : 'm'}`;
  return text.trim();
}

/** The request, or the one line saying what is wrong with it. */
export function parseAlertRequest(text: string, defaultEvery = '1d'): { ok: true; request: AlertRequest } | { ok: false; error: string } {
  let rest = text.trim().replace(/\s+/g, ' ');
  let every = defaultEvery;
  const at = rest.toLowerCase().lastIndexOf(' every ');
  if (at > 0) {
    every = normaliseEvery(rest.slice(at + 7));
    rest = rest.slice(0, at).trim();
  }
  const words = rest.split(' ');
  let lastError: string | undefined;
  for (let i = 1; i < words.length; i++) {
    if (!CONDITION_START.test(words[i])) continue;
    const condition = words.slice(i).join(' ');
    try {
      parseCondition(condition);
      return { ok: true, request: { query: words.slice(0, i).join(' '), condition, every } };
    } catch (err) {
      if (!(err instanceof ConditionError)) throw err;
      lastError = `condition: ${err.message}`;
    }
  }
  if (lastError) return { ok: false, error: lastError };
  return { ok: false, error: `condition: none found in "${rest}": end with one of ${CONDITION_FORMS}, e.g. /alert refund rate on mobile above 10% every 1h` };
}

/** A rule name from the request: `refund-rate-on-mobile-above-10pct`, at most 60 characters. */
export function ruleNameOf(r: Pick<AlertRequest, 'query' | 'condition'>): string {
  const base = `${r.query.slice(0, 40)} ${r.condition}`
    .toLowerCase()
    .replace(/%/g, 'pct')
    .replace(/>/g, ' gt ')
    .replace(/</g, ' lt ')
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60)
    .replace(/[-.]+$/, '');
  return base || 'alert';
}
