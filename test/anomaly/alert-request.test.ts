/** `/alert … anomaly …` in chat reads the anomaly rule's direction, sensitivity, minimum volume and split (bot/core/alerting/parse-alert.ts over alerts/rules). */
import { describe, expect, it } from 'vitest';
import { parseAlertRequest } from '../../bot/core/alerting/parse-alert.ts';
import { parseCondition } from '../../alerts/rules/index.ts';

describe('/alert with an anomaly condition', () => {
  it.each([
    ['refund rate anomaly up by device every day', { query: 'refund rate', condition: 'anomaly up by device', every: '1d' }, { direction: 'up', sensitivity: 'medium', splitBy: 'device' }],
    ['revenue anomaly down high min volume 1000', { query: 'revenue', condition: 'anomaly down high min volume 1000', every: '1d' }, { direction: 'down', sensitivity: 'high', minVolume: 1000 }],
    ['signups by channel anomalies (low) every 1h', { query: 'signups by channel', condition: 'anomalies (low)', every: '1h' }, { direction: 'both', sensitivity: 'low' }],
  ])('%s', (text, request, condition) => {
    const r = parseAlertRequest(text);
    expect(r).toEqual({ ok: true, request });
    expect(parseCondition(request.condition)).toEqual({ kind: 'anomaly', ...condition });
  });

  it('a bad word after anomaly is the one line saying so', () => {
    expect(parseAlertRequest('revenue anomaly sideways')).toEqual({ ok: false, error: 'condition: "sideways" is not part of an anomaly condition: write anomaly [up|down|both] [low|medium|high] [min volume N] [by dimension], e.g. anomaly up by device' });
  });
});
