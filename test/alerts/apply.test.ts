/**
 * Alerts as code on the real metadata store (PostgreSQL and PGlite) and the
 * real demo data (chDB): `alerts apply` shows the diff then applies it with an
 * audit row per change; list / show / pause / resume / delete; bad rules are
 * one line each and nothing of the run is saved.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_NOW, type TestApp } from '../support/test-app.ts';
import { openTestStore, TEST_BACKENDS } from '../../bot/infra/store/test-databases.ts';
import type { MetadataStore } from '../../bot/infra/store/create-metadata-store.ts';
import { executeAlerts } from '../../bot/app/cli/alerts-command.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ scale: 0.1 });
}, 60_000);
afterAll(async () => {
  await app?.dispose();
});

const RULES: Record<string, string> = {
  'mobile.yaml': 'name: mobile-refund-rate\nquery: refund rate on mobile\ncondition: above 0.1\nevery: 1h\n',
  'cancelled.yaml': "name: cancelled-orders\nquery: SELECT toDate(order_time) AS d, count() AS v FROM demo.orders WHERE status = 'cancelled' AND order_time >= {from} AND order_time < {to} GROUP BY d\ncondition: above 3\nevery: 1d\nlabels:\n  team: ops\n",
  'fresh/events.yaml': 'name: events-fresh\ncondition: freshness of demo.events > 1h\nevery: 1h\nseverity: critical\n',
};

describe.each(TEST_BACKENDS)('alerts as code on %s', (backend) => {
  let store: MetadataStore;
  let close: () => Promise<void>;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-alert-rules-'));
  const rules = path.join(dir, 'rules');

  beforeAll(async () => {
    ({ store, close } = await openTestStore(backend));
    for (const [name, text] of Object.entries(RULES)) {
      fs.mkdirSync(path.dirname(path.join(rules, name)), { recursive: true });
      fs.writeFileSync(path.join(rules, name), text);
    }
  }, 60_000);
  afterAll(async () => {
    await close?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = async (...args: string[]) => {
    let stdout = '';
    let stderr = '';
    const sink = (f: (s: string) => void) => new Writable({ write(chunk, _e, cb) { f(String(chunk)); cb(); } });
    const code = await executeAlerts(args, { now: TEST_NOW, actor: 'cli:test', cwd: dir, source: async () => app.answerer, store: async () => store }, { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) });
    return { code, stdout, stderr };
  };
  const names = async (ws: number | null = null) => (await store.alerts.list(ws)).map((r) => `${r.name}:${r.state}`);

  it('apply --dry-run shows the plan and saves nothing', async () => {
    const r = await run('apply', rules, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe([
      `Plan for the default workspace from ${rules}: 3 to add, 0 to change, 0 to remove, 0 unchanged`,
      '  + cancelled-orders    rules/cancelled.yaml',
      '  + events-fresh        rules/fresh/events.yaml',
      '  + mobile-refund-rate  rules/mobile.yaml',
      'Dry run: nothing changed.',
      '',
    ].join('\n'));
    expect(await names()).toEqual([]);
  });

  it('apply → list → pause → apply again shows the diff', async () => {
    const first = await run('apply', rules);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Applying for the default workspace from .*: 3 to add, 0 to change, 0 to remove, 0 unchanged\n/);
    expect(first.stdout).toMatch(/\nApplied: 3 added, 0 changed, 0 removed\.\n$/);
    expect(await names()).toEqual(['cancelled-orders:active', 'events-fresh:active', 'mobile-refund-rate:active']);

    const list = await run('list');
    expect(list.stdout.split('\n')[0]).toMatch(/^name\s+state\s+condition\s+every\s+query$/);
    expect(list.stdout).toMatch(/mobile-refund-rate\s+active\s+above 0\.1\s+1h\s+refund rate on mobile/);
    const listJson = JSON.parse((await run('list', '--json')).stdout);
    expect(listJson.rules.find((r: { name: string }) => r.name === 'cancelled-orders')).toMatchObject({ state: 'active', file: 'rules/cancelled.yaml', spec: { labels: { team: 'ops' } }, createdBy: 'cli:test' });

    expect((await run('pause', 'mobile-refund-rate')).stdout).toBe('Paused mobile-refund-rate.\n');
    expect((await run('pause', 'mobile-refund-rate')).stdout).toBe('mobile-refund-rate is already paused.\n');

    // Change one rule, remove one file, add one.
    fs.writeFileSync(path.join(rules, 'mobile.yaml'), RULES['mobile.yaml'].replace('above 0.1', 'above 0.15'));
    fs.rmSync(path.join(rules, 'fresh'), { recursive: true });
    fs.writeFileSync(path.join(rules, 'revenue.yaml'), 'name: revenue-drop\nquery: revenue\ncondition: decrease > 40% vs same period last week\nevery: 1d\nmin_volume: 100\n');
    const second = await run('apply', rules);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe([
      `Applying for the default workspace from ${rules}: 1 to add, 1 to change, 1 to remove, 1 unchanged`,
      '  + revenue-drop        rules/revenue.yaml',
      '  ~ mobile-refund-rate  rules/mobile.yaml (condition) [stays paused]',
      '  - events-fresh        (was rules/fresh/events.yaml)',
      '  = cancelled-orders    rules/cancelled.yaml',
      'Applied: 1 added, 1 changed, 1 removed.',
      '',
    ].join('\n'));
    expect(await names()).toEqual(['cancelled-orders:active', 'mobile-refund-rate:paused', 'revenue-drop:active']);
    expect((await store.alerts.get(null, 'mobile-refund-rate'))?.spec.condition).toBe('above 0.15');

    const third = await run('apply', rules);
    expect(third.stdout).toMatch(/: 0 to add, 0 to change, 0 to remove, 3 unchanged\n[\s\S]* {2}= mobile-refund-rate\s+rules\/mobile\.yaml \[paused\]\n[\s\S]*Nothing to change\.\n$/);

    // Every change has its audit row, in order, and the chain holds.
    const audit = (await store.audit.latest(null, { limit: 50 })).filter((e) => e.action.startsWith('alert.')).reverse();
    expect(audit.map((e) => `${e.action} ${String(e.detail.name)}`)).toEqual([
      'alert.create cancelled-orders', 'alert.create events-fresh', 'alert.create mobile-refund-rate',
      'alert.pause mobile-refund-rate',
      'alert.create revenue-drop', 'alert.update mobile-refund-rate', 'alert.delete events-fresh',
    ]);
    expect(audit.every((e) => e.actor === 'cli:test')).toBe(true);
    expect((await store.audit.verify()).ok).toBe(true);
  });

  it('show, resume, delete; an unknown name is one line', async () => {
    const show = await run('show', 'cancelled-orders');
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^# state: active\n# file: rules\/cancelled\.yaml\n# created .* by cli:test; updated .*\n# reads as: sql, above 3, day periods, nodata ok\nname: cancelled-orders\nquery: SELECT/);
    expect((await run('resume', 'mobile-refund-rate')).stdout).toBe('Resumed mobile-refund-rate.\n');
    expect((await run('delete', 'revenue-drop')).stdout).toMatch(/^Deleted revenue-drop\. \(It is still in rules\/revenue\.yaml/);
    expect(await names()).toEqual(['cancelled-orders:active', 'mobile-refund-rate:active']);
    const missing = await run('show', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('datalabs: no alert rule "nope" in the default workspace (see datalabs alerts list)\n');
    const missingJson = await run('pause', 'nope', '--json');
    expect(JSON.parse(missingJson.stdout)).toEqual({ error: { code: 'NOT_FOUND', message: 'no alert rule "nope" in the default workspace (see datalabs alerts list)' } });
  });

  it('bad rules: one line each naming the file and field, and nothing of the run is saved', async () => {
    const bad = path.join(dir, 'bad');
    fs.mkdirSync(bad);
    const files: Record<string, string> = {
      'good.yaml': 'name: good-new-rule\nquery: orders\ncondition: below 1\nevery: 1d\n',
      'measure.yaml': 'name: blorps\nquery: number of blorps\ncondition: above 1\nevery: 1d\n',
      'guard.yaml': 'name: sneaky\nquery: SELECT toStartOfHour(now()) AS t, count() AS v FROM system.tables\ncondition: above 1\nevery: 1h\n',
      'cron.yaml': 'name: never\nquery: revenue\ncondition: above 1\nevery: "0 0 30 2 *"\n',
      'number.yaml': 'name: ten\nquery: revenue\ncondition: above ten\nevery: 1d\n',
      'key.yaml': 'name: typo\nquery: revenue\ncondition: above 1\nevery: 1d\nseverty: high\n',
    };
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(bad, name), text);
    const before = await names();
    const auditBefore = (await store.audit.latest(null, { limit: 100 })).length;

    // File problems are found first, all of them, before the warehouse is asked anything.
    const r = await run('apply', bad);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      'datalabs: bad/cron.yaml: every: the cron "0 0 30 2 *" never fires',
      'datalabs: bad/key.yaml: unknown key "severty" (a rule has name, query, condition, every, for, labels, annotations, min_volume, nodata, timezone, severity, receivers)',
      'datalabs: bad/number.yaml: condition: the threshold "ten" is not a number',
      'datalabs: 3 bad rules; nothing applied',
    ]);
    // Then the queries: the agent's and the guard's refusals.
    for (const f of ['cron.yaml', 'key.yaml', 'number.yaml']) fs.rmSync(path.join(bad, f));
    const q = await run('apply', bad);
    expect(q.code).toBe(1);
    const lines = q.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('datalabs: bad/guard.yaml: query: SQL rejected: system tables are not allowed (system.tables)');
    expect(lines[1]).toMatch(/^datalabs: bad\/measure\.yaml: query: I did not understand "blorps"\. [^\n]+$/);
    expect(lines[2]).toBe('datalabs: 2 bad rules; nothing applied');
    expect(await names()).toEqual(before);
    expect((await store.audit.latest(null, { limit: 100 })).length).toBe(auditBefore);
  });

  it('--workspace keeps a separate set; an unknown workspace is one line', async () => {
    const ws = await store.workspaces.create({ name: `growth-${backend}`, allowedDatabases: ['demo'] });
    const one = path.join(dir, 'ws');
    fs.mkdirSync(one);
    fs.writeFileSync(path.join(one, 'r.yaml'), RULES['mobile.yaml']);
    const r = await run('apply', one, '--workspace', ws.name);
    expect(r.stdout).toMatch(new RegExp(`^Applying for workspace ${ws.name} from .*: 1 to add`));
    expect(await names(ws.id)).toEqual(['mobile-refund-rate:active']);
    // The default workspace's rule of the same name is a different rule.
    expect(await names()).toContain('mobile-refund-rate:active');
    expect((await run('pause', 'mobile-refund-rate', '--workspace', ws.name)).code).toBe(0);
    expect(await names(ws.id)).toEqual(['mobile-refund-rate:paused']);
    expect(await names()).toContain('mobile-refund-rate:active');
    const audit = await store.audit.latest(ws.id, { limit: 5 });
    expect(audit.map((e) => e.action)).toEqual(['alert.pause', 'alert.create']);
    const unknown = await run('list', '--workspace', 'nowhere');
    expect(unknown.stderr).toBe('datalabs: no workspace "nowhere" (see datalabs workspace list)\n');
  });
});
