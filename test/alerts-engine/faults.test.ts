import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN, T0, CHANNEL, refundRule, startRig, type Rig } from './rig.ts';

describe('alert delivery while the platforms fail for a while (429, 500, SMTP 4xx)', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig();
    for (let m = 0; m < 12; m++) await rig.orders(m, 5, 2);
    for (let m = 12; m < 21; m++) await rig.orders(m, 0, 5);
    await rig.addRule(refundRule('refunds-under-faults'));
  }, 120_000);
  afterAll(async () => rig?.close());

  it('0 lost, 0 duplicated: every notice reaches Slack, SMTP and the webhook exactly once', async () => {
    const { slack } = rig;
    // Slack: rate limited twice, then a 500, then the chart upload of a posted notice fails (message posted, chart not).
    slack.failNext('chat.postMessage', { status: 429, retryAfterSec: 1 });
    slack.failNext('chat.postMessage', { status: 429, retryAfterSec: 1 });
    slack.failNext('chat.postMessage', { status: 500 });
    slack.failNext('files.getUploadURLExternal', { status: 500 });
    rig.hookFailures.push(500, 429, 503, 500, 502);
    rig.smtpFailures.push(421, 451);

    await rig.advance(T0 + 21 * MIN);

    const records = await rig.alerting.stateStore.listOutbox();
    expect(records.length).toBeGreaterThanOrEqual(9); // ≥ 3 notices × 3 receivers
    expect(records.filter((r) => r.status !== 'sent')).toEqual([]);
    const chatKeys = records.filter((r) => r.notification.receiver === 'chat').length;
    // Some were retried: the platforms did fail.
    expect(records.some((r) => r.attempts > 1)).toBe(true);

    const notices = slack.messages.filter((m) => m.channel === CHANNEL && m.blocks);
    expect(notices).toHaveLength(chatKeys);
    expect(notices.filter((m) => !m.threadTs)).toHaveLength(1);
    expect(notices.filter((m) => /^RESOLVED/.test(m.text))).toHaveLength(1);
    expect(notices.every((m) => !m.threadTs || m.threadTs === notices[0].ts)).toBe(true);
    // One chart per notice, the failed upload redone once (no second message for it).
    expect(slack.messages.filter((m) => m.files.length)).toHaveLength(chatKeys);
    expect(slack.callsOf('chat.postMessage').filter((c) => c.result === 'ok')).toHaveLength(chatKeys);

    expect(rig.mails).toHaveLength(chatKeys);
    expect(rig.hooks).toHaveLength(chatKeys);
    expect(new Set(rig.hooks.map((h) => h.key)).size).toBe(chatKeys);
    expect(rig.hooks.every((h) => h.verified)).toBe(true);
  }, 180_000);
});
