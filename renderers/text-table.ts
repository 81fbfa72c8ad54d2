/**
 * Rows → a monospace text table (platform-neutral; adapters wrap it in code
 * blocks). Numbers right-aligned with thousands separators and the same
 * decimals down a column; times without a 00:00:00 part; long cells clipped
 * with "…"; the table kept within a width budget (wide columns shrink, then
 * trailing columns are left out and named); a closing "… N more rows".
 */
import type { Column } from '../bot/contracts/warehouse.ts';
import { isNumericType, isTimeType } from './column-kinds.ts';
import { columnDecimals, columnTitle, formatCell, formatDecimals } from './format.ts';
import { bucketLabel, findPartialPeriods, partialMarkOf, type PartialOptions } from './periods.ts';
import { detectGranularity, parseTime } from './time.ts';

export interface TextTableOptions {
  /** Total width budget in characters (default 100). */
  maxWidth?: number;
  /** Rows shown (default 20). */
  maxRows?: number;
  /** Widest a cell may be before it is clipped (default 40). */
  maxCellWidth?: number;
  /** Rows in the whole result when `rows` holds only some of them (for "… N more rows"). */
  totalRows?: number;
  /** "Now" and the question's period: an incomplete last period is labelled "(to date)". */
  partial?: PartialOptions;
}

const SEP = '  ';
const MIN_COL = 4;
/** Text columns shrink to this before trailing columns are left out. */
const MIN_TEXT_COL = 10;

export function formatTable(columns: Column[], rows: unknown[][], opts: TextTableOptions = {}): string {
  const maxWidth = Math.max(10, opts.maxWidth ?? 100);
  const maxRows = Math.max(0, opts.maxRows ?? 20);
  const maxCell = Math.max(MIN_COL, opts.maxCellWidth ?? 40);
  if (columns.length === 0) return '(no columns)';
  const shown = rows.slice(0, maxRows);
  const right = columns.map((c) => isNumericType(c.type));
  const body = shown.map(() => [] as string[]);
  const partial = opts.partial ? findPartialPeriods(columns, rows, opts.partial) : undefined;
  columns.forEach((c, i) => {
    const values = shown.map((r) => r[i]);
    const decimals = isNumericType(c.type) ? formatDecimals(c, values) ?? columnDecimals(c.type, values) : undefined;
    const plainDigits = isIdColumn(c);
    const timeText = isTimeType(c.type) ? timeColumnStyle(values, c.format === 'date' || c.format === 'datetime') : undefined;
    values.forEach((v, k) => {
      let text = plainDigits && v !== null && v !== undefined ? String(v) : formatCell(v, c, { decimals });
      if (timeText && typeof v === 'string') text = timeText(v, text);
      const mark = partial?.column === i ? partialMarkOf(partial, v) : undefined;
      if (mark) text = `${text} (${mark})`;
      body[k].push(clip(text.replace(/\s+/g, ' '), maxCell));
    });
  });
  const header = columns.map((c) => clip(columnTitle(c).replace(/\s+/g, ' '), maxCell));
  const widths = columns.map((_, i) => Math.max(width(header[i]), ...body.map((r) => width(r[i]))));

  // Shrink the widest columns until the table fits (numbers never below their digits);
  // then leave out trailing columns.
  const minWidths = columns.map((c, i) => {
    const content = Math.max(MIN_COL, ...body.map((r) => width(r[i])));
    return right[i] || isTimeType(c.type) ? content : Math.min(widths[i], MIN_TEXT_COL);
  });
  const total = (n: number) => widths.slice(0, n).reduce((a, b) => a + b, 0) + SEP.length * (n - 1);
  while (total(widths.length) > maxWidth) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) if (widths[i] > minWidths[i] && (widest < 0 || widths[i] > widths[widest])) widest = i;
    if (widest < 0) break;
    widths[widest]--;
  }
  let count = columns.length;
  const noteFor = (n: number) => (n < columns.length ? `… ${columns.length - n} more column${columns.length - n === 1 ? '' : 's'}: ${columns.slice(n).map((c) => columnTitle(c)).join(', ')}` : '');
  while (count > 1 && total(count) > maxWidth) count--;

  const line = (r: string[]) =>
    r
      .slice(0, count)
      .map((v, i) => {
        const text = clip(v, widths[i]);
        const pad = ' '.repeat(Math.max(0, widths[i] - width(text)));
        return right[i] ? pad + text : text + pad;
      })
      .join(SEP)
      .trimEnd();
  const out = [line(header), widths.slice(0, count).map((w) => '─'.repeat(w)).join(SEP), ...body.map(line)];
  if (rows.length === 0) out.push('(no rows)');
  const more = Math.max(rows.length, opts.totalRows ?? 0) - shown.length;
  if (more > 0) out.push(`… ${more.toLocaleString('en-US')} more row${more === 1 ? '' : 's'}`);
  const note = noteFor(count);
  if (note) out.push(clip(note, maxWidth));
  return out.join('\n');
}

/**
 * A time column is shown at one precision: dates alone when every value is
 * at midnight, otherwise minutes (seconds when any value has them).
 */
function timeColumnStyle(values: unknown[], named: boolean): (raw: string, formatted: string) => string {
  // A model's month / quarter / year buckets read as "Jun 2025", "Q2 2025", "2025".
  if (named) {
    const times = values.map(parseTime).filter(Number.isFinite);
    const g = times.length ? detectGranularity(times) : undefined;
    if (g === 'month' || g === 'quarter' || g === 'year') {
      return (raw, formatted) => {
        const t = parseTime(raw);
        return Number.isFinite(t) ? bucketLabel(t, g) : formatted;
      };
    }
  }
  const parts = values.filter((v): v is string => typeof v === 'string').map((v) => /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2}))?)?/.exec(v));
  const anyTime = parts.some((m) => m && m[2] && (m[2] !== '00:00' || (m[3] && m[3] !== '00')));
  const anySeconds = parts.some((m) => m && m[3] && m[3] !== '00');
  return (raw, formatted) => {
    const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2}))?)?/.exec(raw);
    if (!m) return formatted;
    if (!anyTime) return m[1];
    return `${m[1]} ${m[2] ?? '00:00'}${anySeconds ? `:${m[3] ?? '00'}` : ''}`;
  };
}

/** Integer ids (user_id, order_id) read better without thousands separators. */
function isIdColumn(c: Column): boolean {
  return /^(Nullable\()?(LowCardinality\()?U?Int\d+/.test(c.type) && /(^|_|\b)id$/i.test(c.name);
}

function width(s: string): number {
  return [...s].length;
}

function clip(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : chars.slice(0, Math.max(1, max - 1)).join('') + '…';
}
