import { describe, expect, it } from 'vitest';
import type { DatalabsError } from '../../bot/contracts/errors.ts';
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel, type ConversationState } from './index.ts';

const model = loadSemanticModel(DEMO_MODEL_PATH);
const agent = createQueryAgent({ models: [model] });
const now = new Date('2025-06-30T18:00:00Z');
const flat = (s: string): string => s.replace(/\s+/g, ' ');
const sql = (question: string): string => flat(agent.plan(question, { now }).sql);
const chain = (...qs: string[]): string => {
  let state: ConversationState | undefined;
  let last = '';
  for (const q of qs) { const p = agent.plan(q, { now, state }); state = p.state; last = flat(p.sql); }
  return last;
};
const refused = (...qs: string[]): string | undefined => {
  try { chain(...qs); return undefined; } catch (e) { return `${(e as DatalabsError).code}: ${(e as Error).message}`; }
};

describe('two periods compared: both read, one row per unit, or refused', () => {
  it.each([
    ['signups last month versus the month before', "signup_time >= toDateTime('2025-04-01 00:00:00', 'UTC') AND signup_time < toDateTime('2025-06-01 00:00:00', 'UTC') GROUP BY month"],
    ['sessions yesterday against the previous day', "event_time >= toDateTime('2025-06-28 00:00:00', 'UTC') AND event_time < toDateTime('2025-06-30 00:00:00', 'UTC') GROUP BY day"],
    ['aov in April compared with March', "order_time >= toDateTime('2025-03-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-05-01 00:00:00', 'UTC') GROUP BY month"],
    ['page views from the week before last to last week', "event_time >= toDateTime('2025-06-16 00:00:00', 'UTC') AND event_time < toDateTime('2025-06-30 00:00:00', 'UTC') GROUP BY week"],
  ])('%s', (q, part) => { expect(sql(q)).toContain(part); });
  it('two whole months that are not neighbours are both read, only those two, a row each', () => {
    expect(sql('revenue in February vs May')).toContain(`GROUP BY month`);
    expect(sql('revenue in February vs May')).toContain("order_time >= toDateTime('2025-02-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-03-01 00:00:00', 'UTC') OR order_time >= toDateTime('2025-05-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC')");
  });
  it('"the week before last" alone is one week', () => {
    expect(sql('orders the week before last')).toContain("order_time >= toDateTime('2025-06-16 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-23 00:00:00', 'UTC')");
  });
  it('a follow-up "vs <period>" or "compared to the <unit> before" compares with the previous answer\'s period', () => {
    expect(chain('refunds this week', 'versus last week')).toContain("order_time >= toDateTime('2025-06-23 00:00:00', 'UTC') AND order_time <= toDateTime('2025-06-30 18:00:00', 'UTC') GROUP BY week");
    expect(chain('signups in May', 'compared with the month before')).toContain("signup_time >= toDateTime('2025-04-01 00:00:00', 'UTC') AND signup_time < toDateTime('2025-06-01 00:00:00', 'UTC') GROUP BY month");
    expect(chain('signups in May', 'compared with the month before', 'by channel')).toMatch(/GROUP BY month, channel/);
  });
  it('a compared period with nothing to compare it with is refused', () => {
    expect(refused('orders vs last week')).toMatch(/compared with nothing/);
    expect(refused('orders by day', 'vs the week before')).toMatch(/nothing was changed/);
  });
});

