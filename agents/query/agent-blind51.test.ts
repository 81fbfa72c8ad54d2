/**
 * Mechanisms found with blind49–51's remaining misses (test/eval/blind5x-*.jsonl), tested with other wordings than the
 * sets' own.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]) => flat(thread(...qs).at(-1)!);

describe('blind51: people in two periods', () => {
  it('"who (were) also <verb> <period>" counts those with rows in each period, as "in both … and …" does', () => {
    expect(sql('customers who ordered in April and also ordered in May')).toBe(sql('customers who ordered in both April and May'));
    expect(sql('users active in March that were also active in April')).toBe(sql('users active in both March and April'));
    expect(sql('active users last week who were also active the week before')).toBe(sql('how many users were active both last week and the week before'));
  });

  it('leaves "also" alone where it names no people', () => {
    expect(sql('revenue last week and also the week before')).not.toContain('HAVING');
  });
});

describe('blind51: words', () => {
  it('"everything we have on the books" is all time, never the books category', () => {
    expect(sql('orders per month for everything we have on the books')).toBe(sql('orders per month all time'));
    expect(sql('revenue in the books category')).toContain("category = 'books'");
  });

  it('a funnel step named by a value is that value of its column, two steps one list', () => {
    expect(sql('distinct users at the purchase step yesterday')).toContain("WHERE event_type = 'purchase'");
    expect(sql('sessions that reached the checkout stage last week')).toContain("event_type = 'checkout'");
    expect(sql('unique users at the add_to_cart step and at the checkout step, last 7 days')).toBe(sql('unique users at the add_to_cart and checkout steps, last 7 days'));
  });

  it('"kinds of products" are the categories (a synonym in the model)', () => {
    expect(sql('what types of products sell the most units')).toContain('GROUP BY category');
  });

  it('"got a refund" is a condition on the rows counted, as "had a refund"', () => {
    expect(sql('how many distinct customers got a refund last month')).toBe(sql('how many distinct customers had a refund last month'));
  });
});

describe('blind51: follow-ups', () => {
  it('"return the same metric …" is a verb of giving, not returns', () => {
    expect(last('refund rate by device last week', 'now return the same metric by country')).toContain("GROUP BY country");
    expect(last('refund rate by device last week', 'now return the same metric by country')).toContain("countIf(status = 'refunded') / count()");
  });

  it('a verb of narrowing "the analysis" / "the report" to a value is a filter', () => {
    expect(last('orders by channel last week', 'restrict the report to tablet')).toContain("device = 'tablet'");
  });

  it('"worst first" follows the figure\'s good direction; "all of them" drops the row count', () => {
    expect(last('the category with the lowest cancellation rate this month', 'show all of them, worst first')).toMatch(/ORDER BY cancellation_rate DESC$/);
    expect(last('top 3 devices by revenue', 'no limit')).toMatch(/ORDER BY total_revenue DESC$/);
  });

  it('words naming the previous answer are refused when there is none', () => {
    for (const q of ['Now limit that to people in Germany', 'do the same for tablet users', 'same metric but by plan', 'Great, just the people on the free plan']) {
      expect(refusal(q), q).toMatch(/refers to an answer, and there is no answer before it/);
    }
  });
});

describe('blind51: dates and shorthand', () => {
  it('a weekday before the day of the month it falls on restates the date, it filters nothing', () => {
    expect(sql('orders from Friday 6th to Sunday 8th June')).toBe(sql('orders from 6 June to 8 June'));
    expect(sql('revenue on saturdays in May')).toContain('toDayOfWeek(order_time) = 6');
  });

  it('a description before dates said out after a dash is read no further', () => {
    expect(sql('refunds per day for the fortnight around the spring promo — 3rd to 16th May')).toBe(sql('refunds per day from 3 May to 16 May'));
  });

  it('reads a phone typist\'s shorthand of the model and of time', () => {
    expect(sql('ords by dev lst wk')).toBe(sql('orders by device last week'));
    expect(sql('rev by chan 2day')).toBe(sql('revenue by channel today'));
    expect(sql('pg views per day last 2 wks')).toBe(sql('page views per day last 2 weeks'));
  });
});

describe('blind51: two words that are one', () => {
  it('Saturdays and Sundays said together are the weekend, one figure; "vs" still compares them', () => {
    expect(sql('revenue on saturday and sunday last week')).toBe(sql('revenue on weekends last week'));
    expect(sql('orders on saturdays vs sundays')).toContain('GROUP BY day_of_week');
  });

  it('a lower-case two-letter code that is all of a filter message is the code ("only us")', () => {
    expect(last('revenue by device last week', 'just us')).toContain("country = 'US'");
    expect(sql('tell us the revenue')).not.toContain("'US'");
  });
});

describe('blind51: a verb and its object', () => {
  it('"look at pages" / "view pages" name the page views, not a breakdown by page', () => {
    expect(sql('on which weekday do people view pages the most')).toBe(sql('on which weekday are the most page views'));
    expect(sql('the 3 least viewed pages')).toContain('GROUP BY page');
  });
});
