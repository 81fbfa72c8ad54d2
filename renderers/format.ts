/** Value formatting shared by tables, charts and headlines. */
import { baseType, isDateOnlyType, isNumericType, isTimeType } from './column-kinds.ts';

const SUFFIXES = ['', 'K', 'M', 'B', 'T'];

/** 1234567 → "1.2M", 950 → "950", 0.1234 → "0.123". */
export function abbreviateNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs < 1000) return trimZeros(abs >= 100 ? n.toFixed(0) : abs >= 1 ? n.toFixed(1) : n.toPrecision(3));
  let tier = Math.min(SUFFIXES.length - 1, Math.floor(Math.log10(abs) / 3));
  let scaled = n / 10 ** (tier * 3);
  if (Math.abs(Number(scaled.toFixed(1))) >= 1000 && tier < SUFFIXES.length - 1) {
    tier++;
    scaled = n / 10 ** (tier * 3);
  }
  return trimZeros(scaled.toFixed(Math.abs(scaled) >= 100 ? 0 : 1)) + SUFFIXES[tier];
}

const formatters = new Map<string, Intl.NumberFormat>();
function numberFormat(min: number, max: number): Intl.NumberFormat {
  const key = `${min}:${max}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat('en-US', { minimumFractionDigits: min, maximumFractionDigits: max })));
  return f;
}

/**
 * Thousands separators. With `decimals`, exactly that many; otherwise at most
 * 2 decimals (3 significant digits below 1, up to 6 decimals).
 */
export function formatNumber(n: number, opts: { decimals?: number } = {}): string {
  if (!Number.isFinite(n)) return String(n);
  if (opts.decimals !== undefined) {
    const d = Math.max(0, Math.min(20, opts.decimals));
    return numberFormat(d, d).format(n);
  }
  if (Number.isInteger(n)) return numberFormat(0, 0).format(n);
  const abs = Math.abs(n);
  const digits = abs >= 1 ? 2 : Math.min(6, 2 - Math.floor(Math.log10(abs)));
  return numberFormat(0, digits).format(n);
}

/** Decimals a table column of this type and these values needs so its decimal points line up. */
export function columnDecimals(type: string, values: unknown[]): number {
  const base = baseType(type);
  if (/^U?Int/.test(base)) return 0;
  const nums = values.map((v) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN)).filter(Number.isFinite);
  const scale = /^Decimal(?:\d+)?\((?:\d+\s*,\s*)?(\d+)\)$/.exec(base);
  if (scale) return Math.min(4, Number(scale[1]));
  if (nums.every(Number.isInteger)) return 0;
  const maxAbs = Math.max(...nums.map(Math.abs));
  if (maxAbs >= 1) return 2;
  const minAbs = Math.min(...nums.filter((n) => n !== 0).map(Math.abs));
  return Math.min(6, Math.max(2, 2 - Math.floor(Math.log10(minAbs))));
}

/** Digits of an integer string grouped by thousands, without going through a float (UInt64, Int128 …). */
function groupIntegerString(s: string): string {
  const m = /^(-?)(\d+)$/.exec(s.trim());
  return m ? m[1] + m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',') : s;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** A cell as text: numbers formatted, midnight times shown as dates, null as "∅". */
export function formatValue(value: unknown, type: string, opts: { decimals?: number } = {}): string {
  if (value === null || value === undefined) return '∅';
  if (typeof value === 'bigint') return groupIntegerString(value.toString());
  if (typeof value === 'string' && isNumericType(type) && /^-?\d{16,}$/.test(value.trim())) return groupIntegerString(value);
  if (typeof value === 'number' || (isNumericType(type) && typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))) {
    return formatNumber(Number(value), opts);
  }
  if (value instanceof Date) return formatTime(value.toISOString(), isDateOnlyType(type));
  if (isTimeType(type) && typeof value === 'string') return formatTime(value, isDateOnlyType(type));
  if (Array.isArray(value) || typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** "2025-06-01 00:00:00" → "2025-06-01"; other times keep minutes (and seconds when not :00). */
export function formatTime(value: string, dateOnly = false): string {
  if (dateOnly) return value.slice(0, 10);
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2})(\.\d+)?)?/.exec(value);
  if (!m) return value;
  const seconds = m[3] && m[3] !== '00' ? `:${m[3]}` : '';
  return m[2] === '00:00' && !seconds ? m[1] : `${m[1]} ${m[2]}${seconds}`;
}