describe('growth: the change of a figure between two periods', () => {
  it.each([
    'how much did signups increase last month compared to the month before',
    'percent change in signups from April to May',
    'did signups go up in May vs April',
  ])('%s', (q) => {
    const s = sql(q);
    expect(s).toContain('signups_change_percent');
    expect(s).toContain("signup_time >= toDateTime('2025-04-01 00:00:00', 'UTC') AND signup_time < toDateTime('2025-06-01 00:00:00', 'UTC')");
  });
  it('one whole period is compared with the one before it', () => {
    expect(sql('by what percent did orders decline last week')).toContain("order_time >= toDateTime('2025-06-16 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-30 00:00:00', 'UTC') GROUP BY week");
  });
  it('per dimension', () => {
    expect(sql('revenue growth by country last month vs the month before')).toMatch(/GROUP BY country ORDER BY total_revenue_change_percent DESC$/);
  });
  it('a growth word is not the growth plan, and the growth plan still is', () => {
    expect(sql('percentage growth in orders from April to May')).not.toContain("'growth'");
    expect(sql('signups on the growth plan last month')).toContain("plan = 'growth'");
  });
  it('without two periods it is refused', () => {
    expect(refused('how much did revenue grow')).toMatch(/two periods/);
    expect(refused('how much did revenue grow by country')).toMatch(/two periods/);
  });
  it('month over month with no period is the change for every month (agent-blind20.test.ts)', () => {
    expect(sql('revenue growth month over month')).toContain('lagInFrame(toNullable(total_revenue)) OVER (ORDER BY month');
  });
});

describe('ranked rows of a distinct-count measure ("top 10 customers") group by its key', () => {
  it.each([
    ['top 5 buyers by number of orders', /SELECT user_id AS customer, count\(\) AS orders .* GROUP BY customer ORDER BY orders DESC LIMIT 5$/],
    ['the 3 biggest customers by revenue last month', /GROUP BY customer ORDER BY .*revenue DESC LIMIT 3$/],
    ['top 20 customers', /GROUP BY customer ORDER BY total_revenue DESC LIMIT 20$|GROUP BY customer ORDER BY revenue DESC LIMIT 20$/],
  ])('%s', (q, re) => { expect(sql(q)).toMatch(re); });
  it('customers not ranked stay a count', () => {
    expect(sql('customers by country')).toContain('uniqExact(user_id) AS customers');
  });
});

describe('an amount "in <figure>" is a threshold on that figure (HAVING), never a row filter', () => {
  it.each([
    ['categories with more than $10k in sales', 'HAVING total_revenue > 10000'],
    ['countries that brought in at least 5000 dollars of revenue last month', 'HAVING total_revenue >= 5000'],
  ])('%s', (q, part) => { const s = sql(q); expect(s).toContain(part); expect(s).not.toMatch(/WHERE[^H]*revenue [<>]/); });
});

describe('a running period compared like with like ("to date")', () => {
  it.each([
    'orders this month vs the same period last month',
    'month to date orders compared to last month',
    'how much did orders grow this month',
  ])('%s', (q) => {
    const p = agent.plan(q, { now });
    expect(flat(p.sql)).toContain("dateDiff('second', toStartOfMonth(order_time), order_time) <= 2570400");
    expect(p.title).toMatch(/to date/);
  });
  it('a plain comparison keeps the whole previous period, as the time table defines it', () => {
    expect(sql('orders this month vs last month')).not.toContain('dateDiff');
  });
  it('a new period drops it', () => {
    expect(chain('orders this month vs the same period last month', 'last 7 days')).not.toContain('dateDiff');
  });
});

describe('"lost to": the figure over the rows it names', () => {
  it.each([
    ['revenue we lost to cancellations last month', "sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'cancelled'"],
    ['how much did we lose through refunds by country', "WHERE status = 'refunded' GROUP BY country"],
    ['how many orders have we lost to refunds', "count() AS orders FROM demo.orders WHERE status = 'refunded'"],
  ])('%s', (q, part) => { expect(sql(q)).toContain(part); });
});

