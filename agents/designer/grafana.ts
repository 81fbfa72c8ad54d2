/**
 * A Grafana dashboard for a design, for the grafana-clickhouse-datasource
 * plugin: a datasource template variable, a time range, and per base table a
 * rows-over-time panel, one panel per measure (sums of money and counts,
 * averages of durations and numbers, distinct users), a breakdown per
 * enum-like column, read from the rollup when the design has one. Panel SQL
 * uses the plugin's macros ($__timeFilter, $__timeInterval); `expandMacros`
 * turns them into plain ClickHouse the way the plugin does, so tests run each
 * panel's SQL.
 */
import type { Design, DesignColumn, DesignTable, DesignView } from './design.ts';
import { ident } from './render-ddl.ts';

export const GRAFANA_PLUGIN_ID = 'grafana-clickhouse-datasource';
/** The uid of the provisioned datasource (deploy/grafana/provisioning/datasources/datalabs.yaml). */
export const GRAFANA_DATASOURCE_UID = 'datalabs-clickhouse';
const SCHEMA_VERSION = 39;
/** The plugin's query formats. */
const FORMAT = { timeSeries: 0, table: 1 } as const;

export interface GrafanaTarget {
  refId: string;
  datasource: { type: string; uid: string };
  editorType: 'sql';
  queryType: 'timeseries' | 'table';
  format: number;
  rawSql: string;
}

export interface GrafanaPanel {
  id: number;
  type: 'timeseries' | 'barchart' | 'stat';
  title: string;
  description?: string;
  datasource: { type: string; uid: string };
  gridPos: { x: number; y: number; w: number; h: number };
  targets: GrafanaTarget[];
  fieldConfig: { defaults: Record<string, unknown>; overrides: unknown[] };
  options: Record<string, unknown>;
}

export interface GrafanaDashboard {
  uid: string;
  title: string;
  tags: string[];
  timezone: string;
  editable: boolean;
  graphTooltip: number;
  schemaVersion: number;
  version: number;
  refresh: string;
  time: { from: string; to: string };
  timepicker: Record<string, unknown>;
  templating: { list: Array<Record<string, unknown>> };
  annotations: { list: unknown[] };
  panels: GrafanaPanel[];
}

const DS = { type: GRAFANA_PLUGIN_ID, uid: '${datasource}' };

interface PanelSpec {
  type: GrafanaPanel['type'];
  title: string;
  sql: string;
  unit?: string;
  description?: string;
}

const measureTitle = (c: DesignColumn, agg: string) => `${agg} ${c.name.replace(/_/g, ' ')}`;

/** Panels reading a rollup: one row per bucket (and dimension), measures merged. */
function rollupPanels(db: string, base: DesignTable, view: DesignView): PanelSpec[] {
  const t = `${ident(db)}.${ident(view.target)}`;
  const b = ident(view.bucket.as);
  const agg = (m: DesignView['measures'][number]) => (m.agg === 'uniq' ? `uniqMerge(${ident(m.name)})` : `sum(${ident(m.name)})`);
  const out: PanelSpec[] = [];
  for (const m of view.measures) {
    const col = m.column ? base.columns.find((c) => c.name === m.column) : undefined;
    const title = m.agg === 'count' ? `${base.name} per ${view.bucket.as}` : m.agg === 'uniq' ? `distinct ${m.column} per ${view.bucket.as}` : `${measureTitle(col!, 'total')} per ${view.bucket.as}`;
    out.push({
      type: 'timeseries',
      title,
      sql: `SELECT ${b} AS time, ${agg(m)} AS ${ident(m.name)} FROM ${t} WHERE $__timeFilter(${b}) GROUP BY time ORDER BY time`,
      ...(col?.role === 'money' ? { unit: 'currencyUSD' } : {}),
    });
  }
  const first = view.measures[0];
  for (const d of view.dimensions) {
    out.push({ type: 'barchart', title: `${base.name} by ${d}`, sql: `SELECT ${ident(d)}, ${agg(first)} AS ${ident(first.name)} FROM ${t} WHERE $__timeFilter(${b}) GROUP BY ${ident(d)} ORDER BY ${ident(first.name)} DESC LIMIT 20` });
  }
  return out;
}

