/**
 * Mechanisms found with the blind11 set: "in ms" of a figure the model measures in ms; "leaving out <value>" excludes;
 * a time zone named in the question (the agent's own is a no-op, another is refused).
 */
import { describe, expect, it } from 'vitest';
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel } from './index.ts';
import { now, thread, flat, sql, refusal } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]): string => flat(thread(...qs).at(-1)!);

describe('a time unit the model gives the figure', () => {
  it('"in ms" of a duration measured in ms asks for nothing, wherever it stands', () => {
    expect(sql('average duration in ms of checkout events')).toBe("SELECT avg(duration_ms) AS avg_duration_ms FROM demo.events WHERE event_type = 'checkout'");
    expect(sql('mean time on page by device, in milliseconds')).toContain('avg(duration_ms) AS avg_duration_ms');
  });
  it('"in seconds" still converts, and a figure with no time unit is refused in ms too', () => {
    expect(sql('average duration in seconds of checkout events')).toContain('avg(duration_ms) / 1000 AS avg_duration_s');
    expect(refusal('orders in ms')).toMatch(/only when the semantic model gives it a time unit.*orders has none/);
  });
});

describe('"leaving out <value>" excludes it', () => {
  it.each([
    ['sessions by channel, leaving out email', "channel != 'email'"],
    ['revenue by country leave out the US', "country != 'US'"],
    ['signups by plan not counting enterprise', "plan != 'enterprise'"],
    ['orders by category, omitting books', "category != 'books'"],
  ])('%s', (q, cond) => {
    expect(sql(q)).toContain(cond);
  });
  it('as a refinement of the previous answer', () => {
    expect(last('page views by device this week', 'leaving out tablet')).toContain("device != 'tablet'");
  });
});

describe('a time zone named in the question', () => {
  it('the zone the agent reads times in changes nothing', () => {
    expect(sql('orders between 1am and 4am UTC today')).toBe(sql('orders between 1am and 4am today'));
    expect(sql('signups last week (GMT)')).toBe(sql('signups last week'));
  });
  it('the zone the agent was given, by abbreviation, offset or name, changes nothing', () => {
    const berlin = createQueryAgent({ models: [loadSemanticModel(DEMO_MODEL_PATH)] });
    const plan = (q: string): string => berlin.plan(q, { now, timezone: 'Europe/Berlin' }).sql;
    expect(plan('revenue yesterday CEST')).toBe(plan('revenue yesterday'));
    expect(plan('revenue yesterday in utc+2')).toBe(plan('revenue yesterday'));
    expect(plan('revenue yesterday, Europe/Berlin time')).toBe(plan('revenue yesterday'));
    expect(() => plan('revenue yesterday in UTC')).toThrow(/I read times in Europe\/Berlin only.*"UTC" names another zone/);
  });
  it('another zone is refused with the reason, never read as UTC', () => {
    expect(refusal('events yesterday between 9am and 5pm PST')).toMatch(/I read times in UTC only.*"PST" names another zone/);
    expect(refusal('orders today in Asia/Tokyo time')).toMatch(/"asia\/tokyo" names another zone/);
    expect(refusal('orders today utc-5')).toMatch(/"UTC-5" names another zone/);
  });
  it('a page path with a slash is not a zone', () => {
    expect(sql('page views on /pricing today')).toContain("page = '/pricing'");
  });
});

describe('"<values> included" widens the figure\'s default rows, never narrows to them', () => {
  it.each([
    ['total revenue, refunded ones included', "status IN ('completed', 'refunded')"],
    ['units sold with cancelled orders included', "status IN ('completed', 'cancelled')"],
    ['orders by device, refunds included', "status IN ('completed', 'refunded')"],
  ])('%s', (q, cond) => {
    const s = sql(q);
    expect(s).toContain(cond);
    expect(s).not.toMatch(/GROUP BY status/);
  });
  it('"across all orders" after a figure of the orders\' default rows counts every status, one figure', () => {
    expect(sql('sum of order value across all orders')).toBe("SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status IN ('completed', 'refunded', 'cancelled')");
    expect(sql('revenue by channel for orders of any status')).toContain("WHERE status IN ('completed', 'refunded', 'cancelled') GROUP BY channel");
  });
  it('"inclusive of", "also counting", "counting … too" and "including everything" widen too', () => {
    expect(sql('units sold inclusive of refunded orders')).toContain("status IN ('completed', 'refunded')");
    expect(sql('orders by week also counting cancelled')).toContain("status IN ('completed', 'cancelled')");
    expect(sql('customers counting refunded ones too')).toContain("status IN ('completed', 'refunded')");
    expect(sql('orders by channel, everything included')).toContain("status IN ('completed', 'refunded', 'cancelled')");
    expect(sql('signups by plan not counting free')).toContain("plan != 'free'");
  });
  it('a figure that counts one value by definition, or a ratio of such, is refused rather than narrowed or left unchanged', () => {
    expect(refusal('cancellations including refunded')).toMatch(/cannot add refunded to cancellations: by its definition it counts only status = cancelled/);
    expect(refusal('refund rate by month including cancelled')).toMatch(/cannot add cancelled to refund rate/);
  });
  it('a ratio of two figures over the default rows widens both', () => {
    expect(sql('average order value including refunded')).toBe("SELECT sum(revenue) / count() AS aov FROM demo.orders WHERE status IN ('completed', 'refunded')");
  });
  it('"across all orders" and "<values> ones included" together: one figure over every status', () => {
    expect(sql('mean quantity across all orders, cancelled and refunded ones included')).toBe("SELECT avg(quantity) AS avg_quantity FROM demo.orders WHERE status IN ('completed', 'refunded', 'cancelled')");
  });
  it('a second figure joined by "and" stays a second figure', () => {
    expect(sql('revenue and all orders')).toContain('count() AS all_orders');
  });
});

