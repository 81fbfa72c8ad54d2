/**
 * One figure over another of the same table, asked in the question's own words (figure-ratios.ts,
 * parse/figure-ratio.ts): the model's own ratio where it has one for the pair, else the ratio the agent derives,
 * each part over its own rows.
 */
import { describe, expect, it } from 'vitest';
import { withFigureRatios } from './figure-ratios.ts';
import { DEMO_MODEL_PATH, loadSemanticModel, measureDisplay } from './index.ts';
import { agent, now, refusal, sql, thread, flat } from '../../test/support/plan-kit.ts';

const LAST_MONTH = "order_time >= toDateTime('2025-05-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC')";

describe('a division of one figure by another', () => {
  it('is the ratio of the two, each over its own rows, in every way it is written', () => {
    const perUnit = `SELECT sum(revenue) / sum(quantity) AS revenue_per_units FROM demo.orders WHERE status = 'completed' AND ${LAST_MONTH}`;
    for (const q of ['revenue divided by units last month', 'revenue / units sold last month', 'total revenue ÷ total units last month', 'revenue over units sold last month', 'revenue per unit last month', 'the ratio of revenue to units last month', 'revenue-to-units ratio last month']) {
      expect(sql(q), q).toBe(perUnit);
    }
    expect(sql('the ratio of refunds to cancellations by country')).toBe("SELECT country, countIf(status = 'refunded') / countIf(status = 'cancelled') AS refunds_per_cancellations FROM demo.orders GROUP BY country ORDER BY refunds_per_cancellations DESC");
    expect(sql('units per order by device')).toBe("SELECT device, sum(quantity) / count() AS units_per_orders FROM demo.orders WHERE status = 'completed' GROUP BY device ORDER BY units_per_orders DESC");
  });
  it('is the model\'s own ratio when it has one for the pair', () => {
    expect(sql('revenue / orders last month')).toBe(sql('average order value last month'));
    expect(sql('total revenue divided by the number of distinct buyers in May')).toBe(sql('revenue per customer in May'));
    expect(sql('refunds divided by all orders by device')).toBe(sql('refund rate by device'));
  });
  it('reads a bare count under a figure as the count of the rows that figure sums (half-SQL "sum(x)/count()")', () => {
    expect(sql('sum(revenue)/count() by device last month')).toBe(sql('average order value by device last month'));
    expect(sql('total revenue divided by the count, by channel')).toBe(sql('average order value by channel'));
    expect(refusal('sum(revenue)/count(distinct session_id)')).not.toBe('answered');
  });
  it('keeps "X per <entity>" a figure per entity, and a name the model has for "X per Y" that figure', () => {
    expect(sql('orders per customer last month')).toContain('avg(orders) AS avg_orders_per_customer');
    expect(sql('revenue per order by device')).toBe(sql('average order value by device'));
  });
  it('is shown in the first figure\'s unit when only it is money', () => {
    const model = withFigureRatios(loadSemanticModel(DEMO_MODEL_PATH));
    expect(measureDisplay(model, { kind: 'measure', name: 'revenue_per_units' })).toMatchObject({ format: 'currency' });
    expect(measureDisplay(model, { kind: 'measure', name: 'units_per_orders' })).toMatchObject({ format: 'decimal(2)' });
  });
  it('follows the thread like any figure', () => {
    const [, second] = thread('revenue divided by units by category', 'only mobile');
    expect(flat(second)).toBe("SELECT category, sum(revenue) / sum(quantity) AS revenue_per_units FROM demo.orders WHERE status = 'completed' AND device = 'mobile' GROUP BY category ORDER BY revenue_per_units DESC");
  });
  it('is left as written beside another figure, or across two tables', () => {
    // A bracket that defines the named figure as another ratio: neither is picked.
    expect(refusal('revenue per customer by country (revenue / orders)')).not.toBe('answered');
    // Signups are users, revenue is orders: no ratio of one table.
    expect(refusal('revenue divided by signups last month')).not.toBe('answered');
  });
  it('is never offered by name: derived ratios are hidden and named only by the division', () => {
    expect(refusal('revenue_per_units last month')).not.toBe('answered');
    // The list of what the agent answers names the model's figures, none of the derived ones.
    expect(refusal('frobnicate the gizmos')).toMatch(/I can answer about revenue, orders, average order value/);
    expect(refusal('frobnicate the gizmos')).not.toMatch(/ per /);
  });
});

describe('"per" a row after an extreme, and "order by" after "per"', () => {
  it('"the highest revenue per order" is the largest order\'s revenue, not a ratio', () => {
    expect(sql('the lowest and the highest revenue per order by country')).toContain('min(revenue) AS min_revenue, max(revenue) AS max_revenue');
    expect(sql('max units per order last month')).toBe(`SELECT max(quantity) AS max_quantity FROM demo.orders WHERE status = 'completed' AND ${LAST_MONTH}`);
  });
  it('"revenue per order by device" is the average order value by device (it was revenue by device, read as ORDER BY)', () => {
    expect(sql('revenue per order by device')).toContain('sum(revenue) / count() AS aov');
    expect(sql('revenue by country order by revenue')).toBe(sql('revenue by country'));
    expect(agent.plan('list countries, order by revenue', { now }).sql).toContain('ORDER BY total_revenue DESC');
  });
});
