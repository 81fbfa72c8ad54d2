import { describe, expect, it } from 'vitest';
import type { Column } from '../bot/contracts/warehouse.ts';
import { columnTitle, compactFormatter, formatCell, formatCurrency, formatDecimal, formatInteger, formatPercent, parseFormat } from './format.ts';
import { clampToNow, findPartialPeriods } from './periods.ts';
import { formatTable } from './text-table.ts';
import { calendarPeriod, humanTitle } from './titles.ts';

describe('formats from the semantic model', () => {
  it('one function per format', () => {
    expect(formatPercent(0.1334)).toBe('13.3%');
    expect(formatCurrency(1234.5, 'USD')).toBe('$1,234.50');
    expect(formatCurrency(1234.5, 'usd')).toBe('$1,234.50');
    expect(formatCurrency(1234.5, 'EUR')).toBe('€1,234.50');
    expect(formatCurrency(1234.5, 'points')).toBe('1,234.50 points');
    expect(formatInteger(1234567.4)).toBe('1,234,567');
    expect(formatDecimal(3.14159, 2)).toBe('3.14');
    expect(parseFormat('decimal(3)')).toEqual({ kind: 'decimal', decimals: 3 });
  });

  it('formats a cell by its column, exact values untouched', () => {
    const rate: Column = { name: 'refund_rate', type: 'Float64', displayName: 'Refund rate', format: 'percent' };
    const revenue: Column = { name: 'total_revenue', type: 'Float64', displayName: 'Revenue', format: 'currency', unit: 'USD' };
    const ms: Column = { name: 'duration_ms', type: 'UInt32', displayName: 'Duration', format: 'integer', unit: 'ms' };
    expect(formatCell(0.1334, rate)).toBe('13.3%');
    expect(formatCell(94217.15000000058, revenue)).toBe('$94,217.15');
    expect(formatCell('12747', { type: 'UInt64', format: 'integer' })).toBe('12,747');
    expect(formatCell(null, rate)).toBe('∅');
    expect(columnTitle(revenue)).toBe('Revenue');
    expect(columnTitle(ms)).toBe('Duration (ms)');
    expect(columnTitle({ name: 'x', displayName: 'Duration (ms)', unit: 'ms' })).toBe('Duration (ms)');
  });

  it('labels side by side with one precision (no 13% next to 11.09%)', () => {
    const pct = compactFormatter({ format: 'percent' }, [0.13, 0.1109, 0.078]);
    expect([0.13, 0.1109, 0.078].map(pct)).toEqual(['13.0%', '11.1%', '7.8%']);
    const usd = compactFormatter({ format: 'currency', unit: 'USD' }, [60929.39, 25854.5, 19809.74]);
    expect([60929.39, 25854.5, 19809.74].map(usd)).toEqual(['$60.9K', '$25.9K', '$19.8K']);
    const n = compactFormatter({ format: 'integer' }, [2731, 586]);
    expect([2731, 586].map(n)).toEqual(['2,731', '586']);
    expect(compactFormatter({}, [64_000, 1000])(64_000)).toBe('64K');
  });

  it('text tables show display names and formats; CSV-bound rows stay exact', () => {
    const columns: Column[] = [
      { name: 'country', type: 'String', displayName: 'Country', format: 'text' },
      { name: 'refund_rate', type: 'Float64', displayName: 'Refund rate', format: 'percent' },
      { name: 'total_revenue', type: 'Float64', displayName: 'Revenue', format: 'currency', unit: 'USD' },
    ];
    const rows = [['SG', 0.1296928327645051, 1234.5], ['DE', 0.11095406360424029, 98878.34000000064]];
    expect(formatTable(columns, rows)).toBe(
      ['Country  Refund rate     Revenue', '───────  ───────────  ──────────', 'SG             13.0%   $1,234.50', 'DE             11.1%  $98,878.34'].join('\n'),
    );
    expect(rows[0][1]).toBe(0.1296928327645051);
  });
});

