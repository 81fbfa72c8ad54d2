/** Mechanisms found by blind22 (test/eval/blind22-score.txt), each with phrasings other than the set's. */
import { describe, expect, it } from 'vitest';
import { refusal, sql, thread, flat } from '../../test/support/plan-kit.ts';

const last = (...turns: string[]): string => flat(thread(...turns).at(-1)!);

describe('values compared after a breakdown or a series', () => {
  it('"compare mobile with desktop" after events by hour of day splits each hour by the two devices', () => {
    const s = last('event counts by hour of day yesterday', 'compare mobile with desktop');
    expect(s).toContain('GROUP BY hour_of_day, device');
    expect(s).toContain("device IN ('mobile', 'desktop')");
  });
  it('a daily series stays a series, a line per device; a breakdown by country gains the device', () => {
    expect(last('daily revenue last 14 days', 'compare mobile and desktop')).toContain('GROUP BY day, device ORDER BY day, device');
    expect(last('revenue by country', 'mobile vs desktop')).toContain('GROUP BY country, device');
  });
  it('"by device instead" still replaces the breakdown', () => {
    expect(last('revenue by country', 'by device instead')).toContain('GROUP BY device ORDER BY');
  });
});

describe('a number column after "by" with nothing to rank', () => {
  it('"orders by quantity" is refused with what to ask instead, not answered as two figures', () => {
    for (const q of ['orders by quantity', 'home orders by quantity per order', 'revenue by price']) expect(refusal(q)).toMatch(/a breakdown by (quantity|price) \(a number on each row/);
  });
  it('a ranking by it still ranks', () => {
    expect(sql('top 5 products by quantity')).toContain('ORDER BY total_quantity DESC LIMIT 5');
    expect(sql('quantity by category')).toContain('GROUP BY category');
  });
});
