/**
 * The designer agent's two steps. `proposeDesign`: requirement → typed design
 * (offline, deterministic) → DDL from the one generator → validated by
 * ClickHouse (EXPLAIN AST, dry run in a scratch database). `applyDesign`: the
 * same DDL on the admin connection, after a person approved it, plus optional
 * sample rows. Nothing here decides who may apply: the caller does.
 */
import { DatalabsError } from '../../bot/contracts/errors.ts';
import type { WarehouseAdmin } from '../../bot/contracts/warehouse.ts';
import { isRefusal, type Design } from './design.ts';
import { designOffline } from './offline-designer.ts';
import { grafanaDashboard, type GrafanaDashboard } from './grafana.ts';
import { renderDdl, createdObjects, ident } from './render-ddl.ts';
import { sampleDataSql, DEFAULT_SAMPLE_ROWS } from './sample-data.ts';
import { databaseExists, existingObjects, refusedLine, requireOneStatement, validateDesign, type ValidationReport } from './validate.ts';

export interface Proposal {
  design: Design;
  /** The statements to run, in order. */
  ddl: string[];
  /** The statements that undo them (the down-migration). */
  down: string[];
  /** One paragraph: a sentence per choice. */
  explanation: string;
  grafana?: GrafanaDashboard;
  validation: ValidationReport;
}

/** Designs `requirement` and has ClickHouse check it; refusals and ClickHouse's objections are DatalabsErrors with one line. */
export async function proposeDesign(requirement: string, deps: { admin: WarehouseAdmin; defaultDatabase?: string }): Promise<Proposal> {
  const result = designOffline(requirement, { defaultDatabase: deps.defaultDatabase });
  if (isRefusal(result)) throw new DatalabsError('BAD_INPUT', result.refused);
  return proposalOf(result.design, deps);
}

/** Validates an existing design (a stored one, or one edited in code). */
export async function proposalOf(design: Design, deps: { admin: WarehouseAdmin }): Promise<Proposal> {
  const validation = await validateDesign(design, deps.admin);
  const notes: string[] = [];
  if (validation.conflicts.length) notes.push(`Already there: ${validation.conflicts.join(', ')} — applying would fail; name another table or database.`);
  if (validation.dryRunSkipped) notes.push(`Parsed by ClickHouse; not dry-run: ${validation.dryRunSkipped}.`);
  else notes.push(`ClickHouse parsed all ${validation.explained} statements and created, filled and dropped them in a scratch database.`);
  const grafana = grafanaDashboard(design);
  return { design, ddl: validation.ddl.up, down: validation.ddl.down, explanation: [...design.explanation, ...notes].join(' '), ...(grafana ? { grafana } : {}), validation };
}

export interface ApplyResult {
  /** Statements run, in order. */
  ran: string[];
  /** The down-migration (drops the database too when it was created by this apply). */
  down: string[];
  /** `db.table` of every object created. */
  created: string[];
  createdDatabase: boolean;
  /** Sample rows inserted per base table (0 when none were asked for). */
  sampleRows: number;
}

/**
 * Runs the design's DDL on the admin connection: refused when an object exists
 * already or the design cannot run here (Kafka). When a statement fails midway,
 * what was created is dropped again and the error names the statement.
 */
export async function applyDesign(design: Design, admin: WarehouseAdmin, opts: { sampleRows?: number } = {}): Promise<ApplyResult> {
  if (design.connector && !design.connector.runnable) throw new DatalabsError('NOT_SUPPORTED', `${design.connector.kind} designs are validated but not run here: apply the DDL on a server that reaches ${design.connector.kind}.`);
  const { up, down } = renderDdl(design);
  for (const sql of [...up, ...down]) requireOneStatement(sql);
  const conflicts = await existingObjects(admin, design.database, createdObjects(design).map((o) => o.split('.')[1]));
  if (conflicts.length) throw new DatalabsError('BAD_INPUT', `not applied: ${conflicts.join(', ')} already exist${conflicts.length === 1 ? 's' : ''}; nothing was changed`);
  const createdDatabase = !(await databaseExists(admin, design.database));
  const fullDown = [...down, ...(createdDatabase ? [`DROP DATABASE IF EXISTS ${ident(design.database)}`] : [])];
  const ran: string[] = [];
  try {
    for (const sql of up) {
      await admin.command(sql);
      ran.push(sql);
    }
  } catch (err) {
    // Undo what ran, newest first, so a half-applied design never stays behind.
    if (ran.length) for (const sql of fullDown) await admin.command(sql).catch(() => undefined);
    throw new DatalabsError('WAREHOUSE_ERROR', `not applied${ran.length ? ' (rolled back)' : ''}: ${refusedLine(up[ran.length].split('\n')[0], err)}`, { cause: err });
  }
  let sampleRows = 0;
  if (opts.sampleRows && opts.sampleRows > 0) {
    sampleRows = Math.min(opts.sampleRows, 100_000);
    for (const sql of sampleDataSql(design, { rows: sampleRows })) {
      await admin.command(sql);
      ran.push(sql);
    }
  }
  return { ran, down: fullDown, created: createdObjects(design), createdDatabase, sampleRows };
}

export { DEFAULT_SAMPLE_ROWS };
