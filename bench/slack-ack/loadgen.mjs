/**
 * The load generator of the slack-ack bench, in a process of its own (forked
 * by bench/slack-ack.ts, IPC for orders and results): plain node:http with
 * keep-alive, every request signed as Slack signs it (v0 HMAC) before the
 * burst starts, all requests of a burst started at once. Each result is the
 * time from writing the request to the end of the response, and the wall-clock
 * time the request was sent (for end-to-end figures). Exits when its parent
 * goes away.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import process from 'node:process';
import { performance } from 'node:perf_hooks';

/** One keep-alive agent per target (host:port), reused across bursts so warm-ups open the sockets. */
const agents = new Map();
const agentFor = (target) => {
  const key = `${target.hostname}:${target.port}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 2000 });
    agents.set(key, agent);
  }
  return agent;
};

const wallNow = () => performance.timeOrigin + performance.now();

function sign(secret, ts, body) {
  return `v0=${crypto.createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
}

/** order: { id, url, secret?, contentType, bodies: string[] } */
async function burst(order) {
  const target = new URL(order.url);
  const agent = agentFor(target);
  const ts = String(Math.floor(Date.now() / 1000));
  const prepared = order.bodies.map((body) => ({
    body,
    headers: {
      'content-type': order.contentType,
      'content-length': Buffer.byteLength(body),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...(order.secret ? { 'x-slack-request-timestamp': ts, 'x-slack-signature': sign(order.secret, ts, body) } : {}),
    },
  }));
  const one = ({ body, headers }) =>
    new Promise((resolve) => {
      const sentAt = wallNow();
      const started = performance.now();
      const req = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, sentAt }));
      });
      req.on('error', (err) => resolve({ status: 0, ms: performance.now() - started, sentAt, error: String(err.message) }));
      req.end(body);
    });
  return Promise.all(prepared.map(one));
}

process.on('message', (order) => {
  burst(order).then(
    (results) => process.send({ id: order.id, results }),
    (err) => process.send({ id: order.id, error: String(err?.message ?? err) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send({ ready: true });
