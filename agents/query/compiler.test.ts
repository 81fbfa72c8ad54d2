import { describe, expect, it } from 'vitest';
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { compileQuery, sqlNumber, sqlString } from './compiler.ts';
import { DEMO_MODEL_PATH, loadSemanticModel } from './index.ts';
import type { SemanticQuery } from './semantic-query.ts';

const model = loadSemanticModel(DEMO_MODEL_PATH);
const q = (over: Partial<SemanticQuery>): SemanticQuery => ({ model: 'demo', measures: [{ kind: 'measure', name: 'revenue' }], dimensions: [], filters: [], ...over });
const flat = (s: string): string => s.replace(/\s+/g, ' ');

describe('compiler', () => {
  it('puts a shared measure filter in WHERE', () => {
    const c = compileQuery(model, q({}));
    expect(flat(c.sql)).toBe("SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed'");
    expect(c.tables).toEqual(['demo.orders']);
    expect(c.timeColumn).toBe('demo.orders.order_time');
    expect(c.chartHint).toBe('big-number');
  });

  it('uses -If combinators when measures filter differently (refund rate)', () => {
    const c = compileQuery(model, q({ measures: [{ kind: 'measure', name: 'refund_rate' }], dimensions: ['country'] }));
    expect(flat(c.sql)).toContain("SELECT country, countIf(status = 'refunded') / count() AS refund_rate FROM demo.orders GROUP BY country");
  });

  it('lifts the completed filter when grouping by status', () => {
    const c = compileQuery(model, q({ measures: [{ kind: 'measure', name: 'orders' }], dimensions: ['status'] }));
    expect(c.sql).not.toContain("'completed'");
    expect(flat(c.sql)).toContain('count() AS orders');
  });

  it('joins through the model with aliases', () => {
    const c = compileQuery(model, q({ dimensions: ['product'], order: 'desc', limit: 10 }));
    expect(flat(c.sql)).toBe("SELECT p.name AS product, sum(o.revenue) AS total_revenue FROM demo.orders AS o INNER JOIN demo.products AS p ON o.product_id = p.product_id WHERE o.status = 'completed' GROUP BY product ORDER BY total_revenue DESC LIMIT 10");
    expect(c.tables).toEqual(['demo.orders', 'demo.products']);
  });

  it('emits time buckets and UTC period literals', () => {
    const c = compileQuery(model, q({ grain: 'week', period: { from: '2025-06-23 00:00:00', to: '2025-06-30 00:00:00', toInclusive: false, label: 'last week' } }));
    expect(flat(c.sql)).toContain('toStartOfWeek(order_time, 1) AS week');
    expect(flat(c.sql)).toContain("order_time >= toDateTime('2025-06-23 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-30 00:00:00', 'UTC')");
    expect(c.sql).toMatch(/ORDER BY week$/);
    expect(c.chartHint).toBe('line');
  });

  it('escapes string literals and avoids scientific notation', () => {
    const c = compileQuery(model, q({ filters: [{ kind: 'dimension', dimension: 'category', values: ["o'brien\\x"] }, { kind: 'numeric', table: 'orders', column: 'revenue', op: '>', value: 1e21 }] }));
    expect(c.sql).toContain("category = 'o\\'brien\\\\x'");
    expect(c.sql).toContain('revenue > 1000000000000000000000');
    expect(sqlString("a'b")).toBe("'a\\'b'");
    expect(sqlNumber(0.0000001)).toBe('0.0000001');
  });

  it('adds share of total with a window over the aggregate', () => {
    const c = compileQuery(model, q({ dimensions: ['device'], share: 'fraction' }));
    expect(flat(c.sql)).toContain("sum(revenue) / sum(sum(revenue)) OVER () AS share");
  });

  it('refuses dimensions the measure table cannot reach', () => {
    expect(() => compileQuery(model, q({ measures: [{ kind: 'measure', name: 'sessions' }], dimensions: ['category'] }))).toThrow(DatalabsError);
    // Figures of two tables are side by side, each over its own table; a breakdown one of them cannot reach is refused.
    expect(flat(compileQuery(model, q({ measures: [{ kind: 'measure', name: 'revenue' }, { kind: 'measure', name: 'sessions' }] })).sql))
      .toBe("SELECT total_revenue, sessions FROM ( SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' ) AS t1 CROSS JOIN ( SELECT uniqExact(session_id) AS sessions FROM demo.events ) AS t2");
    expect(() => compileQuery(model, q({ measures: [{ kind: 'measure', name: 'revenue' }, { kind: 'measure', name: 'sessions' }], dimensions: ['category'] }))).toThrow(/sessions cannot be split or filtered by category/);
  });

  it('derives hour of day from the base table time column', () => {
    const c = compileQuery(model, q({ measures: [{ kind: 'measure', name: 'signups' }], dimensions: ['hour_of_day'] }));
    expect(flat(c.sql)).toBe('SELECT toHour(signup_time) AS hour_of_day, count() AS signups FROM demo.users GROUP BY hour_of_day ORDER BY hour_of_day');
  });
});
