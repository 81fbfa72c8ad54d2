/**
 * Mechanisms found with blind46 (test/eval/blind46-*.jsonl), tested with other wordings than the set's own.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

describe('blind46: named days, said with what people add', () => {
  it('"last christmas", "christmas last year", "this year\'s valentine\'s day"; a date said again after it', () => {
    expect(sql('revenue on last christmas')).toBe(sql('revenue on dec 25 2024'));
    expect(sql('orders on halloween last year')).toBe(sql('orders on oct 31 2024'));
    expect(sql("signups on this year's valentine's day")).toBe(sql('signups on feb 14 2025'));
    expect(sql('how many orders on black friday? (nov 29 last year)')).toBe(sql('how many orders on nov 29 2024?'));
    const [, p] = thread('revenue by country on black friday', 'and on cyber monday, dec 2?');
    expect(flat(p)).toContain("order_time >= toDateTime('2024-12-02 00:00:00', 'UTC') AND order_time < toDateTime('2024-12-03 00:00:00', 'UTC') GROUP BY country");
  });
  it('a date that contradicts the day named is refused, not guessed', () => {
    expect(refusal('orders on christmas 2024 (dec 24)')).toMatch(/christmas 2024 is dec 25 2024, not "dec 24"/);
    expect(refusal('revenue on boxing day, dec 27?')).toMatch(/boxing day is dec 26 2024, not "dec 27"/);
  });
  it('"and the day before, may 15?" is that day', () => {
    const [, , p] = thread('orders by device on june 3', 'only refunded', 'and the day before, june 2?');
    expect(flat(p)).toContain("order_time >= toDateTime('2025-06-02 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-03 00:00:00', 'UTC') GROUP BY device");
  });
});

describe('blind46: rows asked for, with the chatter around them', () => {
  it('"the most big order", "which one is it and how much", "the amount", a role before it', () => {
    expect(sql('the most big refund of last week, which one was it and how much?')).toBe(sql('the biggest refund of last week'));
    expect(sql('security team here. the largest order yesterday? need order id, user id and the amount')).toMatch(/^SELECT order_id, order_time, revenue, user_id FROM demo\.orders .*LIMIT 1$/);
  });
});

describe('blind46: what the asker says around the question', () => {
  it('where the answer goes and when it is due', () => {
    expect(sql('refund rate last quarter? just the one number for the appendix')).toBe(sql('refund rate last quarter?'));
    expect(sql('Morning. COO here, putting together the ops review for Friday. How many orders last week?')).toBe(sql('How many orders last week?'));
    expect(sql('busiest weekday for orders across all the data, for staffing the warehouse')).toBe(sql('busiest weekday for orders across all the data'));
    expect(sql('revenue in Q1 vs Q2 2025, one line per quarter')).toBe(sql('revenue in Q1 vs Q2 2025, one row per quarter'));
  });
  it('a bracket remark on a value of the split, a hope about a row', () => {
    expect(sql('orders by device last week (tablet looks weird to me)')).toBe(sql('orders by device last week'));
    expect(sql('top 3 countries by revenue this year? (hoping DE made it, fingers crossed)')).toBe(sql('top 3 countries by revenue this year?'));
    // Without a split by it, such a value could filter: refused, not guessed.
    expect(refusal('orders last week (tablet looks weird to me)')).toMatch(/did not understand/);
  });
  it('slips: "teh", "since the begin", "can you telling me", "moved the most units", "hello sir … I am thanking you"', () => {
    expect(sql('refunds for teh last 7 days')).toBe(sql('refunds for the last 7 days'));
    expect(sql('signups per month since the begin')).toBe(sql('signups per month all time'));
    expect(sql('weekly signups since the start of May')).toContain("signup_time >= toDateTime('2025-05-01 00:00:00', 'UTC') AND signup_time <= toDateTime('2025-06-30 18:00:00', 'UTC')");
    expect(sql('Hello sir, can you telling me the revenue of yesterday, I am thanking you')).toBe(sql('the revenue of yesterday'));
    expect(sql('which 3 categories moved the most units last month?')).toBe(sql('which 3 categories sold the most units last month?'));
  });
  it('"and for quantity 4?" names a value of a number column, not a key', () => {
    const [, , p] = thread('how many orders had quantity 5 last month?', 'by device', 'and for quantity 2?');
    expect(flat(p)).toContain('quantity = 2');
    expect(sql('orders for user 15')).toContain('user_id = 15');
  });
});

describe('blind46: the same period said again, names in other languages', () => {
  it('a period said again after "=" is one period', () => {
    expect(sql('orders per device yesterday = yesterday?')).toBe(sql('orders per device yesterday'));
    // Compared, it is two periods still.
    expect(refusal('revenue yesterday vs yesterday')).toMatch(/two periods/);
  });
  it('countries and categories by their names in French, Polish and the other languages read here', () => {
    expect(sql('combien de commandes en Allemagne le mois dernier?')).toBe(sql('how many orders in Germany last month?'));
    expect(sql('revenue for beauté last month')).toBe(sql('revenue for beauty last month'));
    expect(sql('przychód z Japonii w tym roku')).toBe(sql('revenue from Japan this year'));
    expect(sql('Marek again, liczba zamówień wczoraj')).toBe(sql('number of orders yesterday'));
  });
});
