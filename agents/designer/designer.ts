/**
 * The designer agent's two steps. `proposeDesign`: requirement → typed design
 * (offline, deterministic; then improved by Claude when it is configured) →
 * DDL from the one generator → validated by ClickHouse (EXPLAIN AST, dry run
 * in a scratch database); a Claude design that fails any of it gives way to
 * the offline one, with a one-line note. `applyDesign`: the
 * same DDL on the admin connection, after a person approved it, plus optional
 * sample rows. Nothing here decides who may apply: the caller does.
 */
import { DatalabsError, isDatalabsError } from '../../bot/contracts/errors.ts';
import type { WarehouseAdmin } from '../../bot/contracts/warehouse.ts';
import { isRefusal, type Design } from './design.ts';
import { designOffline } from './offline-designer.ts';
import { grafanaDashboard, type GrafanaDashboard } from './grafana.ts';
import { renderDdl, createdObjects, ident } from './render-ddl.ts';
import { sampleDataSql, DEFAULT_SAMPLE_ROWS } from './sample-data.ts';
import type { ClaudeUsage, UsageLedger } from '../claude/types.ts';
import type { ClaudeDesigner } from './claude-designer.ts';
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
  /** Who designed it: the offline designer, or Claude improving its draft. */
  engine: DesignEngine;
  /** Claude's tokens for this proposal (also when its design was not used). */
  usage?: ClaudeUsage;
}

export type DesignEngine = 'offline' | 'claude';

/** Claude in the designer: the designer, where its tokens are recorded and the budget read, and who asked. */
export interface DesignClaude {
  designer: ClaudeDesigner;
  /** Absent: nothing recorded, no budget. */
  ledger?: UsageLedger;
  /** The workspace the tokens count against (null: the process's default). */
  workspaceId: number | null;
  /** `platform:user id` (`cli` for the CLI). */
  userKey: string;
  now: Date;
  /** Told when recording the usage fails (the proposal goes on). */
  onRecordError?: (err: unknown) => void;
}

const usd = (n: number) => `$${n.toFixed(2)}`;

/**
 * Designs `requirement` and has ClickHouse check it; refusals and ClickHouse's
 * objections are DatalabsErrors with one line. With `claude`, Claude improves
 * the offline design (within the workspace's budget); its design must pass
 * the same parsing, generator and validation, else the offline design is
 * proposed with a note saying why.
 */
export async function proposeDesign(requirement: string, deps: { admin: WarehouseAdmin; defaultDatabase?: string; claude?: DesignClaude; signal?: AbortSignal }): Promise<Proposal> {
  const result = designOffline(requirement, { defaultDatabase: deps.defaultDatabase });
  if (isRefusal(result)) throw new DatalabsError('BAD_INPUT', result.refused);
  const offline = result.design;
  const claude = deps.claude;
  if (!claude) return proposalOf(offline, deps);
  const fallback = (note: string, usage?: ClaudeUsage) => proposalOf(offline, { admin: deps.admin, note, ...(usage ? { usage } : {}) });
  if (offline.connector) return fallback(`Designed offline: ${offline.connector.kind} connector designs are not sent to Claude.`);

  const over = await overBudget(claude);
  if (over) return fallback(over);
  const record = async (usage: ClaudeUsage, outcome: 'answer' | 'failed') => {
    if (!claude.ledger || usage.calls === 0) return;
    await claude.ledger.record({ workspaceId: claude.workspaceId, userKey: claude.userKey, usage, outcome, at: claude.now }).catch((err) => claude.onRecordError?.(err));
  };
  let outcome;
  try {
    outcome = await claude.designer.improve(requirement, offline, { signal: deps.signal });
  } catch (err) {
    // Claude down, rate-limited, or refusing the key: the offline design stands.
    if (isDatalabsError(err) && (err.code === 'AI_UNAVAILABLE' || err.code === 'CONFIG_INVALID' || err.code === 'INTERNAL')) return fallback(`Designed offline: ${err.message}.`);
    throw err;
  }
  if (outcome.kind === 'unusable') {
    await record(outcome.usage, 'failed');
    return fallback(`Designed offline: ${outcome.problem}.`, outcome.usage);
  }
  try {
    const proposal = await proposalOf(outcome.design, { admin: deps.admin, engine: 'claude', model: claude.designer.model, usage: outcome.usage });
    await record(outcome.usage, 'answer');
    return proposal;
  } catch (err) {
    if (!isDatalabsError(err) || err.code !== 'BAD_INPUT') throw err;
    await record(outcome.usage, 'failed');
    return fallback(`Designed offline: Claude's design did not pass ClickHouse (${err.message.replace(/\.$/, '')}).`, outcome.usage);
  }
}

/** One line when the workspace's Claude budget for the month is spent, else undefined. */
async function overBudget(claude: DesignClaude): Promise<string | undefined> {
  if (!claude.ledger) return undefined;
  const budget = await claude.ledger.budgetUsd(claude.workspaceId);
  if (budget === null) return undefined;
  const since = new Date(Date.UTC(claude.now.getUTCFullYear(), claude.now.getUTCMonth(), 1));
  const spent = await claude.ledger.spentUsd(claude.workspaceId, since);
  return spent >= budget ? `Designed offline: this workspace's Claude budget for the month (${usd(budget)}) is spent (${usd(spent)}).` : undefined;
}

/**
 * Validates an existing design (a stored one, or one edited in code). The
 * explanation starts with the engine that designed it (`engine`, default
 * offline) and `note` (why Claude's design was not used).
 */
export async function proposalOf(design: Design, deps: { admin: WarehouseAdmin; engine?: DesignEngine; model?: string; note?: string; usage?: ClaudeUsage }): Promise<Proposal> {
  const validation = await validateDesign(design, deps.admin);
  const engine = deps.engine ?? 'offline';
  const notes: string[] = [];
  if (validation.conflicts.length) notes.push(`Already there: ${validation.conflicts.join(', ')} — applying would fail; name another table or database.`);
  if (validation.dryRunSkipped) notes.push(`Parsed by ClickHouse; not dry-run: ${validation.dryRunSkipped}.`);
  else notes.push(`ClickHouse parsed all ${validation.explained} statements and created, filled and dropped them in a scratch database.`);
  const grafana = grafanaDashboard(design);
  const by = engine === 'claude' ? `Designed by Claude (${deps.model ?? 'model'}), improving the offline draft; checked like any design.` : deps.note ?? 'Designed by the offline designer (deterministic rules).';
  return {
    design,
    ddl: validation.ddl.up,
    down: validation.ddl.down,
    explanation: [by, ...design.explanation, ...notes].join(' '),
    ...(grafana ? { grafana } : {}),
    validation,
    engine,
    ...(deps.usage ? { usage: deps.usage } : {}),
  };
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
