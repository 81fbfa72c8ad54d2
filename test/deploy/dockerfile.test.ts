/**
 * deploy/Dockerfile, read as docker reads it (there is no docker engine here to
 * build it): instructions with their line continuations, stages, and what the
 * image must be: node:20-bookworm-slim, a build stage with the compilers and
 * headers canvas needs, a runtime stage with only runtime libraries, a
 * non-root user, a HEALTHCHECK on /healthz, the compiled dist/ started
 * through bin/datalabs.js; every path it copies exists and is in the build
 * context (.dockerignore).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Instruction { op: string; args: string; line: number }
interface Stage { base: string; name?: string; instructions: Instruction[] }

/** Instructions of a Dockerfile: comments dropped, `\` continuations joined, ARG values substituted in FROM. */
export function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const lines = text.split('\n');
  const instructions: Instruction[] = [];
  let buf = '';
  let start = 0;
  lines.forEach((raw, i) => {
    const line = raw.trimEnd();
    if (!buf && (/^\s*#/.test(line) || !line.trim())) return;
    if (buf && /^\s*#/.test(line)) return;
    if (!buf) start = i + 1;
    buf += (buf ? ' ' : '') + line.replace(/\\$/, '').trim();
    if (!line.endsWith('\\')) {
      const m = /^(\w+)\s+([\s\S]*)$/.exec(buf);
      if (!m) throw new Error(`Dockerfile line ${start}: not an instruction: ${buf}`);
      instructions.push({ op: m[1].toUpperCase(), args: m[2], line: start });
      buf = '';
    }
  });
  if (buf) throw new Error('Dockerfile ends inside a continued instruction');
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.op === 'ARG' && !stages.length) {
      const [k, v] = ins.args.split('=');
      args[k] = v ?? '';
    } else if (ins.op === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args);
      if (!m) throw new Error(`Dockerfile line ${ins.line}: bad FROM`);
      stages.push({ base: m[1].replace(/\$\{(\w+)\}/g, (_, k: string) => args[k] ?? ''), name: m[2], instructions: [] });
    } else {
      if (!stages.length) throw new Error(`Dockerfile line ${ins.line}: ${ins.op} before FROM`);
      stages[stages.length - 1].instructions.push(ins);
    }
  }
  return { args, stages };
}

const { stages } = parseDockerfile(fs.readFileSync(path.join(ROOT, 'deploy/Dockerfile'), 'utf8'));
const runs = (s: Stage) => s.instructions.filter((i) => i.op === 'RUN').map((i) => i.args).join('\n');
const aptPackages = (s: Stage) => [...runs(s).matchAll(/apt-get install[^&]*?--no-install-recommends([^&]*)/g)].flatMap((m) => m[1].trim().split(/\s+/)).filter((p) => p && !p.startsWith('-'));

describe('deploy/Dockerfile', () => {
  it('has a build stage and a runtime stage on node:20-bookworm-slim', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    for (const s of stages) expect(s.base).toBe('node:20-bookworm-slim');
  });

  it('builds canvas and dist/ in the build stage only; the runtime stage has runtime libraries, no compilers or headers', () => {
    const [build, runtime] = stages;
    expect(aptPackages(build)).toEqual(expect.arrayContaining(['build-essential', 'python3', 'libcairo2-dev', 'libpango1.0-dev', 'libjpeg-dev', 'libgif-dev', 'librsvg2-dev']));
    expect(runs(build)).toMatch(/npm run build/);
    expect(runs(build)).toMatch(/npm prune --omit=dev/);
    const rt = aptPackages(runtime);
    expect(rt).toEqual(expect.arrayContaining(['libcairo2', 'libpango-1.0-0', 'libpangocairo-1.0-0', 'libjpeg62-turbo', 'libgif7', 'librsvg2-2', 'fonts-dejavu-core']));
    expect(rt.filter((p) => /-dev$|^build-essential$|^gcc|^g\+\+|^make$|^python3$/.test(p))).toEqual([]);
    // The runtime takes the built app from the build stage, not the sources.
    const copies = runtime.instructions.filter((i) => i.op === 'COPY').map((i) => i.args);
    expect(copies.every((c) => c.includes('--from=build'))).toBe(true);
    expect(copies.join('\n')).toMatch(/\/app\/dist /);
    expect(copies.join('\n')).toMatch(/\/app\/node_modules /);
  });

  it('runs as a non-root user with a HEALTHCHECK on /healthz and bin/datalabs.js as the entry point', () => {
    const runtime = stages[1];
    const users = runtime.instructions.filter((i) => i.op === 'USER').map((i) => i.args.trim());
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0', '0:0', 'root:root']).not.toContain(users[users.length - 1]);
    // USER comes before the process starts: nothing after it switches back.
    const last = runtime.instructions.map((i) => i.op).lastIndexOf('USER');
    expect(runtime.instructions.slice(last + 1).some((i) => i.op === 'USER')).toBe(false);
    const health = runtime.instructions.filter((i) => i.op === 'HEALTHCHECK');
    expect(health).toHaveLength(1);
    expect(health[0].args).toMatch(/CMD .*\/healthz/);
    expect(health[0].args).toMatch(/--interval=\d+s/);
    const entry = runtime.instructions.find((i) => i.op === 'ENTRYPOINT');
    const argv = JSON.parse(entry!.args) as string[];
    expect(argv.slice(0, 3)).toEqual(['/usr/bin/tini', '--', 'node']);
    expect(argv.at(-1)).toBe('/app/bin/datalabs.js');
    // The node flags between (GC tuned for acks) are ones node accepts, and the ack bench starts serve with them.
    const flags = argv.slice(3, -1);
    expect(flags).toEqual(['--max-semi-space-size=64', '--min-semi-space-size=32', '--no-memory-reducer']);
    expect(spawnSync(process.execPath, [...flags, '-e', '0']).status).toBe(0);
    const bench = fs.readFileSync(path.join(ROOT, 'bench', 'slack-ack.ts'), 'utf8');
    expect(JSON.parse(/const IMAGE_NODE_ARGS = (\[.*?\]);/.exec(bench)![1].replace(/'/g, '"'))).toEqual(flags);
    expect(JSON.parse(runtime.instructions.find((i) => i.op === 'CMD')!.args)).toEqual(['serve']);
    // The healthcheck's own command is valid JavaScript for node -e.
    const js = JSON.parse(/CMD (\[.*\])$/.exec(health[0].args)![1]) as string[];
    expect(js.slice(0, 2)).toEqual(['node', '-e']);
    expect(() => new Function(js[2])).not.toThrow();
  });

  it('copies only paths that exist and that .dockerignore leaves in the build context', () => {
    const ignored = fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const sources = stages[0].instructions.filter((i) => i.op === 'COPY' && !i.args.includes('--from')).flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'bin', 'bot', 'adapters', 'agents', 'renderers', 'alerts', 'README.md']));
    for (const src of sources) {
      expect(fs.existsSync(path.join(ROOT, src)), src).toBe(true);
      expect(ignored.includes(src) || ignored.includes(src.split('/')[0]), `${src} is excluded by .dockerignore`).toBe(false);
    }
    // What the image must not carry: dependencies and builds of this machine, tests, secrets.
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', 'test', '.env', '.git']));
  });
});
