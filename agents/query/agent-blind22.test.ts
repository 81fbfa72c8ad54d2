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
  it('"orders by quantity" is a breakdown by its values where the model declares one, in their order', () => {
    expect(sql('orders by quantity')).toBe("SELECT quantity, count() AS orders FROM demo.orders WHERE status = 'completed' GROUP BY quantity ORDER BY quantity");
    expect(sql('revenue by quantity last month by device')).toContain('GROUP BY quantity, device');
    expect(sql('home orders by quantity per order')).toBe("SELECT quantity, count() AS orders FROM demo.orders WHERE status = 'completed' AND category = 'home' GROUP BY quantity ORDER BY quantity");
    expect(sql('revenue per order')).toBe("SELECT sum(revenue) / count() AS aov FROM demo.orders WHERE status = 'completed'");
  });
  it('elsewhere the column stays a figure: a ranking, a figure by a dimension, an average, a filter', () => {
    expect(sql('top 5 products by quantity')).toContain('ORDER BY total_quantity DESC LIMIT 5');
    expect(sql('quantity by category')).toContain('sum(quantity) AS total_quantity FROM demo.orders WHERE status = \'completed\' GROUP BY category');
    expect(sql('average quantity per order')).toBe("SELECT avg(quantity) AS avg_quantity FROM demo.orders WHERE status = 'completed'");
    expect(sql('orders with quantity = 3 by country')).toBe("SELECT country, count() AS orders FROM demo.orders WHERE status = 'completed' AND quantity = 3 GROUP BY country ORDER BY orders DESC");
  });
  it('a number column the model declares no breakdown for is refused with what to ask, not answered as two figures', () => {
    expect(refusal('revenue by price')).toMatch(/a breakdown by price \(a number on each row/);
  });
});

describe('words around the question', () => {
  it('a label before a colon that names nothing ("support q:", "on call here:") is dropped; one that names a value is read', () => {
    expect(sql('support q: revenue yesterday')).toBe(sql('revenue yesterday'));
    expect(sql('on call here: purchase events yesterday')).toBe(sql('purchase events yesterday'));
    expect(sql('mobile: revenue yesterday')).toContain("device = 'mobile'");
  });
  it('"new q:" asks afresh', () => {
    expect(last('revenue by plan this year', 'only users who signed up via referral', 'new q: how many signups did we get yesterday')).toBe(sql('how many signups did we get yesterday'));
  });
  it('"event volume", "signup volume" are counts; "took longer than" is a duration; "over the whole history" is all time', () => {
    expect(sql('event volume by hour of day last 7 days')).toBe(sql('event count by hour of day last 7 days'));
    expect(sql('signup volume by channel')).toBe(sql('signups by channel'));
    expect(sql('how many events yesterday took longer than 10 seconds')).toContain('duration_ms > 10000');
    expect(sql('orders by day of week over the whole history')).toBe(sql('orders by day of week'));
  });
});

describe('periods', () => {
  it('two months joined by a range word or a dash, without "from", are the months between', () => {
    const s = sql('revenue jan through may this year');
    expect(s).toContain("order_time >= toDateTime('2025-01-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC')");
    expect(sql('revenue march-may 2025')).toContain("order_time >= toDateTime('2025-03-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC')");
  });
  it('two months apart are both read, only those two, a row each (by a dimension too)', () => {
    const s = sql('home revenue in september vs december, by device');
    expect(s).toContain("order_time >= toDateTime('2024-09-01 00:00:00', 'UTC') AND order_time < toDateTime('2024-10-01 00:00:00', 'UTC') OR order_time >= toDateTime('2024-12-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-01-01 00:00:00', 'UTC')");
    expect(s).toContain('GROUP BY month, device');
  });
});

describe('counts of values named with "and"', () => {
  it('"refunded + cancelled orders by channel, split by status": the orders of both statuses', () => {
    expect(sql('refunded + cancelled orders by channel ytd, split by status')).toContain("WHERE status IN ('refunded', 'cancelled')");
    expect(sql('refunded and cancelled orders')).toBe("SELECT status, count() AS orders FROM demo.orders WHERE status IN ('refunded', 'cancelled') GROUP BY status ORDER BY orders DESC");
  });
  it('without a conjunction, a value the figure excludes is still refused; "orders cancelled" counts the cancelled ones', () => {
    expect(refusal('refunds of completed orders')).toMatch(/only rows with status = refunded/);
    expect(sql('how many orders were cancelled last week?')).toContain("WHERE status = 'cancelled' AND");
  });
});

describe('values and notes around a breakdown', () => {
  it('"purchase vs checkout event counts": the first of two compared values is a value too, not the orders noun', () => {
    expect(sql('purchase vs checkout event counts yesterday')).toContain("FROM demo.events WHERE event_type IN ('purchase', 'checkout')");
    expect(sql('purchase and checkout events by day')).toContain('GROUP BY day, event_type');
    expect(sql('purchases and revenue by country')).toContain('count() AS orders, sum(revenue) AS total_revenue FROM demo.orders');
  });
  it('a weekday numbering legend is dropped when it is the one answers use, refused when it is another', () => {
    expect(sql('orders by day of week over the whole history, 1=mon … 7=sun')).toBe(sql('orders by day of week'));
    expect(sql('revenue by weekday (1=Monday, 7=Sunday)')).toBe(sql('revenue by weekday'));
    expect(refusal('revenue by weekday (0=sunday, 6=saturday)')).toMatch(/I number weekdays 1 = Monday to 7 = Sunday/);
  });
});

describe('"sorted by" a second figure', () => {
  it('ranks the rows by the figure named after it, shown first', () => {
    expect(sql('orders by country sorted by revenue')).toBe("SELECT country, sum(revenue) AS total_revenue, count() AS orders FROM demo.orders WHERE status = 'completed' GROUP BY country ORDER BY total_revenue DESC");
    expect(sql('orders by country ranked by revenue')).toBe(sql('orders by country sorted by revenue'));
    expect(sql('revenue by country sorted by orders')).toContain('ORDER BY orders DESC');
    expect(sql('revenue by country sorted by revenue')).toBe(sql('revenue by country'));
  });
});
