/**
 * Test support: a private, throw-away PostgreSQL server for one test run — a
 * cluster in a temp directory, trust authentication, listening on 127.0.0.1 at
 * a free port with its unix socket in the same directory. PostgreSQL refuses
 * to run as root, so under root the cluster belongs to the `postgres` user
 * (which Debian's postgresql package creates). Not used by the product.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, onPath, run, ServiceUnavailable, SETUP_HINT, tail } from './common.ts';

export interface PrivatePostgres {
  /** Superuser URL: `postgres://postgres@127.0.0.1:<port>/postgres`. */
  url: string;
  port: number;
  version: string;
  stop(): Promise<void>;
}

/** initdb and pg_ctl: $DATALABS_TEST_PG_BINDIR, the newest /usr/lib/postgresql/<n>/bin (Debian), or PATH. */
export function findPostgresBinaries(): { initdb: string; pgCtl: string } | undefined {
  const has = (dir: string) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'));
  const pick = (dir: string) => ({ initdb: path.join(dir, 'initdb'), pgCtl: path.join(dir, 'pg_ctl') });
  const override = process.env.DATALABS_TEST_PG_BINDIR;
  if (override) return has(override) ? pick(override) : undefined;
  const debian = '/usr/lib/postgresql';
  const versions = fs.existsSync(debian)
    ? fs.readdirSync(debian).filter((v) => has(path.join(debian, v, 'bin'))).sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length > 0) return pick(path.join(debian, versions[0], 'bin'));
  const initdb = onPath('initdb');
  const pgCtl = onPath('pg_ctl');
  return initdb && pgCtl ? { initdb, pgCtl } : undefined;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bins = findPostgresBinaries();
  if (!bins) throw new ServiceUnavailable(`no PostgreSQL server binaries (initdb, pg_ctl) found in /usr/lib/postgresql/*/bin or PATH: ${SETUP_HINT}`);

  // As root, every server command runs as `postgres`, which must own the directory.
  const asRoot = process.getuid?.() === 0;
  let owner: { uid: number; gid: number } | undefined;
  if (asRoot) {
    try {
      owner = {
        uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
        gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
      };
    } catch {
      throw new ServiceUnavailable(`PostgreSQL refuses to run as root and there is no "postgres" user to run it as: ${SETUP_HINT}`);
    }
  }
  const runuser = asRoot ? onPath('runuser') : undefined;
  const command = (bin: string, args: string[]): [string, string[]] => {
    if (!asRoot) return [bin, args];
    if (runuser) return [runuser, ['-u', 'postgres', '--', bin, ...args]];
    const quoted = [bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    return ['su', ['-s', '/bin/sh', 'postgres', '-c', quoted]];
  };

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datalabs-test-pg-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    if (owner) fs.chownSync(dir, owner.uid, owner.gid);
    // cwd: the server user may not be allowed into the repository.
    const init = await run(...command(bins.initdb, ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']), { cwd: dir });
    if (init.code !== 0) throw new ServiceUnavailable(`initdb failed (${tail(init.output)})`);
    const version = fs.readFileSync(path.join(dataDir, 'PG_VERSION'), 'utf8').trim();

    // A port can be taken between choosing and binding it: try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      // Durability is not wanted from a database that is deleted in a minute.
      const serverOptions = `-c listen_addresses=127.0.0.1 -p ${port} -k '${dir}' -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
      const start = await run(...command(bins.pgCtl, ['-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', serverOptions, 'start']), { cwd: dir });
      if (start.code === 0) {
        let stopped = false;
        const stopSync = () => {
          if (stopped) return;
          stopped = true;
          spawnSync(...command(bins.pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']), { cwd: dir, stdio: 'ignore' });
          remove();
        };
        // A run that exits without its teardown (an error, process.exit) must not leave a server behind.
        process.once('exit', stopSync);
        return {
          url: `postgres://postgres@127.0.0.1:${port}/postgres`,
          port,
          version,
          async stop() {
            if (stopped) return;
            stopped = true;
            process.removeListener('exit', stopSync);
            await run(...command(bins.pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']), { cwd: dir });
            remove();
          },
        };
      }
      const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
      if (attempt >= 3 || !/could not bind|address already in use/i.test(log)) {
        throw new ServiceUnavailable(`pg_ctl start failed (${tail(start.output + '\n' + log)})`);
      }
    }
  } catch (err) {
    remove();
    throw err;
  }
}
