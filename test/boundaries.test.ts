/**
 * Architecture boundaries (DESIGN.md): platform SDKs only under their
 * adapter folder; adapters import only shared types (bot/types); renderers,
 * agents and alerts never import adapters or platform SDKs.
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

function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const specs: string[] = [];
  const re = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(re)) specs.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  return specs;
}

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
        if (!target.startsWith(own + path.sep) && !target.startsWith(path.join('bot', 'types') + path.sep)) violations.push(`${file} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps renderers, agents and alerts free of adapters and the bot core', () => {
    const violations: string[] = [];
    for (const file of files.filter((f) => /^(renderers|agents|alerts)\//.test(f))) {
      for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
        const target = path.relative(root, path.resolve(root, path.dirname(file), spec));
        const allowed = target.startsWith(path.join('bot', 'types') + path.sep) || !/^(bot|adapters)\//.test(target);
        if (!allowed) violations.push(`${file} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });
});
