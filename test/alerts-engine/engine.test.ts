import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN, T0, CHANNEL, refundRule, startRig, type Rig } from './rig.ts';

describe('alert engine end to end on a scripted clock (chDB demo data, fake Slack, SMTP, webhook)', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig();
    // Minutes 0–11: 5 refunds a minute (above 3); 12–20: none, orders completed.
    for (let m = 0; m < 12; m++) await rig.orders(m, 5, 2);
    for (let m = 12; m < 21; m++) await rig.orders(m, 0, 5);
    await rig.addRule(refundRule());
  }, 120_000);
  afterAll(async () => rig?.close());

  it('threshold breach: one chat notice with chart and buttons after group_wait, repeats in its thread, a resolved notice when the data recovers; the same notices by email and signed webhook', async () => {
    const { slack } = rig;
    const notices = () => slack.messages.filter((m) => m.channel === CHANNEL && m.blocks);
    // The first evaluation (≤ 1m30s with jitter) fires; nothing is posted before group_wait.
    await rig.advance(T0 + MIN + 29_000);
    expect(notices()).toHaveLength(0);
    await rig.advance(T0 + 3 * MIN);
    const first = notices();
    expect(first).toHaveLength(1);
    expect(first[0].threadTs).toBeUndefined();
    expect(first[0].text).toMatch(/^FIRING: refunds-per-minute — value 5 vs threshold 3/);
    const blocksJson = JSON.stringify(first[0].blocks);
    for (const label of ['Acknowledge', 'Snooze 1h', 'Snooze 1d', 'Mute this series', 'Resolve', 'Show SQL']) expect(blocksJson).toContain(label);
    expect(blocksJson).toContain('alert_snooze_1h');
    // The chart went into the notice's thread as a PNG.
    const chartMsg = slack.messages.find((m) => m.files.length && m.threadTs === first[0].ts);
    expect(chartMsg).toBeDefined();
    const file = slack.files.get(chartMsg!.files[0])!;
    expect(file.data!.subarray(1, 4).toString()).toBe('PNG');
    expect(file.altText).toMatch(/breaching/);

    // repeat_interval 5m: a repeat in the thread.
    await rig.advance(T0 + 9 * MIN);
    const afterRepeat = notices();
    expect(afterRepeat.length).toBe(2);
    expect(afterRepeat[1].threadTs).toBe(first[0].ts);
    expect(afterRepeat[1].text).toMatch(/^STILL FIRING: refunds-per-minute/);

    // Minute 12 has no refunds: evaluated at 13m + jitter, resolved at the next group flush.
    await rig.advance(T0 + 16 * MIN);
    const all = notices();
    const resolved = all.filter((m) => /^RESOLVED/.test(m.text));
    expect(resolved).toHaveLength(1);
    expect(resolved[0].threadTs).toBe(first[0].ts);
    expect(all.filter((m) => !m.threadTs)).toHaveLength(1);
    // Nothing more after the episode.
    await rig.advance(T0 + 21 * MIN);
    expect(notices()).toHaveLength(all.length);

    // Email: the same notices, HTML with the chart inline (CID), threaded.
    expect(rig.mails).toHaveLength(all.length);
    expect(rig.mails[0].to).toEqual(['oncall@example.test']);
    expect(rig.mails[0].raw).toContain('Subject: =?UTF-8?Q?=5BALERT=5D_FIRING=3A_refunds-per-minute');
    expect(rig.mails[0].raw).toContain('cid:chart@datalabs');
    expect(rig.mails[0].raw).toMatch(/Content-Type: image\/png/);
    expect(rig.mails[0].raw).toMatch(/Content-ID: <chart@datalabs>/i);
    expect(rig.mails[rig.mails.length - 1].raw).toMatch(/In-Reply-To: </);

    // Webhook: the same notices, every signature valid, one per idempotency key.
    expect(rig.hooks.map((h) => h.body.kind)).toEqual(['firing', ...Array(all.length - 2).fill('repeat'), 'resolved']);
    expect(rig.hooks.every((h) => h.verified)).toBe(true);
    expect(new Set(rig.hooks.map((h) => h.key)).size).toBe(rig.hooks.length);
    const alert = (rig.hooks[0].body.alerts as Array<Record<string, unknown>>)[0];
    expect(alert).toMatchObject({ state: 'firing', value: 5, threshold: 3 });
  }, 120_000);
});
