/** Mechanisms found by blind26 (test/eval/blind26-score.txt), each with phrasings other than the set's. */
import { describe, expect, it } from 'vitest';
import { refusal, sql, thread, flat } from '../../test/support/plan-kit.ts';

const last = (...turns: string[]): string => flat(thread(...turns).at(-1)!);

describe('courtesy and the asker\'s own task', () => {
  it('greetings, thanks, approval and permission around a question ask for nothing', () => {
    const plain = sql('how many signups per month this year so far?');
    expect(sql('Good morning! Could you please tell me how many signups per month this year so far? Many thanks.')).toBe(plain);
    expect(sql('Hi there, I hope this is the right place to ask. How many signups per month this year so far? Much appreciated.')).toBe(plain);
    expect(sql('how many signups per month this year so far, thx')).toBe(plain);
    expect(last('orders per channel last week', 'Perfect. And could you show me the same for the week before, if that\'s ok?'))
      .toContain("order_time >= toDateTime('2025-06-16 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-23 00:00:00', 'UTC')");
    expect(last('orders yesterday', 'ok fine, and revenue?')).toContain('sum(revenue)');
  });
  it('a sentence about the asker\'s task is left out, and a value in it is never a filter ("growth" is a plan)', () => {
    const s = sql("Hi, sorry to bother you! I'm preparing a chart about growth. Could you give me the number of signups per month in 2025 so far?");
    expect(s).not.toContain('growth');
    expect(s).toBe(sql('number of signups per month in 2025 so far'));
    expect(sql("I'm new on the team and my manager asked me to prepare a slide. How many orders did we get last week?")).toBe(sql('how many orders did we get last week?'));
    // A first sentence that asks is not the asker's task.
    expect(sql('I need the total revenue from the email channel in 2024.')).toContain("channel = 'email'");
  });
  it('"For my onboarding notes, …" is a lead-in; "help me find" is finding', () => {
    expect(sql('For my onboarding notes, how many users do we have on each plan?')).toBe(sql('how many users do we have on each plan?'));
    expect(sql('could you help me find the average quantity per completed order for each category?')).toContain('avg(quantity)');
  });
});

describe('follow-ups', () => {
  it('"same but desktop orders only" and "and only for tablet orders" narrow the rows; the figure stays', () => {
    expect(last('AOV by country last month', 'same but desktop orders only')).toMatch(/^SELECT country, sum\(revenue\) \/ count\(\) AS aov .*device = 'desktop'/);
    expect(last('average quantity per order by category', 'and only for tablet orders please')).toContain('avg(quantity)');
  });
  it('"ok, then only users in Brazil" refines after a refused turn; "break that AOV down by plan" keeps the period', () => {
    expect(last('signups by channel in the last 30 days', 'ok, then only users in Brazil')).toMatch(/GROUP BY channel/);
    expect(last('AOV last month', 'break that AOV down by the user\'s plan')).toContain("o.order_time >= toDateTime('2025-05-01 00:00:00', 'UTC')");
  });
  it('"only the categories where that avg is above 50 dollars" compares the answer\'s figure per row, never the rows below it', () => {
    const s = last('avg price per category', 'only the categories where that avg is above 50 dollars');
    expect(s).toContain('HAVING avg_price > 50');
    expect(s).not.toContain('WHERE price');
    expect(last('avg price per category', 'just the categories above 50 dollars')).toContain('HAVING avg_price > 50');
  });
});

describe('words', () => {
  it('"refunded order value" is the order value of refunded orders, not a count of them', () => {
    expect(sql('refunded order value by month this year')).toBe(sql('order value of refunded orders by month this year'));
    expect(sql('cancelled order amounts last month')).toContain("sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'cancelled'");
  });
  it('"got refunded the most (times)" counts those rows', () => {
    expect(sql('which single product got refunded the most times?')).toMatch(/count\(\) AS refunds .* ORDER BY refunds DESC LIMIT 1$/);
    expect(sql('which country was cancelled least often')).toMatch(/ORDER BY cancellations ASC LIMIT 1$/);
    expect(sql('which one is the biggest category by revenue')).toMatch(/LIMIT 1$/);
  });
  it('"distinct users had a refunded order" counts the users of those orders', () => {
    expect(sql('how many distinct users had a refunded order this year?')).toMatch(/^SELECT uniqExact\(user_id\) AS customers FROM demo\.orders WHERE status = 'refunded'/);
    // A verb of events' rows ("added to cart") is not moved to orders.
    expect(refusal("how many customers added to cart but didn't buy")).not.toBe('answered');
  });
  it('"Q2 to date" is Q2 so far, one row per country; "sorted high to low", "longest first"', () => {
    expect(sql('AOV by country for Q2 to date')).toBe(sql('AOV by country for Q2 so far'));
    expect(sql('orders per country last month, sorted high to low')).toMatch(/ORDER BY orders DESC$/);
    expect(sql('users on each plan, ordered from the biggest plan to the smallest')).toMatch(/ORDER BY users DESC$/);
    expect(sql('pages ranked by average event duration, longest first')).toMatch(/ORDER BY avg_duration_ms DESC$/);
  });
  it('half-SQL wording: uniqExact(x), count(distinct x), sum(x), toStartOfWeek, "users table:"', () => {
    expect(sql('count(distinct session_id) by device yesterday')).toContain('uniqExact(session_id)');
    expect(sql('sum(revenue) by toStartOfWeek (monday) since 2025-05-05')).toBe(sql('total revenue by week since 2025-05-05'));
    expect(sql('users table: count by plan where channel = referral')).toBe("SELECT plan, count() AS users FROM demo.users WHERE channel = 'referral' GROUP BY plan ORDER BY users DESC");
  });
  it('"(UTC, 0-23)" after hours, "(up to today)" after a start', () => {
    expect(sql('which hour of the day (UTC, 0-23) has the most events overall?')).toBe(sql('which hour of the day has the most events overall?'));
    expect(sql('mobile refund rate by day since june 15 (up to today)')).toBe(sql('mobile refund rate by day since june 15'));
  });
});
