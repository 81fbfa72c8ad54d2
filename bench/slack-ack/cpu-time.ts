/**
 * CPU time a process spent, read from Linux's /proc/<pid>/task/<tid>/schedstat
 * (nanoseconds on a CPU per thread): the main thread apart from the others
 * (PGlite's thread, chart threads, V8's GC helpers). Unlike a latency, it does
 * not depend on what else the machine is doing, so two runs on a busy machine
 * still compare. Undefined where /proc has no such file (not Linux).
 */
import fs from 'node:fs';

export interface CpuSample {
  mainMs: number;
  otherThreadsMs: number;
  /** The other threads' time by thread name (/proc/…/comm: "V8 DefaultWorke" are V8's GC and compiler helpers, "libuv-worker" the thread pool). */
  byName: Record<string, number>;
}

export function cpuSample(pid: number | undefined): CpuSample | undefined {
  if (!pid) return undefined;
  try {
    let mainMs = 0;
    let otherThreadsMs = 0;
    const byName: Record<string, number> = {};
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      let ns: number;
      let name: string;
      try {
        ns = Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
        name = fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      } catch {
        continue; // the thread ended between the listing and the read
      }
      if (Number(tid) === pid) mainMs += ns / 1e6;
      else {
        otherThreadsMs += ns / 1e6;
        byName[name] = (byName[name] ?? 0) + ns / 1e6;
      }
    }
    return { mainMs, otherThreadsMs, byName };
  } catch {
    return undefined;
  }
}

/** CPU spent between two samples (threads that ended in between are not counted). */
export function cpuSpent(before: CpuSample | undefined, after: CpuSample | undefined): CpuSample | undefined {
  if (!before || !after) return undefined;
  const byName: Record<string, number> = {};
  for (const [name, ms] of Object.entries(after.byName)) {
    const spent = ms - (before.byName[name] ?? 0);
    if (spent > 0.5) byName[name] = spent;
  }
  return { mainMs: after.mainMs - before.mainMs, otherThreadsMs: Math.max(0, after.otherThreadsMs - before.otherThreadsMs), byName };
}
