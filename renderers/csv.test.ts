import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';

describe('toCsv', () => {
  it('writes a header row and quotes commas, quotes and newlines (RFC 4180)', () => {
    const csv = toCsv([{ name: 'name', type: 'String' }, { name: 'n', type: 'UInt64' }], [['a,b', 1], ['say "hi"', 2], ['line\nbreak', 3], [null, 4], ['plain', 5]]);
    expect(csv).toBe('name,n\r\n"a,b",1\r\n"say ""hi""",2\r\n"line\nbreak",3\r\n,4\r\nplain,5\r\n');
  });

  it('quotes header names that need it and keeps raw values (no thousands separators)', () => {
    const csv = toCsv([{ name: 'sum(a, b)', type: 'Float64' }, { name: 'day', type: 'Date' }], [[1234567.5, '2025-01-01']]);
    expect(csv).toBe('"sum(a, b)",day\r\n1234567.5,2025-01-01\r\n');
  });
});

describe('toCsv and spreadsheet formulas', () => {
  it('neutralises text that a spreadsheet would run, and leaves numbers alone', () => {
    const csv = toCsv([{ name: 'v', type: 'String' }], [['=HYPERLINK("http://x","y")'], ['@SUM(A1)'], ['+1+1'], ['-2'], [-3], ['-x']]);
    expect(csv.split('\r\n').slice(1, -1)).toEqual(['"\'=HYPERLINK(""http://x"",""y"")"', "'@SUM(A1)", "'+1+1", '-2', '-3', "'-x"]);
  });
});
