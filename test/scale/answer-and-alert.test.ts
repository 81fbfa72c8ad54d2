/**
 * Scale-out, answering and alerting together (issue 14): two `datalabs serve`
 * replicas and two `datalabs worker`s — real processes — on one PostgreSQL
 * database, one Redis and one ClickHouse endpoint (the loopback ClickHouse
 * HTTP endpoint over chDB in its own process, standing in for a ClickHouse
 * server, which these machines lack). All four take answer jobs and alert
 * ticks from the same queues.
 *
 * Every Slack command is delivered to BOTH replicas (two receivers racing);
 * three alert rules fire on refunds inserted around the real now. Counted on
 * the fake Slack: each command answered once, each rule's notice once — and
 * still once after another tick has gone by on every process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/fake-slack.ts';
import { postSigned, slashCommandBody } from '../fakes/slack/slack-requests.ts';
import type { ChdbHttp } from '../support/clickhouse-http/start-chdb-http.ts';
import { startCluster, startSeededClickhouse, type Cluster } from './cluster.ts';
import { allStderr, killAll, runDatalabs, startDatalabs, until, type DatalabsProcess } from './processes.ts';
import { slackAnswers } from '../support/slack-answers.ts';

const BOT_TOKEN = 'xoxb-1-scale-alert-bot-token';
const SIGNING_SECRET = 'scale-alert-signing-secret-0123456789';
const FORM = 'application/x-www-form-urlencoded';
const ASK_CHANNEL = 'C0ASKING';
const ALERT_CHANNEL = 'C0ALERTS';
const RULES = 3;
const COMMANDS = 8;
const MIN = 60_000;

let clickhouse: ChdbHttp | undefined;
let ch: ClickHouseClient | undefined;
let cluster: Cluster | undefined;
let slack: FakeSlack | undefined;
const procs: DatalabsProcess[] = [];
const dirs: string[] = [];

/** `count` refunds in each minute from `fromMin` to `toMin` (relative to the real now) for each rule's quantity. */
async function refunds(fromMin: number, toMin: number, count: number): Promise<void> {
  const rows: string[] = [];
  let id = 960_000_000;
  const base = Math.floor(Date.now() / MIN) * MIN;
  for (let m = fromMin; m <= toMin; m++) {
    const at = new Date(base + m * MIN + 5_000).toISOString().slice(0, 19).replace('T', ' ');
    for (let i = 1; i <= RULES; i++) for (let k = 0; k < count; k++) rows.push(`(${id++}, '${at}', 1, 1, 'books', 'US', 'organic', 'mobile', ${880 + i}, 10, 'refunded')`);
  }
  await ch!.command({ query: `INSERT INTO demo.orders (order_id, order_time, user_id, product_id, category, country, channel, device, quantity, revenue, status) VALUES ${rows.join(', ')}` });
}

beforeAll(async () => {
  clickhouse = await startSeededClickhouse();
  ch = createClient({ url: clickhouse.url });
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  cluster = await startCluster({
    redisDb: 10,
    clickhouse,
    platformEnv: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl },
  });
  const rulesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'datalabs-scale-rules-'));
  dirs.push(rulesDir);
  for (let i = 1; i <= RULES; i++) {
    fs.writeFileSync(
      path.join(rulesDir, `refunds-${i}.yaml`),
      [
        `name: scale-refunds-${i}`,
        `query: "SELECT toStartOfMinute(order_time) AS t, countIf(status = 'refunded') AS v FROM demo.orders WHERE order_time >= {from} AND order_time < {to} AND quantity = ${880 + i} GROUP BY t ORDER BY t"`,
        'condition: above 3',
        'every: 1m',
        `receivers: ["slack:T0FAKE/${ALERT_CHANNEL}"]`,
        '',
      ].join('\n'),
    );
  }
  // Migrates the fresh database and saves the rules (the real CLI path).
  await runDatalabs(['alerts', 'apply', rulesDir], cluster.env(), 120_000);
  // Refunds from 3 minutes before now to 12 after: every rule fires at its first tick and stays firing.
  await refunds(-3, 12, 5);
  procs.push(
    ...(await Promise.all([
      startDatalabs('serve A', ['serve', '--port', '0'], cluster.env()),
      startDatalabs('serve B', ['serve', '--port', '0'], cluster.env()),
      startDatalabs('worker 1', ['worker'], cluster.env()),
      startDatalabs('worker 2', ['worker'], cluster.env()),
    ])),
  );
}, 300_000);

afterAll(async () => {
  await killAll();
  await cluster?.close();
  await slack?.close();
  await ch?.close();
  await clickhouse?.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('two serve replicas and two workers, answering and alerting', () => {
  it('answer every command once and send every firing rule’s notice once', async () => {
    try {
      const [a, b] = procs;
      const fake = slack!;
      const post = (p: DatalabsProcess, body: string) => postSigned(`${p.url}/slack/events`, body, FORM, { signingSecret: SIGNING_SECRET });
      const command = (name: string, text: string, triggerId: string) =>
        slashCommandBody({ command: name, text, channelId: ASK_CHANNEL, triggerId, responseUrl: `${fake.url}/commands/T0FAKE/1/${triggerId}` });

      // The workspace, then the commands: each delivered to both replicas at once.
      const setup = command('/datalabs', 'setup Shop', '2001.1.setup');
      const statuses = (await Promise.all([post(a, setup), post(b, setup)])).map((r) => r.status);
      await until('the workspace to be set up', () => fake.calls.some((c) => c.result === 'ok' && /^Workspace "Shop"/.test(String(c.args.text))), 60_000);
      const wanted = Array.from({ length: COMMANDS }, (_, i) => `SELECT ${i + 1} * count() AS n${i + 1} FROM demo.orders`);
      for (const [i, sql] of wanted.entries()) {
        const body = command('/sql', sql, `2002.${i}.sql`);
        statuses.push(...(await Promise.all([post(a, body), post(b, body)])).map((r) => r.status));
      }
      expect(statuses).toEqual(Array(2 * (COMMANDS + 1)).fill(200));

      const answers = () => slackAnswers(fake, ASK_CHANNEL);
      const notices = () => fake.messages.filter((m) => m.channel === ALERT_CHANNEL && /FIRING/.test(m.text));
      await until(`${COMMANDS + 1} answers`, () => answers().length >= COMMANDS + 1, 3 * MIN);
      await until(`${RULES} notices`, () => notices().length >= RULES, 4 * MIN);
      // Every process ticks again (rules every minute) before the count: a duplicate would show by then.
      await new Promise((r) => setTimeout(r, 75_000));

      const got = answers();
      expect(got.filter((t) => /^Workspace "Shop"/.test(t)), got.join('\n')).toHaveLength(1);
      expect(got.filter((t) => /^SQL result: /.test(t)), got.join('\n')).toHaveLength(COMMANDS);
      expect(got).toHaveLength(COMMANDS + 1);
      const names = notices().map((m) => /FIRING: (scale-refunds-\d+)/.exec(m.text)?.[1]);
      expect(names.sort()).toEqual(Array.from({ length: RULES }, (_, i) => `scale-refunds-${i + 1}`));
      // The inbound log: every command recorded once and answered; nothing queued.
      expect(await cluster!.states()).toEqual({ answered: COMMANDS + 1 });
      expect(await cluster!.queuedJobs()).toBe(0);
      expect(procs.every((p) => p.alive()), 'all four processes still running').toBe(true);
    } catch (err) {
      if (err instanceof Error) err.message += `\n${allStderr()}`;
      throw err;
    }
  }, 12 * MIN);
});
