/**
 * Sentences of context around a question: one that dates what "that day" refers to (context-period.ts), who is
 * asking ("Finance wants …", asides.ts), and a difference written out with possessives ("last week's revenue minus
 * the previous week's", parse/change.ts).
 */
import { describe, expect, it } from 'vitest';
import { refusal, sql, thread, flat } from '../../test/support/plan-kit.ts';

describe('a context sentence that names the day "that day" refers to', () => {
  it('gives the question its period', () => {
    expect(sql("Marketing ran a big campaign on 16 May 2025. Break down that day's signups by channel."))
      .toBe(sql('Break down signups by channel on 16 May 2025.'));
    expect(sql('There was a checkout outage on 10 June 2025. How many checkout events did we log that day?'))
      .toBe(sql('How many checkout events on 10 June 2025?'));
    expect(sql('Big promo on 2025-06-07! How much revenue on that day by device?')).toBe(sql('revenue by device on 2025-06-07'));
  });

  it('is not used when it names something the question does not (a filter, a figure) or another unit', () => {
    // Germany is in the context only: leaving it out would change the question; keeping it is a guess.
    expect(refusal('We launched in Germany on 3 June 2025. How many signups that day?')).not.toBe('answered');
    expect(sql('We launched in Germany on 3 June 2025. How many signups in Germany that day?'))
      .toBe(sql('How many signups in Germany on 3 June 2025?'));
    // "that week" after a day is not that day.
    expect(refusal('A campaign ran on 16 May 2025. Signups by channel that week?')).not.toBe('answered');
  });

  it('leaves a follow-up\'s "that day" to the previous answer', () => {
    const [, second] = thread('signups on 16 May 2025', 'how many orders that day?');
    expect(flat(second)).toBe(sql('how many orders on 16 May 2025'));
  });
});

describe('who is asking', () => {
  it('is not part of the question when the model does not know them', () => {
    expect(sql('Finance wants revenue per customer. What is it by country for this year?')).toBe(sql('revenue per customer by country this year'));
    expect(sql('The board asked for revenue by month this year')).toBe(sql('revenue by month this year'));
    expect(sql('Our CFO would like to see refund rate by country last month')).toBe(sql('refund rate by country last month'));
  });

  it('stays a filter when it is a value of the model', () => {
    expect(sql('Germany wants revenue')).toContain("country = 'DE'");
  });
});

describe('a difference written with possessives', () => {
  it('is the later period minus the earlier one', () => {
    const expected = sql('revenue last week minus the week before');
    expect(sql("last week's revenue minus the previous week's")).toBe(expected);
    expect(sql("How much did revenue change from the week before last to last week? Give last week's revenue minus the previous week's.")).toBe(expected);
    expect(sql('May revenue minus April revenue')).toBe(sql('revenue in May minus April'));
    expect(sql('April revenue minus May revenue')).toContain('argMin(total_revenue, month) - argMax(total_revenue, month)');
  });
});

describe('a sentence of context with no date before the question', () => {
  const Q = 'Which single day in the last 30 days had the lowest revenue?';
  it('is left out when the value it names cannot filter the figure (checkout is an event type; revenue has none)', () => {
    expect(sql(`We had a checkout outage at some point recently. ${Q}`)).toBe(sql(Q));
    expect(sql(Q)).toMatch(/GROUP BY day ORDER BY total_revenue ASC LIMIT 1$/);
  });
  it('is kept, and the question refused, when its value could filter the figure', () => {
    expect(refusal(`We had a mobile outage at some point recently. ${Q}`)).toMatch(/did not understand "outage"/);
  });
  it('is left out when the question names its value again', () => {
    expect(sql('We had a checkout outage recently. How many checkout events per day in the last 7 days?')).toBe(sql('How many checkout events per day in the last 7 days?'));
  });
});
