/**
 * Slack ack latency and end-to-end answer rate: 500 concurrent signed slash
 * commands POSTed to the adapter's HTTP route on the shared server, bolt
 * pointed at the loopback fake Slack. Phase 1 hands messages to a handler
 * that does nothing (the adapter's own cost); phase 2 lets the real app
 * answer every command (guard + chDB + chart + Block Kit + upload flow).
 * The fake Slack and the app share the adapter's process; the load
 * generator has a worker thread of its own.
 */
import { createLogger } from '../bot/infra/create-logger.ts';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { SIGNING_SECRET, startSlackRig, type SlackRig } from '../test/adapters/slack-rig.ts';
import { slashCommandBody } from '../test/fakes/slack/slack-requests.ts';
import { fmtMs, percentile } from './run.ts';

const CONCURRENT = 500;
const CHANNELS = 50;
const SQL = [
  "SELECT country, sum(revenue) AS revenue FROM demo.orders WHERE status = 'completed' GROUP BY country ORDER BY revenue DESC",
  'SELECT count() AS orders FROM demo.orders',
  'SELECT device, count() AS orders FROM demo.orders GROUP BY device ORDER BY device',
];

/**
 * The load generator runs in a worker thread (its own event loop, the
 * machine's other core), speaking plain node:http with keep-alive, so the
 * figures are the adapter's, not the client's.
 */
const LOADGEN = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const crypto = require('node:crypto');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1000 });
parentPort.on('message', async ({ url, secret, bodies }) => {
  const target = new URL(url);
  const one = (body) => new Promise((resolve) => {
    const ts = Math.floor(Date.now() / 1000);
    const sig = 'v0=' + crypto.createHmac('sha256', secret).update('v0:' + ts + ':' + body).digest('hex');
    const started = performance.now();
    const req = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: {
      'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body),
      'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - started }));
    });
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    req.end(body);
  });
  parentPort.postMessage(await Promise.all(bodies.map(one)));
});
`;

function startLoadGenerator(): { fire(url: string, bodies: string[]): Promise<Array<{ status: number; ms: number }>>; stop(): Promise<number> } {
  const worker = new Worker(LOADGEN, { eval: true });
  return {
    fire: (url, bodies) =>
      new Promise((resolve) => {
        worker.once('message', resolve);
        worker.postMessage({ url, secret: SIGNING_SECRET, bodies });
      }),
    stop: () => worker.terminate(),
  };
}

async function burst(gen: ReturnType<typeof startLoadGenerator>, rig: SlackRig, n: number, tag: string): Promise<number[]> {
  const bodies = Array.from({ length: n }, (_, i) => slashCommandBody({ command: '/sql', text: SQL[i % SQL.length], channelId: `C0BENCH${i % CHANNELS}`, triggerId: `${tag}-${i}` }));
  const results = await gen.fire(rig.eventsUrl, bodies);
  const bad = results.filter((r) => r.status !== 200).length;
  if (bad) console.log(`  ${bad} of ${n} commands were not acknowledged with 200`);
  return results.map((r) => r.ms);
}

function report(label: string, times: number[]): void {
  console.log(`${label}: n=${times.length} p50 ${fmtMs(percentile(times, 50))} p99 ${fmtMs(percentile(times, 99))} max ${fmtMs(Math.max(...times))} (target p99 ≤ 100 ms, Slack's limit 3000 ms)`);
}

export async function run(): Promise<void> {
  const logger = createLogger('silent');
  const gen = startLoadGenerator();

  // Phase 0: the floor — a bare node:http server that answers 200, same generator, same machine.
  const bare = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end());
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  try {
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/slack/events`;
    const fake = { eventsUrl: bareUrl } as SlackRig;
    await burst(gen, fake, 200, 'warm');
    report(`floor: bare node:http 200, ${CONCURRENT} concurrent`, await burst(gen, fake, CONCURRENT, 'bare'));
  } finally {
    bare.closeAllConnections();
    await new Promise<void>((resolve) => bare.close(() => resolve()));
  }

  // Phase 1: the adapter alone (verify, parse, ack, hand on).
  const idle = await startSlackRig({ handle: async () => {}, logger });
  try {
    await burst(gen, idle, 200, 'warm');
    report(`ack, ${CONCURRENT} concurrent slash commands, no answering`, await burst(gen, idle, CONCURRENT, 'idle'));
  } finally {
    await idle.close();
  }
  if (process.env.BENCH_SLACK_ACK_ONLY) return void (await gen.stop());

  // Phase 2: the real app answers every command.
  const { createTestApp } = await import('../test/support/test-app.ts');
  // As `datalabs serve` runs it: charts on worker threads.
  const app = await createTestApp({ scale: 0.01, chartWorkers: true });
  const rig = await startSlackRig({ handle: (a, m) => app.core.handle(a, m), logger });
  try {
    await burst(gen, rig, 6, 'warm');
    await rig.settle(6);
    const updatesBefore = rig.fake.callsOf('chat.update').filter((c) => c.result === 'ok').length;
    const started = performance.now();
    const acks = await burst(gen, rig, CONCURRENT, 'e2e');
    await rig.settle(6 + CONCURRENT, 600_000);
    const seconds = (performance.now() - started) / 1000;
    const answered = rig.fake.callsOf('chat.update').filter((c) => c.result === 'ok').length - updatesBefore;
    report(`ack, ${CONCURRENT} concurrent slash commands, app answering`, acks);
    const charts = rig.fake.callsOf('files.completeUploadExternal').filter((c) => c.result === 'ok').length;
    console.log(`end to end: ${answered} answers (${charts} charts uploaded) in ${seconds.toFixed(1)} s = ${(answered / seconds).toFixed(1)} answers/s across ${CHANNELS} channels`);
  } finally {
    await rig.close();
    await app.dispose();
    await gen.stop();
  }
}
