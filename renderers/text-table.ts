/** Rows → a monospace text table (platform-neutral; adapters wrap it in code blocks). */
import type { Column } from '../bot/types/warehouse.ts';
import { isNumericType } from './column-kinds.ts';
import { formatValue } from './format.ts';

export interface TextTableOptions {
  /** Total width budget in characters. */
  maxWidth?: number;
  maxRows?: number;
  maxCellWidth?: number;
}

export function formatTable(columns: Column[], rows: unknown[][], opts: TextTableOptions = {}): string {
  const maxWidth = opts.maxWidth ?? 100;
  const maxRows = opts.maxRows ?? 20;
  const maxCell = opts.maxCellWidth ?? 40;
  if (columns.length === 0) return '(no columns)';
  const shown = rows.slice(0, maxRows);
  const right = columns.map((c) => isNumericType(c.type));
  const cells = [columns.map((c) => c.name), ...shown.map((r) => columns.map((c, i) => formatValue(r[i], c.type)))].map((r) => r.map((v) => clip(v.replace(/\s+/g, ' '), maxCell)));
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => width(r[i]))));
  // Shrink the widest columns until the table fits the budget.
  const sep = 2;
  while (widths.reduce((a, b) => a + b, 0) + sep * (widths.length - 1) > maxWidth) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest] <= 4) break;
    widths[widest]--;
  }
  const line = (r: string[]) =>
    r
      .map((v, i) => {
        const text = clip(v, widths[i]);
        const pad = ' '.repeat(Math.max(0, widths[i] - width(text)));
        return right[i] ? pad + text : text + pad;
      })
      .join(' '.repeat(sep))
      .trimEnd();
  const out = [line(cells[0]), widths.map((w) => '─'.repeat(w)).join(' '.repeat(sep)), ...cells.slice(1).map(line)];
  if (rows.length > shown.length) out.push(`… ${(rows.length - shown.length).toLocaleString('en-US')} more row${rows.length - shown.length === 1 ? '' : 's'}`);
  if (rows.length === 0) out.push('(no rows)');
  return out.join('\n');
}

function width(s: string): number {
  return [...s].length;
}

function clip(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : chars.slice(0, Math.max(1, max - 1)).join('') + '…';
}
