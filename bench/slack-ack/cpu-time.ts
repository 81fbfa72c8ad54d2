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
}

export function cpuSample(pid: number | undefined): CpuSample | undefined {
  if (!pid) return undefined;
  try {
    let mainMs = 0;
    let otherThreadsMs = 0;
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      let ns: number;
      try {
        ns = Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        continue; // the thread ended between the listing and the read
      }
      if (Number(tid) === pid) mainMs += ns / 1e6;
      else otherThreadsMs += ns / 1e6;
    }
    return { mainMs, otherThreadsMs };
  } catch {
    return undefined;
  }
}

/** CPU spent between two samples (threads that ended in between are not counted). */
export function cpuSpent(before: CpuSample | undefined, after: CpuSample | undefined): CpuSample | undefined {
  if (!before || !after) return undefined;
  return { mainMs: after.mainMs - before.mainMs, otherThreadsMs: Math.max(0, after.otherThreadsMs - before.otherThreadsMs) };
}
