/**
 * Mechanisms found with blind40 (test/eval/blind40-*.jsonl), tested with other wordings than the set's own.
 */
import { describe, expect, it } from 'vitest';
import { agent, flat, now, refusal, sql, thread } from '../../test/support/plan-kit.ts';

describe('blind40: chatter around a question is left out, and said', () => {
  it('a clause about the asker or the reader that asks nothing the question does not', () => {
    expect(sql('Hey, finance lead here, I come from banking so go easy on me 🙂 what was total revenue in May?')).toBe(sql('what was total revenue in May?'));
    expect(sql('how many signups per day in the last 10 days? think of it as my daily intake report')).toBe(sql('how many signups per day in the last 10 days?'));
    expect(sql('Evening all — refunds are basically our returns, right? how many refunds last week?')).toBe(sql('how many refunds last week?'));
    expect(sql('which week had the most orders this year? I suspect it was the promo')).toBe(sql('which week had the most orders this year?'));
    const plan = agent.plan('Hey, finance lead here, I come from banking so go easy on me 🙂 what was total revenue in May?', { now });
    expect(plan.unsure?.skipped).toEqual(expect.arrayContaining(['banking']));
  });
  it('a label before a colon or a full stop, even one naming a figure, when the rest asks its own', () => {
    expect(sql('Homework task: orders per device last week')).toBe(sql('orders per device last week'));
    expect(sql('QA run #12. total signups, all channels')).toBe(sql('total signups, all channels'));
    expect(sql('Retention question: of the users who signed up in February, how many placed an order?')).toBe(sql('of the users who signed up in February, how many placed an order?'));
    expect(sql("checking 'yesterday' handling: how many orders yesterday?")).toBe(sql('how many orders yesterday?'));
  });
  it('is kept, and the question refused, when it could restrict the rows', () => {
    expect(refusal('revenue by country last month, VIP customers')).toMatch(/did not understand "vip"/);
    expect(refusal('revenue by device, for VIP customers')).toMatch(/did not understand "vip"/);
    expect(refusal('We had a mobile outage at some point recently. Which day last month had the lowest revenue?')).toMatch(/did not understand "outage"/);
  });
  it('what the answer is for, how it is laid out, and how it always is', () => {
    expect(sql('For audit purposes I need refunds by month this year')).toBe(sql('refunds by month this year'));
    expect(sql('revenue by country and device last month, one row per country and device is perfect')).toBe(sql('revenue by country and device last month'));
    expect(sql('signups by plan and channel. A flat table is fine.')).toBe(sql('signups by plan and channel'));
    expect(sql('revenue by country last month, completed only as usual')).toBe(sql('revenue by country last month'));
    expect(sql('signups per day last week, so I can staff the support desk')).toBe(sql('signups per day last week'));
    expect(sql('refund rate by device, all time to begin with')).toBe(sql('refund rate by device, all time'));
  });
  it('a bracket naming a figure in the asker\'s own words, or whose column a grouping is', () => {
    expect(sql('AOV by device this year (AOV = what we call basket size, I think)')).toBe(sql('AOV by device this year'));
    expect(sql('orders by plan (user plan) last month')).toBe(sql('orders by plan last month'));
  });
  it('a message that takes back what it said first asks only what follows', () => {
    expect(sql('revenue by device this wk and... actually scratch that, just give me refunds per day for the last 7 days')).toBe(sql('refunds per day for the last 7 days'));
  });
});

