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

/* ── Formats from the semantic model ─────────────────────────────────────────
 * One function per format; tables, charts, headlines and every adapter use them.
 * Rows always keep the exact values: these only make text.
 */

/** A column's display format, parsed: `decimal(2)` → { kind: 'decimal', decimals: 2 }. */
export type FormatKind = 'percent' | 'currency' | 'integer' | 'decimal' | 'number' | 'text' | 'date' | 'datetime';
export interface ParsedFormat {
  kind: FormatKind;
  decimals?: number;
}

/** The format of a column (from `column.format`; numbers without one are 'number'). */
export function parseFormat(format: string | undefined | null): ParsedFormat | undefined {
  if (!format) return undefined;
  const f = format.trim().toLowerCase();
  const dec = /^decimal\s*\(\s*(\d{1,2})\s*\)$/.exec(f);
  if (dec) return { kind: 'decimal', decimals: Math.min(10, Number(dec[1])) };
  if (f === 'decimal') return { kind: 'decimal', decimals: 2 };
  if (f === 'percent' || f === 'currency' || f === 'integer' || f === 'number' || f === 'text' || f === 'date' || f === 'datetime') return { kind: f };
  return undefined;
}

const intl = new Map<string, Intl.NumberFormat>();
function cached(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let f = intl.get(key);
  if (!f) intl.set(key, (f = make()));
  return f;
}

/** True for an ISO 4217 code Intl knows (USD, EUR …). */
export function isCurrencyCode(unit: string | undefined): boolean {
  if (!unit || !/^[A-Za-z]{3}$/.test(unit)) return false;
  try {
    new Intl.NumberFormat('en-US', { style: 'currency', currency: unit.toUpperCase() });
    return true;
  } catch {
    return false;
  }
}

/** The symbol of a currency ("$" for USD, "€" for EUR), or the code with a space when it has none. */
export function currencySymbol(unit: string): string {
  if (!isCurrencyCode(unit)) return `${unit} `;
  const part = cached(`sym:${unit.toUpperCase()}`, () => new Intl.NumberFormat('en-US', { style: 'currency', currency: unit.toUpperCase() }))
    .formatToParts(0)
    .find((p) => p.type === 'currency')?.value;
  return part ?? `${unit.toUpperCase()} `;
}

/** 0.1334 → "13.3%" (a fraction shown ×100, `decimals` places, default 1). */
export function formatPercent(n: number, decimals = 1): string {
  if (!Number.isFinite(n)) return String(n);
  const d = Math.max(0, Math.min(6, decimals));
  return cached(`pct:${d}`, () => new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: d, maximumFractionDigits: d })).format(n);
}

/** 1234.5 → "$1,234.50" (USD); a unit Intl does not know as a currency → "1,234.50 XYZ". */
export function formatCurrency(n: number, unit = 'USD', decimals = 2): string {
  if (!Number.isFinite(n)) return String(n);
  const d = Math.max(0, Math.min(6, decimals));
  if (!isCurrencyCode(unit)) return `${formatNumber(n, { decimals: d })} ${unit}`;
  const code = unit.toUpperCase();
  return cached(`cur:${code}:${d}`, () => new Intl.NumberFormat('en-US', { style: 'currency', currency: code, minimumFractionDigits: d, maximumFractionDigits: d })).format(n);
}

/** 1234567.4 → "1,234,567" (rounded, thousands separators). */
export function formatInteger(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return numberFormat(0, 0).format(Math.round(n));
}

/** decimal(n): exactly `decimals` places with thousands separators. */
export function formatDecimal(n: number, decimals: number): string {
  return formatNumber(n, { decimals });
}

