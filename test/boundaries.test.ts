/**
 * Architecture boundaries (DESIGN.md): platform SDKs only under their
 * adapter folder; adapters import only the contracts (bot/contracts);
 * renderers, agents and alerts never import adapters or platform SDKs; inside
 * bot/, contracts import nothing, core takes no SDK, driver or infra module at
 * runtime, and infra never reaches up into the composition root (bot/app).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const PLATFORM_SDKS: Record<string, RegExp> = {
  slack: /^@slack\//,
  telegram: /^(telegraf|node-telegram-bot-api)(\/|$)/,
  discord: /^(discord\.js|@discordjs\/)/,
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.(ts|js|mjs)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) out.push(rel);
  }
  return out;
}

interface ImportRef {
  spec: string;
  /** `import type …` / `export type …`: erased at runtime. */
  typeOnly: boolean;
}

function importsWithKind(file: string): ImportRef[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const refs: ImportRef[] = [];
  const re = /(?:import|export)\s([^'"]*?)from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[2] ?? m[3] ?? m[4] ?? m[5];
    refs.push({ spec, typeOnly: m[2] !== undefined && /^type\s/.test(m[1].trim()) });
  }
  return refs;
}

function importsOf(file: string): string[] {
  return importsWithKind(file).map((r) => r.spec);
}

/** The repo-relative path a relative specifier of `file` points at. */
function targetOf(file: string, spec: string): string {
  return path.relative(root, path.resolve(root, path.dirname(file), spec));
}

const inDir = (p: string, dir: string) => p.startsWith(dir.split('/').join(path.sep) + path.sep);

/** Packages that are drivers, SDKs or servers: infrastructure, never in contracts or core. */
const INFRA_PACKAGES = /^(pg|pg-[a-z-]+|@electric-sql\/pglite|chdb|@clickhouse\/client|ioredis|bullmq|pino|@slack\/.*|telegraf|discord\.js|@discordjs\/.*|@anthropic-ai\/sdk|nodemailer)(\/|$)/;

const layers = ['bot', 'adapters', 'agents', 'renderers', 'alerts'].filter((d) => fs.existsSync(path.join(root, d)));
const files = layers.flatMap(sourceFiles);

describe('architecture boundaries', () => {
  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('imports platform SDKs only inside their adapter folder', () => {
    const violations: string[] = [];
    for (const file of files) {
      for (const spec of importsOf(file)) {
        for (const [platform, re] of Object.entries(PLATFORM_SDKS)) {
          if (re.test(spec) && !file.startsWith(path.join('adapters', platform) + path.sep)) violations.push(`${file} imports ${spec}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('lets adapters import only shared types and their own folder', () => {
    const violations: string[] = [];
    for (const file of files.filter((f) => f.startsWith('adapters' + path.sep))) {
      const own = file.split(path.sep).slice(0, 2).join(path.sep);
      for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
        const target = path.relative(root, path.resolve(root, path.dirname(file), spec));
        if (!target.startsWith(own + path.sep) && !inDir(target, 'bot/contracts')) violations.push(`${file} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps renderers, agents and alerts free of adapters and the bot core', () => {
    const violations: string[] = [];
    for (const file of files.filter((f) => /^(renderers|agents|alerts)\//.test(f))) {
      for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
        const target = path.relative(root, path.resolve(root, path.dirname(file), spec));
        const allowed = inDir(target, 'bot/contracts') || !/^(bot|adapters)\//.test(target);
        if (!allowed) violations.push(`${file} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps bot/contracts free of every import but its own files and node: types', () => {
    const violations: string[] = [];
    for (const file of files.filter((f) => inDir(f, 'bot/contracts'))) {
      for (const { spec } of importsWithKind(file)) {
        if (spec.startsWith('node:')) continue;
        if (!spec.startsWith('.') || !inDir(targetOf(file, spec), 'bot/contracts')) violations.push(`${file} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps bot/core off infrastructure: no SDK or driver, no infra or app module at runtime (types only)', () => {
    const violations: string[] = [];
    const core = files.filter((f) => inDir(f, 'bot/core'));
    expect(core.length).toBeGreaterThan(5);
    for (const file of core) {
      for (const { spec, typeOnly } of importsWithKind(file)) {
        if (INFRA_PACKAGES.test(spec)) violations.push(`${file} imports ${spec}`);
        if (!spec.startsWith('.')) continue;
        const target = targetOf(file, spec);
        if (inDir(target, 'bot/app') || inDir(target, 'adapters')) violations.push(`${file} imports ${spec}`);
        if (inDir(target, 'bot/infra') && !typeOnly) violations.push(`${file} imports ${spec} (a value from infra)`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps bot/infra away from the composition root and the adapters', () => {
    const violations: string[] = [];
    for (const file of files.filter((f) => inDir(f, 'bot/infra'))) {
      for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
        const target = targetOf(file, spec);
        if (inDir(target, 'bot/app') || inDir(target, 'adapters')) violations.push(`${file} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('checks the rules against a planted violation (the scanner is not blind)', () => {
    const refs = importsWithKind('bot/core/workspace/admin-ops.ts');
    expect(refs.some((r) => r.typeOnly && targetOf('bot/core/workspace/admin-ops.ts', r.spec).includes('infra'))).toBe(true);
    expect(INFRA_PACKAGES.test('@slack/bolt') && INFRA_PACKAGES.test('pg') && !INFRA_PACKAGES.test('zod')).toBe(true);
  });
});