/** Panels reading the raw table. */
function rawPanels(db: string, table: DesignTable): PanelSpec[] {
  const t = `${ident(db)}.${ident(table.name)}`;
  const time = ident(table.timeColumn!);
  const series = (expr: string, name: string) => `SELECT $__timeInterval(${time}) AS time, ${expr} AS ${ident(name)} FROM ${t} WHERE $__timeFilter(${time}) GROUP BY time ORDER BY time`;
  const out: PanelSpec[] = [{ type: 'timeseries', title: `${table.name} over time`, sql: series('count()', table.name) }];
  for (const c of table.columns) {
    if (c.role === 'money' || c.role === 'count') out.push({ type: 'timeseries', title: measureTitle(c, 'total'), sql: series(`sum(${ident(c.name)})`, c.name), ...(c.role === 'money' ? { unit: 'currencyUSD' } : {}) });
    else if (c.role === 'duration') out.push({ type: 'timeseries', title: `${c.name.replace(/_/g, ' ')} p95`, sql: series(`quantile(0.95)(${ident(c.name)})`, `${c.name}_p95`), unit: 'ms' });
    else if (c.role === 'number') out.push({ type: 'timeseries', title: measureTitle(c, 'average'), sql: series(`avg(${ident(c.name)})`, c.name) });
    else if (/^(user|customer|visitor|client|account|member)_id$/.test(c.name)) out.push({ type: 'timeseries', title: `distinct ${c.name.replace(/_id$/, '')}s`, sql: series(`uniq(${ident(c.name)})`, `unique_${c.name}`) });
  }
  for (const c of table.columns.filter((x) => x.role === 'enum').slice(0, 3)) {
    out.push({ type: 'barchart', title: `${table.name} by ${c.name}`, sql: `SELECT ${ident(c.name)}, count() AS ${ident(table.name)} FROM ${t} WHERE $__timeFilter(${time}) GROUP BY ${ident(c.name)} ORDER BY ${ident(table.name)} DESC LIMIT 20` });
  }
  out.push({ type: 'stat', title: `${table.name} in range`, sql: `SELECT count() AS ${ident(table.name)} FROM ${t} WHERE $__timeFilter(${time})` });
  return out;
}

/** The dashboard for `design` (undefined when no table has a time column to chart over). */
export function grafanaDashboard(design: Design): GrafanaDashboard | undefined {
  const db = design.database;
  const specs: PanelSpec[] = [];
  for (const t of design.tables) {
    if (t.rollupOf || !t.timeColumn || design.connector?.table === t.name) continue;
    const view = design.views.find((v) => v.source === t.name);
    specs.push(...(view ? rollupPanels(db, t, view) : rawPanels(db, t)));
  }
  if (!specs.length) return undefined;
  const panels: GrafanaPanel[] = specs.map((s, i) => {
    const w = s.type === 'stat' ? 6 : 12;
    return {
      id: i + 1,
      type: s.type,
      title: s.title,
      ...(s.description ? { description: s.description } : {}),
      datasource: DS,
      gridPos: { x: (i % 2) * 12, y: Math.floor(i / 2) * 8, w, h: 8 },
      targets: [{ refId: 'A', datasource: DS, editorType: 'sql', queryType: s.type === 'timeseries' ? 'timeseries' : 'table', format: s.type === 'timeseries' ? FORMAT.timeSeries : FORMAT.table, rawSql: s.sql }],
      fieldConfig: { defaults: s.unit ? { unit: s.unit } : {}, overrides: [] },
      options: s.type === 'barchart' ? { orientation: 'horizontal', legend: { showLegend: false } } : s.type === 'stat' ? { reduceOptions: { calcs: ['lastNotNull'] } } : { legend: { displayMode: 'list', placement: 'bottom' } },
    };
  });
  const names = design.tables.filter((t) => !t.rollupOf).map((t) => t.name);
  return {
    uid: dashboardUid(design),
    title: `${db}: ${names.join(', ')}`,
    tags: ['datalabs', db],
    timezone: 'utc',
    editable: true,
    graphTooltip: 1,
    schemaVersion: SCHEMA_VERSION,
    version: 1,
    refresh: '1m',
    time: { from: 'now-30d', to: 'now' },
    timepicker: { refresh_intervals: ['30s', '1m', '5m', '15m', '1h'] },
    templating: {
      list: [
        {
          type: 'datasource',
          name: 'datasource',
          label: 'ClickHouse',
          query: GRAFANA_PLUGIN_ID,
          current: { text: 'ClickHouse', value: GRAFANA_DATASOURCE_UID },
          hide: 0,
          refresh: 1,
          options: [],
        },
      ],
    },
    annotations: { list: [] },
    panels,
  };
}

/** A stable uid (≤ 40 characters, Grafana's limit) from the database and tables. */
export function dashboardUid(design: Design): string {
  const base = `datalabs-${design.database}-${design.tables.filter((t) => !t.rollupOf)[0]?.name ?? 'design'}`;
  return base.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 40);
}

/**
 * The plugin's macros as plain ClickHouse for a time range, as the plugin
 * expands them: $__timeFilter(c), $__timeInterval(c), $__fromTime, $__toTime.
 */
export function expandMacros(sql: string, range: { from: Date; to: Date; intervalSeconds?: number }): string {
  const from = Math.floor(range.from.getTime() / 1000);
  const to = Math.floor(range.to.getTime() / 1000);
  const step = range.intervalSeconds ?? Math.max(1, Math.round((to - from) / 100));
  return sql
    .replace(/\$__timeFilter\(([^)]+)\)/g, (_, c: string) => `${c.trim()} >= toDateTime(${from}) AND ${c.trim()} <= toDateTime(${to})`)
    .replace(/\$__timeInterval\(([^)]+)\)/g, (_, c: string) => `toStartOfInterval(toDateTime(${c.trim()}), INTERVAL ${step} second)`)
    .replace(/\$__fromTime\b/g, `toDateTime(${from})`)
    .replace(/\$__toTime\b/g, `toDateTime(${to})`);
}
