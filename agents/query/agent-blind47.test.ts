/**
 * Mechanisms found with blind47 (test/eval/blind47-*.jsonl), tested with other wordings than the set's own.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]) => flat(thread(...qs).at(-1)!);

describe('blind47: rows listed and ranked', () => {
  it('"the 5 most expensive products, with their price": the ranked column said again asks nothing more', () => {
    expect(sql('the 5 most expensive products, with their price')).toBe(sql('the 5 most expensive products'));
    expect(sql('the 3 cheapest products showing the price')).toBe(sql('the 3 cheapest products'));
    expect(sql('the 5 most expensive products, with their price')).toMatch(/GROUP BY product ORDER BY avg_price DESC LIMIT 5$/);
    // Another column is still a column of the rows.
    expect(sql('the 5 cheapest products with their category')).toMatch(/^SELECT name AS product, category, /);
  });
});

describe('blind47: a refinement naming the rows it narrows', () => {
  it('"same again but only orders in Germany" keeps the figure; "those customers by country" keeps what was counted', () => {
    expect(last('revenue by week', 'same again but only orders in Germany')).toBe(last('revenue by week', 'only Germany'));
    expect(last('signups by channel', 'same thing, just users on the growth plan')).toBe(last('signups by channel', 'only the growth plan'));
    expect(last('how many customers placed more than 5 orders', 'split those customers by plan')).toBe(last('how many customers placed more than 5 orders', 'break it down by plan'));
    expect(last('how many customers placed more than 5 orders', 'those customers by device')).toMatch(/HAVING orders > 5/);
  });
  it('"and how many units were sold?" with nothing else asks the figure of the previous answer', () => {
    expect(last('revenue by channel in April', 'and how many units were sold?')).toBe(last('revenue by channel in April', 'units sold instead'));
    expect(last('revenue by device last week', 'how many orders were placed?')).toMatch(/^SELECT device, count\(\) AS orders .*2025-06-23/);
    // A total, or a period of its own, asks afresh.
    expect(last('revenue by device last week', 'how many orders were placed in total?')).not.toMatch(/GROUP BY|2025-06-23/);
  });
  it('"and per channel, same period": saying what is kept asks the breakdown instead; "and by channel" adds it', () => {
    expect(last('orders per device yesterday', 'and per channel, same period')).toBe(last('orders per device yesterday', 'by channel instead'));
    expect(last('orders per device yesterday', 'and by channel')).toMatch(/GROUP BY device, channel/);
  });
  it('"by categ", "per chan": a dimension name cut short', () => {
    expect(sql('refunds by categ last month')).toBe(sql('refunds by category last month'));
    expect(sql('revenue per chan')).toBe(sql('revenue per channel'));
  });
});

describe('blind47: money, shorthand and requests', () => {
  it('"how much $", "value, in USD, of", "provide"', () => {
    expect(sql('how much $ did we lose to cancellations in May')).toBe(sql('how much money did we lose to cancellations in May'));
    expect(sql('the total amount, in USD, of cancelled orders last week')).toBe(sql('the total amount of cancelled orders last week'));
    expect(sql('please provide me with orders by device')).toBe(sql('orders by device'));
  });
  it('"wat", "ofc", "she\'d", "right now", "come back and", "keep the top N"', () => {
    expect(last('orders by country this week', 'wat about last week')).toBe(last('orders by country this week', 'what about last week'));
    expect(sql('refund rate by device, all time ofc')).toBe(sql('refund rate by device, all time'));
    expect(sql("he'd like to know which channel brings the most signups")).toBe(sql('which channel brings the most signups'));
    expect(sql('how many users are on the free plan right now')).toBe(sql('how many users are on the free plan now'));
    expect(sql('how many customers came back to order more than twice?')).toBe(sql('how many customers ordered more than twice?'));
    expect(last('revenue by category', 'keep only the top 2')).toMatch(/LIMIT 2$/);
  });
  it('the SQL "statement used to produce this number" is the previous answer\'s SQL', () => {
    const [first, p] = thread('orders last week', 'please provide the SQL query used to get that number');
    expect(p.showSql).toBe(true);
    expect(flat(p)).toBe(flat(first));
  });
  it('"how many events happen in a session": events per session', () => {
    expect(sql('how many events occur in a typical session?')).toBe(sql('how many events are there per session on average'));
  });
});

describe('blind47: dates described by what happened on them', () => {
  it('a date, then what happened that day or how far it is from another', () => {
    expect(sql('orders by channel on May 20, 2025, the day of the big newsletter')).toBe(sql('orders by channel on May 20, 2025'));
    expect(last('revenue by device on June 12', 'same breakdown for June 5, a week earlier')).toBe(last('revenue by device on June 12', 'same breakdown for June 5'));
  });
  it('an event the data does not know, then the dates it spans', () => {
    expect(sql('refunds per day during the spring campaign: April 3 through April 9, 2025')).toBe(sql('refunds per day April 3 through April 9, 2025'));
    expect(sql('average daily orders over the two weeks after the relaunch, i.e. May 1 to May 14 2025')).toBe(sql('average daily orders May 1 to May 14 2025'));
  });
  it('a description naming something of the model is read, not dropped', () => {
    expect(refusal('revenue during the mobile promo: June 1 to June 7')).toMatch(/promo/);
  });
  it('a context sentence naming the figure the question asks', () => {
    expect(sql('We saw an order spike on June 2, 2025. How many orders came in that day, by device?')).toBe(sql('How many orders came in on June 2, 2025, by device?'));
  });
  it('"each of the two", "for both": the two values of one column named in the sentence before', () => {
    expect(sql('Is mobile bigger than desktop? Revenue last month for both.')).toBe(sql('Revenue last month for mobile and desktop by device.'));
    expect(sql('Is the pricing page busier than the home page? Show me sessions on each of the two.')).toMatch(/GROUP BY page/);
    // The sentence before naming something else (a country) is not left out: refused.
    expect(refusal('Is mobile bigger than desktop in Germany? Revenue for both.')).toMatch(/bigger/);
    expect(sql('Do we sell more in the US or in Brazil? Show orders for each of the two.')).toMatch(/country IN \('US', 'BR'\) GROUP BY country/);
  });
  it('when the asker\'s meeting is, and "just one number"', () => {
    expect(sql('My manager has a review tomorrow and wants just one number: what was revenue last week?')).toBe(sql('what was revenue last week?'));
    expect(refusal('my team has a sync and wants only mobile: how much revenue last week?')).toMatch(/sync/);
  });
});

describe('blind47: "have <column> N" is read only for a number column of the model', () => {
  it('a number column or its synonym is its value; another word is left as written', () => {
    expect(sql('orders that have quantity 3')).toBe(sql('orders with a quantity of 3'));
    expect(sql('orders having qty 2')).toBe(sql('orders with a qty of 2'));
    expect(sql('how many orders for product 5')).toMatch(/product_id = 5$/);
  });
});
