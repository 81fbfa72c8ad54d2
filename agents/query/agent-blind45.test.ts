/**
 * Mechanisms found with blind45 (test/eval/blind45-*.jsonl), tested with other wordings than the set's own.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

describe('blind45: one row and a column of the table it joins to', () => {
  it('"the biggest order, and which product was it?" lists that order with its product, not the top product', () => {
    const biggest = sql('what was the largest order by revenue, and which product was it?');
    expect(biggest).toBe("SELECT a.order_id, a.order_time, a.revenue, b.name AS product FROM demo.orders AS a INNER JOIN demo.products AS b ON a.product_id = b.product_id WHERE a.status = 'completed' ORDER BY a.revenue DESC, a.order_id DESC LIMIT 1");
    expect(sql('top 3 orders by revenue with their product')).toMatch(/^SELECT a\.order_id, a\.order_time, a\.revenue, b\.name AS product FROM .* LIMIT 3$/);
    // A column of the order itself needs no join.
    expect(sql('the biggest refund last month, which country was it from?')).toMatch(/^SELECT order_id, order_time, revenue, country FROM demo\.orders WHERE status = 'refunded' AND .* LIMIT 1$/);
    // "the single biggest order" is one order; "biggest single order" stays the largest value.
    expect(sql('the single biggest order this year')).toMatch(/^SELECT order_id, order_time, revenue FROM demo\.orders .*LIMIT 1$/);
    expect(sql('biggest single order this year')).toMatch(/^SELECT max\(revenue\)/);
  });
  it('chatter around such a question is read without, and the rows still listed', () => {
    expect(sql('sorry, me again!! the single biggest completed order by revenue and which product was it? my boss wants a fun fact for the newsletter'))
      .toBe(sql('the single biggest completed order by revenue and which product was it?'));
  });
});

describe('blind45: ranges of weekdays', () => {
  it('Monday to Sunday is every day, said of a week; other ranges are the days they span', () => {
    expect(sql('revenue last week, monday to sunday')).toBe(sql('revenue last week'));
    expect(sql('orders last week (mon-sun)')).toBe(sql('orders last week'));
    expect(sql('orders tue to thu last month')).toContain('toDayOfWeek(order_time) IN (2, 3, 4)');
    expect(sql('signups fri-mon this month')).toContain('IN (5, 6, 7, 1)');
    expect(sql('revenue sat to sun last month')).toBe(sql('revenue on weekends last month'));
    expect(sql('revenue mon-fri last month')).toBe(sql('revenue on weekdays last month'));
  });
  it('"the normal iso week", "(iso weeks, monday start)" are how weeks are cut already', () => {
    expect(sql('orders per week this quarter, the standard iso weeks')).toBe(sql('orders per week this quarter'));
    expect(sql('active users by week this quarter (iso weeks, monday start)')).toBe(sql('active users by week this quarter'));
  });
});

describe('blind45: remarks and requests around a question', () => {
  it('what broke, beside a question keeping to another value of its column, is what happened', () => {
    expect(sql('signup events per day last week, want to check if checkout broke')).toBe(sql('signup events per day last week'));
    // With no value of its own, the question is never answered without it: read with it, or refused naming it.
    const alone = 'events per day last week, checking if checkout broke';
    expect(refusal(alone) === 'answered' ? sql(alone) : refusal(alone)).toMatch(/checkout/);
  });
  it('a split of the asker\'s own world, a share they state, what they do', () => {
    expect(sql('we track streams per artist, you have orders - how many orders came from mobile yesterday?')).toBe(sql('how many orders came from mobile yesterday?'));
    expect(sql('our readers are like 70% on laptops lol. refund rate by device last month?')).toBe(sql('refund rate by device last month?'));
  });
  it('"just the winner", "keep everything else", "do you carry", "did we take", "pick"', () => {
    expect(sql('which country had the highest revenue last month? just the winner and the number')).toBe(sql('which country had the highest revenue last month?'));
    expect(sql('revenue by device last month, only the winner')).toMatch(/LIMIT 1$/);
    const [, p] = thread('orders by channel last month', 'now revenue instead of orders, keep everything else the same');
    expect(flat(p)).toMatch(/^SELECT channel, sum\(revenue\)/);
    expect(sql("how many products do y'all carry per category")).toBe(sql('how many products per category'));
    expect(sql('how many orders did the shop take yesterday')).toBe(sql('how many orders yesterday'));
    expect(sql('which plan did most march signups choose?')).toBe(sql('which plan had the most march signups?'));
  });
  it('"totally separate question, nothing to do with …:" starts afresh', () => {
    const [, p] = thread('signups by channel this month', 'ok totally separate question, nothing to do with signups: revenue by country yesterday');
    expect(flat(p)).toMatch(/^SELECT country, sum\(revenue\)/);
    expect(flat(p)).not.toContain('channel');
  });
  it('"take out" still excludes', () => {
    expect(refusal('revenue last month, take out refunds')).not.toBe('answered');
  });
});

describe('blind45: days people name instead of dates', () => {
  it('a named day is its date, of the year said or the latest one not after now', () => {
    expect(sql("orders on valentine's day")).toBe(sql('orders on feb 14 2025'));
    expect(sql('revenue on christmas')).toBe(sql('revenue on dec 25 2024'));
    expect(sql('revenue on black friday 2023')).toBe(sql('revenue on nov 24 2023'));
    expect(sql('orders on cyber monday')).toBe(sql('orders on dec 2 2024'));
    expect(sql("signups on new year's eve 2024")).toBe(sql('signups on dec 31 2024'));
    // A bracket restating the date is read with it.
    expect(sql('orders on black friday 2024 (nov 29)')).toBe(sql('orders on nov 29 2024'));
    const [, p] = thread('revenue per day in february', "just valentine's day itself");
    expect(flat(p)).toContain("order_time >= toDateTime('2025-02-14 00:00:00', 'UTC') AND order_time < toDateTime('2025-02-15 00:00:00', 'UTC')");
  });
  it('a day whose date differs by country is not guessed', () => {
    expect(refusal("revenue on mother's day")).toMatch(/did not understand/);
  });
});

describe('blind45: what the asker says about the question', () => {
  it('a definition that is the model\'s own, a hedge on a bracket, the asker\'s name for the rows', () => {
    expect(sql('sessions on the /blog page last week (sessions = distinct session ids, right?)')).toBe(sql('sessions on the /blog page last week'));
    expect(sql('signups per month this year (I think signups = rows in the users table)')).toBe(sql('signups per month this year'));
    // A definition the model does not share is not dropped silently.
    expect(refusal('sessions last month (sessions = distinct user ids)')).not.toBe('answered');
    expect(sql("how many customers ordered more than twice? (we'd call those loyal regulars)")).toBe(sql('how many customers ordered more than twice?'));
  });
  it('doubt in a bracket, the place of a question among the asker\'s, a thing of another day', () => {
    expect(sql('refunds per day last week (someone thinks there was a bug, maybe not, no idea)')).toBe(sql('refunds per day last week'));
    expect(sql('one more thing, sorry! revenue by device yesterday')).toBe(sql('revenue by device yesterday'));
    expect(sql("orders by country last month, it's for tomorrow's standup")).toBe(sql('orders by country last month'));
  });
  it('what someone else wants, asked for them', () => {
    const [, p] = thread('signups by channel this year', 'sorry, my boss actually wants only the growth plan');
    expect(flat(p)).toMatch(/^SELECT channel, count\(\) AS signups FROM demo\.users WHERE plan = 'growth'/);
  });
  it('"only <rows> who …" opening a thread filters an answer there is not', () => {
    expect(refusal('only users who came from the email channel')).toMatch(/no answer before it to filter.*"how many users who came from the email channel"/);
    expect(sql('how many users came from the email channel')).toContain("channel = 'email'");
    // Rows named with their values alone can be a question of their own.
    expect(sql('only mobile orders')).toContain("device = 'mobile'");
  });
});

describe('blind45: countries by their own names, "the day before" in Spanish', () => {
  it('"solo Brasil", "nur Deutschland", "y el día anterior?"', () => {
    const [, p] = thread('checkout events per day, last 30 days', 'solo Brasil');
    expect(flat(p)).toContain("country = 'BR'");
    expect(sql('revenue nur Deutschland last month')).toBe(sql('revenue only Germany last month'));
    const [, , q] = thread('cuántos signups hubo el 16 de mayo?', 'por canal', 'y el día anterior?');
    expect(flat(q)).toContain("signup_time >= toDateTime('2025-05-15 00:00:00', 'UTC') AND signup_time < toDateTime('2025-05-16 00:00:00', 'UTC') GROUP BY channel");
  });
});

describe('blind45: a column\'s value said with "have"', () => {
  it('"orders that have quantity 4" is "with a quantity of 4"', () => {
    expect(sql('how many refunded orders have quantity 4 last month?')).toBe(sql('how many refunded orders with a quantity of 4 last month?'));
    expect(sql('quanti ordini hanno quantity 2?')).toBe(sql('how many orders with a quantity of 2?'));
    // Counts of rows per entity keep their own reading.
    expect(sql('customers who have more than 2 orders')).toMatch(/HAVING orders > 2/);
  });
});