describe('partial periods', () => {
  const month: Column = { name: 'month', type: 'Date', displayName: 'Month', format: 'date' };
  const revenue: Column = { name: 'total_revenue', type: 'Float64', displayName: 'Revenue', format: 'currency', unit: 'USD' };
  const rows = [['2025-04-01', 123672.86], ['2025-05-01', 147040.05], ['2025-06-01', 61000]];

  it('marks the month that has not ended at now, in the table', () => {
    const p = findPartialPeriods([month, revenue], rows, { now: '2025-06-15T12:00:00Z' });
    expect(p?.note).toBe('Jun 2025 is to date (through Jun 15)');
    expect(formatTable([month, revenue], rows, { partial: { now: '2025-06-15T12:00:00Z' } }).split('\n').slice(2)).toEqual([
      'Apr 2025            $123,672.86',
      'May 2025            $147,040.05',
      'Jun 2025 (to date)   $61,000.00',
    ]);
  });

  it('marks nothing when every period is whole, or without a now', () => {
    expect(findPartialPeriods([month, revenue], rows, { now: '2025-07-01T00:00:00Z' })).toBeUndefined();
    expect(findPartialPeriods([month, revenue], rows, {})).toBeUndefined();
    // A period that ended before now (last month) is whole.
    expect(findPartialPeriods([month, revenue], rows.slice(0, 2), { now: '2025-06-15T12:00:00Z', period: { from: '2025-04-01', to: '2025-05-31' } })).toBeUndefined();
  });

  it('marks a week cut by the question’s period start as partial', () => {
    const week: Column = { name: 'week', type: 'Date', format: 'date' };
    const p = findPartialPeriods([week, revenue], [['2025-06-02', 1], ['2025-06-09', 2]], { now: '2025-06-16T00:00:00Z', period: { from: '2025-06-04', to: '2025-06-15' } });
    expect([...p!.marks.values()]).toEqual(['partial']);
  });

  it('never shows freshness after now', () => {
    expect(clampToNow('2025-06-30 23:46:19', new Date('2025-06-15T12:00:00Z'))).toBe('2025-06-15 12:00:00');
    expect(clampToNow('2025-06-01 10:00:00', new Date('2025-06-15T12:00:00Z'))).toBe('2025-06-01 10:00:00');
  });
});

describe('titles like a person wrote them', () => {
  const now = new Date('2025-06-15T12:00:00Z');
  it.each([
    ['Top 3 category by revenue, last month', { period: { from: '2025-05-01', to: '2025-05-31', label: 'last month' } }, 'Top 3 categories by revenue, May 2025'],
    ['Top 3 category by orders', {}, 'Top 3 categories by orders'],
    ['Top 1 rows by signups', { grain: 'day' }, 'Top day by signups'],
    ['Top 5 country by refund rate', {}, 'Top 5 countries by refund rate'],
    ['Bottom 2 status by orders', {}, 'Bottom 2 statuses by orders'],
    ['Revenue, this month', { period: { from: '2025-06-01', to: '2025-06-15 12:00:00', label: 'this month' } }, 'Revenue, June 2025 to date'],
    ['Revenue by month, last 30 days', { period: { from: '2025-05-16', to: '2025-06-15 12:00:00', label: 'last 30 days' } }, 'Revenue by month, last 30 days'],
    ['Orders by quarter, last quarter', { period: { from: '2025-01-01', to: '2025-03-31', label: 'last quarter' } }, 'Orders by quarter, Q1 2025'],
  ])('%s → %s', (raw, ctx, expected) => {
    expect(humanTitle(raw, { now, ...ctx })).toBe(expected);
    expect(humanTitle(humanTitle(raw, { now, ...ctx }), { now, ...ctx })).toBe(expected);
  });

  it('names calendar periods only', () => {
    expect(calendarPeriod({ from: '2024-01-01', to: '2024-12-31' })).toBe('2024');
    expect(calendarPeriod({ from: '2025-05-03', to: '2025-05-31' })).toBeUndefined();
  });
});
