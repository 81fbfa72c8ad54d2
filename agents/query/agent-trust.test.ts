/**
 * Constructions for answers people can trust: running totals, joins the model declares (and refusals naming the
 * missing one), shares within each group, chart kinds as asked, partial periods named, rows with no related rows,
 * compared periods that are not adjacent, and context words that never change the question.
 */
import { describe, expect, it } from 'vitest';
import type { DatalabsError } from '../../bot/contracts/errors.ts';
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel, validateSemanticModel, type AgentPlan, type ConversationState } from './index.ts';

const model = loadSemanticModel(DEMO_MODEL_PATH);
const agent = createQueryAgent({ models: [model] });
const now = new Date('2025-06-30T18:00:00Z');
const flat = (s: string): string => s.replace(/\s+/g, ' ');
const plan = (question: string, state?: ConversationState): AgentPlan => agent.plan(question, { now, state });
const sql = (question: string): string => flat(plan(question).sql);
const refusal = (question: string, state?: ConversationState): string | undefined => {
  try { agent.plan(question, { now, state }); return undefined; } catch (e) { return `${(e as DatalabsError).code}: ${(e as Error).message}`; }
};
const chain = (...qs: string[]): AgentPlan => {
  let state: ConversationState | undefined;
  let last: AgentPlan | undefined;
  for (const q of qs) { last = plan(q, state); state = last.state; }
  return last!;
};

