import { describe, expect, it } from 'vitest';
import type { Column } from '../bot/contracts/warehouse.ts';
import { formatTable } from './text-table.ts';
import { abbreviateNumber, columnDecimals, formatNumber, formatValue } from './format.ts';

const col = (name: string, type: string): Column => ({ name, type });

describe('formatTable', () => {
  const columns = [col('country', 'LowCardinality(String)'), col('revenue', 'Float64'), col('day', 'Date')];

  it('aligns numbers right with one number of decimals per column, text left, and says how many rows are left', () => {
    const rows = [
      ['US', 1234567.891, '2025-01-01'],
      ['DE', 12.5, '2025-01-02'],
      ['FR', 3, '2025-01-03'],
    ];
    expect(formatTable(columns, rows, { maxRows: 2 }).split('\n')).toEqual([
      'country       revenue  day',
      '───────  ────────────  ──────────',
      'US       1,234,567.89  2025-01-01',
      'DE              12.50  2025-01-02',
      '… 1 more row',
    ]);
  });

  it('counts rows beyond the ones passed when told the total', () => {
    const text = formatTable(columns, [['US', 1, '2025-01-01']], { totalRows: 1_501 });
    expect(text.split('\n').at(-1)).toBe('… 1,500 more rows');
  });

  it('shows DateTime columns without 00:00:00, and with minutes only when some value has a time', () => {
    const t = [col('t', 'DateTime')];
    expect(formatTable(t, [['2025-01-01 00:00:00'], ['2025-01-02 00:00:00']]).split('\n').slice(2)).toEqual(['2025-01-01', '2025-01-02']);
    expect(formatTable(t, [['2025-01-01 00:00:00'], ['2025-01-02 13:05:00']]).split('\n').slice(2)).toEqual(['2025-01-01 00:00', '2025-01-02 13:05']);
  });

  it('clips long cells with an ellipsis and keeps every line within the width budget', () => {
    const text = formatTable([col('name', 'String'), col('n', 'UInt64')], [['x'.repeat(300), 1], ['multi\nline', 2]], { maxWidth: 40 });
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(40);
    expect(text).toContain('x…');
    expect(text).toContain('multi line');
  });

  it('leaves out trailing columns, and names them, when even narrowed columns do not fit', () => {
    const cols = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => col(`${n}_value`, 'Float64'));
    const text = formatTable(cols, [[1e9, 2e9, 3e9, 4e9, 5e9, 6e9]], { maxWidth: 40 });
    const lines = text.split('\n');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(40);
    expect(lines[2]).toBe('1,000,000,000  2,000,000,000');
    expect(lines.at(-1)).toMatch(/^… 4 more columns: c_value, d_value, e_v…$/);
  });

  it('prints ids without separators, big integers exactly, nulls as ∅', () => {
    const text = formatTable([col('user_id', 'UInt64'), col('total', 'UInt64'), col('avg', 'Nullable(Float64)')], [[123456, '18446744073709551615', null]]);
    expect(text.split('\n')[2]).toBe(' 123456  18,446,744,073,709,551,615    ∅');
  });

  it('says so when there are no rows', () => {
    expect(formatTable(columns, [])).toContain('(no rows)');
  });
});

describe('number and value formatting', () => {
  it.each([
    [950, '950'],
    [1234, '1.2K'],
    [1_250_000, '1.3M'],
    [999_999, '1M'],
    [-45_600, '-45.6K'],
    [0.1234, '0.123'],
    [3_200_000_000, '3.2B'],
    [0, '0'],
  ])('abbreviates %d as %s', (n, s) => expect(abbreviateNumber(n)).toBe(s));

  it('formats numbers with separators and sensible decimals', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(1234.5678)).toBe('1,234.57');
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(formatNumber(5, { decimals: 2 })).toBe('5.00');
  });

  it('chooses decimals per column from the type and values', () => {
    expect(columnDecimals('UInt64', [1, 2])).toBe(0);
    expect(columnDecimals('Decimal(18, 2)', [1])).toBe(2);
    expect(columnDecimals('Float64', [1, 2])).toBe(0);
    expect(columnDecimals('Float64', [1.5, 200])).toBe(2);
    expect(columnDecimals('Nullable(Float64)', [0.0123, null])).toBe(4);
  });

  it('formats dates, times and nulls', () => {
    expect(formatValue('2025-06-01 00:00:00', 'DateTime')).toBe('2025-06-01');
    expect(formatValue('2025-06-01 13:45:00', "DateTime('UTC')")).toBe('2025-06-01 13:45');
    expect(formatValue('2025-06-01 13:45:07.123', 'DateTime64(3)')).toBe('2025-06-01 13:45:07');
    expect(formatValue(null, 'Nullable(Float64)')).toBe('∅');
    expect(formatValue(['a', 'b'], 'Array(String)')).toBe('["a","b"]');
  });
});
