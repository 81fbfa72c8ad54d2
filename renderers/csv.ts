/** Rows → CSV (RFC 4180: CRLF line ends, quotes doubled, header row). */
import type { Column } from '../bot/types/warehouse.ts';

export function toCsv(columns: Column[], rows: unknown[][]): string {
  const lines = [columns.map((c) => cell(c.name)), ...rows.map((r) => columns.map((_, i) => cell(r[i])))];
  return lines.map((l) => l.join(',')).join('\r\n') + '\r\n';
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
