/**
 * The `condition:` line of a rule, parsed. The grammar (case-insensitive):
 *
 *   above X | below X | > X | < X       threshold (X may be a percent: `above 10%` = 0.1)
 *   outside A..B                        below A or above B
 *   crosses X                           the value moved from one side of X to the other since the previous period
 *   change > 30% vs previous period     relative change either way (`increase > …` / `decrease > …` one way;
 *   change > 30% vs same period last week    without % an absolute change); `min_volume` is the floor
 *   no data for 2h                      the query returned no rows for that long
 *   freshness of demo.events > 1h       the newest row of the table (its first DateTime column, or
 *                                       `demo.events.event_time`) is older than that
 *   anomaly [up|down|both] [low|medium|high] [min volume N] [by DIMENSION]
 *                                       the anomaly detector (alerts/anomaly) flags the period: `up` only
 *                                       spikes and rises, `down` only dips and drops (default both);
 *                                       `by device` watches one series per value of the dimension
 */
import { parseDuration } from './duration.ts';

export type Condition =
  | { kind: 'threshold'; op: 'above' | 'below'; value: number }
  | { kind: 'outside'; low: number; high: number }
  | { kind: 'crosses'; value: number }
  | { kind: 'change'; direction: 'any' | 'up' | 'down'; amount: number; percent: boolean; baseline: 'previous' | 'last_week' }
  | { kind: 'nodata'; forMs: number }
  | { kind: 'freshness'; table: string; column?: string; maxAgeMs: number }
  | { kind: 'anomaly'; sensitivity: 'low' | 'medium' | 'high'; direction: 'up' | 'down' | 'both'; minVolume?: number; splitBy?: string };

export const CONDITION_FORMS = 'above X, below X, outside A..B, crosses X, change > 30% vs previous period, change > 30% vs same period last week, no data for 2h, freshness of db.table > 1h, anomaly [up|down] [low|medium|high] [by dimension]';

/** Thrown with the message for the one line a bad rule gets. */
export class ConditionError extends Error {}

const NUM = String.raw`[-+]?(?:\d[\d_,]*(?:\.\d+)?|\.\d+)(?:e[-+]?\d+)?%?`;

/** A number as written in a condition: `0.1`, `30000`, `30,000`, `10%` (= 0.1). Undefined when it is not one. */
export function parseNumber(text: string): number | undefined {
  const s = text.trim();
  if (!new RegExp(`^${NUM}$`, 'i').test(s)) return undefined;
  const pct = s.endsWith('%');
  const n = Number(s.replace(/%$/, '').replace(/[_,]/g, ''));
  if (!Number.isFinite(n)) return undefined;
  return pct ? n / 100 : n;
}

function number(word: string, what: string): number {
  const n = parseNumber(word);
  if (n === undefined) throw new ConditionError(`${what} "${word}" is not a number`);
  return n;
}

const IDENT = String.raw`[A-Za-z_][A-Za-z0-9_]*`;

export function parseCondition(text: string): Condition {
  const s = text.trim().replace(/\s+/g, ' ');
  const lower = s.toLowerCase();
  let m: RegExpExecArray | null;
  if ((m = /^(above|below|over|under|>|<|>=|<=)\s*(.+)$/i.exec(s))) {
    const op = ['above', 'over', '>', '>='].includes(m[1].toLowerCase()) ? 'above' : 'below';
    return { kind: 'threshold', op, value: number(m[2], 'the threshold') };
  }
  if ((m = /^outside\s+(.+?)\s*\.\.\s*(.+)$/i.exec(s))) {
    const low = number(m[1], 'the lower bound');
    const high = number(m[2], 'the upper bound');
    if (low > high) throw new ConditionError(`the range ${m[1]}..${m[2]} is backwards: write the lower bound first`);
    return { kind: 'outside', low, high };
  }
  if (/^outside\b/i.test(s)) throw new ConditionError(`"${s}" needs a range written A..B, e.g. outside 10..20`);
  if ((m = /^crosses\s+(.+)$/i.exec(s))) return { kind: 'crosses', value: number(m[1], 'the threshold') };
  if ((m = /^(change|increase|rise|decrease|drop|fall)\s*(?:>=?|by more than|more than|over)\s*(\S+)\s+vs\.?\s+(.+)$/i.exec(s))) {
    const word = m[1].toLowerCase();
    const direction = word === 'change' ? 'any' : ['increase', 'rise'].includes(word) ? 'up' : 'down';
    const amountText = m[2];
    const percent = amountText.endsWith('%');
    const amount = number(amountText.replace(/%$/, ''), 'the change');
    if (amount < 0) throw new ConditionError(`the change "${amountText}" must not be negative (use increase / decrease for one direction)`);
    const base = m[3].toLowerCase().replace(/^the\s+/, '');
    const baseline = /^(previous|prior|last) (period|hour|day|week|month|interval)$/.test(base) ? 'previous' : /^same (period|time|hour|day) (last|a|previous) week$|^(last|previous) week$/.test(base) ? 'last_week' : undefined;
    if (!baseline) throw new ConditionError(`"vs ${m[3]}" is not a baseline: write "vs previous period" or "vs same period last week"`);
    return { kind: 'change', direction, amount, percent, baseline };
  }
  if (/^(change|increase|rise|decrease|drop|fall)\b/i.test(s)) throw new ConditionError(`"${s}" is not a change condition: write e.g. change > 30% vs previous period`);
  if ((m = /^no data (?:for|in) (.+)$/i.exec(s))) {
    const forMs = parseDuration(m[1]);
    if (!forMs) throw new ConditionError(`"${m[1]}" is not a duration (write e.g. 2h, 30m, 1d)`);
    return { kind: 'nodata', forMs };
  }
  if ((m = new RegExp(`^freshness of (${IDENT})\\.(${IDENT})(?:\\.(${IDENT}))? *>=? *(.+)$`, 'i').exec(s))) {
    const maxAgeMs = parseDuration(m[4]);
    if (!maxAgeMs) throw new ConditionError(`"${m[4]}" is not a duration (write e.g. freshness of demo.events > 1h)`);
    return { kind: 'freshness', table: `${m[1]}.${m[2]}`, ...(m[3] ? { column: m[3] } : {}), maxAgeMs };
  }
  if (/^freshness\b/i.test(s)) throw new ConditionError(`"${s}" is not a freshness condition: write e.g. freshness of demo.events > 1h`);
  if (/^anomal(?:y|ies)\b/i.test(lower)) return parseAnomaly(lower.replace(/^anomal(?:y|ies)/, ''));
  throw new ConditionError(`"${s}" is not a condition I know: use ${CONDITION_FORMS}`);
}