describe('"how much more … than …": the difference of two periods, as asked', () => {
  const one = (q: string): string => agent.plan(q, { now }).sql.replace(/\s+/g, ' ');
  it.each([
    ['How much more revenue did we make in May than in April?', 'argMax(total_revenue, month) - argMin(total_revenue, month)'],
    ['how much more revenue did we make in April than in May', 'argMin(total_revenue, month) - argMax(total_revenue, month)'],
    ['how much less revenue did we make in April than in May', 'argMax(total_revenue, month) - argMin(total_revenue, month)'],
    ['how many fewer signups last week than the week before', 'argMin(signups, week) - argMax(signups, week)'],
    ['how many more orders this week than last week', 'argMax(orders, week) - argMin(orders, week)'],
  ])('%s', (q, expr) => {
    const s = one(q);
    expect(s).toContain(`${expr}, NULL) AS`);
    expect(s).toMatch(/_difference FROM/);
    expect(s).not.toContain('_change');
  });
  it('each period as named (no like-for-like cut) and one column', () => {
    const p = agent.plan('how many more orders this week than last week', { now });
    expect(p.sql).not.toContain('dateDiff');
    expect(p.columns.map((c) => c.name)).toEqual(['orders_difference']);
  });
  it('by a dimension: one difference per group', () => {
    expect(one('how much more revenue in May than April by country')).toMatch(/^SELECT country, if\(.* GROUP BY country ORDER BY total_revenue_difference DESC$/);
  });
  it('without two periods it is refused', () => {
    expect(() => agent.plan('how many more orders than refunds', { now })).toThrow(/two periods/);
  });
});

describe('"the week before" named beside another period in a difference is the unit before it', () => {
  it('"difference in X between the week before and last week": first named minus second', () => {
    expect(sql('difference in orders between the week before and last week')).toContain('argMin(orders, week) - argMax(orders, week)');
    expect(sql('difference in orders between last week and the week before')).toContain('argMax(orders, week) - argMin(orders, week)');
    expect(sql('difference in signups between the day before and yesterday')).toContain("argMin(signups, day) - argMax(signups, day)");
  });
  it('"X last week minus the week before", "X last month minus X the month before": one value, A − B', () => {
    const w = sql('signups last week minus the week before');
    expect(w).toContain('argMax(signups, week) - argMin(signups, week)');
    expect(w).toContain("signup_time >= toDateTime('2025-06-16 00:00:00', 'UTC') AND signup_time < toDateTime('2025-06-30 00:00:00', 'UTC')");
    expect(sql('signups the week before minus last week')).toContain('argMin(signups, week) - argMax(signups, week)');
    const m = sql('orders last month minus orders the month before');
    expect(m).toContain('argMax(orders, month) - argMin(orders, month)');
    expect(m).toContain("order_time >= toDateTime('2025-04-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC')");
    expect(sql('revenue in may minus revenue in april')).toContain('argMax(total_revenue, month) - argMin(total_revenue, month)');
    // A period after "minus" that repeats a word before the first period is still that period, not the figure again.
    expect(sql('difference in revenue between May and April (May minus April)')).toContain('argMax(total_revenue, month) - argMin(total_revenue, month)');
  });
});

describe('two month names compared: "may over april", "may vs april", "in may compared to april"', () => {
  const both = "signup_time >= toDateTime('2025-04-01 00:00:00', 'UTC') AND signup_time < toDateTime('2025-06-01 00:00:00', 'UTC') GROUP BY month";
  it('"over" between two month names compares them; growth is the later over the earlier', () => {
    const g = sql('MoM growth in signups, may over april');
    expect(g).toContain('argMax(signups, month) / argMin(signups, month) - 1');
    expect(g).toContain(both);
    expect(sql('signup growth may vs april')).toContain('argMax(signups, month) / argMin(signups, month) - 1');
    // The earlier month over the later one would be read backwards: left unread.
    expect(refused('growth in signups, april over may')).toMatch(/did not understand "over"/);
  });
  it('a bare "may" before a comparison word and another month is the month', () => {
    expect(sql('signups may vs april')).toContain(both);
    expect(sql('revenue in may compared to april')).toContain("order_time >= toDateTime('2025-04-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC') GROUP BY month");
    expect(sql('revenue may versus march')).toContain("order_time >= toDateTime('2025-03-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-04-01 00:00:00', 'UTC') OR order_time >= toDateTime('2025-05-01 00:00:00', 'UTC')");
  });
});
