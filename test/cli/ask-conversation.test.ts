/** `datalabs ask --conversation -`: stdin lines as chat threads, in a real process over real chDB. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/datalabs.js');
let dataDir: string;

function cli(args: string[], input = '') {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, DATALABS_DATA_DIR: dataDir, LOG_LEVEL: 'silent', TZ: 'UTC' },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const NOW = ['--now', '2025-06-30T18:00:00Z'];
const jsonLines = (s: string) => s.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, any>);
const flat = (sql: string): string => sql.replace(/\s+/g, ' ');

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-askconv-'));
  const seed = cli(['seed', '--scale', '0.01', '--end-date', '2025-06-30']);
  expect(seed.code).toBe(0);
}, 120_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('datalabs ask --json --conversation -', () => {
  it('answers each line with the state the previous answer left; an empty line starts anew; errors are lines', () => {
    const input = [
      'revenue by country', 'only mobile', 'last 30 days', 'now by category', 'top 5 products by revenue',
      '',
      'signups by day in the last 10 days', 'only tablet', 'only the growth plan',
      '',
      'only desktop',
    ].join('\n') + '\n';
    const r = cli(['ask', '--json', '--conversation', '--no-chart', ...NOW, '-'], input);
    const out = jsonLines(r.stdout);
    expect(out).toHaveLength(9);
    const [a, b, c, d, e, f, g, h, i] = out;
    expect(a.kept).toEqual([]);
    expect(flat(b.sql)).toContain("device = 'mobile'");
    expect(b.kept).toEqual([]);
    expect(c.kept).toEqual(['device = mobile']);
    expect(flat(d.sql)).toMatch(/device = 'mobile'.*GROUP BY category/);
    expect(d.kept).toEqual(['device = mobile', 'last 30 days']);
    // A new question with its own measure starts fresh: nothing of the thread is kept.
    expect(flat(e.sql)).not.toContain('mobile');
    expect(e.kept).toEqual([]);
    // Second conversation: nothing from the first; the refused refinement leaves the state as it was.
    expect(flat(f.sql)).not.toContain('mobile');
    expect(f.kept).toEqual([]);
    expect(g.error.code).toMatch(/^[A-Z_]+$/);
    expect(g.error.message).not.toContain('\n');
    expect(flat(h.sql)).toContain("plan = 'growth'");
    expect(flat(h.sql)).not.toContain('tablet');
    expect(h.kept).toEqual(['last 10 days']);
    // Third conversation: a refinement with nothing to refine is an error line, not a carried-over state.
    expect(i.error).toBeDefined();
    expect(r.code).toBe(1);
  });

  it('without --conversation each line stands alone and carries no kept field', () => {
    const r = cli(['ask', '--json', '--no-chart', ...NOW, '-'], 'revenue by country on mobile\nnow by category\n');
    const [a, b] = jsonLines(r.stdout);
    expect(a.kept).toBeUndefined();
    expect(flat(a.sql)).toContain("device = 'mobile'");
    expect(flat(b.sql ?? '')).not.toContain('mobile');
    expect(b.kept).toBeUndefined();
  });

  it('shows the SQL of the previous answer without running it', () => {
    const r = cli(['ask', '--json', '--conversation', '--no-chart', ...NOW, '-'], 'revenue by month\nshow the SQL\n');
    expect(r.code).toBe(0);
    const [first, shown] = jsonLines(r.stdout);
    expect(shown.showSql).toBe(true);
    expect(shown.sql).toBe(first.sql);
    expect(shown.rows).toEqual([]);
    expect(shown.rowsRead).toBe(0);
    const text = cli(['ask', '--conversation', '--no-chart', ...NOW, '-'], 'revenue by month\nshow the SQL\n');
    expect(text.stdout).toContain('SQL for Revenue by month');
    expect(text.stdout).not.toMatch(/no rows/);
  });

  it('in text mode says what was kept in one line', () => {
    const r = cli(['ask', '--conversation', '--no-chart', ...NOW, '-'], 'revenue by country\nonly mobile\nnow by category\n');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('kept: '));
    expect(lines).toEqual(["kept: device = mobile — say 'all devices' to drop it"]);
  });
});

describe('datalabs ask --json: constructions over real chDB through the guard', () => {
  it('a running total adds each day to the days before it, and "make it cumulative" then a filter keeps it', () => {
    const r = cli(['ask', '--json', '--conversation', '--no-chart', ...NOW, '-'], 'daily revenue this month\nmake it cumulative\nonly US\n');
    expect(r.code).toBe(0);
    const [daily, running, us] = jsonLines(r.stdout);
    expect(running.title).toBe('Running total of revenue by day, June 2025 to date');
    expect(running.columns.map((c: { name: string }) => c.name)).toEqual(['day', 'running_total_revenue', 'total_revenue']);
    expect(running.rows.map((x: unknown[]) => x[2])).toEqual(daily.rows.map((x: unknown[]) => x[1]));
    let sum = 0;
    for (const row of running.rows as number[][]) { sum += row[2]; expect(row[1]).toBeCloseTo(sum, 6); }
    expect(running.rows.length).toBeGreaterThan(20);
    expect(flat(us.sql)).toMatch(/OVER \(ORDER BY day\).*country = 'US'/);
    expect(us.rows.at(-1)[1]).toBeLessThan(running.rows.at(-1)[1]);
  });

  it('users who never ordered are all users less those with a completed order; two compared days are two rows', () => {
    const r = cli(['ask', '--json', '--no-chart', ...NOW, '-'], 'users who never ordered\nhow many users\nhow many customers\norders yesterday vs the same day last week\nrevenue by signup channel\nshare of orders from mobile by country\n');
    expect(r.code).toBe(0);
    const [never, users, customers, days, byChannel, share] = jsonLines(r.stdout);
    expect(never.rows[0][0]).toBe(users.rows[0][0] - customers.rows[0][0]);
    expect(never.rows[0][0]).toBeGreaterThan(0);
    expect(days.rows.map((x: unknown[]) => x[0])).toEqual(['2025-06-22', '2025-06-29']);
    // The user's signup channel and the channel stored on the order agree (demo-dataset.md): the join adds up the same.
    expect(byChannel.tables).toEqual(['demo.orders', 'demo.users']);
    expect(byChannel.rows.length).toBe(5);
    for (const row of share.rows as Array<[string, number, number]>) { expect(row[2]).toBeGreaterThan(0); expect(row[2]).toBeLessThan(1); }
  });
});

describe('datalabs ask --conversation: a chart kind asked for stays with the thread', () => {
  it('a pie asked for a series is refused with the reason, again after a refinement; a pie of categories is drawn', () => {
    const r = cli(['ask', '--conversation', ...NOW, '-'], 'revenue by day last 7 days as a pie chart\nonly mobile\n\nrevenue by category as a pie chart\nonly desktop\n');
    expect(r.code).toBe(0);
    const notes = r.stdout.split('\n').filter((l) => /does not fit this result/.test(l));
    expect(notes).toEqual([
      'A pie chart does not fit this result (a pie shows parts of one whole, not a series over time), so it is drawn as a line chart.',
      'A pie chart does not fit this result (a pie shows parts of one whole, not a series over time), so it is drawn as a line chart.',
    ]);
    expect(r.stdout.match(/^chart: .*\.png$/gm)).toHaveLength(4);
  });

  it('SQL as analysts type it: a table without its database is read in the one allowed; a follow-up refines SQL the agent reads alike', () => {
    const input = [
      "select sum(revenue) from orders where status = 'completed' and country in ('FR','DE') group by country", 'add month to the group by',
      '',
      "select count from orders where status = 'refunded' and device = 'mobile'", 'group by country',
      '',
      // All statuses: the agent's "revenue" is completed orders only, a different number, so nothing is kept to refine.
      'select sum(revenue) from orders', 'group by country',
      '',
      'select count() from secret_table',
    ].join('\n') + '\n';
    const out = jsonLines(cli(['ask', '--json', '--conversation', '--no-chart', ...NOW, '-'], input).stdout);
    expect(out).toHaveLength(7);
    const [a, b, c, d, e, f, g] = out;
    expect(flat(a.sql)).toBe("select sum(revenue) from demo.orders where status = 'completed' and country in ('FR','DE') group by country");
    expect(a.rows).toHaveLength(2);
    expect(flat(b.sql)).toMatch(/^SELECT toStartOfMonth\(order_time\) AS month, country, sum\(revenue\) AS total_revenue FROM demo\.orders WHERE status = 'completed' AND country IN \('FR', 'DE'\) GROUP BY month, country/);
    // "count" alone is no column: answered as the agent reads it, and said so.
    expect(flat(c.sql)).toBe("SELECT count() AS orders FROM demo.orders WHERE status = 'refunded' AND device = 'mobile'");
    expect(c.summary).toMatch(/^Read as a question: the SQL names a column or function/);
    expect(flat(d.sql)).toContain("WHERE status = 'refunded' AND device = 'mobile' GROUP BY country");
    expect(flat(e.sql)).toBe('select sum(revenue) from demo.orders');
    expect(f.error.code).toBe('NOT_UNDERSTOOD');
    expect(g.error.message).not.toContain('\n');
    expect(g.sql).toBeUndefined();
  });
});
