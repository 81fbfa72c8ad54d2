/**
 * The one DDL generator: a Design → CREATE statements (up) and the
 * statements that undo them (down), for any target database (the real one, or
 * a scratch database for the dry run). One statement per string, no `;`.
 */
import type { Design, DesignTable, DesignView } from './design.ts';

/** An identifier, backquoted unless it is a plain word. */
export const ident = (s: string): string => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? s : `\`${s.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``);
const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export interface RenderedDdl {
  /** CREATE DATABASE, tables (rollup targets before their views), views. */
  up: string[];
  /** The down-migration: views, then tables, newest first. Dropping the database is added only when it was new. */
  down: string[];
}

function engineOf(design: Design, t: DesignTable, db: string): string {
  const c = design.connector;
  if (c && t.name === c.table) {
    if (c.kind === 'Kafka') return `ENGINE = Kafka(${ident(c.secretName)}, kafka_topic_list = ${quote(c.remote)}, kafka_group_name = ${quote(`datalabs_${db}_${t.name}`)}, kafka_format = 'JSONEachRow')`;
    return `ENGINE = ${c.kind}(${ident(c.secretName)}, table = ${quote(c.remote)})`;
  }
  if (t.engine === 'ReplacingMergeTree') return `ENGINE = ReplacingMergeTree${t.versionColumn ? `(${ident(t.versionColumn)})` : ''}`;
  return `ENGINE = ${t.engine}`;
}

function createTable(design: Design, db: string, t: DesignTable): string {
  const cols = t.columns.map((c) => `    ${ident(c.name)} ${c.type}`).join(',\n');
  const lines = [`CREATE TABLE ${ident(db)}.${ident(t.name)}\n(\n${cols}\n)`, engineOf(design, t, db)];
  const isConnector = design.connector?.table === t.name;
  if (!isConnector) {
    if (t.partitionBy) lines.push(`PARTITION BY ${t.partitionBy}`);
    const key = t.orderBy.map((n) => (n === 'tuple()' ? n : ident(n)));
    lines.push(`ORDER BY ${key.length === 1 ? key[0] : `(${key.join(', ')})`}`);
    if (t.ttl) lines.push(`TTL ${t.ttl}`);
  }
  return lines.join('\n');
}

function createView(db: string, v: DesignView): string {
  const select = [
    `${v.bucket.fn}(${ident(v.bucket.column)}) AS ${ident(v.bucket.as)}`,
    ...v.dimensions.map(ident),
    ...v.measures.map((m) => (m.agg === 'count' ? `count() AS ${ident(m.name)}` : m.agg === 'sum' ? `sum(${ident(m.column!)}) AS ${ident(m.name)}` : `uniqState(${ident(m.column!)}) AS ${ident(m.name)}`)),
  ];
  const groupBy = [ident(v.bucket.as), ...v.dimensions.map(ident)];
  return `CREATE MATERIALIZED VIEW ${ident(db)}.${ident(v.name)} TO ${ident(db)}.${ident(v.target)}\nAS SELECT\n    ${select.join(',\n    ')}\nFROM ${ident(db)}.${ident(v.source)}\nGROUP BY ${groupBy.join(', ')}`;
}

/** The DDL of `design` in `database` (default: the design's own). */
export function renderDdl(design: Design, database = design.database): RenderedDdl {
  if (design.alter) return { up: [design.alter.statement], down: [design.alter.down] };
  const db = database;
  const up = [`CREATE DATABASE IF NOT EXISTS ${ident(db)}`];
  const down: string[] = [];
  for (const t of design.tables) up.push(createTable(design, db, t));
  for (const v of design.views) up.push(createView(db, v));
  if (design.connector?.kind === 'Kafka') {
    const store = design.tables.find((t) => t.name !== design.connector!.table)!;
    up.push(`CREATE MATERIALIZED VIEW ${ident(db)}.${ident(`${store.name}_mv`)} TO ${ident(db)}.${ident(store.name)}\nAS SELECT ${store.columns.map((c) => ident(c.name)).join(', ')}\nFROM ${ident(db)}.${ident(design.connector.table)}`);
    down.push(`DROP VIEW IF EXISTS ${ident(db)}.${ident(`${store.name}_mv`)}`);
  }
  const refresh = design.connector?.refresh;
  if (refresh) {
    const target = design.tables.find((t) => t.name === refresh.target)!;
    up.push(`CREATE MATERIALIZED VIEW ${ident(db)}.${ident(refresh.view)}\nREFRESH EVERY ${refresh.every} TO ${ident(db)}.${ident(target.name)}\nAS SELECT ${target.columns.map((c) => ident(c.name)).join(', ')}\nFROM ${ident(db)}.${ident(design.connector!.table)}`);
    down.push(`DROP VIEW IF EXISTS ${ident(db)}.${ident(refresh.view)}`);
  }
  for (const v of [...design.views].reverse()) down.push(`DROP VIEW IF EXISTS ${ident(db)}.${ident(v.name)}`);
  for (const t of [...design.tables].reverse()) down.push(`DROP TABLE IF EXISTS ${ident(db)}.${ident(t.name)}`);
  return { up, down };
}

/** The names a design creates, `db.name`, tables then views. */
export function createdObjects(design: Design, database = design.database): string[] {
  if (design.alter) return [];
  const views = design.views.map((v) => v.name);
  if (design.connector?.refresh) views.push(design.connector.refresh.view);
  if (design.connector?.kind === 'Kafka') views.push(`${design.tables.find((t) => t.name !== design.connector!.table)!.name}_mv`);
  return [...design.tables.map((t) => t.name), ...views].map((n) => `${database}.${n}`);
}
