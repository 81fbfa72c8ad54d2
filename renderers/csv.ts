/**
 * Rows → CSV (RFC 4180: CRLF line ends, quotes doubled, header row).
 * Text cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR
 * first) get a leading apostrophe (OWASP CSV injection); numbers stay numbers.
 */
import type { Column } from '../bot/contracts/warehouse.ts';

export function toCsv(columns: Column[], rows: unknown[][]): string {
  const lines = [columns.map((c) => cell(c.name)), ...rows.map((r) => columns.map((_, i) => cell(r[i])))];
  return lines.map((l) => l.join(',')).join('\r\n') + '\r\n';
}

const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value !== 'number' && typeof value !== 'bigint' && FORMULA_START.test(s) && !/^[+-]?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
