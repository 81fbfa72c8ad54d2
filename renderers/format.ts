/** Value formatting shared by tables, charts and headlines. */
import { isDateOnlyType, isNumericType, isTimeType } from './column-kinds.ts';

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

/** Thousands separators; at most 2 decimals (more for values below 1). */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  const abs = Math.abs(n);
  const digits = abs >= 1 ? 2 : abs === 0 ? 0 : Math.min(6, 2 - Math.floor(Math.log10(abs)));
  return n.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: digits });
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** A cell as text: numbers formatted, midnight times shown as dates, null as "∅". */
export function formatValue(value: unknown, type: string): string {
  if (value === null || value === undefined) return '∅';
  if (typeof value === 'number' || (isNumericType(type) && typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))) {
    return formatNumber(Number(value));
  }
  if (isTimeType(type) && typeof value === 'string') return formatTime(value, isDateOnlyType(type));
  if (Array.isArray(value) || (typeof value === 'object' && value !== null)) return JSON.stringify(value);
  return String(value);
}

/** "2025-06-01 00:00:00" → "2025-06-01"; other times keep minutes. */
export function formatTime(value: string, dateOnly = false): string {
  if (dateOnly) return value.slice(0, 10);
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(\.\d+)?)?/.exec(value);
  if (!m) return value;
  return /^00:00$/.test(m[2]) && (!m[3] || /^:00(\.0+)?$/.test(m[3])) ? m[1] : `${m[1]} ${m[2]}`;
}
