/**
 * The Grafana dashboards the designer writes carry what Grafana's dashboard
 * schema requires (uid, title, schemaVersion, time, templating, panels with
 * unique ids, type, title, gridPos inside the 24-column grid, a datasource of the
 * grafana-clickhouse-datasource plugin, targets with refId and rawSql); the
 * macros expand to plain ClickHouse; the committed example and the provisioning
 * files are what the generator and Grafana expect. (Each panel's SQL runs on
 * chDB in chdb.test.ts.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { designOffline, expandMacros, grafanaDashboard, GRAFANA_DATASOURCE_UID, GRAFANA_PLUGIN_ID, isRefusal, type GrafanaDashboard } from '../../agents/designer/index.ts';
import { GOLDEN } from './requirements.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function checkSchema(d: GrafanaDashboard): void {
  expect(typeof d.title).toBe('string');
  expect(d.uid).toMatch(/^[A-Za-z0-9_-]{1,40}$/);
  expect(Number.isInteger(d.schemaVersion)).toBe(true);
  expect(d.schemaVersion).toBeGreaterThanOrEqual(36);
  expect(d.time).toEqual({ from: expect.any(String), to: 'now' });
  expect(Array.isArray(d.templating.list)).toBe(true);
  const dsVar = d.templating.list.find((v) => v.type === 'datasource');
  expect(dsVar).toMatchObject({ name: 'datasource', query: GRAFANA_PLUGIN_ID, current: { value: GRAFANA_DATASOURCE_UID } });
  expect(d.panels.length).toBeGreaterThan(0);
  expect(new Set(d.panels.map((p) => p.id)).size).toBe(d.panels.length);
  for (const p of d.panels) {
    expect(['timeseries', 'barchart', 'stat']).toContain(p.type);
    expect(p.title.length).toBeGreaterThan(0);
    for (const k of ['x', 'y', 'w', 'h'] as const) expect(Number.isInteger(p.gridPos[k])).toBe(true);
    expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
    expect(p.gridPos.h).toBeGreaterThan(0);
    expect(p.datasource).toEqual({ type: GRAFANA_PLUGIN_ID, uid: '${datasource}' });
    expect(p.targets.length).toBe(1);
    const t = p.targets[0];
    expect(t.refId).toBe('A');
    expect(t.datasource.uid).toBe('${datasource}');
    expect(t.rawSql).toMatch(/^SELECT /);
    expect(t.rawSql).toContain('$__timeFilter(');
    expect([0, 1]).toContain(t.format);
  }
  // No two panels overlap on the grid.
  for (const a of d.panels) for (const b of d.panels) {
    if (a === b) continue;
    const overlap = a.gridPos.x < b.gridPos.x + b.gridPos.w && b.gridPos.x < a.gridPos.x + a.gridPos.w && a.gridPos.y < b.gridPos.y + b.gridPos.h && b.gridPos.y < a.gridPos.y + a.gridPos.h;
    expect(overlap, `${a.title} / ${b.title}`).toBe(false);
  }
}

describe('Grafana dashboards', () => {
  for (const c of GOLDEN) {
    const r = designOffline(c.requirement);
    if (isRefusal(r)) continue;
    const d = grafanaDashboard(r.design);
    const charted = r.design.tables.some((t) => t.timeColumn && !t.rollupOf && r.design.connector?.table !== t.name);
    it(`${c.name}: ${charted ? 'has the fields Grafana requires' : 'has no dashboard (nothing to chart over time)'}`, () => {
      if (!charted) return expect(d).toBeUndefined();
      checkSchema(d!);
      // A rollup design's panels read the rollup, not the raw table.
      const rollup = r.design.views[0]?.target;
      if (rollup) expect(d!.panels.every((p) => p.targets[0].rawSql.includes(`.${rollup} `))).toBe(true);
    });
  }

  it('expands the plugin macros as the plugin does', () => {
    const sql = expandMacros('SELECT $__timeInterval(ts) AS time, count() FROM t WHERE $__timeFilter(ts) AND ts < $__toTime', { from: new Date('2025-06-01T00:00:00Z'), to: new Date('2025-06-02T00:00:00Z'), intervalSeconds: 3600 });
    expect(sql).toBe('SELECT toStartOfInterval(toDateTime(ts), INTERVAL 3600 second) AS time, count() FROM t WHERE ts >= toDateTime(1748736000) AND ts <= toDateTime(1748822400) AND ts < toDateTime(1748822400)');
  });

  it('ships an example dashboard the generator still produces, and provisioning Grafana reads', () => {
    const dir = path.join(root, 'deploy/grafana/dashboards');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files).toContain('datalabs-analytics-events.json');
    const r = designOffline('an events table with timestamp, user_id, event_type, country; keep 90 days; a dashboard of daily events and unique users per event type');
    if (isRefusal(r)) throw new Error(r.refused);
    const shipped = JSON.parse(fs.readFileSync(path.join(dir, 'datalabs-analytics-events.json'), 'utf8'));
    expect(shipped).toEqual(JSON.parse(JSON.stringify(grafanaDashboard(r.design))));
    checkSchema(shipped);
    const prov = YAML.parse(fs.readFileSync(path.join(root, 'deploy/grafana/provisioning/dashboards/datalabs.yaml'), 'utf8'));
    expect(prov).toMatchObject({ apiVersion: 1, providers: [{ type: 'file', options: { path: expect.stringMatching(/^\//) } }] });
    const ds = YAML.parse(fs.readFileSync(path.join(root, 'deploy/grafana/provisioning/datasources/datalabs.yaml'), 'utf8'));
    expect(ds.datasources[0]).toMatchObject({ uid: GRAFANA_DATASOURCE_UID, type: GRAFANA_PLUGIN_ID });
  });
});
