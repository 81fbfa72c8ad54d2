/**
 * A directory one process at a time: a lock file beside it (`<dir>.lock`)
 * holds the owner's pid, written with O_EXCL. A lock whose pid is dead is
 * stale and taken over. PGlite's files use it (a second owner is an error);
 * the inbound journal of `serve` on PostgreSQL uses it to own
 * `<dataDir>/inbound` (a second process on the same directory goes without).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DatalabsError } from '../../contracts/errors.ts';

/** Releases the lock (idempotent). */
export type ReleaseLock = () => void;

/** Lock files this process holds: the same pid in a lock file it does not hold is a dead process's (a container restarted with it). */
const held = new Set<string>();

type Attempt = { ok: true; release: ReleaseLock } | { ok: false; owner: number };

function attempt(dir: string): Attempt {
  const lockFile = `${dir.replace(/[\\/]+$/, '')}.lock`;
  for (let tries = 0; tries < 2; tries++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      held.add(lockFile);
      let released = false;
      return {
        ok: true,
        release: () => {
          if (released) return;
          released = true;
          held.delete(lockFile);
          fs.rmSync(lockFile, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(lockFile, 'utf8').trim());
      if (pid === process.pid ? held.has(lockFile) : Number.isInteger(pid) && pid > 0 && isAlive(pid)) return { ok: false, owner: pid };
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new DatalabsError('DATA_DIR_LOCKED', `${path.resolve(dir)}: cannot take the lock file ${lockFile}`);
}

/** Takes the directory or throws DATA_DIR_LOCKED naming the process that holds it. */
export function lockDir(dir: string, what: string, hint: string): ReleaseLock {
  const r = attempt(dir);
  if (r.ok) return r.release;
  if (r.owner === process.pid) throw new DatalabsError('DATA_DIR_LOCKED', `${what} ${path.resolve(dir)} is already open in this process`);
  throw new DatalabsError('DATA_DIR_LOCKED', `${what} ${path.resolve(dir)} is in use by process ${r.owner}: ${hint}`);
}

/** Takes the directory, or returns undefined while a live process (this one included) holds it. */
export function tryLockDir(dir: string): ReleaseLock | undefined {
  const r = attempt(dir);
  return r.ok ? r.release : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
