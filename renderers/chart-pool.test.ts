import fs from 'node:fs';
import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { CHART_THREAD_NICE, createChartPool } from './chart-pool.ts';

describe('chart pool (worker threads)', () => {
  const pool = createChartPool({ threads: 1 });
  afterAll(() => pool.close());

  it('renders a chart on a worker and returns a real PNG buffer', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => [`2025-01-${String(i + 1).padStart(2, '0')}`, i * 10]);
    const chart = await pool.render([{ name: 'd', type: 'Date' }, { name: 'n', type: 'UInt64' }], rows, { title: 'n by day', width: 600, height: 300 });
    expect(chart?.kind).toBe('line');
    expect(Buffer.isBuffer(chart!.png)).toBe(true);
    expect(chart!.png.subarray(1, 4).toString()).toBe('PNG');
    expect(chart!.alt).toMatch(/^Line chart of n by d/);
  });

  it('reports a failed render through onError and resolves null', async () => {
    const errors: unknown[] = [];
    // A canvas over 8192 px is refused inside the worker; the pool must not throw.
    const chart = await pool.render([{ name: 'd', type: 'Date' }, { name: 'n', type: 'UInt64' }], [['2025-01-01', 1]], { title: 'x', width: 100_000, height: 10, onError: (e) => errors.push(e) });
    expect(chart).toBeNull();
    expect(errors.length).toBe(1);
  });

  it('draws on threads at a lower CPU priority, leaving the calling thread as it was', async () => {
    const niceThreads = () => fs.readdirSync('/proc/self/task').filter((tid) => os.getPriority(Number(tid)) >= CHART_THREAD_NICE).length;
    const before = niceThreads();
    const fresh = createChartPool({ threads: 1 });
    await fresh.render([{ name: 'k', type: 'String' }, { name: 'n', type: 'UInt64' }], [['a', 1], ['b', 2]], { title: 'n by k', width: 300, height: 200 });
    const niced = niceThreads();
    await fresh.close();
    expect(niced).toBeGreaterThan(before);
    expect(os.getPriority(0)).toBeLessThan(CHART_THREAD_NICE);
  });
});
