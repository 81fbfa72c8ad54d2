/**
 * Mechanisms found with blind43 (test/eval/blind43-*.jsonl), tested with other wordings than the set's own.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

describe('blind43: wrong answers mended', () => {
  it('"show me the top 5 … then" after the top one is a new cut of the ranking, not its rows', () => {
    const [, p] = thread('which country has the most orders this year?', 'ok show me the top 5 countries then');
    expect(flat(p)).toMatch(/GROUP BY country ORDER BY orders DESC LIMIT 5$/);
    expect(flat(p)).not.toContain('IN (SELECT');
  });
  it('"GB instead of US?" replaces a coded value the answer is kept to', () => {
    const [, , p] = thread('refund rate by device last month', 'only US', 'GB instead of US?');
    expect(flat(p)).toContain("country = 'GB'");
    expect(flat(p)).toMatch(/^SELECT device,/);
  });
  it('a remark with a superlative ranks what it is about, not the answer ("we care about peak hours. which hour …")', () => {
    expect(sql('we obsess over peak days. which day of the week had the most orders in May?')).toMatch(/LIMIT 1$/);
  });
  it('a statement the asker makes beside the question, every word understood, is context when it adds nothing', () => {
    expect(sql('we had loads of refunds in electronics. refund rate by category last week?')).toBe(sql('refund rate by category last week?'));
    // One that could restrict the rows is read as before (with it).
    expect(sql('our team is in Germany. revenue by device last month')).toContain("country = 'DE'");
  });
});

describe('blind43: who asks, and remarks around the question', () => {
  it('"<role> again", "<role> at a <place> here", "cheers from a …", "I work in …", "sorry to bother again"', () => {
    const plain = sql('how many signups yesterday?');
    expect(sql('hey, florist again 🙂 how many signups yesterday?')).toBe(plain);
    expect(sql('Hi, merchandiser at a shoe store here - how many signups yesterday?')).toBe(plain);
    expect(sql('greetings from a tiny bookshop 📚 how many signups yesterday?')).toBe(plain);
    expect(sql('sorry to bother you again, how many signups yesterday?')).toBe(plain);
  });
  it('"Is that true for …?" goes with the claim before it when the claim adds nothing; a claim that could filter keeps both (refused)', () => {
    expect(sql('Our quietest month is always February. Is that true here too? orders by month this year')).toBe(sql('orders by month this year'));
    expect(refusal('Tablet is our biggest channel. Is that true? revenue by channel last month')).toMatch(/did not understand "true"/);
  });
  it('a remark\'s figure that is part of the asked rate ("support says cancellations are spiking") asks nothing more', () => {
    expect(sql('support says cancellations are spiking - cancellation rate by country this month?')).toBe(sql('cancellation rate by country this month?'));
  });
  it('"quick one b4 standup:", "wich", an ellipsis and "fractions are fine (0.5 = 50%)" ask nothing more', () => {
    expect(sql('quick one b4 the sync: orders by channel yesterday')).toBe(sql('orders by channel yesterday'));
    expect(sql('wich countries had the most signups last month? top 3')).toBe(sql('which countries had the most signups last month? top 3'));
    expect(sql('share of orders by device last week? decimals are fine (0.5 = 50%)')).toBe(sql('share of orders by device last week?'));
  });
});

describe('blind43: words of German, and more', () => {
  it('German function words, courtesy and calendar words read as English', () => {
    expect(sql('Anzahl der orders nach device, letzten Monat bitte')).toBe(sql('number of orders by device, last month please'));
    expect(sql('Umsatz pro Quartal, sortiert nach Quartal')).toBe(sql('revenue per quarter, sorted by quarter'));
    const [, , p] = thread('refunds by category last month', 'nur electronics und books', 'jetzt nach device statt category');
    expect(flat(p)).toMatch(/^SELECT device, count\(\) AS refunds .*category IN \('electronics', 'books'\)/);
  });
  it('the same period said twice in two sentences is one period', () => {
    expect(sql('looking at last week. how many orders by device last week?')).toBe(sql('how many orders by device last week?'));
  });
  it('"revenue of the refunded orders": the article changes nothing; a restatement keeps the first saying\'s period', () => {
    expect(sql('revenue of the cancelled orders in May')).toBe(sql('revenue of cancelled orders in May'));
    // "the sum of the revenue" after another figure is a figure of its own, not the rows of the first.
    expect(sql('orders by device and the sum of the revenue, last week')).toContain('sum(revenue) AS total_revenue');
    expect(sql('total value of cancelled orders last week? i.e. the sum of revenue of the cancelled orders.')).toBe(sql('total value of cancelled orders last week'));
  });
  it('"forget paid - signups for every channel last week" drops the kept value', () => {
    const [, , p] = thread('signups by channel last month', 'only paid', 'ok forget paid - signups for every channel last week');
    expect(flat(p)).not.toContain("'paid'");
    expect(flat(p)).toMatch(/^SELECT channel, count\(\) AS signups/);
  });
  it('"horizontal bar chart pls" is the bar chart of categories', () => {
    const [, p] = thread('revenue by category last month', 'horizontal bar chart pls');
    expect(p.state.query.chart).toBe('bar');
  });
});
