/**
 * A follow-up naming only a count of rows ("how many refunds were there?", "and how many cancellations?", "how many
 * cancellations did we have?") keeps the previous answer's period, filters and breakdown, as a question naming only a
 * figure does (agent-figure-alone.test.ts); with a period of its own, a total, or on another table it asks afresh.
 * "limit it to 5 rows", "cap the results at 4", "just the top 5", "only show 3" change the previous answer's row limit.
 */
import { describe, expect, it } from 'vitest';
import { thread, flat } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]) => thread(...qs).at(-1)!;

describe('a count of rows alone, after an answer', () => {
  it.each([
    ['how many refunds were there?', 'refunded'],
    ['and how many cancellations?', 'cancelled'],
    ['how many cancellations did we have?', 'cancelled'],
    ['ok how many refunds are there', 'refunded'],
  ])('"%s" keeps the period, filters and breakdown', (q, status) => {
    const p = last('orders by device last week', 'only mobile', q);
    expect(flat(p)).toMatch(new RegExp(`^SELECT device, count\\(\\) AS \\w+ FROM demo\\.orders WHERE status = '${status}' AND device = 'mobile' AND order_time >= toDateTime\\('2025-06-23 00:00:00', 'UTC'\\)`));
    expect([...p.kept]).toEqual(['device = mobile', 'last week']);
  });

  it('two in a row each keep the same rows', () => {
    const [, a, b] = thread('orders last month', 'how many refunds were there?', 'and how many cancellations?');
    expect(flat(a)).toMatch(/status = 'refunded' AND order_time >= toDateTime\('2025-05-01/);
    expect(flat(b)).toMatch(/status = 'cancelled' AND order_time >= toDateTime\('2025-05-01/);
  });

  it('asks afresh with a period of its own, a total, or about another table', () => {
    expect(flat(last('orders by device last week', 'how many refunds were there yesterday?'))).toMatch(/^SELECT count\(\) AS refunds FROM demo\.orders WHERE status = 'refunded' AND order_time >= toDateTime\('2025-06-29/);
    expect(flat(last('orders by device last week', 'how many refunds were there in total?'))).toBe("SELECT count() AS refunds FROM demo.orders WHERE status = 'refunded'");
    expect(flat(last('signups by channel last week', 'how many refunds were there?'))).toBe("SELECT count() AS refunds FROM demo.orders WHERE status = 'refunded'");
  });
});

describe('a new row limit for the previous answer', () => {
  it.each([
    ['limit it to 5 rows', 5],
    ['limit the results to 5', 5],
    ['cap the results at 4', 4],
    ['cut the list down to the top 3', 3],
    ['just the top 5', 5],
    ['only show 3', 3],
  ])('"%s" is the same ranking with that many rows', (q, n) => {
    const p = last('top 10 products by revenue last month', q);
    expect(flat(p)).toMatch(new RegExp(`^SELECT p\\.name AS product, sum\\(o\\.revenue\\) AS total_revenue .*'2025-05-01 00:00:00'.* ORDER BY total_revenue DESC LIMIT ${n}$`));
  });

  it('applies to a breakdown with no limit before', () => {
    expect(flat(last('revenue by country', 'limit it to 3 rows'))).toMatch(/GROUP BY country ORDER BY total_revenue DESC LIMIT 3$/);
  });
});
