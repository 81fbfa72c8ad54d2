/**
 * Mechanisms found with blind48 (test/eval/blind48-*.jsonl), tested with other wordings than the set's own.
 */
import { describe, expect, it } from 'vitest';
import { agent, flat, now, refusal, sql, thread } from '../../test/support/plan-kit.ts';
import type { ConversationState } from './semantic-query.ts';

const last = (...qs: string[]) => flat(thread(...qs).at(-1)!);
/** The last answer of a thread whose refused turns leave the state as it was (as in chat). */
const lastAfterRefusals = (...qs: string[]): string => {
  let state: ConversationState | undefined;
  let sqlText = '';
  for (const q of qs) {
    try {
      const p = agent.plan(q, { now, state });
      state = JSON.parse(JSON.stringify(p.state)) as ConversationState;
      sqlText = flat(p);
    } catch { /* refused: nothing changes */ }
  }
  return sqlText;
};
const lastRefusal = (...qs: string[]): string => {
  try { thread(...qs); } catch (e) { return (e as Error).message; }
  return 'answered';
};

describe('blind48: periods the thread named', () => {
  it('"those two days combined" after one day and the day before it: one figure over both', () => {
    expect(last('refunds yesterday', 'and the day before?', 'how many orders across those two days combined?')).toBe(sql('how many orders from june 28 to june 29'));
    expect(last('revenue last week', 'and the week before?', 'both weeks together')).toBe(sql('revenue from june 16 to june 29'));
    // Each of them is still a row each.
    expect(last('refunds yesterday', 'and the day before?', 'orders on each of those two days')).toMatch(/GROUP BY day/);
  });
  it('two days apart are not summed as one span: refused', () => {
    expect(lastRefusal('orders on June 10', 'and on June 3?', 'revenue across those two days combined')).toMatch(/apart/);
  });
  it('"in those 30 days" is the previous answer\'s period; "just one number" collapses its breakdown', () => {
    expect(last('signups in the last 30 days by channel', 'ok just one number: paid signups in those 30 days')).toBe(sql('paid signups in the last 30 days'));
  });
  it('a question asked of "those" rows keeps what the previous answer kept', () => {
    expect(last('signups by plan last week', 'only the free plan', 'which channels did those free signups come from?')).toBe(sql('free plan signups by channel last week'));
  });
});

describe('blind48: rows asked for', () => {
  it('"list them", "list the products …" read as one aggregate is refused, not answered with a figure', () => {
    // The rows a count of a catalogue counted are listed (blind49); rows of a table with a time column are not.
    expect(last('how many products cost over $200?', 'list them with their prices')).toBe('SELECT name, price FROM demo.products WHERE price > 200 ORDER BY name ASC, product_id ASC LIMIT 10000');
    expect(lastRefusal('how many orders last week?', 'list them with their revenue')).not.toBe('answered');
    expect(refusal('list the orders with their revenue')).toMatch(/rows themselves/);
    expect(lastRefusal('how many orders yesterday?', 'show me those')).not.toBe('answered');
    // A figure shown, a breakdown listed, several figures listed: answered.
    expect(sql('show me orders last week')).toMatch(/^SELECT count\(\) AS orders/);
    expect(sql('list revenue by device')).toMatch(/GROUP BY device/);
    expect(sql('list revenue, orders and AOV for May')).toMatch(/AS aov FROM/);
  });
});

describe('blind48: how people write in a thread', () => {
  it('corrections and pauses before what is asked', () => {
    expect(last('orders by country this month', 'oops, I meant last month')).toBe(last('orders by country this month', 'last month'));
    expect(last('orders by country this month', 'no sorry, i actually meant the month before that')).toBe(last('orders by country this month', 'the month before that'));
    expect(sql('wait how many orders were refunded yesterday')).toBe(sql('how many orders were refunded yesterday'));
  });
  it('"forget that. Only …" narrows the answer before the forgotten request', () => {
    expect(lastAfterRefusals('orders per day last week', 'only from people on Safari', 'forget that. Only mobile')).toBe(last('orders per day last week', 'only mobile'));
  });
  it('"1 = Monday" beside a weekday breakdown; "percentage share"; "that visited the … page"', () => {
    expect(sql('revenue by day of week last month (1 = Monday)')).toBe(sql('revenue by day of week last month'));
    expect(sql('percentage share of orders by channel')).toMatch(/100 \* count\(\) \/ sum\(count\(\)\) OVER \(\) AS percent/);
    expect(sql('sessions that touched the /checkout page last week')).toBe(sql('sessions on the /checkout page last week'));
  });
  it('a remark after a dash about what was just named ("— those are the heavy boxes")', () => {
    expect(last('orders by day last week', 'only the home category — those are the bulky ones')).toBe(last('orders by day last week', 'only the home category'));
  });
  it('"more than 3 times?" after a count of customers by how often they bought: that count, said anew', () => {
    expect(last('how many customers ordered more than twice last month', 'more than 4 times?')).toBe(sql('how many customers ordered more than 4 times last month'));
    expect(lastRefusal('revenue by country', 'more than 3 times?')).toMatch(/did not find what to measure/);
  });
  it('"standup in 10 —" before the question', () => {
    expect(sql('standup in 10 — orders by device yesterday?')).toBe(sql('orders by device yesterday?'));
  });
});
