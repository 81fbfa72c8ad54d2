/**
 * Alert evaluation lag and notification outcomes, measured on the real alert
 * engine (test/alerts-engine/rig.ts: seeded chDB, PGlite rules, the Slack
 * adapter on the fake Slack, SMTP and a webhook endpoint) on its scripted
 * clock, read from the process's prom-client registry as /metrics serves it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN, T0, refundRule, startRig, type Rig } from '../alerts-engine/rig.ts';
import { createMetrics, type PromMetrics } from '../../bot/infra/metrics/index.ts';
import { parseExposition, sampleSum } from './exposition.ts';

describe('alert metrics', () => {
  let rig: Rig;
  let metrics: PromMetrics;
  beforeAll(async () => {
    rig = await startRig();
    metrics = createMetrics({ defaults: false });
    rig.app.metrics = metrics;
    for (let m = 0; m < 6; m++) await rig.orders(m, 5, 2);
    await rig.addRule(refundRule());
  }, 120_000);
  afterAll(async () => rig?.close());

  it('counts evaluations with their lag, and notifications sent and retried per receiver delivery', async () => {
    // The webhook refuses the first notice through all its in-send attempts and SMTP refuses it once: the outbox retries both.
    rig.hookFailures.push(503, 503, 503);
    rig.smtpFailures.push(421);
    await rig.advance(T0 + 6 * MIN);
    const s = parseExposition(await metrics.registry.metrics());
    const evaluations = sampleSum(s, 'datalabs_alert_evaluations_total', { outcome: 'ok' });
    expect(evaluations).toBeGreaterThanOrEqual(2);
    // Every evaluation that ran has a lag observation (on the scripted clock: started when due, so 0 s).
    expect(sampleSum(s, 'datalabs_alert_evaluation_lag_seconds_count', {})).toBe(evaluations + sampleSum(s, 'datalabs_alert_evaluations_total', { outcome: 'error' }) + sampleSum(s, 'datalabs_alert_evaluations_total', { outcome: 'retry' }));
    // The firing notice went to chat, email and the webhook (the last two after a retry).
    expect(rig.hooks.length).toBeGreaterThanOrEqual(1);
    expect(rig.mails.length).toBeGreaterThanOrEqual(1);
    expect(sampleSum(s, 'datalabs_alert_notifications_total', { outcome: 'sent' })).toBeGreaterThanOrEqual(3);
    const retried = (await rig.alerting.stateStore.listOutbox()).filter((r) => r.attempts > 1).length;
    expect(retried).toBeGreaterThanOrEqual(2);
    expect(sampleSum(s, 'datalabs_alert_notifications_total', { outcome: 'retrying' })).toBeGreaterThanOrEqual(retried);
    expect(sampleSum(s, 'datalabs_alert_notifications_total', { outcome: 'failed' })).toBe(0);
  });
});
