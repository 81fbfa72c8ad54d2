/**
 * Test support: a private, throw-away Redis server for one test run — a child
 * process on 127.0.0.1 at a free port, no persistence, its working directory
 * a temp directory. Not used by the product.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, onPath, ServiceUnavailable, SETUP_HINT, tail } from './common.ts';

export interface PrivateRedis {
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Resolves true when a Redis server answers PING on the port. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      reply += d;
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const bin = onPath('redis-server') ?? (fs.existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : undefined);
  if (!bin) throw new ServiceUnavailable(`no redis-server found in PATH: ${SETUP_HINT}`);

  for (let attempt = 1; ; attempt++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datalabs-test-redis-'));
    const port = await freePort();
    const child = spawn(
      bin,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning'],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    let exited = false;
    const exitedPromise = new Promise<void>((resolve) => {
      const onEnd = (err?: unknown) => {
        exited = true;
        if (err instanceof Error) output += `${err.message}\n`;
        resolve();
      };
      child.once('exit', () => onEnd());
      child.once('error', onEnd);
    });

    const deadline = Date.now() + 10_000;
    let ready = false;
    while (!exited && Date.now() < deadline) {
      if (await ping(port)) {
        ready = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    if (ready) {
      const killSync = () => {
        child.kill('SIGKILL');
        fs.rmSync(dir, { recursive: true, force: true });
      };
      process.once('exit', killSync);
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        async stop() {
          process.removeListener('exit', killSync);
          if (!exited) {
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
            await exitedPromise;
            clearTimeout(timer);
          }
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    if (!exited) child.kill('SIGKILL');
    await exitedPromise;
    fs.rmSync(dir, { recursive: true, force: true });
    if (attempt >= 3 || !/address already in use/i.test(output)) {
      throw new ServiceUnavailable(`redis-server did not start (${tail(output) || 'no output'})`);
    }
  }
}
