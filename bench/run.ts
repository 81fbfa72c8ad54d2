/**
 * `npm run bench [name…]`: runs each benchmark module in bench/ (each exports
 * `run(): Promise<void>` and prints its own figures). Targets are printed
 * beside the figures; nothing here fails a build.
 */
import fs from 'node:fs';
import path from 'node:path';

export async function main(args: string[]): Promise<void> {
  const dir = import.meta.dirname;
  const names = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
    .map((f) => f.replace(/\.ts$/, ''))
    .filter((n) => args.length === 0 || args.includes(n));
  for (const name of names) {
    process.stdout.write(`\n== ${name} ==\n`);
    const mod = (await import(path.join(dir, `${name}.ts`))) as { run?: () => Promise<void> };
    if (typeof mod.run !== 'function') {
      process.stdout.write(`(no run() exported)\n`);
      continue;
    }
    const started = performance.now();
    await mod.run();
    process.stdout.write(`(${name} took ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  }
}

/** p-th percentile (0–100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

export function fmtMs(ms: number): string {
  return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}
