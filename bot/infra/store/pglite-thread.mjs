// Worker-thread entry of the embedded metadata store (pglite-thread.ts): PGlite
// (Postgres compiled to WebAssembly) runs here, so its CPU work never blocks
// the event loop that acknowledges platform webhooks. Plain JavaScript: it
// imports nothing of ours, so dist/ and the source tree load it the same way.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

/** Error fields that travel back (a structured clone keeps only message and name of an Error). */
const ERROR_FIELDS = ['code', 'severity', 'detail', 'hint', 'position', 'schema', 'table', 'column', 'dataType', 'constraint', 'where', 'routine'];

function errorOf(err) {
  const out = { message: String(err?.message ?? err), name: String(err?.name ?? 'Error') };
  for (const k of ERROR_FIELDS) if (err && err[k] !== undefined) out[k] = err[k];
  return out;
}

let db;
try {
  db = new PGlite(workerData.dir);
  await db.waitReady;
  parentPort.postMessage({ t: 'ready' });
} catch (err) {
  parentPort.postMessage({ t: 'failed', error: errorOf(err) });
}

// Requests are handled one at a time, in arrival order: the main thread keeps
// the line (and transactions) in order; this is only the executor.
let chain = Promise.resolve();
parentPort.on('message', (msg) => {
  chain = chain.then(async () => {
    try {
      if (msg.op === 'query') {
        const r = await db.query(msg.sql, msg.params ?? []);
        parentPort.postMessage({ id: msg.id, rows: r.rows, rowCount: r.affectedRows || r.rows.length });
      } else if (msg.op === 'exec') {
        await db.exec(msg.sql);
        parentPort.postMessage({ id: msg.id });
      } else if (msg.op === 'close') {
        await db?.close();
        parentPort.postMessage({ id: msg.id });
      }
    } catch (err) {
      parentPort.postMessage({ id: msg.id, error: errorOf(err) });
    }
  });
});
