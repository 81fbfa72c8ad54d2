/**
 * Kill -9 between ack and answer on the embedded defaults (issue 15): one
 * `datalabs serve` process with PGlite and chDB in its data directory, Slack
 * in HTTP mode against the fake Slack. The first process acknowledges three
 * slash commands — they are in its inbound journal, not yet in PGlite (it
 * records them once arrivals stop: `DATALABS_INGRESS_QUIET_MS` is long here,
 * so the kill lands in that window every time) — and is killed with SIGKILL.
 * A new process on the same data directory replays the journal: each command
 * is answered exactly once, and a Slack retry of one of them is acknowledged
 * and dropped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/fake-slack.ts';
import { postSigned, slashCommandBody } from '../fakes/slack/slack-requests.ts';
import { expectAnsweredOnce, slackAnswers } from '../support/slack-answers.ts';
import { baseEnv, explained, killAll, runDatalabs, startDatalabs, until, type DatalabsProcess } from '../scale/processes.ts';

const BOT_TOKEN = 'xoxb-1-fake-bot-token';
const SIGNING_SECRET = 'fake-signing-secret-0123456789abcdef';
const CHANNEL = 'C0KILL';

let slack: FakeSlack;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'datalabs-kill-'));
  await runDatalabs(['seed', '--scale', '0.01', '--end-date', '2025-06-30'], { ...baseEnv(), DATALABS_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, 120_000);
  // A workspace bound to the fake team (U0ALICE, the commands' user, its admin): commands are answered, not refused.
  for (const args of [['workspace', 'create', 'shop', '--admin', 'slack:U0ALICE'], ['workspace', 'bind', 'shop', 'slack', 'T0FAKE']]) await runDatalabs(args, { ...baseEnv(), DATALABS_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
}, 180_000);

afterAll(async () => {
  await killAll();
  await slack?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => ({
  ...baseEnv(),
  DATALABS_DATA_DIR: dataDir,
  DATALABS_NOW: '2025-06-30T18:00:00Z',
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_API_URL: slack.apiUrl,
  LOG_LEVEL: 'info',
  ...extra,
});

const answers = () => slackAnswers(slack, CHANNEL);
const journalLines = () => {
  const dir = path.join(dataDir, 'inbound');
  return fs.existsSync(dir) ? fs.readdirSync(dir).flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean)) : [];
};

describe('embedded serve killed with SIGKILL after acknowledging', () => {
  it('answers each acknowledged command exactly once after a restart on the same data directory', () =>
    explained(async () => {
      const questions = ['total revenue', 'number of orders', 'refund rate'];
      const post = (url: string, text: string, i: number) =>
        postSigned(`${url}/slack/events`, slashCommandBody({ command: '/ask', text, channelId: CHANNEL, triggerId: `7001.${i}.kill`, responseUrl: `${slack.url}/commands/T0FAKE/1/kill${i}` }), 'application/x-www-form-urlencoded', { signingSecret: SIGNING_SECRET });

      const first: DatalabsProcess = await startDatalabs('serve 1', ['serve', '--port', '0'], env({ DATALABS_INGRESS_QUIET_MS: '60000' }));
      const acks = await Promise.all(questions.map((q, i) => post(first.url!, q, i)));
      expect(acks.map((a) => a.status)).toEqual([200, 200, 200]);
      // Acknowledged, journaled as they came (sealed: the signed form bodies, decoded only once recorded), not answered
      // (answering waits for arrivals to stop).
      expect(journalLines().map((l) => new URLSearchParams((JSON.parse(l) as { sealed: { body: string } }).sealed.body).get('text')).sort()).toEqual([...questions].sort());
      await first.kill9();
      expect((await first.exited).signal).toBe('SIGKILL');
      expect(answers()).toEqual([]);

      const second = await startDatalabs('serve 2', ['serve', '--port', '0'], env());
      await until('three answers after the restart', () => answers().length >= 3, 60_000);
      expect(second.stderr()).toMatch(/inbound journal replayed/);
      // Slack sends one of them again (same trigger id, so the same dedupe key): acknowledged, and dropped.
      expect((await post(second.url!, questions[0], 0)).status).toBe(200);
      await until('the journal emptied', () => journalLines().length === 0, 10_000);
      await expectAnsweredOnce(answers, [/revenue/i, /orders/i, /refund/i]);
      await second.stop();
    }), 240_000);
});
