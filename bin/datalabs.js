#!/usr/bin/env node
// Entry point of the `datalabs` CLI. Runs the compiled JavaScript in dist/
// (`npm run build`) when it is there and no newer than the sources; otherwise
// loads the TypeScript sources through tsx (a development dependency).
// DATALABS_FROM_SOURCE=1 forces the sources.
import fs from 'node:fs';

const root = new URL('../', import.meta.url);
const main = await import(useBuild() ? '../dist/bot/app/cli/main.js' : await fromSource());
process.exitCode = await main.main(process.argv.slice(2));

/**
 * dist/ is used when its manifest exists and, where the sources are present
 * (a checkout rather than an image with dist/ only), none of them changed or
 * went missing since the build. A file added since is only reachable through
 * an import from a changed one, so the build's own list suffices.
 */
function useBuild() {
  if (process.env.DATALABS_FROM_SOURCE === '1') return false;
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(new URL('dist/build-manifest.json', root), 'utf8'));
  } catch {
    return false;
  }
  if (!fs.existsSync(new URL('bot/app/cli/main.ts', root))) return true;
  for (const rel of manifest.sources) {
    const stat = fs.statSync(new URL(rel, root), { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs > manifest.builtAtMs) return false;
  }
  return true;
}

async function fromSource() {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write('datalabs: no build in dist/ and no tsx to run the sources: run `npm run build` (or install the dev dependencies)\n');
    process.exit(1);
  }
  register();
  return '../bot/app/cli/main.ts';
}