describe('running totals', () => {
  it('adds the grouped series up in time order in an outer query, titled "Running total of …"', () => {
    const p = plan('running total of revenue by day this month');
    expect(flat(p.sql)).toBe("SELECT day, sum(total_revenue) OVER (ORDER BY day) AS running_total_revenue, total_revenue FROM ( SELECT toDate(order_time) AS day, sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' AND order_time >= toDateTime('2025-06-01 00:00:00', 'UTC') AND order_time <= toDateTime('2025-06-30 18:00:00', 'UTC') GROUP BY day ORDER BY day ) ORDER BY day");
    expect(p.title).toBe('Running total of revenue by day, this month');
    expect(p.columns.map((c) => [c.name, c.format])).toEqual([['day', 'date'], ['running_total_revenue', 'currency'], ['total_revenue', 'currency']]);
    expect(p.chartHint).toBe('line');
  });

  it('reads "cumulative", runs within each value of a breakdown, and takes the bucket that suits a period', () => {
    expect(sql('cumulative signups by week')).toMatch(/^SELECT week, sum\(signups\) OVER \(ORDER BY week\) AS running_signups, signups FROM \( SELECT toStartOfWeek\(signup_time, 1\) AS week, count\(\) AS signups FROM demo\.users/);
    expect(sql('cumulative orders by week by device')).toContain('sum(orders) OVER (PARTITION BY device ORDER BY week) AS running_orders');
    expect(sql('running total of revenue last 14 days')).toMatch(/SELECT day, sum\(total_revenue\) OVER \(ORDER BY day\)/);
  });

  it('"make it cumulative" turns the previous series into a running total and later refinements keep it', () => {
    const p = chain('daily revenue this month', 'make it cumulative', 'only US');
    expect(flat(p.sql)).toMatch(/^SELECT day, sum\(total_revenue\) OVER \(ORDER BY day\).* AND country = 'US' /);
    expect(p.title).toMatch(/^Running total of revenue by day, US, this month$/);
  });

  it.each([
    ['running total of refund rate by day', /refund rate is a ratio, not a figure that adds up/],
    ['cumulative customers by month', /customers counted per month do not add up/],
    ['cumulative revenue', /A running total adds revenue up over time: say by day, week or month/],
    ['cumulative revenue growth last month', /not of a change between periods/],
  ])('refuses "%s" with the reason, never dropping "running"', (q, reason) => {
    expect(refusal(q)).toMatch(reason);
  });
});

describe('joins the semantic model declares', () => {
  it('splits order figures by facts of the user through the declared orders → users join', () => {
    expect(sql('revenue by signup channel')).toBe("SELECT u.channel AS signup_channel, sum(o.revenue) AS total_revenue FROM demo.orders AS o INNER JOIN demo.users AS u ON o.user_id = u.user_id WHERE o.status = 'completed' GROUP BY signup_channel ORDER BY total_revenue DESC");
    expect(sql('orders by plan')).toContain('INNER JOIN demo.users AS u ON o.user_id = u.user_id');
    expect(sql('Revenue by category for users on the enterprise plan')).toBe("SELECT o.category AS category, sum(o.revenue) AS total_revenue FROM demo.orders AS o INNER JOIN demo.users AS u ON o.user_id = u.user_id WHERE o.status = 'completed' AND u.plan = 'enterprise' GROUP BY category ORDER BY total_revenue DESC");
  });

  it('groups by a time of the joined table (signup cohorts), in time order, shown as dates', () => {
    const p = plan('orders by signup month');
    expect(flat(p.sql)).toBe("SELECT toStartOfMonth(u.signup_time) AS signup_month, count() AS orders FROM demo.orders AS o INNER JOIN demo.users AS u ON o.user_id = u.user_id WHERE o.status = 'completed' GROUP BY signup_month ORDER BY signup_month");
    expect(p.columns[0]).toMatchObject({ name: 'signup_month', displayName: 'Signup month', format: 'date' });
    expect(sql('active users by signup cohort last month')).toContain('FROM demo.events AS e INNER JOIN demo.users AS u ON e.user_id = u.user_id');
    expect(sql('signups by signup month')).toContain('toStartOfMonth(signup_time) AS signup_month');
  });

  it('refuses a breakdown the model declares no join for, naming the tables', () => {
    expect(refusal('revenue by event type')).toBe('NOT_UNDERSTOOD: revenue cannot be split or filtered by event type: it is a column of events, and the semantic model declares no join from orders to it.');
    expect(refusal('revenue by page')).toMatch(/declares no join from orders to it/);
    expect(refusal('signups by category')).toMatch(/each users row would count once per orders row/);
  });

  it('validates a dimension over another table\'s time as a model fact', () => {
    const bad = { ...model, dimensions: [...model.dimensions, { name: 'x_month', expr: 'toStartOfMonth({time})', table: 'products' }] };
    expect(() => validateSemanticModel(bad, 'test.yaml')).toThrow(/dimensions\.\d+\.table.*products has no time column/);
  });
});

describe('shares within each group', () => {
  it('"share of orders from mobile by country" is the mobile part of each country\'s orders, and the title says so', () => {
    const p = plan('share of orders from mobile by country');
    expect(flat(p.sql)).toBe("SELECT country, count() AS orders, countIf(device = 'mobile') / count() AS share FROM demo.orders WHERE status = 'completed' GROUP BY country ORDER BY share DESC");
    expect(p.title).toBe('Share of orders where device is mobile, within each country');
  });

  it('"only" / "among" restrict the rows instead: the share is of the total over them', () => {
    const p = plan('share of revenue by country for mobile only');
    expect(flat(p.sql)).toContain("sum(revenue) / sum(sum(revenue)) OVER () AS share FROM demo.orders WHERE status = 'completed' AND device = 'mobile'");
    expect(p.title).toBe('Revenue by country (share of total), mobile');
  });

  it('a later filter keeps the part and adds the restriction', () => {
    expect(flat(chain('share of orders from mobile by country', 'only US').sql)).toContain("countIf(device = 'mobile') / count() AS share FROM demo.orders WHERE status = 'completed' AND country = 'US'");
  });
});

describe('chart kinds reach the renderer as asked', () => {
  it.each([
    ['revenue by category as a pie chart', 'pie'],
    ['orders by device as a doughnut chart', 'donut'],
    ['orders by device as a donut chart', 'donut'],
    ['revenue by day last 30 days as an area chart', 'area'],
    ['revenue by country as a scatter plot', 'scatter'],
    ['revenue by country as a bar chart', 'bar'],
  ])('%s → %s', (q, kind) => {
    expect(plan(q).chartHint).toBe(kind);
  });

  it('"as a pie chart" as a follow-up changes only the chart, and a filter after it keeps the pie', () => {
    const a = plan('revenue by category last year');
    const b = plan('as a pie chart', a.state);
    expect(b.sql).toBe(a.sql);
    expect(b.chartHint).toBe('pie');
    expect(plan('only desktop', b.state).chartHint).toBe('pie');
  });
});

describe('partial periods are named', () => {
  it('"this month vs last month" keeps the whole previous month (as the evaluation sets define) and says the current one is to date', () => {
    const p = plan('revenue this month vs last month');
    expect(flat(p.sql)).toContain("order_time >= toDateTime('2025-05-01 00:00:00', 'UTC') AND order_time <= toDateTime('2025-06-30 18:00:00', 'UTC')");
    expect(p.title).toBe('Revenue by month, last month (whole) and this month to date');
  });

  it('asked "to date", both months are cut to the same elapsed time', () => {
    const p = plan('revenue this month vs last month to date');
    expect(flat(p.sql)).toContain("dateDiff('second', toStartOfMonth(order_time), order_time) <= 2570400");
    expect(p.title).toBe('Revenue by month, last month and this month, to date (the same 29.8 days of each month)');
  });
});

describe('periods named against another one', () => {
  it('"yesterday vs the same day last week" reads only those two days, one row each', () => {
    expect(sql('orders yesterday vs the same day last week')).toBe("SELECT toDate(order_time) AS day, count() AS orders FROM demo.orders WHERE status = 'completed' AND order_time >= toDateTime('2025-06-22 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-30 00:00:00', 'UTC') AND (order_time >= toDateTime('2025-06-22 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-23 00:00:00', 'UTC') OR order_time >= toDateTime('2025-06-29 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-30 00:00:00', 'UTC')) GROUP BY day ORDER BY day");
    expect(sql('revenue this month vs the same month last year')).toContain("order_time >= toDateTime('2024-06-01 00:00:00', 'UTC') AND order_time <= toDateTime('2024-06-30 18:00:00', 'UTC') OR");
  });

  it('"same for the week before" moves the previous period back; "the 10 days before that" likewise', () => {
    const week = chain('total revenue last week', 'same for the week before');
    expect(flat(week.sql)).toContain("order_time >= toDateTime('2025-06-16 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-23 00:00:00', 'UTC')");
    expect(week.title).toBe('Revenue, the week before last week');
    const days = chain('refund rate mobile vs desktop, last 10 days', 'same for the 10 days before that');
    expect(flat(days.sql)).toContain("order_time >= toDateTime('2025-06-10 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-20 00:00:00', 'UTC') GROUP BY device");
    expect(refusal('revenue the week before')).toMatch(/"the week before" what\?/);
  });

  it('"MoM growth last month, in %" is last month vs the month before, with the number of percent', () => {
    const s = sql('MoM revenue growth for last month, in %');
    expect(s).toContain('AS total_revenue_change_in_percent');
    expect(s).toContain("order_time >= toDateTime('2025-04-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC')");
    expect(refusal('revenue growth plan in percent')).toBeUndefined();
  });
});

describe('rows with no related rows', () => {
  it('"users who never had a completed order" counts users whose key no completed order refers to', () => {
    expect(sql('how many registered users have never had a completed order?')).toBe("SELECT count() AS signups FROM demo.users WHERE user_id NOT IN (SELECT user_id FROM demo.orders WHERE status = 'completed')");
    expect(sql('users who never ordered')).toBe("SELECT count() AS users FROM demo.users WHERE user_id NOT IN (SELECT user_id FROM demo.orders WHERE status = 'completed')");
    expect(sql('how many users never had a refunded order')).toContain("NOT IN (SELECT user_id FROM demo.orders WHERE status = 'refunded')");
    expect(sql('users without any orders by plan')).toMatch(/^SELECT plan, count\(\) AS users FROM demo\.users WHERE user_id NOT IN/);
  });

  it('a table without time of its own leaves the period to the related rows; "which …" lists them', () => {
    expect(sql('how many products had no orders last week')).toBe("SELECT count() AS products FROM demo.products WHERE product_id NOT IN (SELECT product_id FROM demo.orders WHERE status = 'completed' AND order_time >= toDateTime('2025-06-23 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-30 00:00:00', 'UTC'))");
    expect(sql('which products were never ordered')).toMatch(/^SELECT name AS product, count\(\) AS products FROM demo\.products WHERE product_id NOT IN \(SELECT product_id FROM demo\.orders WHERE status = 'completed'\) GROUP BY product/);
    expect(sql('how many users have no orders')).toBe(sql('users who never ordered'));
  });

  it('"without any" inside one table still excludes a value', () => {
    expect(sql('revenue without any mobile')).toContain("device != 'mobile'");
  });

  it('"never" with nothing to have none of is refused, not dropped', () => {
    expect(refusal('revenue never')).toMatch(/^NOT_UNDERSTOOD: "never"/);
  });
});

describe('words that do not change the question', () => {
  it.each([
    ['Can you pull daily revenue for the last 30 days? need it for the monday sync', 'daily revenue for the last 30 days'],
    ['daily refund rate on mobile over the last 30 days — want to see if the refund spike is real', 'daily refund rate on mobile over the last 30 days'],
    ['orders by day of week (mon=1 ... sun=7)', 'orders by day of week'],
    ['refunds by device last wk', 'refunds by device last week'],
    ['revenu by category for last quarter, highest first', 'revenue by category for last quarter in descending order'],
    ['how many diffrent products did we sell in books this month?', 'how many distinct products did we sell in books this month'],
    ['On average, how many orders does a customer place?', 'average orders per customer'],
  ])('"%s" is answered as "%s"', (q, same) => {
    expect(sql(q)).toBe(sql(same));
  });

  it('a context clause that asks for a breakdown or a chart is read, not dropped', () => {
    expect(plan('revenue by day last 7 days - want it as a bar chart').chartHint).toBe('bar');
    expect(sql('orders last week. want to compare with the week before')).toBe(sql('orders last week compared with the week before'));
  });

  it('values in a list stay values of their dimension ("purchase" is also the orders noun)', () => {
    expect(sql('funnel for the last 30 days pls: unique users at each step (page_view, add_to_cart, checkout, purchase)'))
      .toContain("SELECT event_type, uniqExact(user_id) AS active_users FROM demo.events WHERE event_type IN ('page_view', 'add_to_cart', 'checkout', 'purchase')");
  });
});

describe('refusals that teach', () => {
  it('offers at most three rewordings, each one the agent answers, for the words it did not understand only', () => {
    for (const q of ['revenue by colour', 'orders per wombat by country', 'how many signups by chanel last flurb']) {
      const r = refusal(q)!;
      expect(r).toMatch(/^NOT_UNDERSTOOD: I did not understand /);
      const tries = /Try: (.*?)\. I can answer/.exec(r)?.[1].split('; ').map((t) => t.replace(/^"|"$/g, '')) ?? [];
      expect(tries.length).toBeLessThanOrEqual(3);
      for (const t of tries) expect(() => plan(t)).not.toThrow();
    }
  });
});
