/**
 * Kill -9 between ack and answer with a PostgreSQL store and no Redis (issue
 * 15): one `datalabs serve` process on the test run's PostgreSQL (embedded
 * chDB for the data), Slack in HTTP mode against the fake Slack. The first
 * process acknowledges three slash commands — each batch is in the journal
 * file of its data directory and one row of the store's inbound journal, not
 * yet in `message_claims` (it records them once arrivals stop:
 * `DATALABS_INGRESS_QUIET_MS` is long here, so the kill lands in that window
 * every time) — and is killed with SIGKILL. A new process on the same
 * database replays them: with a new data directory (nothing of the first
 * process's disk) from the rows, once they are older than a lease; on the
 * same data directory from the file at start and from the rows later (the
 * store keeps one of each). Each command is answered exactly once, and a
 * Slack retry of one of them is acknowledged and dropped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../bot/infra/store/test-databases.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/fake-slack.ts';
import { postSigned, slashCommandBody } from '../fakes/slack/slack-requests.ts';
import { expectAnsweredOnce, slackAnswers } from '../support/slack-answers.ts';
import { baseEnv, explained, killAll, runDatalabs, startDatalabs, until, type DatalabsProcess } from '../scale/processes.ts';

const BOT_TOKEN = 'xoxb-1-fake-bot-token';
const SIGNING_SECRET = 'fake-signing-secret-0123456789abcdef';

let slack: FakeSlack;
let db: TestDatabase;
let client: pg.Client;
const dataDirs: string[] = [];

/** A data directory with the demo data seeded in its embedded chDB (the store is PostgreSQL). */
async function seededDataDir(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datalabs-pgkill-'));
  dataDirs.push(dir);
  await runDatalabs(['seed', '--scale', '0.01', '--end-date', '2025-06-30'], { ...baseEnv(), DATALABS_DATA_DIR: dir, LOG_LEVEL: 'warn' }, 120_000);
  return dir;
}

beforeAll(async () => {
  db = await createTestDatabase('postgres');
  client = new pg.Client({ connectionString: db.databaseUrl });
  await client.connect();
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
}, 60_000);

afterAll(async () => {
  await killAll();
  await slack?.close();
  await client?.end();
  await db?.cleanup();
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const env = (dataDir: string, extra: Record<string, string> = {}) => ({
  ...baseEnv(),
  DATALABS_DATA_DIR: dataDir,
  DATABASE_URL: db.databaseUrl!,
  DATALABS_NOW: '2025-06-30T18:00:00Z',
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_API_URL: slack.apiUrl,
  // A batch of a process gone this long is replayed by the next one.
  DATALABS_ANSWER_LEASE_MS: '2000',
  LOG_LEVEL: 'info',
  ...extra,
});

const journalTexts = async () =>
  (await client.query<{ entries: string }>('SELECT entries FROM inbound_journal')).rows.flatMap((r) =>
    r.entries.split('\n').map((l) => new URLSearchParams((JSON.parse(l) as { sealed: { body: string } }).sealed.body).get('text')),
  );
const claims = async () => Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM message_claims')).rows[0].n);

const journalFiles = (dataDir: string) => {
  const dir = path.join(dataDir, 'inbound');
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('') : '';
};

/** Three commands acknowledged by a serve killed with SIGKILL, then a second serve: on a fresh data directory or the same one. */
async function killAndRestart(restartOn: 'fresh' | 'same', channel: string): Promise<void> {
  const firstDir = await seededDataDir();
  const answers = () => slackAnswers(slack, channel);
  // A workspace bound to the fake team (U0ALICE, the commands' user, its admin): commands are answered, not refused.
  for (const args of [['workspace', 'create', `shop-${restartOn}`, '--admin', 'slack:U0ALICE'], ['workspace', 'bind', `shop-${restartOn}`, 'slack', 'T0FAKE']]) await runDatalabs(args, { ...env(firstDir), LOG_LEVEL: 'warn' });
  const questions = ['total revenue', 'number of orders', 'refund rate'];
  const post = (url: string, text: string, i: number) =>
    postSigned(`${url}/slack/events`, slashCommandBody({ command: '/ask', text, channelId: channel, triggerId: `7101.${i}.${channel}`, responseUrl: `${slack.url}/commands/T0FAKE/1/${channel}${i}` }), 'application/x-www-form-urlencoded', { signingSecret: SIGNING_SECRET });

  const claimsBefore = await claims();
  const first: DatalabsProcess = await startDatalabs(`serve 1 (${restartOn})`, ['serve', '--port', '0'], env(firstDir, { DATALABS_INGRESS_QUIET_MS: '60000' }));
  const acks = await Promise.all(questions.map((q, i) => post(first.url!, q, i)));
  expect(acks.map((a) => a.status)).toEqual([200, 200, 200]);
  // Acknowledged: in the data directory's journal file at once, and journaled in PostgreSQL as they came (the
  // signed form bodies) within a round trip; not recorded, not answered.
  for (const q of questions) expect(journalFiles(firstDir)).toContain(encodeURIComponent(q).replace(/%20/g, '+'));
  await until('the batches journaled in PostgreSQL', async () => (await journalTexts()).length === 3, 10_000);
  expect((await journalTexts()).sort()).toEqual([...questions].sort());
  expect(await claims()).toBe(claimsBefore);
  await first.kill9();
  expect((await first.exited).signal).toBe('SIGKILL');
  expect(answers()).toEqual([]);

  // Fresh: another machine, so to speak — the same database, nothing of the first process's disk.
  const secondDir = restartOn === 'fresh' ? await seededDataDir() : firstDir;
  // The rows are replayed once older than a lease (at start, and at sweeps 30 s apart): the restart comes after that,
  // so on the same directory the file and the rows are both replayed at start, and the store keeps one of each.
  await new Promise((r) => setTimeout(r, 2_500));
  const second = await startDatalabs(`serve 2 (${restartOn})`, ['serve', '--port', '0'], env(secondDir));
  await until('three answers after the restart', () => answers().length >= 3, 90_000);
  // Fresh: the three rows; the same directory: the file's three and the rows' three, three of them new to the store.
  expect(second.stderr()).toMatch(restartOn === 'fresh' ? /"count":3,"fresh":3,"msg":"inbound journal replayed/ : /"count":6,"fresh":3,"msg":"inbound journal replayed/);
  // Slack sends one of them again (same trigger id, so the same dedupe key): acknowledged, and dropped.
  expect((await post(second.url!, questions[0], 0)).status).toBe(200);
  // Emptied: the rows (on the same directory replayed again once stale, and dropped as duplicates) and the file.
  await until('the journal emptied', async () => (await journalTexts()).length === 0, 10_000);
  await expectAnsweredOnce(answers, [/revenue/i, /orders/i, /refund/i]);
  await second.stop();
  expect(journalFiles(secondDir)).toBe('');
}

describe('serve on PostgreSQL (no Redis) killed with SIGKILL after acknowledging', () => {
  it('answers each acknowledged command exactly once after a restart on the same database and a fresh data directory', () => explained(() => killAndRestart('fresh', 'C0PGKILL')), 300_000);
  it('answers each exactly once after a restart on the same data directory (file and rows both replayed)', () => explained(() => killAndRestart('same', 'C0PGSAME')), 300_000);
});
