/**
 * Time values as ClickHouse returns them ('YYYY-MM-DD', 'YYYY-MM-DD hh:mm:ss[.fff]',
 * ISO strings, epoch numbers) → UTC epoch milliseconds, the step between
 * points (granularity), and labels readable at chart-thumbnail size.
 */

/** The spacing of a time series, from the smallest step between its points. */
export type TimeGranularity = 'year' | 'quarter' | 'month' | 'week' | 'day' | 'hour' | 'minute' | 'second';

const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** UTC epoch ms of a time value, or NaN when it is not a time. Zone-less strings are UTC. */
export function parseTime(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return Number.isFinite(value) ? (Math.abs(value) < 1e11 ? value * 1000 : value) : NaN;
  if (typeof value !== 'string') return NaN;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
  if (!m) return NaN;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  let t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), ms);
  if (m[8] && m[8] !== 'Z') {
    const sign = m[8][0] === '-' ? -1 : 1;
    const digits = m[8].slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return t;
}

/** Granularity of a set of UTC times (any order, duplicates allowed). */
export function detectGranularity(times: number[]): TimeGranularity {
  const sorted = [...new Set(times.filter(Number.isFinite))].sort((a, b) => a - b);
  let step = Infinity;
  for (let i = 1; i < sorted.length; i++) step = Math.min(step, sorted[i] - sorted[i - 1]);
  const aligned = (f: (d: Date) => boolean) => sorted.every((t) => f(new Date(t)));
  const midnight = aligned((d) => d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0);
  if (midnight && aligned((d) => d.getUTCDate() === 1)) {
    if (step >= 360 * DAY_MS && aligned((d) => d.getUTCMonth() === 0)) return 'year';
    if (step >= 88 * DAY_MS && aligned((d) => d.getUTCMonth() % 3 === 0)) return 'quarter';
    if (step >= 28 * DAY_MS || sorted.length === 1) return 'month';
  }
  if (midnight) return step >= 7 * DAY_MS && step % (7 * DAY_MS) === 0 ? 'week' : 'day';
  if (step >= 3_600_000 || aligned((d) => d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0)) return 'hour';
  return step >= 60_000 || aligned((d) => d.getUTCSeconds() === 0) ? 'minute' : 'second';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Compact, unambiguous label (alt text, CSV-like contexts): 2024-07, 2024-07-01, 2024-07-01 13:00. */
export function isoLabel(t: number, g: TimeGranularity): string {
  const d = new Date(t);
  const ymd = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  switch (g) {
    case 'year':
      return String(d.getUTCFullYear());
    case 'quarter':
      return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
    case 'month':
      return ymd.slice(0, 7);
    case 'week':
    case 'day':
      return ymd;
    case 'second':
      return `${ymd} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    default:
      return `${ymd} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  }
}

/**
 * Short axis label for a category axis of times (bars, heatmaps):
 * "Jul 2024", "Jul 1", "Jul 1 13:00", "13:00". `spanMs` is max − min of the
 * series; a short span drops the parts every label shares.
 */
export function shortLabel(t: number, g: TimeGranularity, spanMs: number, sameYear: boolean): string {
  const d = new Date(t);
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  const md = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  switch (g) {
    case 'year':
      return String(d.getUTCFullYear());
    case 'quarter':
      return `Q${Math.floor(d.getUTCMonth() / 3) + 1} ${d.getUTCFullYear()}`;
    case 'month':
      return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
    case 'week':
    case 'day':
      return sameYear ? md : `${md}, ${d.getUTCFullYear()}`;
    default:
      if (spanMs < DAY_MS) return g === 'second' ? `${hm}:${pad(d.getUTCSeconds())}` : hm;
      return `${md} ${hm}`;
  }
}

/** d3 time format for a continuous time axis, by granularity and span. */
export function axisTimeFormat(g: TimeGranularity, spanMs: number): string {
  if (g === 'year') return '%Y';
  if (g === 'quarter' || g === 'month') return '%b %Y';
  if (g === 'week' || g === 'day') return spanMs > 120 * DAY_MS ? '%b %Y' : '%b %d';
  if (spanMs <= DAY_MS) return g === 'second' ? '%H:%M:%S' : '%H:%M';
  return spanMs > 14 * DAY_MS ? '%b %d' : '%b %d %H:%M';
}

/**
 * Tick spacing for a continuous time axis so that ticks fall on data points
 * of coarse series (no "Jun 2024" repeated on weekly ticks of monthly data).
 * Returns a vega TimeInterval object, or a plain count for fine series.
 */
export function axisTickCount(g: TimeGranularity, spanMs: number, maxTicks: number): number | { interval: 'year' | 'month' | 'day'; step: number } {
  const months = spanMs / (30.44 * DAY_MS);
  if (g === 'year') return { interval: 'year', step: Math.max(1, Math.ceil(months / 12 / maxTicks)) };
  if (g === 'quarter') return { interval: 'month', step: 3 * Math.max(1, Math.ceil(months / 3 / maxTicks)) };
  if (g === 'month') return { interval: 'month', step: Math.max(1, Math.ceil(months / maxTicks)) };
  if (g === 'day' || g === 'week') {
    if (spanMs > 120 * DAY_MS) return { interval: 'month', step: Math.max(1, Math.ceil(months / maxTicks)) };
    return { interval: 'day', step: Math.max(g === 'week' ? 7 : 1, Math.ceil(spanMs / DAY_MS / maxTicks)) };
  }
  return maxTicks;
}
