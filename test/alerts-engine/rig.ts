/**
 * The alert engine on a scripted clock against real parts: the seeded chDB
 * demo data (test/support/test-app.ts), PGlite rules, the real Slack adapter
 * on the fake Slack, a local SMTP receiver (smtp-server) and a loopback
 * webhook endpoint that checks signatures.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/fake-slack.ts';
import { createSlackAdapter } from '../../adapters/slack/slack-adapter.ts';
import { createProcessAdapterMemory } from '../../bot/infra/adapter-memory.ts';
import { createDelivery } from '../../bot/core/conversation/create-delivery.ts';
import { createAlerting, type Alerting, type AlertingOptions } from '../../bot/app/create-alerting.ts';
import { verifyWebhook } from '../../alerts/receivers/index.ts';

export const T0 = Date.parse('2025-07-01T00:00:00Z');
export const MIN = 60_000;
export const BOT_TOKEN = 'xoxb-1-alerts-bot-token';
export const WEBHOOK_SECRET = 'whsec-test-0123456789';
export const CHANNEL = 'C0ALERTS';

export interface Mail {
  raw: string;
  to: string[];
}

export interface Hook {
  body: Record<string, unknown>;
  verified: boolean;
  key: string;
}

export interface Rig {
  app: TestApp;
  slack: FakeSlack;
  alerting: Alerting;
  mails: Mail[];
  hooks: Hook[];
  /** Answers of the webhook endpoint to come (status codes), then 200. */
  hookFailures: number[];
  /** SMTP replies to come for DATA (codes), then accepted. */
  smtpFailures: number[];
  now(): number;
  /** Moves the scripted clock to `t` in 5 s steps, running everything due. */
  advance(t: number): Promise<void>;
  /** Orders in minute `m` after T0: `refunded` of them refunded, `completed` completed. */
  orders(m: number, refunded: number, completed?: number): Promise<void>;
  addRule(spec: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

let orderId = 900_000_000;

export async function startRig(opts: Partial<AlertingOptions> = {}): Promise<Rig> {
  const app = await createTestApp({ metadata: true });
  const slack = await startFakeSlack({ botToken: BOT_TOKEN });
  const memory = createProcessAdapterMemory();
  const adapter = createSlackAdapter({ botToken: BOT_TOKEN, signingSecret: 'unused-signing-secret', apiUrl: slack.apiUrl, memory, logger: app.logger });
  let clock = T0;

  const mails: Mail[] = [];
  const smtpFailures: number[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const code = smtpFailures.shift();
        if (code) {
          const err = Object.assign(new Error('try again later'), { responseCode: code });
          cb(err);
          return;
        }
        mails.push({ raw: Buffer.concat(chunks).toString('utf8'), to: session.envelope.rcptTo.map((r) => r.address) });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const hooks: Hook[] = [];
  const hookFailures: number[] = [];
  const hookServer = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = hookFailures.shift();
      if (status) {
        res.writeHead(status, status === 429 ? { 'retry-after': '1' } : {}).end();
        return;
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      const verified = verifyWebhook(WEBHOOK_SECRET, { timestamp: String(req.headers['x-datalabs-timestamp']), signature: String(req.headers['x-datalabs-signature']) }, raw, clock);
      hooks.push({ body: JSON.parse(raw) as Record<string, unknown>, verified, key: String(req.headers['idempotency-key']) });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', () => r()));
  const hookPort = (hookServer.address() as AddressInfo).port;

  const alerting = await createAlerting(app, {
    adapters: [adapter],
    manual: true,
    now: () => clock,
    env: {},
    memory,
    timings: { groupWaitMs: 30_000, groupIntervalMs: MIN, repeatIntervalMs: 5 * MIN },
    email: { smtpUrl: `smtp://127.0.0.1:${smtpPort}/?ignoreTLS=true`, from: 'alerts@datalabs.test', to: ['oncall@example.test'] },
    webhooks: { default: { url: `http://127.0.0.1:${hookPort}/hook`, secret: WEBHOOK_SECRET } },
    chatDelivery: createDelivery({ logger: app.logger, attempts: 1 }),
    outbox: { baseBackoffMs: 5_000, leaseMs: 60_000 },
    chartPeriods: 12,
    ...opts,
  });
  // Faster webhook retries inside one send (the outbox does the rest on the scripted clock).
  return {
    app,
    slack,
    alerting,
    mails,
    hooks,
    hookFailures,
    smtpFailures,
    now: () => clock,
    async advance(t) {
      while (clock < t) {
        clock = Math.min(t, clock + 5_000);
        await alerting.runUntil(clock);
      }
    },
    async orders(m, refunded, completed = 0) {
      const at = new Date(T0 + m * MIN + 7_000).toISOString().slice(0, 19).replace('T', ' ');
      const rows: string[] = [];
      for (let i = 0; i < refunded + completed; i++) {
        rows.push(`(${orderId++}, '${at}', 1, 1, 'books', 'US', 'organic', 'mobile', 1, 10, '${i < refunded ? 'refunded' : 'completed'}')`);
      }
      if (rows.length) await app.warehouse.admin.command(`INSERT INTO demo.orders (order_id, order_time, user_id, product_id, category, country, channel, device, quantity, revenue, status) VALUES ${rows.join(', ')}`);
    },
    async addRule(spec) {
      const r = await app.store!.alerts.insert({ workspaceId: null, name: String(spec.name), spec, sourceFile: null, createdBy: 'test' });
      await alerting.engine.reconcile(clock);
      return String(r.id);
    },
    async close() {
      await alerting.close();
      await slack.close();
      await new Promise<void>((r) => smtp.close(() => r()));
      await new Promise<void>((r) => hookServer.close(() => r()));
      await app.dispose();
    },
  };
}

export const refundRule = (name = 'refunds-per-minute') => ({
  name,
  query: "SELECT toStartOfMinute(order_time) AS t, countIf(status = 'refunded') AS v FROM demo.orders WHERE order_time >= {from} AND order_time < {to} GROUP BY t ORDER BY t",
  condition: 'above 3',
  every: '1m',
  receivers: [`slack:T0FAKE/${CHANNEL}`, 'email', 'webhook'],
  annotations: { summary: 'Refunds per minute are above 3' },
});