/** A unit worth showing next to a header or axis title ("Duration (ms)"), unless the name already carries it. */
export function withUnit(name: string, unit: string | undefined): string {
  if (!unit) return name;
  const u = isCurrencyCode(unit) ? unit.toUpperCase() : unit;
  return new RegExp(`\\(\\s*${u.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\)|\\b${u.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(name) ? name : `${name} (${u})`;
}

/** "total_revenue" → "Total revenue": a column name as a person would write it. */
export function humanizeName(name: string): string {
  const t = name.replace(/_+/g, ' ').trim();
  return t ? t[0].toUpperCase() + t.slice(1) : name;
}

/** How a column is headed: its display name, or its own name (raw SQL keeps the names it chose). */
export function columnTitle(column: { name: string; displayName?: string; unit?: string; format?: string }, opts: { humanize?: boolean; axis?: boolean } = {}): string {
  const name = column.displayName ?? (opts.humanize ? humanizeName(column.name) : column.name);
  // Table cells carry the currency symbol; axes and other units name the unit in the title.
  return !opts.axis && parseFormat(column.format)?.kind === 'currency' && isCurrencyCode(column.unit) ? name : withUnit(name, column.unit);
}

function numeric(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return NaN;
}

/**
 * A cell by its column's format: percent, currency with its unit, integer,
 * decimal(n); anything else (or no format) as `formatValue` shows it.
 * `decimals` overrides the places (a table lines a column up).
 */
export function formatCell(value: unknown, column: { type: string; format?: string; unit?: string }, opts: { decimals?: number } = {}): string {
  const f = parseFormat(column.format);
  const n = numeric(value);
  if (!f || value === null || value === undefined || !Number.isFinite(n)) return formatValue(value, column.type, opts);
  switch (f.kind) {
    case 'percent':
      return formatPercent(n, opts.decimals ?? 1);
    case 'currency':
      return formatCurrency(n, column.unit ?? 'USD', opts.decimals ?? 2);
    case 'integer':
      return typeof value === 'bigint' || (typeof value === 'string' && /^-?\d{16,}$/.test(value.trim())) ? formatValue(value, column.type) : formatInteger(n);
    case 'decimal':
      return formatDecimal(n, opts.decimals ?? f.decimals ?? 2);
    default:
      return formatValue(value, column.type, opts);
  }
}

/** Decimals a table column needs in its format (percent 1, currency 2, integer 0, decimal(n) n). */
export function formatDecimals(column: { type: string; format?: string }, values: unknown[]): number | undefined {
  const f = parseFormat(column.format);
  switch (f?.kind) {
    case 'percent': {
      // Small rates keep two places so that 0.4% and 0.5% stay apart.
      const nums = values.map(numeric).filter((n) => Number.isFinite(n) && n !== 0);
      return nums.length && Math.max(...nums.map(Math.abs)) < 0.01 ? 2 : 1;
    }
    case 'currency':
      return 2;
    case 'integer':
      return 0;
    case 'decimal':
      return f.decimals;
    default:
      return undefined;
  }
}

const TIERS: Array<[number, string]> = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'K']];

/**
 * One formatter for a set of values shown side by side (bar labels, axis ticks):
 * the same precision for every value, chosen from the largest, in the column's
 * format: "13.0%", "11.1%"; "$60.9K", "$25.9K"; "2,731"; "1.2M".
 */
export function compactFormatter(column: { format?: string; unit?: string }, values: number[]): (n: number) => string {
  const f = parseFormat(column.format);
  const finite = values.filter(Number.isFinite);
  const max = finite.length ? Math.max(...finite.map(Math.abs)) : 0;
  if (f?.kind === 'percent') {
    const pctMax = max * 100;
    const d = pctMax >= 100 ? 0 : pctMax >= 1 ? 1 : 2;
    return (n) => formatPercent(n, d);
  }
  const prefix = f?.kind === 'currency' ? currencySymbol(column.unit ?? 'USD') : '';
  const suffix = f?.kind !== 'currency' && column.unit ? ` ${column.unit}` : '';
  const signed = (n: number, body: string) => `${n < 0 ? '-' : ''}${prefix}${body}${suffix}`;
  const tier = max >= 1e4 ? TIERS.find(([t]) => max >= t) : undefined;
  if (tier) {
    const top = max / tier[0];
    // The same places on every label; none when every value is whole at this scale (64K, not 64.0K).
    const whole = finite.every((v) => Math.abs(v / tier[0] - Math.round(v / tier[0])) < 1e-9);
    const d = whole || top >= 100 ? 0 : top >= 10 ? 1 : 2;
    return (n) => signed(n, `${numberFormat(d, d).format(Math.abs(n) / tier[0])}${tier[1]}`);
  }
  // Below 10,000: exact digits (integers), or two places (currency), or three significant digits.
  const integers = f?.kind === 'integer' || finite.every(Number.isInteger);
  if (integers) return (n) => signed(n, numberFormat(0, 0).format(Math.abs(Math.round(n))));
  if (f?.kind === 'currency') return (n) => signed(n, numberFormat(max >= 100 ? 0 : 2, max >= 100 ? 0 : 2).format(Math.abs(n)));
  if (f?.kind === 'decimal') return (n) => signed(n, numberFormat(f.decimals ?? 2, f.decimals ?? 2).format(Math.abs(n)));
  const d = max >= 100 ? 0 : max >= 10 ? 1 : max >= 1 ? 2 : Math.min(6, 2 - Math.floor(Math.log10(max || 1)));
  return (n) => signed(n, numberFormat(d, d).format(Math.abs(n)));
}
