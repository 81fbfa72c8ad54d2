/**
 * Mechanisms found with the blind10 set: a time bucket after a split whose values were picked keeps the split; "drop
 * <value>" / "add <dimension>" as refinements; "only <value>" of the previous figure's table; "this year so far" names
 * the running period only; "more than one <dimension>" a distinct count per entity (agent-per-entity.test.ts); "cheapest price in each category" is a min per group.
 */
import { describe, expect, it } from 'vitest';
import { thread, flat, sql, refusal } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]): string => flat(thread(...qs).at(-1)!);

describe('a time bucket after a split', () => {
  it('keeps the split whose own values were picked (two or more)', () => {
    expect(last('orders by status last month', 'just refunded and cancelled', 'by week')).toContain('GROUP BY week, status');
    expect(last('revenue by device', 'only mobile and tablet', 'monthly')).toContain('GROUP BY month, device');
  });
  it('replaces any other split, and "instead" always replaces', () => {
    expect(last('refunds by category this year', 'exclude electronics', 'now by month')).toContain('GROUP BY month ORDER BY');
    expect(last('orders by status last month', 'just refunded and cancelled', 'by week instead')).toContain('GROUP BY week ORDER BY');
    expect(last('refund rate by device', 'by week')).toContain('GROUP BY week ORDER BY');
  });
});

describe('"drop <value>" and "add <dimension>" refine the answer', () => {
  it('"drop paid" excludes the value (not a change of data)', () => {
    expect(last('revenue by channel', 'drop paid')).toContain("channel != 'paid'");
    expect(last('orders by device', 'remove mobile and tablet')).toMatch(/device NOT IN \('mobile', 'tablet'\)|device != 'mobile' AND device != 'tablet'/);
  });
  it('"drop paid" after "only paid" drops the kept filter', () => {
    const s = last('signups by month', 'only paid', 'drop paid');
    expect(s).not.toContain('paid');
  });
  it('"add device" joins the breakdown', () => {
    expect(last('sessions by channel last week', 'add device')).toMatch(/GROUP BY channel, device/);
  });
  it('data changes are still refused', () => {
    expect(refusal('drop the orders table')).toMatch(/only read data/);
    expect(refusal('drop table users')).toMatch(/only read data/);
  });
});

describe('"only <value>" of a column of the previous figure\'s table', () => {
  it('"only purchases" after "events per hour today" filters the events (was the count of completed orders)', () => {
    const s = last('events per hour today', 'only purchases');
    expect(s).toContain("FROM demo.events WHERE event_type = 'purchase'");
    expect(s).toContain('toStartOfHour(event_time)');
  });
});

describe('"this year so far" names the running period only', () => {
  it('"last year vs this year so far" keeps last year whole', () => {
    expect(sql('revenue last year vs this year so far')).not.toContain('dateDiff');
  });
  it('"to date" after the comparison still compares like with like', () => {
    expect(sql('revenue this month vs last month to date')).toContain('dateDiff');
    expect(sql('ytd revenue vs last year')).toContain('dateDiff');
  });
});

describe('a count of different values per entity is a distinct count per entity, never read as an amount', () => {
  it.each(['how many buyers have purchased from more than one category?', 'users who ordered in more than 2 countries'])('%s', (q) => {
    expect(sql(q)).toMatch(/HAVING distinct_(category|country) > [12] \)$/);
    expect(sql(q)).not.toMatch(/revenue >/);
  });
});

describe('a superlative naming the column, per group', () => {
  it('"cheapest price in each category" is the min price per category (was the cheapest category on average)', () => {
    expect(sql('cheapest price in each category')).toMatch(/^SELECT category, min\(price\) AS min_price FROM demo.products GROUP BY category/);
    expect(sql('most expensive price per category')).toMatch(/max\(price\)/);
    expect(sql('most expensive price per category')).not.toContain('LIMIT');
  });
  it('ranking rows or asking which group stays a ranking', () => {
    expect(sql('which category has the highest price')).toContain('LIMIT 1');
    expect(sql('5 cheapest products')).toContain('LIMIT 5');
  });
});

describe('ordinary phrasings read by rule', () => {
  it('"quick one:" announces a question ("one" is read as 1 first)', () => {
    expect(sql('quick one: gross sales yesterday?')).toBe(sql('gross sales yesterday'));
  });
  it('a closing clause that only accepts a form of the answer ("user ids are fine") is read as nothing', () => {
    expect(sql('top 5 customers by spend last month? user ids are fine')).toBe(sql('top 5 customers by spend last month'));
  });
  it('"thru" is through, "stack up against" compares', () => {
    expect(sql('what fraction of all signups came thru paid?')).toBe(sql('what fraction of all signups came through paid?'));
    expect(sql('how did signups last week stack up against the week before')).toBe(sql('signups last week vs the week before'));
  });
  it('"<noun> were active" is the model\'s "active <noun>"', () => {
    expect(sql('how many users were active on 10 June 2025')).toContain('uniqExact(user_id) AS active_users');
  });
  it('"highest single-day revenue" is the max of daily totals; "lowest single-week" the min of weekly ones', () => {
    expect(sql('highest single-day revenue in the past 30 days')).toMatch(/^SELECT max\(total_revenue\) AS max_daily_revenue FROM \( SELECT toDate\(order_time\)/);
    expect(sql('lowest single week orders this year')).toMatch(/^SELECT min\(orders\) AS min_weekly_orders/);
  });
  it('"spend per buyer" is revenue per customer (a synonym in the model)', () => {
    expect(sql('average spend per buyer last month')).toContain('sum(revenue) / uniqExact(user_id) AS arpu');
  });
  it('"compare the two" after two values compares both, a row each', () => {
    expect(last('AOV in france in may', 'what about germany', 'compare the two')).toContain("country IN ('FR', 'DE')");
  });
});

describe('"when did the most recent <figure> happen"', () => {
  it('a figure counting every row of a table names its rows, as the table\'s noun does', () => {
    expect(sql('when did the most recent signup happen')).toBe("SELECT max(signup_time) AS max_signup_time FROM demo.users WHERE signup_time <= toDateTime('2025-06-30 18:00:00', 'UTC')");
    expect(sql('when did the first signup take place')).toBe("SELECT min(signup_time) AS min_signup_time FROM demo.users WHERE signup_time <= toDateTime('2025-06-30 18:00:00', 'UTC')");
  });
  it('a figure counting the rows of one value (refunds) names those rows: never all of the table\'s', () => {
    expect(sql('when did the last refund happen')).toBe("SELECT max(order_time) AS max_order_time FROM demo.orders WHERE status = 'refunded' AND order_time <= toDateTime('2025-06-30 18:00:00', 'UTC')");
  });
});
