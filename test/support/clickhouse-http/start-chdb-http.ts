/**
 * Starts the loopback ClickHouse HTTP endpoint over chDB (chdb-http-server.mjs)
 * in its own process and waits for its ready line. A test stand-in for a
 * ClickHouse server, named as such (DESIGN.md "Safety").
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'chdb-http-server.mjs');
const READY_TIMEOUT_MS = 30_000;

export interface ChdbHttpOptions {
  /** chDB data directory; a fresh temp directory (removed by stop()) when omitted. */
  dataDir?: string;
  /** Password of user `default` (none when omitted). */
  password?: string;
}

export interface ChdbHttp {
  /** http://127.0.0.1:PORT */
  url: string;
  pid: number;
  /** Ends the process (SIGTERM, then SIGKILL after 10 s) and removes a temp data directory it made. */
  stop(): Promise<void>;
}

export async function startChdbHttp(opts: ChdbHttpOptions = {}): Promise<ChdbHttp> {
  const ownDir = opts.dataDir === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), 'chdb-http-')) : undefined;
  const dataDir = path.resolve(opts.dataDir ?? ownDir!);
  const child = spawn(process.execPath, [SCRIPT, '--data-dir', dataDir, '--watch-stdin'], {
    cwd: path.dirname(SCRIPT),
    env: { ...process.env, CHDB_HTTP_PASSWORD: opts.password ?? '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => {
    if (stderr.length < 8192) stderr += d;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const removeOwnDir = () => {
    if (ownDir) fs.rmSync(ownDir, { recursive: true, force: true });
  };

  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => fail(`did not report ready within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
      const fail = (why: string) => {
        clearTimeout(timer);
        const last = stderr.trim().split('\n').filter(Boolean).pop();
        reject(new Error(`chdb-http-server (${dataDir}) ${why}${last ? `: ${last}` : ''}`));
      };
      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', (d: string) => {
        out += d;
        const nl = out.indexOf('\n');
        if (nl < 0) return;
        clearTimeout(timer);
        try {
          const p = Number(JSON.parse(out.slice(0, nl)).port);
          if (!Number.isInteger(p) || p <= 0) throw new Error('no port');
          resolve(p);
        } catch {
          fail(`printed an unexpected first line ${JSON.stringify(out.slice(0, Math.min(nl, 200)))}`);
        }
      });
      child.once('error', (err) => fail(`could not start (${err.message})`));
      child.once('exit', (code, signal) => fail(`exited before it was ready (${signal ?? `code ${code}`})`));
    });
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    removeOwnDir();
    throw err;
  }
  child.stdout!.resume();

  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        }
        child.stdin?.destroy();
        removeOwnDir();
      })();
      return stopped;
    },
  };
}