/** The condition as canonical text (what `show` prints). */
export function describeCondition(c: Condition): string {
  switch (c.kind) {
    case 'threshold':
      return `${c.op} ${c.value}`;
    case 'outside':
      return `outside ${c.low}..${c.high}`;
    case 'crosses':
      return `crosses ${c.value}`;
    case 'change':
      return `${c.direction === 'any' ? 'change' : c.direction === 'up' ? 'increase' : 'decrease'} > ${c.amount}${c.percent ? '%' : ''} vs ${c.baseline === 'previous' ? 'previous period' : 'same period last week'}`;
    case 'nodata':
      return `no data for ${c.forMs / 60_000}m`;
    case 'freshness':
      return `freshness of ${c.table}${c.column ? `.${c.column}` : ''} > ${c.maxAgeMs / 60_000}m`;
    case 'anomaly':
      return `anomaly${c.direction === 'both' ? '' : ` ${c.direction}`} (${c.sensitivity})${c.minVolume !== undefined ? ` min volume ${c.minVolume}` : ''}${c.splitBy ? ` by ${c.splitBy}` : ''}`;
  }
}

const ANOMALY_FORM = 'anomaly [up|down|both] [low|medium|high] [min volume N] [by dimension], e.g. anomaly up by device';

/** The words after `anomaly`, in any order: direction, sensitivity, `min volume N`, `by <dimension>`; parentheses and commas are ignored. */
function parseAnomaly(rest: string): Condition {
  let s = rest.replace(/[(),]/g, ' ').replace(/\s+/g, ' ').trim();
  let splitBy: string | undefined;
  let minVolume: number | undefined;
  let m: RegExpExecArray | null;
  if ((m = /(?:^| )min(?:imum)?[ _]volume (?:of )?(\S+)/.exec(s))) {
    minVolume = number(m[1], 'the minimum volume');
    if (minVolume < 0) throw new ConditionError(`the minimum volume "${m[1]}" must not be negative`);
    s = `${s.slice(0, m.index)} ${s.slice(m.index + m[0].length)}`.trim();
  }
  if ((m = /(?:^| )(?:split )?by ([a-z_][a-z0-9_ ]*)$/.exec(s))) {
    splitBy = m[1].trim().replace(/ +/g, '_');
    s = s.slice(0, m.index).trim();
  }
  let sensitivity: 'low' | 'medium' | 'high' | undefined;
  let direction: 'up' | 'down' | 'both' | undefined;
  for (const word of s.split(' ').filter((w) => w && w !== 'sensitivity')) {
    const dir = ({ up: 'up', upward: 'up', spike: 'up', down: 'down', downward: 'down', drop: 'down', dip: 'down', both: 'both', either: 'both', any: 'both' } as const)[word];
    if ((word === 'low' || word === 'medium' || word === 'high') && !sensitivity) sensitivity = word;
    else if (dir && !direction) direction = dir;
    else throw new ConditionError(`"${word}" is not part of an anomaly condition: write ${ANOMALY_FORM}`);
  }
  return { kind: 'anomaly', sensitivity: sensitivity ?? 'medium', direction: direction ?? 'both', ...(minVolume !== undefined ? { minVolume } : {}), ...(splitBy ? { splitBy } : {}) };
}
