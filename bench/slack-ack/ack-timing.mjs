/**
 * Timing probes for the slack-ack bench's diagnosis run, preloaded
 * (`node --import`) into `datalabs serve` — bench code, the product is not
 * changed. It records, with wall-clock times:
 *   - each HTTP request the server handles: when node:http emitted it (the JS
 *     handler starts) and when its response finished (the ack left);
 *   - each PostgreSQL query (`pg.Pool#query`, a pool of DATABASE_URL
 *     connections) and each BullMQ `Queue#add` (the Redis answer queue): when
 *     it was called, when it resolved, and what it was (a statement's first
 *     words). PGlite statements (posted to its thread,
 *     bot/infra/store/pglite-thread.ts) are timed from the post to the reply
 *     event on the main thread, the thread hop included.
 * and writes them as JSON to BENCH_ACK_TIMING_FILE when the process exits.
 */
import fs from 'node:fs';
import http from 'node:http';
import process from 'node:process';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { Queue } from 'bullmq';
import { Worker } from 'node:worker_threads';

const out = process.env.BENCH_ACK_TIMING_FILE;
const wallNow = () => performance.timeOrigin + performance.now();
const requests = [];
const queries = [];

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, res, ...rest) {
  if (event === 'request' && req.method === 'POST') {
    const entry = { path: req.url, start: wallNow(), end: 0, status: 0 };
    requests.push(entry);
    res.once('finish', () => {
      entry.end = wallNow();
      entry.status = res.statusCode;
    });
  }
  return emit.call(this, event, req, res, ...rest);
};

/** Times `proto[name]` (a promise-returning method) into `queries`, labelled by `label(args)`. */
function probe(proto, name, label) {
  const original = proto[name];
  proto[name] = function (...args) {
    const entry = { sql: label(args), start: wallNow(), end: 0 };
    queries.push(entry);
    const p = original.apply(this, args);
    if (p && typeof p.then === 'function') {
      const done = () => {
        entry.end = wallNow();
      };
      p.then(done, done);
    }
    return p;
  };
}
const statement = (store) => (args) => `${store} ${String(typeof args[0] === 'string' ? args[0] : (args[0]?.text ?? '')).replace(/\s+/g, ' ').trim().slice(0, 48)}`;
probe(pg.Pool.prototype, 'query', statement('pg'));
probe(Queue.prototype, 'add', () => 'BullMQ Queue.add');

// PGlite's thread (pglite-thread.ts): a statement is posted with an id and answered with it — call → result, the hop included.
const pgliteOpen = new Map();
const post = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (msg, ...rest) {
  if (msg && typeof msg === 'object' && typeof msg.id === 'number' && msg.op) {
    const entry = { sql: `pglite ${String(msg.sql ?? msg.op).replace(/\s+/g, ' ').trim().slice(0, 48)}`, start: wallNow(), end: 0 };
    queries.push(entry);
    pgliteOpen.set(msg.id, entry);
  }
  return post.call(this, msg, ...rest);
};
const workerEmit = Worker.prototype.emit;
Worker.prototype.emit = function (event, msg, ...rest) {
  if (event === 'message' && msg && typeof msg.id === 'number') {
    const entry = pgliteOpen.get(msg.id);
    if (entry) {
      entry.end = wallNow();
      pgliteOpen.delete(msg.id);
    }
  }
  return workerEmit.call(this, event, msg, ...rest);
};

process.on('exit', () => {
  if (out) fs.writeFileSync(out, JSON.stringify({ requests, queries }));
});
