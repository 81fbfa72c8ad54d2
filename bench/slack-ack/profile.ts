/**
 * Where the serve process's main thread spent its time during the ack burst:
 * reads the V8 CPU profile(s) `--cpu-prof` wrote and keeps the samples taken
 * between the first command sent and the last ack received. V8 stamps
 * samples with the monotonic clock (µs), the same clock as
 * `process.hrtime` in any process on the machine, so the window converts
 * from wall-clock time here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Wall-clock epoch ms → the monotonic µs of V8's profile timestamps. */
function toMonotonicUs(wallMs: number): number {
  const monoMs = Number(process.hrtime.bigint()) / 1e6;
  const nowWall = performance.timeOrigin + performance.now();
  return (wallMs - nowWall + monoMs) * 1000;
}

function where(cf: CallFrame, repo: string): string {
  const url = cf.url.replace(/^file:\/\//, '');
  if (!url) return cf.functionName || '(anonymous)';
  const nm = url.lastIndexOf('/node_modules/');
  let file: string;
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    file = `${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}:${path.basename(url)}`;
  } else file = url.startsWith(repo) ? path.relative(repo, url) : url;
  return `${cf.functionName || '(anonymous)'} ${file}:${cf.lineNumber + 1}`;
}

/** The package or top folder a frame belongs to (node_modules/<pkg>, bot/…, node:internal). */
function bucket(cf: CallFrame, repo: string): string {
  const url = cf.url.replace(/^file:\/\//, '');
  if (!url) return cf.functionName.startsWith('(') ? cf.functionName : '(native)';
  if (url.startsWith('node:')) return 'node: internals';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith(repo)) return path.relative(repo, url).split('/').slice(0, 2).join('/');
  return url;
}

export function summariseProfile(dir: string, window: { from: number; to: number }, repo = path.resolve(import.meta.dirname, '..', '..')): string {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  // Main thread: CPU.<date>.<pid>.<thread id 0>.<seq>.cpuprofile.
  const main = files.find((f) => f.split('.')[3] === '0') ?? files[0];
  if (!main) return `  profile: none written in ${dir}`;
  const prof = JSON.parse(fs.readFileSync(path.join(dir, main), 'utf8')) as CpuProfile;
  const from = toMonotonicUs(window.from);
  const to = toMonotonicUs(window.to);
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const self = new Map<string, number>();
  const buckets = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let t = prof.startTime;
  let total = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    t += prof.timeDeltas[i];
    const dt = i + 1 < prof.timeDeltas.length ? prof.timeDeltas[i + 1] : 0;
    if (t < from || t > to) continue;
    total += dt;
    const node = byId.get(prof.samples[i])!;
    const k = where(node.callFrame, repo);
    self.set(k, (self.get(k) ?? 0) + dt);
    const b = bucket(node.callFrame, repo);
    buckets.set(b, (buckets.get(b) ?? 0) + dt);
    // Inclusive time per repo function (each counted once per sample).
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const cf = byId.get(id)!.callFrame;
      const url = cf.url.replace(/^file:\/\//, '');
      if (!url.startsWith(repo) || url.includes('/node_modules/')) continue;
      const key = where(cf, repo);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
    }
  }
  const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(6)} ms`;
  const pct = (us: number) => `${((100 * us) / Math.max(total, 1)).toFixed(1).padStart(5)}%`;
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `      ${ms(v)} ${pct(v)}  ${k}`)
      .join('\n');
  const idle = self.get('(idle)') ?? 0;
  return [
    `  profile of serve's main thread during the ack burst (${((to - from) / 1000).toFixed(0)} ms window, ${ms(total - idle).trim()} busy, ${ms(idle).trim()} idle; ${files.length} thread profile(s) in ${dir}):`,
    `    by package / folder (self time):`,
    top(buckets, 12),
    `    top functions (self time):`,
    top(self, 20),
    `    repo functions (inclusive time):`,
    top(inclusive, 20),
  ].join('\n');
}

interface Timing {
  requests: Array<{ path: string; start: number; end: number; status: number }>;
  queries: Array<{ sql: string; start: number; end: number }>;
}

/**
 * What ack-timing.mjs saw in serve during the ack burst: when the burst's
 * requests reached the JS handler and when their acks left (relative to the
 * first command sent), how long the handler held each, and the PGlite queries
 * and queue adds that ran in that window (the message log's INSERT and the
 * queue add are the ack's own).
 */
export function summariseTiming(file: string, window: { from: number; to: number }): string {
  if (!fs.existsSync(file)) return `  timing: ${file} was not written`;
  const t = JSON.parse(fs.readFileSync(file, 'utf8')) as Timing;
  const pctl = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] : NaN;
  };
  const f = (x: number) => `${x.toFixed(1)} ms`;
  const dist = (xs: number[]) => `p50 ${f(pctl(xs, 50))} p99 ${f(pctl(xs, 99))} max ${f(Math.max(...xs))}`;
  const burst = t.requests.filter((r) => r.path?.startsWith('/slack/events') && r.start >= window.from - 5 && r.start <= window.to && r.end > 0);
  const lines = [`  timing inside serve (ack-timing.mjs) for the ${burst.length} burst requests, ms after the first command was sent:`];
  if (burst.length) {
    lines.push(`    reached the JS handler  ${dist(burst.map((r) => r.start - window.from))}`);
    lines.push(`    ack written             ${dist(burst.map((r) => r.end - window.from))}`);
    lines.push(`    held by the handler     ${dist(burst.map((r) => r.end - r.start))}`);
  }
  const q = t.queries.filter((x) => x.end > 0 && x.end >= window.from && x.start <= window.to);
  const kinds = new Map<string, number[]>();
  for (const x of q) {
    const k = x.sql.split(' ').slice(0, 4).join(' ');
    kinds.set(k, [...(kinds.get(k) ?? []), x.end - x.start]);
  }
  lines.push(`    store queries and queue adds in the window: ${q.length} (call → result, waiting for a connection or for PGlite included):`);
  for (const [k, xs] of [...kinds.entries()].sort((a, b) => b[1].length - a[1].length).slice(0, 8)) {
    lines.push(`      ${String(xs.length).padStart(5)} × ${k.padEnd(32)} ${dist(xs)}`);
  }
  // When each ran: a statement called late, or one that waited behind another, shows here.
  const timeline = [...q].sort((a, b) => a.start - b.start).slice(0, 16);
  if (timeline.length) lines.push('    in call order (ms after the first command: called → result):');
  for (const x of timeline) lines.push(`      ${(x.start - window.from).toFixed(1).padStart(7)} → ${(x.end - window.from).toFixed(1).padStart(7)}  ${x.sql.split(' ').slice(0, 4).join(' ')}`);
  return lines.join('\n');
}
