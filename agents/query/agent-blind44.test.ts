/**
 * Mechanisms found with blind44 (test/eval/blind44-*.jsonl), tested with other wordings than the set's own.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

describe('blind44: follow-ups with no answer before them', () => {
  it('"… instead", "same period but …" change an answer: with none before them they are refused, not guessed', () => {
    expect(refusal('orders instead')).toMatch(/no answer before it to change/);
    expect(refusal('same dates but as cancellation rate')).toMatch(/no answer before it to change/);
    // After an answer they refine it; a whole question naming both still stands alone.
    const [, p] = thread('refunds by device last week', 'orders instead');
    expect(flat(p)).toMatch(/^SELECT device, count\(\) AS orders .*WHERE status = 'completed'/);
    expect(sql('show orders by week instead of by day')).toMatch(/toStartOfWeek/);
  });
});

describe('blind44: Dutch, Portuguese and chat shorthand', () => {
  it('everyday Dutch and Portuguese words read as English', () => {
    expect(sql('Goedemorgen! hoeveel signups vorige week, graag')).toBe(sql('how many signups last week'));
    expect(sql('bom dia pessoal, quantos orders ontem?')).toBe(sql('how many orders yesterday?'));
    const [, , p] = thread('revenue by country last month', 'alleen tablet', 'nu by channel instead, dank je');
    expect(flat(p)).toMatch(/^SELECT channel, sum\(revenue\) .*device = 'tablet'/);
    const [, q] = thread('refunds by category this year', 'só electronics, por favor');
    expect(flat(q)).toContain("category = 'electronics'");
  });
  it('"can u …", "im …" are read as written out', () => {
    const [, p] = thread('signups by month this year', 'can u make it a bar chart');
    expect(p.state.query.chart).toBe('bar');
  });
});

describe('blind44: more chatter read as context', () => {
  it('a grouping the asker names of their own work splits nothing ("I analyse subscriptions …")', () => {
    expect(sql('Morning. I manage subscriptions at a magazine and churn-ish things are my job, so: cancellation rate by month please'))
      .toBe(sql('cancellation rate by month please'));
  });
  it('a remark\'s "too" adds nothing; what someone else says went up is no change asked', () => {
    expect(sql('refunds by day of week last month, weekends feel slow for us too')).toBe(sql('refunds by day of week last month'));
    expect(sql('Orders by device last week? A colleague mentioned tablet orders went down')).toBe(sql('Orders by device last week?'));
    // The asker asking for a change still gets one.
    expect(sql('revenue by month this year, and how much it went up each month')).toContain('_change');
  });
  it('what the answer is for: "its for a school project on …", "going into my monday slides", "board call in an hour"', () => {
    expect(sql('how many orders per month? its for a class assignment on retail')).toBe(sql('how many orders per month?'));
    expect(sql('signups by plan this year? board call in an hour')).toBe(sql('signups by plan this year?'));
    const [, p] = thread('revenue by channel last week', 'as a pie chart please, going into our friday deck');
    expect(p.state.query.chart).toBe('pie');
  });
  it('a bracket naming a value the question names too is context ("(hardware startup, so electronics is what I care about)")', () => {
    expect(sql('books revenue by week this month (small publisher, so books is all I care about)')).toBe(sql('books revenue by week this month'));
  });
  it('"even", and a word that is another word with a letter before it ("learning" is not "earning"), are no figures', () => {
    expect(sql('orders today? lunch rush has barely even started here')).toBe(sql('orders today?'));
    expect(sql('signups this week? (new here, still learning the tool)')).toBe(sql('signups this week?'));
  });
});
