/** Numbers and times in insight lines: formatted as the measure's column says (percent, currency, integer). */
import type { Column } from '../../bot/contracts/warehouse.ts';
import { abbreviateNumber, currencySymbol, formatInteger, formatPercent, isCurrencyCode } from '../../renderers/format.ts';

/** A value of the measure: "12.4%", "$93.8K", "1,234", "0.87". */
export function formatAmount(v: number, column: Pick<Column, 'format' | 'unit'>): string {
  if (!Number.isFinite(v)) return String(v);
  if (column.format === 'percent') return formatPercent(v, 1);
  if (column.format === 'currency' && column.unit && isCurrencyCode(column.unit)) return `${v < 0 ? '−' : ''}${currencySymbol(column.unit)}${abbreviateNumber(Math.abs(v))}`;
  if (column.format === 'integer') return Math.abs(v) >= 10_000 ? abbreviateNumber(v) : formatInteger(v);
  return abbreviateNumber(v);
}

/** "+99 %", "−60 %", "from 0". */
export function formatChange(value: number, expected: number): string {
  if (!expected) return value ? 'from 0' : 'no change';
  const pct = (value / expected - 1) * 100;
  return `${pct >= 0 ? '+' : '−'}${Math.abs(pct) >= 10 ? Math.round(Math.abs(pct)) : Math.abs(pct).toFixed(1)} %`;
}

/** 2025-06-10 for days and weeks, 2025-06-10 14:00 for hours. */
export function slotLabel(ms: number, grain: 'hour' | 'day' | 'week'): string {
  const iso = new Date(ms).toISOString();
  return grain === 'hour' ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}

/** Epoch ms of a ClickHouse Date / DateTime value as the warehouse returns it (UTC); NaN when not one. */
export function parseChTime(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v < 1e11 ? v * 1000 : v;
  if (typeof v !== 'string') return NaN;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(v.trim());
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)) : NaN;
}
