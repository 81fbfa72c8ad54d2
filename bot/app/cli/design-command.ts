/**
 * `datalabs design "<requirement>" [--json] [--apply] [--sample-data] [--confirm]`:
 * the designer from the command line. Prints the proposal (explanation, DDL,
 * and with --json `{"ddl": [...], "explanation": "...", "grafana": {...}}`),
 * validated by ClickHouse; nothing is created without --apply. With --apply
 * (the operator's own approval): the DDL on the admin connection, an audit-log
 * entry with its down-migration, the semantic model and the Grafana dashboard
 * files. A destructive change (a dropped column, a narrowing type) also needs
 * --confirm. With ANTHROPIC_API_KEY, Claude improves the offline design (its
 * tokens recorded in the metadata store's ai_usage as `cli`, within the
 * default workspace's budget); the output says which engine designed it.
 */
import type { Config } from '../config/load-config.ts';
import type { Logger } from '../../contracts/logger.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import { createWarehouse } from '../../infra/warehouse/index.ts';
import { requireWithinCeiling } from '../../core/workspace/index.ts';
import { createDesignArtifacts } from '../../infra/design/artifacts.ts';
import { applyDesign, DEFAULT_SAMPLE_ROWS, designEvolution, grafanaDashboard, isEvolution, proposeDesign, renderDdl, type Proposal } from '../../../agents/designer/index.ts';
import { createClaudeDesigner } from '../../../agents/designer/claude-designer.ts';
import { createAiUsageRepo } from '../../infra/store/ai-usage-repo.ts';
import type { MetadataStore } from '../../infra/store/index.ts';
import { openCliStore } from './open-store.ts';

export interface DesignOptions {
  json?: boolean;
  apply?: boolean;
  /** Rows per table after apply (true: the default number). */
  sampleData?: boolean | number;
  confirm?: boolean;
  /** Database for the new tables when the requirement names none. */
  database?: string;
  dashboardsDir?: string;
}

export async function runDesign(ctx: { config: Config; logger: Logger }, words: string[], opts: DesignOptions): Promise<number> {
  const requirement = words.join(' ').trim();
  if (!requirement) throw new DatalabsError('BAD_INPUT', 'usage: datalabs design "<requirement>" [--json] [--apply], e.g. datalabs design "an events table with timestamp, user_id, event_type"');
  if (opts.database !== undefined && !/^[A-Za-z_]\w*$/.test(opts.database)) throw new DatalabsError('BAD_INPUT', `--database: "${opts.database}" is not a database name`);
  const { config } = ctx;
  const warehouse = createWarehouse(config.warehouse);
  // With Claude, the store is opened first: its tokens are recorded and the budget read there.
  let claudeStore: MetadataStore | undefined;
  try {
    let proposal: Proposal;
    if (isEvolution(requirement)) {
      const design = await designEvolution(requirement, { admin: warehouse.admin, databases: config.allowedDatabases });
      const ddl = renderDdl(design);
      proposal = { design, ddl: ddl.up, down: ddl.down, explanation: design.explanation.join(' '), validation: { ddl, explained: 1, dryRun: true, conflicts: [] }, engine: 'offline' };
    } else {
      let claude;
      if (config.claude) {
        claudeStore = await openCliStore(ctx);
        claude = {
          designer: createClaudeDesigner({ apiKey: config.claude.apiKey, model: config.claude.model, baseURL: config.claude.baseURL }),
          ledger: createAiUsageRepo(claudeStore.db, { defaultBudgetUsd: config.claude.budgetUsd }),
          workspaceId: null,
          userKey: 'cli',
          now: config.fixedNow ?? new Date(),
          onRecordError: (err: unknown) => ctx.logger.error({ err }, 'Claude usage of a design could not be recorded'),
        };
      }
      proposal = await proposeDesign(requirement, { admin: warehouse.admin, defaultDatabase: opts.database, claude });
      await claudeStore?.close();
      claudeStore = undefined;
    }
    const { design } = proposal;
    const out: Record<string, unknown> = { ddl: proposal.ddl, explanation: proposal.explanation, grafana: proposal.grafana ?? null, down: proposal.down, database: design.database, engine: proposal.engine };
    if (design.alter?.destructive) out.destructive = design.alter.destructive;
    if (!opts.apply) {
      if (opts.json) process.stdout.write(`${JSON.stringify(out)}\n`);
      else process.stdout.write(`${design.alter?.destructive ? `DESTRUCTIVE: this change ${design.alter.destructive} (--apply needs --confirm).\n` : ''}${proposal.explanation}\n\n${proposal.ddl.map((s) => `${s};`).join('\n\n')}\n\nNot applied: run again with --apply to create it.\n`);
      return 0;
    }

    requireWithinCeiling(design.database, config.allowedDatabases);
    if (design.alter?.destructive && !opts.confirm) throw new DatalabsError('BAD_INPUT', `not applied: this change ${design.alter.destructive}; pass --confirm to apply it anyway`);
    const rows = opts.sampleData === true ? DEFAULT_SAMPLE_ROWS : typeof opts.sampleData === 'number' ? opts.sampleData : 0;
    const store = await openCliStore(ctx);
    try {
      const result = await applyDesign(design, warehouse.admin, { sampleRows: rows });
      await store.audit.append({
        workspaceId: null,
        actor: 'cli',
        action: 'design.apply',
        detail: { database: design.database, requirement: design.requirement, ddl: result.ran.filter((s) => !s.startsWith('INSERT')), down: result.down, created: result.created, sampleRows: result.sampleRows, ...(design.alter?.destructive ? { destructive: design.alter.destructive, confirmed: true } : {}) },
      });
      const applied: Record<string, unknown> = { created: result.created, down: result.down, sampleRows: result.sampleRows };
      const artifacts = createDesignArtifacts({ modelsDir: config.modelsDir, dashboardsDir: opts.dashboardsDir ?? 'deploy/grafana/dashboards' });
      const model = await artifacts.writeModel(design);
      applied.semanticModel = model.path ?? null;
      applied.note = model.note;
      if (!design.alter) {
        const dashboard = grafanaDashboard(design);
        applied.dashboard = dashboard ? await artifacts.writeDashboard(dashboard) : null;
      }
      out.down = result.down;
      out.applied = applied;
      if (opts.json) process.stdout.write(`${JSON.stringify(out)}\n`);
      else {
        const lines = [`Applied: ${design.alter ? design.alter.statement : `created ${result.created.join(', ')}`}${result.sampleRows ? ` with ${result.sampleRows} sample rows per table` : ''}.`];
        if (applied.note) lines.push(String(applied.note));
        if (applied.dashboard) lines.push(`Grafana dashboard: ${String(applied.dashboard)}`);
        lines.push(`Undo (recorded in the audit log): ${result.down.map((s) => `${s};`).join(' ')}`);
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      return 0;
    } finally {
      await store.close();
    }
  } finally {
    await claudeStore?.close();
    await warehouse.close();
  }
}
