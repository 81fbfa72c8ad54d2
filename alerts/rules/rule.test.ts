import { describe, expect, it } from 'vitest';
import { parseRule, parseRuleYaml } from './rule.ts';
import { describeCondition, parseCondition } from './condition.ts';
import { addPeriods, granularityOf, parseSchedule, periodsBetween, periodStart } from './schedule.ts';
import { diffRules } from './diff.ts';

const SMALLEST = `name: mobile-refund-rate
query: refund rate on mobile          # a question in plain words, or SQL
condition: above 0.1                  # above X | below X | …
every: 1h                             # 1h, 15m, 1d, or a cron expression
`;

const errorOf = (input: Record<string, unknown>) => {
  const r = parseRule({ name: 'r', query: 'revenue', condition: 'above 1', every: '1h', ...input });
  return r.ok ? 'ok' : r.error;
};

describe('rule files', () => {
  it('reads the smallest rule file as it is', () => {
    const [doc] = parseRuleYaml(SMALLEST, 'mobile.yaml');
    expect(doc.result.ok).toBe(true);
    if (!doc.result.ok) return;
    const r = doc.result.rule;
    expect(r).toMatchObject({ name: 'mobile-refund-rate', query: 'refund rate on mobile', source: 'question', condition: { kind: 'threshold', op: 'above', value: 0.1 }, schedule: { kind: 'interval', ms: 3_600_000 }, granularity: { kind: 'fixed', ms: 3_600_000 }, forMs: 0, nodata: 'ok', timezone: 'UTC', severity: 'warning', minVolume: 0 });
  });

  it('reads every optional key', () => {
    const r = parseRule({ name: 'x', query: 'SELECT 1', condition: 'change > 30% vs previous period', every: '0 * * * *', for: '2h', labels: { team: 'growth', tier: 1 }, annotations: { summary: 'revenue moved' }, min_volume: 100, nodata: 'keep', timezone: 'Europe/Berlin', severity: 'critical', receivers: ['ops'] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rule).toMatchObject({ source: 'sql', forMs: 7_200_000, labels: { team: 'growth', tier: '1' }, minVolume: 100, nodata: 'keep', timezone: 'Europe/Berlin', severity: 'critical', receivers: ['ops'], granularity: { kind: 'fixed', ms: 3_600_000 } });
  });

  it('reads several rules from one file and names the document of a bad one', () => {
    const docs = parseRuleYaml(`${SMALLEST}---\nname: b\nquery: revenue\ncondition: above ten\nevery: 1d\n`, 'two.yaml');
    expect(docs.map((d) => [d.where, d.result.ok])).toEqual([['two.yaml#1', true], ['two.yaml#2', false]]);
  });

  it.each([
    ['a threshold that is not a number', { condition: 'above ten' }, 'condition: the threshold "ten" is not a number'],
    ['an unknown key', { severty: 'high' }, 'unknown key "severty" (a rule has name, query, condition, every, for, labels, annotations, min_volume, nodata, timezone, severity, receivers)'],
    ['a cron that never fires', { every: '0 0 30 2 *' }, 'every: the cron "0 0 30 2 *" never fires'],
    ['a cron that is not one', { every: '61 * * * *' }, 'every: "61 * * * *" is neither an interval (15m, 1h, 1d) nor a valid cron expression (Invalid value for minute: 61)'],
    ['a missing query', { query: undefined }, 'query: is required (a question in plain words, or SQL)'],
    ['a missing condition', { condition: undefined }, 'condition: is required'],
    ['an unknown condition', { condition: 'sometimes' }, 'condition: "sometimes" is not a condition I know: use above X, below X, outside A..B, crosses X, change > 30% vs previous period, change > 30% vs same period last week, no data for 2h, freshness of db.table > 1h, anomaly [up|down] [low|medium|high] [by dimension]'],
    ['a backwards range', { condition: 'outside 20..10' }, 'condition: the range 20..10 is backwards: write the lower bound first'],
    ['an unknown baseline', { condition: 'change > 30% vs yesterday-ish' }, 'condition: "vs yesterday-ish" is not a baseline: write "vs previous period" or "vs same period last week"'],
    ['a bad for', { for: 'a while' }, 'for: "a while" is not a duration (write e.g. 30m, 2h, 1d)'],
    ['a bad nodata', { nodata: 'maybe' }, 'nodata: must be one of alert, ok, keep'],
    ['a bad timezone', { timezone: 'Mars/Base' }, 'timezone: "Mars/Base" is not an IANA time zone (e.g. UTC, Europe/Berlin)'],
    ['a bad name', { name: 'has space' }, 'name: use letters, digits, . _ - (1–80 characters, starting with a letter or digit)'],
    ['a negative min_volume', { condition: 'change > 10% vs previous period', min_volume: -1 }, 'min_volume: must be 0 or more'],
    ['min_volume on a threshold rule', { min_volume: 5 }, 'min_volume: only change and anomaly rules have a minimum volume'],
    ['a question at 15-minute periods', { every: '15m' }, 'every: a question is evaluated by hour, day, week or month, and "15m" makes 15m periods (use 1h, 1d, 1w, a cron of that rhythm, or SQL)'],
    ['an interval under a minute', { every: '10s' }, 'every: "10s" is shorter than a minute: rules run at most once a minute'],
  ])('%s: one line naming the field', (_what, input, line) => {
    const error = errorOf(input);
    expect(error).toBe(line);
    expect(error).not.toMatch(/\n/);
  });

  it('a YAML syntax error is one line too', () => {
    const [doc] = parseRuleYaml('name: [unclosed\n', 'bad.yaml');
    expect(doc.result.ok).toBe(false);
    if (!doc.result.ok) expect(doc.result.error).toMatch(/^yaml( \(line \d+\))?: [^\n]+$/);
  });

  it('a freshness rule needs no query; SQL at 15-minute periods is fine', () => {
    expect(errorOf({ query: undefined, condition: 'freshness of demo.events > 1h' })).toBe('ok');
    expect(errorOf({ query: 'SELECT toStartOfFifteenMinutes(event_time) t, count() FROM demo.events GROUP BY t', every: '15m' })).toBe('ok');
  });
});

describe('conditions', () => {
  it.each([
    ['above 0.1', { kind: 'threshold', op: 'above', value: 0.1 }],
    ['below 30000', { kind: 'threshold', op: 'below', value: 30000 }],
    ['below 30,000', { kind: 'threshold', op: 'below', value: 30000 }],
    ['above 10%', { kind: 'threshold', op: 'above', value: 0.1 }],
    ['> 5', { kind: 'threshold', op: 'above', value: 5 }],
    ['outside 10..20', { kind: 'outside', low: 10, high: 20 }],
    ['crosses 100', { kind: 'crosses', value: 100 }],
    ['change > 30% vs previous period', { kind: 'change', direction: 'any', amount: 30, percent: true, baseline: 'previous' }],
    ['change > 30% vs same period last week', { kind: 'change', direction: 'any', amount: 30, percent: true, baseline: 'last_week' }],
    ['decrease > 50 vs previous day', { kind: 'change', direction: 'down', amount: 50, percent: false, baseline: 'previous' }],
    ['no data for 2h', { kind: 'nodata', forMs: 7_200_000 }],
    ['freshness of demo.events > 1h', { kind: 'freshness', table: 'demo.events', maxAgeMs: 3_600_000 }],
    ['freshness of demo.orders.order_time > 30m', { kind: 'freshness', table: 'demo.orders', column: 'order_time', maxAgeMs: 1_800_000 }],
    ['anomaly', { kind: 'anomaly', sensitivity: 'medium', direction: 'both' }],
    ['anomaly (high)', { kind: 'anomaly', sensitivity: 'high', direction: 'both' }],
    ['anomaly down', { kind: 'anomaly', sensitivity: 'medium', direction: 'down' }],
    ['anomaly up (low) by device', { kind: 'anomaly', sensitivity: 'low', direction: 'up', splitBy: 'device' }],
    ['anomalies (high, up) min volume 50 by channel', { kind: 'anomaly', sensitivity: 'high', direction: 'up', minVolume: 50, splitBy: 'channel' }],
    ['anomaly sensitivity low', { kind: 'anomaly', sensitivity: 'low', direction: 'both' }],
  ])('%s', (text, expected) => {
    expect(parseCondition(text)).toEqual(expected);
  });

  it('a bad anomaly condition is one line naming the word', () => {
    expect(() => parseCondition('anomaly sideways')).toThrow(/^"sideways" is not part of an anomaly condition: write anomaly \[up\|down\|both\]/);
    expect(() => parseCondition('anomaly min volume lots')).toThrow('the minimum volume "lots" is not a number');
    expect(describeCondition(parseCondition('anomaly up high min volume 5 by device'))).toBe('anomaly up (high) min volume 5 by device');
  });
});

describe('schedules and periods', () => {
  const g = (every: string) => granularityOf(parseSchedule(every, 'UTC'), 'UTC');
  it('takes the period length from the interval or the cron', () => {
    expect(g('15m')).toEqual({ kind: 'fixed', ms: 900_000 });
    expect(g('0 * * * *')).toEqual({ kind: 'fixed', ms: 3_600_000 });
    expect(g('0 9 * * *')).toEqual({ kind: 'fixed', ms: 86_400_000 });
    expect(g('0 9 * * 1-5')).toEqual({ kind: 'fixed', ms: 86_400_000 });
    expect(g('0 9 * * 1')).toEqual({ kind: 'fixed', ms: 7 * 86_400_000 });
    expect(g('0 0 1 * *')).toEqual({ kind: 'month' });
    expect(g('@daily')).toEqual({ kind: 'fixed', ms: 86_400_000 });
  });

  it('aligns weeks on Monday and months on the 1st', () => {
    const week = { kind: 'fixed', ms: 7 * 86_400_000 } as const;
    expect(new Date(periodStart(week, Date.parse('2025-06-29T12:00:00Z'))).toISOString()).toBe('2025-06-23T00:00:00.000Z');
    expect(new Date(addPeriods({ kind: 'month' }, Date.parse('2025-01-01T00:00:00Z'), 1)).toISOString()).toBe('2025-02-01T00:00:00.000Z');
    expect(periodsBetween({ kind: 'fixed', ms: 86_400_000 }, Date.parse('2025-06-01T18:00:00Z'), Date.parse('2025-06-04T18:00:00Z')).map((t) => new Date(t).toISOString().slice(0, 10))).toEqual(['2025-06-02', '2025-06-03']);
  });
});

describe('apply diff', () => {
  const spec = (condition: string) => ({ name: 'a', query: 'revenue', condition, every: '1d' });
  it('names added, changed (with the keys), removed (file rules only) and unchanged', () => {
    const stored = [
      { name: 'a', spec: spec('above 1'), state: 'paused' as const, sourceFile: 'r/a.yaml' },
      { name: 'b', spec: { ...spec('above 1'), name: 'b' }, state: 'active' as const, sourceFile: 'r/b.yaml' },
      { name: 'gone', spec: { ...spec('above 1'), name: 'gone' }, state: 'active' as const, sourceFile: 'r/gone.yaml' },
      { name: 'from-chat', spec: { ...spec('above 1'), name: 'from-chat' }, state: 'active' as const, sourceFile: null },
    ];
    const d = diffRules([
      { name: 'a', spec: spec('above 2'), file: 'r/a.yaml' },
      { name: 'b', spec: { every: '1d', condition: 'above 1', query: 'revenue', name: 'b' }, file: 'r/b.yaml' },
      { name: 'c', spec: { ...spec('above 1'), name: 'c' }, file: 'r/c.yaml' },
    ], stored);
    expect(d.added.map((x) => x.name)).toEqual(['c']);
    expect(d.changed.map((x) => [x.name, x.keys])).toEqual([['a', ['condition']]]);
    expect(d.removed.map((x) => x.name)).toEqual(['gone']);
    expect(d.unchanged.map((x) => x.name)).toEqual(['b']);
  });
});
