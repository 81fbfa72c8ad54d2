import { describe, expect, it } from 'vitest';
import { parseRule, type AlertRule } from '../rules/rule.ts';
import { evaluatePeriods } from './evaluate.ts';

const H = 3_600_000;
const T0 = Date.parse('2025-06-01T00:00:00Z');

function rule(extra: Record<string, unknown>): AlertRule {
  const r = parseRule({ name: 'r', query: 'revenue', condition: 'above 10', every: '1h', ...extra });
  if (!r.ok) throw new Error(r.error);
  return r.rule;
}

/** States of hourly periods with these values (null: no data). */
function states(r: AlertRule, values: Array<number | null>): string {
  const periods = values.map((_, i) => T0 + i * H);
  const map = new Map<number, number>();
  values.forEach((v, i) => v !== null && map.set(T0 + i * H, v));
  return evaluatePeriods({ rule: r, periods, values: map }).map((e) => ({ normal: '.', pending: 'p', firing: 'F' })[e.state]).join('');
}

describe('evaluating periods', () => {
  it('fires while a threshold holds', () => {
    expect(states(rule({}), [1, 11, 12, 3, 20])).toBe('.FF.F');
    expect(states(rule({ condition: 'below 5' }), [1, 11, 12, 3, 20])).toBe('F..F.');
    expect(states(rule({ condition: 'outside 5..15' }), [1, 11, 12, 3, 20])).toBe('F..FF');
  });

  it('waits `for` before firing (pending first), and a break resets it', () => {
    expect(states(rule({ for: '2h' }), [11, 11, 11, 11, 1, 11, 11, 11])).toBe('ppFF.ppF');
    expect(states(rule({ for: '1h' }), [11, 11, 1, 11])).toBe('pF.p');
  });

  it('applies the nodata policy to periods without a value', () => {
    expect(states(rule({}), [11, null, 11])).toBe('F.F');
    expect(states(rule({ nodata: 'alert' }), [1, null, 1])).toBe('.F.');
    expect(states(rule({ nodata: 'keep' }), [11, null, null, 1, null])).toBe('FFF..');
  });

  it('crosses fires on the period that moves past the line, either way', () => {
    expect(states(rule({ condition: 'crosses 10' }), [5, 9, 10, 12, 8, 8])).toBe('..F.F.');
  });

  it('change vs previous period, with a minimum volume', () => {
    expect(states(rule({ condition: 'change > 50% vs previous period' }), [10, 16, 16, 7, 7])).toBe('.F.F.');
    expect(states(rule({ condition: 'increase > 50% vs previous period' }), [10, 16, 16, 7, 7])).toBe('.F...');
    expect(states(rule({ condition: 'change > 50% vs previous period', min_volume: 20 }), [10, 16, 40, 7])).toBe('..FF');
  });

  it('no data for 2h fires once two hours pass without a row', () => {
    expect(states(rule({ condition: 'no data for 2h' }), [1, null, null, null, 1, null, null])).toBe('..FF..F');
  });
});
