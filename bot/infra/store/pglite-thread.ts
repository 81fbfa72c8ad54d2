/**
 * PGlite on a worker thread of its own (pglite-thread.mjs). PGlite is
 * Postgres compiled to WebAssembly: every statement is synchronous CPU work
 * on the thread that runs it. On the main thread it competed with the HTTP
 * server — a burst of answers' bookkeeping delayed the webhook acks queued
 * behind it. Here the main thread only posts statements and awaits replies.
 *
 * The thread runs requests in arrival order, one at a time; ordering between
 * callers (the urgent lane, transactions) stays with the caller (create-db.ts).
 * The thread keeps the process alive only while a statement is in flight, as
 * an in-thread PGlite would.
 */
import { Worker } from 'node:worker_threads';
import type { DbResult } from './db.ts';

export interface PgliteThread {
  query<T>(sql: string, params?: unknown[]): Promise<DbResult<T>>;
  exec(sql: string): Promise<void>;
  /** Closes the database and ends the thread; idempotent. */
  close(): Promise<void>;
}

interface Reply {
  id: number;
  rows?: unknown[];
  rowCount?: number;
  error?: { message: string; name: string } & Record<string, unknown>;
}

type Pending = { resolve: (r: Reply) => void; reject: (err: Error) => void };

/** A driver error as the caller would have seen it in-thread: message, name and the PostgreSQL fields (`code` …). */
function toError(e: NonNullable<Reply['error']>): Error {
  const { message, name, ...fields } = e;
  const err = Object.assign(new Error(message), fields);
  err.name = name;
  return err;
}

/** Starts the thread and opens PGlite in `dir` (`memory://…` for an in-memory database). Rejects with the open error. */
export async function startPgliteThread(dir: string): Promise<PgliteThread> {
  const worker = new Worker(new URL('./pglite-thread.mjs', import.meta.url), { workerData: { dir } });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let gone: Error | undefined;

  const fail = (err: Error) => {
    gone ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };

  await new Promise<void>((resolve, reject) => {
    const onMessage = (msg: { t?: string; error?: Reply['error'] }) => {
      if (msg.t !== 'ready' && msg.t !== 'failed') return;
      worker.off('message', onMessage);
      worker.off('error', onError);
      if (msg.t === 'ready') resolve();
      else {
        void worker.terminate();
        reject(toError(msg.error!));
      }
    };
    const onError = (err: Error) => reject(err);
    worker.on('message', onMessage);
    worker.once('error', onError);
  });

  worker.on('message', (msg: Reply) => {
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (pending.size === 0) worker.unref();
    if (msg.error) p.reject(toError(msg.error));
    else p.resolve(msg);
  });
  worker.on('error', (err: Error) => fail(new Error(`metadata store thread failed: ${err.message}`)));
  worker.on('exit', (code) => fail(new Error(`metadata store thread exited (code ${code})`)));
  worker.unref();

  function send(msg: { op: 'query' | 'exec' | 'close'; sql?: string; params?: unknown[] }): Promise<Reply> {
    if (gone) return Promise.reject(gone);
    const id = nextId++;
    return new Promise<Reply>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      if (pending.size === 1) worker.ref();
      worker.postMessage({ ...msg, id });
    });
  }

  let closing: Promise<void> | undefined;
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      const r = await send({ op: 'query', sql, params });
      return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await send({ op: 'exec', sql });
    },
    close() {
      closing ??= (async () => {
        try {
          if (!gone) await send({ op: 'close' });
        } finally {
          await worker.terminate();
        }
      })();
      return closing;
    },
  };
}