describe('"when did we get our first <values> <row>"', () => {
  it('is the min / max of the table\'s time column over the rows the values name', () => {
    expect(sql('when did we receive the first refunded order from Brazil')).toBe("SELECT min(order_time) AS min_order_time FROM demo.orders WHERE status = 'refunded' AND country = 'BR' AND order_time <= toDateTime('2025-06-30 18:00:00', 'UTC')");
    expect(sql('when was our most recent tablet order')).toBe("SELECT max(order_time) AS max_order_time FROM demo.orders WHERE device = 'tablet' AND order_time <= toDateTime('2025-06-30 18:00:00', 'UTC')");
    expect(sql('when did the first enterprise user sign up')).toBe("SELECT min(signup_time) AS min_signup_time FROM demo.users WHERE plan = 'enterprise' AND signup_time <= toDateTime('2025-06-30 18:00:00', 'UTC')");
  });
  it('words between that are not values of the table are still refused', () => {
    expect(refusal('when did we get our first weird order')).toMatch(/did not understand/);
  });
});

describe('the difference of one figure between two named periods is one value, the first named minus the second', () => {
  it('"difference in <figure> between <period> and <period>"', () => {
    const later = sql('difference in orders between March and February');
    expect(later).toContain('argMax(orders, month) - argMin(orders, month)');
    expect(later).not.toContain('change_percent');
    expect(sql('the difference in orders between February and March')).toContain('argMin(orders, month) - argMax(orders, month)');
  });
  it('"<period> minus <period>" names the periods, or the direction of a difference named around it', () => {
    expect(sql('units sold, March minus February')).toContain('argMax(units, month) - argMin(units, month)');
    expect(sql('difference in units sold between February and March (March minus February)')).toContain('argMax(units, month) - argMin(units, month)');
  });
  it('a difference between values (not periods) is still not read as one', () => {
    expect(refusal('difference in revenue between mobile and desktop')).toMatch(/two periods/);
  });
});

describe('a suggestion after a refusal is a whole question', () => {
  it('a bracketed remark holding the word not understood is left out whole, the word kept where it was understood', () => {
    const msg = refusal('signups by plan (plan xyzzy)');
    expect(msg).toContain('Try: "signups by plan".');
    expect(msg).not.toMatch(/\(plan\s*\)/);
  });
  it('a word that only introduced the removed one is not left dangling', () => {
    expect(refusal('page views in the zorblax')).toContain('Try: "page views".');
    expect(refusal('revenue from our frobs by device')).toContain('Try: "revenue by device".');
  });
});

describe('verbs of having rows of a table ask for nothing more', () => {
  it.each([
    ['how many products do we stock per category', 'SELECT category, count() AS products FROM demo.products GROUP BY category'],
    ['number of products we offer in the books category', "SELECT count() AS products FROM demo.products WHERE category = 'books'"],
    ['how many users do we have on the growth plan', "SELECT count() AS users FROM demo.users WHERE plan = 'growth'"],
  ])('%s', (q, start) => {
    expect(sql(q).startsWith(start)).toBe(true);
  });
  it('after a word that is not a noun of a table, the verb is still not understood', () => {
    expect(refusal('how many greens do we carry')).toMatch(/did not understand/);
  });
});

describe('"what\'s the total over that period?" collapses the answer into one figure', () => {
  it('keeps the filters and the period, drops the series and the chart', () => {
    const p = thread('orders per week, last 8 weeks', 'only mobile', 'as a line chart', 'what is the total over that period?').at(-1)!;
    expect(flat(p)).toMatch(/^SELECT count\(\) AS orders FROM demo\.orders WHERE status = 'completed' AND device = 'mobile' AND order_time >= /);
    expect(flat(p)).not.toContain('GROUP BY');
    expect(p.state.query.chart).toBeUndefined();
  });
  it('"sum it up" and "the grand total" after a breakdown', () => {
    expect(last('revenue by channel yesterday', 'sum it up')).not.toContain('GROUP BY');
    expect(last('sessions by device this week', 'and the grand total?')).toMatch(/^SELECT uniqExact\(session_id\) AS sessions FROM demo\.events WHERE event_time >= /);
  });
  it('"the whole period" after a period is that period, not all time', () => {
    expect(last('page views per day this month', 'what is the total for the whole period')).toContain("event_time >= toDateTime('2025-06-01 00:00:00', 'UTC')");
  });
  it('with nothing before it there is nothing to total', () => {
    expect(refusal('what is the total over that period')).toMatch(/did not find what to measure/);
  });
});

describe('a value added with "too" / "as well" to a figure\'s own default rows is included beside them', () => {
  it('after an answer with no filter of that column', () => {
    expect(last('units sold by category', 'refunded too')).toContain("status IN ('completed', 'refunded')");
    expect(last('customers per week', 'and cancelled as well')).toContain("status IN ('completed', 'cancelled')");
    expect(last('revenue by country', 'include refunded')).toContain("status IN ('completed', 'refunded')");
  });
  it('in a new question', () => {
    expect(sql('total revenue, cancelled too')).toBe("SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status IN ('completed', 'cancelled')");
  });
  it('a kept filter of that column still takes the value', () => {
    expect(last('orders by device', 'only mobile', 'desktop too')).toContain("device IN ('mobile', 'desktop')");
    expect(last('orders by country', 'only refunded', 'cancelled as well')).toContain("status IN ('refunded', 'cancelled')");
  });
  it('after a figure counting one value by definition, both values are counted (as before)', () => {
    expect(last('refunds by month', 'cancelled too')).toContain("status IN ('refunded', 'cancelled')");
  });
});