describe('blind40: wrong answers mended', () => {
  it('"regardless of activity" asks no figure of activity', () => {
    expect(sql('how many starter users per country, regardless of activity')).toBe(sql('how many starter users per country'));
  });
  it('"the quantity of orders" is how many there are; a total or average quantity is the column', () => {
    expect(sql('the quantity of orders per device last week')).toBe(sql('the number of orders per device last week'));
    expect(sql('total quantity of orders by country')).toContain('sum(quantity)');
  });
  it('"a status other than completed" excludes the value; "together, one number" splits nothing', () => {
    expect(sql('how many orders had a device other than desktop last month?')).toBe(sql('how many orders not on desktop last month?'));
    expect(sql('how many orders are not completed? all the other statuses together, one number')).toBe("SELECT count() AS orders FROM demo.orders WHERE status != 'completed'");
  });
  it('"which … with more …" with nothing weighed against it is the most', () => {
    expect(sql('which week had more signups this year?')).toBe(sql('which week had the most signups this year?'));
    expect(sql('which countries had more than 100 orders')).toMatch(/HAVING orders > 100/);
  });
  it('"how many distinct products were ordered / purchased" counts them in the orders, any status when said', () => {
    expect(sql('how many distinct products were purchased?')).toBe("SELECT uniqExact(product_id) AS distinct_product_id FROM demo.orders WHERE status = 'completed'");
    expect(sql('how many different products were ordered, all statuses?')).toBe("SELECT uniqExact(product_id) AS distinct_product_id FROM demo.orders WHERE status IN ('completed', 'refunded', 'cancelled')");
    expect(sql('how many distinct products do we have')).toContain('FROM demo.products');
  });
  it('"which category is the worst" of a figure where lower is better is the highest', () => {
    const [, worst] = thread('cancellation rate by device', 'which device is the worst?');
    expect(flat(worst)).toMatch(/ORDER BY cancellation_rate DESC LIMIT 1$/);
    expect(sql('the best 2 countries by refund rate')).toMatch(/ORDER BY refund_rate ASC LIMIT 2$/);
    expect(sql('best selling category')).toMatch(/ORDER BY total_revenue DESC LIMIT 1$/);
  });
  it('"how many of the DE users who signed up in April went on to place an order" counts those users', () => {
    const q = sql('how many of the DE users who signed up in April went on to place an order?');
    expect(q).toMatch(/^SELECT uniqExact\(o\.user_id\) AS customers /);
    expect(q).toContain("country = 'DE'");
    expect(sql('how many users who signed up in May ended up buying something?')).toMatch(/^SELECT uniqExact\(o\.user_id\) AS customers .*u\.signup_time >= toDateTime\('2025-05-01/);
  });
  it('a new period and breakdown after a comparison of periods drop the comparison\'s time bucket', () => {
    const [, next] = thread('orders this month vs last month', "now let's see last week's orders by country");
    expect(flat(next)).toBe(sql("last week's orders by country"));
  });
  it('"what share of all of that month\'s … is that" after a filter is the filtered value\'s share of each month', () => {
    const [, , share] = thread('signups per month this year', 'only paid', "what share of all of that month's signups is that?");
    expect(flat(share)).toContain("countIf(channel = 'paid') / count() AS share");
    expect(flat(share)).not.toContain("WHERE channel = 'paid'");
  });
  it('"how many orders did each of those 5 place" keeps the previous ranking\'s rows', () => {
    const [, each] = thread('top 5 users by revenue', 'how many completed orders did each of those 5 place this year?');
    expect(flat(each)).toContain('user_id IN (SELECT customer FROM (SELECT user_id AS customer, sum(revenue) AS total_revenue');
  });
});

describe('blind40: refusals now answered', () => {
  it('refinements said other ways', () => {
    expect(flat(thread('how many products cost less than $20, per category', 'remove the price condition')[1])).toBe(sql('how many products per category'));
    expect(flat(thread('cancellations by country last month', 'turn that into cancellation rates')[1])).toBe(sql('cancellation rate by country last month'));
    expect(thread('revenue by device', 'put it as a pie chart')[1].sql).toBe(thread('revenue by device')[0].sql);
    expect(flat(thread('sessions by country yesterday', 'now the same for the day before of yesterday')[1])).toBe(sql('sessions by country the day before yesterday'));
    expect(flat(thread('revenue by channel', 'ok, keep only paid and social')[1])).toContain("channel IN ('paid', 'social')");
    expect(flat(thread('revenue from free-plan users by month', 'add the starter plan')[1])).toContain("u.plan IN ('free', 'starter')");
    expect(flat(thread('top 10 products by revenue', 'now only beauty, top 3 is enough for that one')[1])).toMatch(/category = 'beauty'.*LIMIT 3$/);
  });
  it('"reset." starts afresh; "reset the prices" is still a change of data', () => {
    const [, fresh] = thread('orders by country yesterday', 'reset. revenue by device');
    expect(flat(fresh)).toBe(sql('revenue by device'));
    expect(refusal('reset all prices to zero')).toMatch(/only read data/);
  });
  it('a dropped letter in a structural word', () => {
    expect(sql('numbr of signups last week')).toBe(sql('number of signups last week'));
    expect(sql('revenue brokn down by plan')).toBe(sql('revenue broken down by plan'));
    expect(flat(thread('orders per day in the last 5 days', 'same for the 5 days befor that')[1])).toBe(flat(thread('orders per day in the last 5 days', 'same for the 5 days before that')[1]));
  });
  it('weekday ranges and short names', () => {
    expect(sql('orders for each day of the week (Mon–Sun)')).toBe(sql('orders by day of week'));
    expect(sql('revenue Mon-Fri last month')).toBe(sql('revenue on weekdays last month'));
    expect(sql('orders on sun last month')).toBe(sql('orders on sundays last month'));
  });
  it('the extremes of a column over single rows, and a superlative said of its own column', () => {
    expect(sql('the largest and the smallest price of a single product')).toBe('SELECT max(price) AS max_price, min(price) AS min_price FROM demo.products');
    expect(sql('the cheapest price in each category')).toMatch(/^SELECT category, min\(price\) AS min_price FROM demo\.products GROUP BY category/);
  });
  it('"last 3 full months (not the current one)", a clock span, "monthly X and monthly Y", values compared with one noun', () => {
    expect(sql('orders by month for the last 3 full months (not the current one)')).toBe(sql('orders by month for the last 3 full months'));
    expect(sql('how many orders during the night, 01:00 to 04:59 UTC?')).toBe(sql('how many orders between 01:00 and 04:59?'));
    expect(sql('monthly orders and monthly customers this year')).toBe(sql('monthly orders and customers this year'));
    expect(sql('AOV of free users vs starter users')).toBe(sql('AOV of free vs starter users'));
  });
  it('"all the users, not only the actives"', () => {
    expect(sql('How many users on the growth plan? All the users, not only the actives')).toBe(sql('How many users on the growth plan?'));
  });
});
