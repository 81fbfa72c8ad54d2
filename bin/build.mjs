#!/usr/bin/env node
// `npm run build`: compiles the TypeScript sources to dist/ with tsc
// (tsconfig.build.json: `.ts` import specifiers rewritten to `.js`; no type
// check, which is `npm run typecheck`'s job in `npm test`), copies the
// files tsc does not emit (worker scripts, YAML models) beside them, and writes
// dist/build-manifest.json, which bin/datalabs.js reads to tell a fresh build
// from a stale one. `--out-dir DIR` builds elsewhere (the build test does, so
// it never swaps dist/ under a running CLI); DIR must lie inside the checkout
// for the compiled code to find node_modules.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import yaml from 'yaml';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const outFlag = args.indexOf('--out-dir');
if (args.some((a, i) => a !== '--out-dir' && args[i - 1] !== '--out-dir') || (outFlag >= 0 && !args[outFlag + 1])) {
  process.stderr.write('usage: node bin/build.mjs [--out-dir DIR]\n');
  process.exit(2);
}
const dist = outFlag >= 0 ? path.resolve(args[outFlag + 1]) : path.join(root, 'dist');
const SOURCE_DIRS = ['bot', 'adapters', 'agents', 'renderers', 'alerts'];
/** Every file that is not TypeScript (worker scripts, models, static web files …) is copied: code loads them from beside itself. */
const ASSET = /(?<!\.ts)$/;
if (!path.relative(dist, root).startsWith('..') || dist === root) {
  process.stderr.write(`build: refusing to replace ${dist}: it holds the sources\n`);
  process.exit(2);
}

const startedMs = Date.now();
// Built beside the target and swapped in at the end, so a CLI starting meanwhile sees the old build or none.
const staging = `${dist}.building-${process.pid}`;
fs.rmSync(staging, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', staging], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) {
  fs.rmSync(staging, { recursive: true, force: true });
  process.stderr.write(`build: tsc failed (exit ${r.status ?? r.signal})\n`);
  process.exit(1);
}

const sources = [];
let assets = 0;
for (const dir of SOURCE_DIRS) {
  for (const entry of fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const rel = path.relative(root, path.join(entry.parentPath, entry.name));
    if (rel.split(path.sep).includes('node_modules')) continue;
    if (/\.test\.ts$/.test(rel)) continue;
    sources.push(rel);
    if (ASSET.test(rel)) {
      fs.mkdirSync(path.dirname(path.join(staging, rel)), { recursive: true });
      fs.copyFileSync(path.join(root, rel), path.join(staging, rel));
      assets++;
      // Semantic models also as JSON: agents/query/semantic-model.ts reads that instead of parsing the YAML cold.
      if (/\.ya?ml$/.test(rel) && rel.includes(`${path.sep}models${path.sep}`)) {
        fs.writeFileSync(path.join(staging, `${rel}.json`), JSON.stringify(yaml.parse(fs.readFileSync(path.join(root, rel), 'utf8'))));
      }
    }
  }
}
fs.writeFileSync(path.join(staging, 'build-manifest.json'), JSON.stringify({ builtAtMs: startedMs, sources }, null, 0) + '\n');
fs.rmSync(dist, { recursive: true, force: true });
fs.renameSync(staging, dist);
process.stdout.write(`build: ${path.relative(root, dist) || '.'}/ from ${sources.length} source files (${assets} assets copied) in ${((Date.now() - startedMs) / 1000).toFixed(1)} s\n`);
