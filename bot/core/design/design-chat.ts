/**
 * The designer in chat (issue 12):
 *
 *   /design <requirement>     a proposal checked by ClickHouse: explanation, DDL,
 *                             buttons Apply · Apply with sample data · Edit · Cancel
 *   Apply                     workspace admins only; runs the DDL on the admin
 *                             connection, audits it with its down-migration, adds the
 *                             database to the workspace's allow-list (within the
 *                             operator's ceiling), writes a semantic model and a
 *                             Grafana dashboard (attached to the reply)
 *   Edit                      the requirement as a ready /design command to change and send
 *   Cancel                    the proposal is closed; nothing was created
 *
 * With Claude configured, Claude improves the offline design (its tokens
 * recorded against the workspace's budget); the explanation says which engine
 * designed it, and an unusable Claude design gives way to the offline one.
 *
 * Proposals live in the metadata store (DesignStore), so buttons work after a
 * restart. Nothing is created without the Apply click.
 */
import crypto from 'node:crypto';
import type { ActionId, ChatMessage, ConversationRef, Reply, ReplyButton } from '../../contracts/chat.ts';
import { DatalabsError, toErrorInfo } from '../../contracts/errors.ts';
import type { Logger } from '../../contracts/logger.ts';
import type { WarehouseAdmin } from '../../contracts/warehouse.ts';
import type { Workspace } from '../../contracts/workspace.ts';
import { can, withinCeiling, type WorkspaceContext, type WorkspaceService } from '../workspace/index.ts';
import { applyDesign, DEFAULT_SAMPLE_ROWS, designEvolution, grafanaDashboard, isEvolution, proposeDesign, renderDdl, type ClaudeDesigner, type Design, type GrafanaDashboard, type Proposal } from '../../../agents/designer/index.ts';
import type { UsageLedger } from '../../../agents/claude/types.ts';
import type { DesignStore, StoredDesign } from './design-store.ts';

/** Files written after an apply (bot/infra/design/artifacts.ts). */
export interface DesignArtifacts {
  /** Writes (or merges into) the semantic model of the design's database; the path, or why not. */
  writeModel(design: Design): Promise<{ path?: string; note: string }>;
  /** Writes the dashboard JSON; its path. */
  writeDashboard(dashboard: GrafanaDashboard): Promise<string>;
}

export interface DesignChatDeps {
  store: DesignStore;
  workspaces: WorkspaceService;
  /** The admin connection of the process's ClickHouse (never the guarded reader). */
  admin: WarehouseAdmin;
  /** DATALABS_ALLOWED_DATABASES: a design's database must lie within it to be applied. */
  ceiling: readonly string[];
  artifacts: DesignArtifacts;
  now: () => Date;
  logger: Logger;
  /** Rows per table for "Apply with sample data" (default 5000). */
  sampleRows?: number;
  /** Claude improving the offline design (ANTHROPIC_API_KEY), and where its tokens go; absent: offline only. */
  claude?: { designer: ClaudeDesigner; ledger?: UsageLedger };
}

export interface DesignChat {
  /** `/design …` (also `/datalabs design …`) and the design_* buttons. */
  handles(message: ChatMessage): boolean;
  reply(message: ChatMessage): Promise<Reply>;
}

const DESIGN_ACTIONS = new Set(['design_apply', 'design_apply_sample', 'design_edit', 'design_cancel', 'design_confirm']);
const EXPIRED = 'that design is no longer available: send /design <requirement> again';
const NOT_YOURS = 'That design belongs to a workspace you are not a member of: ask there, or ask an admin of that workspace for a role.';

export const designPrefix = (c: ConversationRef) => (c.platform === 'slack' || c.platform === 'discord' ? '/datalabs design' : '/design');
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

export function createDesignChat(deps: DesignChatDeps): DesignChat {
  const { store, workspaces: service, logger } = deps;
  const actorOf = (m: ChatMessage) => `${m.conversation.platform}:${m.user.id}`;
  const nameOf = (m: ChatMessage) => m.user.name ?? m.user.id;

  async function context(m: ChatMessage): Promise<WorkspaceContext> {
    const ctx = await service.resolve(m.conversation, m.user);
    if (!ctx) throw new DatalabsError('FORBIDDEN', service.unboundReply().text);
    if (!ctx.role) throw new DatalabsError('FORBIDDEN', `you are not a member of workspace "${ctx.workspace.name}": ask an admin for a role`);
    return ctx;
  }

  function requireProposer(ctx: WorkspaceContext): void {
    if (can(ctx.role, 'save')) return;
    throw new DatalabsError('FORBIDDEN', `only analysts and admins can propose designs here (you are a ${ctx.role}); admins apply them`);
  }

  function ownClickhouse(ws: Workspace): void {
    if (ws.clickhouse) throw new DatalabsError('NOT_SUPPORTED', `workspace "${ws.name}" reads its own ClickHouse server; the designer creates tables on this server's ClickHouse only`);
  }

  /** One line about the operator's ceiling when it keeps the design's database out. */
  const ceilingLine = (db: string) =>
    `${db} is beyond what this server allows (${deps.ceiling.length ? deps.ceiling.join(', ') : 'nothing'}): the operator adds it to DATALABS_ALLOWED_DATABASES before this design can be applied, or say "in database ${deps.ceiling[0] ?? '<name>'}"`;

  // ── /design <requirement> ─────────────────────────────────────────────────────────────
  async function propose(m: ChatMessage, requirement: string): Promise<Reply> {
    const ctx = await context(m);
    requireProposer(ctx);
    ownClickhouse(ctx.workspace);
    if (!requirement) throw new DatalabsError('BAD_INPUT', `usage: ${designPrefix(m.conversation)} <requirement>, e.g. an events table with timestamp, user_id, event_type; keep 90 days`);
    const now = deps.now();
    const claude = deps.claude
      ? { ...deps.claude, workspaceId: ctx.workspace.id, userKey: actorOf(m), now, onRecordError: (err: unknown) => logger.error({ err }, 'Claude usage of a design could not be recorded') }
      : undefined;
    const proposal = isEvolution(requirement) ? await evolutionProposal(ctx, requirement) : await proposeDesign(requirement, { admin: deps.admin, claude });
    const { design } = proposal;
    const id = crypto.randomBytes(16).toString('base64url');
    const { replyHandle: _once, ...where } = m.conversation;
    await store.insert({ id, workspaceId: ctx.workspace.id, conversation: where, design, ddl: proposal.ddl, down: proposal.down, createdBy: actorOf(m), createdAt: now });
    await service.recordAction(ctx.workspace.id, actorOf(m), 'design.propose', { design: id, database: design.database, requirement: design.requirement, tables: design.tables.map((t) => t.name), engine: proposal.engine });
    const base = design.tables.filter((t) => !t.rollupOf).map((t) => t.name);
    const rollups = design.tables.filter((t) => t.rollupOf).map((t) => t.name);
    const alter = design.alter;
    const lead = alter
      ? `Proposed change to ${design.database}.${alter.table}${alter.destructive ? ` — DESTRUCTIVE: it ${alter.destructive}; applying asks for a confirmation` : ''}. Nothing changes until an admin presses Apply.`
      : `Proposed design in database ${design.database}: ${base.join(', ')}${rollups.length ? ` (rollup ${rollups.join(', ')} kept by a materialized view)` : ''}. Nothing is created until an admin presses Apply.`;
    const notes: string[] = [];
    if (!withinCeiling(design.database, deps.ceiling)) notes.push(`Note: ${ceilingLine(design.database)}.`);
    if (design.connector && !design.connector.runnable) notes.push(`Note: ${design.connector.kind} designs are validated but not run here.`);
    const buttons: ReplyButton[] = [
      ...(proposal.validation.conflicts.length || (design.connector && !design.connector.runnable)
        ? []
        : [
            { actionId: 'design_apply' as const, label: 'Apply', value: id },
            ...(design.connector || alter ? [] : [{ actionId: 'design_apply_sample' as const, label: 'Apply with sample data', value: id }]),
          ]),
      { actionId: 'design_edit', label: 'Edit', value: id },
      { actionId: 'design_cancel', label: 'Cancel', value: id },
    ];
    return {
      text: [lead, proposal.explanation, ...notes].join('\n'),
      code: { language: 'sql', text: proposal.ddl.map((s) => `${s};`).join('\n\n') },
      buttons,
      footer: `design ${id} · validated by ClickHouse${proposal.validation.dryRun ? ' (dry run in a scratch database)' : ' (EXPLAIN AST)'} · without buttons: ${designPrefix(m.conversation)} apply|cancel ${id}`,
    };
  }

  /** An ALTER of a table the workspace may read, checked by ClickHouse on a copy of its structure. */
  async function evolutionProposal(ctx: WorkspaceContext, requirement: string): Promise<Proposal> {
    const design = await designEvolution(requirement, { admin: deps.admin, databases: service.guardPolicy(ctx.workspace).allowedDatabases });
    const ddl = renderDdl(design);
    return { design, ddl: ddl.up, down: ddl.down, explanation: design.explanation.join(' '), validation: { ddl, explained: 1, dryRun: true, conflicts: [] }, engine: 'offline' };
  }

  /** The stored design behind a button, and the presser's context in its workspace. */
  async function pressed(m: ChatMessage): Promise<{ stored: StoredDesign; ctx: WorkspaceContext }> {
    const stored = await store.get(m.action!.value);
    if (!stored) throw new DatalabsError('NOT_FOUND', EXPIRED);
    const ctx = await service.resolveIn(stored.workspaceId, m.conversation, m.user);
    if (!ctx?.role) {
      await service.recordAction(stored.workspaceId, actorOf(m), 'design.denied', { design: stored.id, button: m.action!.id });
      throw new DatalabsError('FORBIDDEN', NOT_YOURS);
    }
    return { stored, ctx };
  }

  function closedLine(s: StoredDesign): string {
    const when = s.decidedAt ? ` at ${s.decidedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
    if (s.state === 'applied') return `That design was already applied${s.decidedBy ? ` by ${s.decidedBy}` : ''}${when}.`;
    if (s.state === 'applying') return `That design is being applied${s.decidedBy ? ` by ${s.decidedBy}` : ''} right now.`;
    if (s.state === 'cancelled') return `That design was cancelled${s.decidedBy ? ` by ${s.decidedBy}` : ''}${when}: send ${designPrefix(s.conversation)} again to start over.`;
    return `Applying that design failed${when}: send ${designPrefix(s.conversation)} again to start over.`;
  }

  // ── Apply ─────────────────────────────────────────────────────────────────────────────
  async function apply(m: ChatMessage, withSample: boolean): Promise<Reply> {
    const { stored, ctx } = await pressed(m);
    const actor = actorOf(m);
    const wsId = ctx.workspace.id;
    if (ctx.role !== 'admin') {
      await service.recordAction(wsId, actor, 'design.denied', { design: stored.id, button: m.action!.id, role: ctx.role });
      throw new DatalabsError('FORBIDDEN', `only admins can apply designs here (you are ${ctx.role === 'analyst' ? 'an analyst' : 'a viewer'}); nothing was created`);
    }
    if (stored.state !== 'proposed') return { text: closedLine(stored) };
    ownClickhouse(ctx.workspace);
    const { design } = stored;
    if (design.alter?.destructive && m.action!.id !== 'design_confirm') {
      return {
        text: `This change ${design.alter.destructive}. Press Confirm to apply it anyway, or Cancel.`,
        code: { language: 'sql', text: `${design.alter.statement};` },
        buttons: [
          { actionId: 'design_confirm', label: 'Confirm: apply and lose this data', value: stored.id },
          { actionId: 'design_cancel', label: 'Cancel', value: stored.id },
        ],
      };
    }
    if (!withinCeiling(design.database, deps.ceiling)) {
      await service.recordAction(wsId, actor, 'design.denied', { design: stored.id, database: design.database, reason: 'ceiling' });
      throw new DatalabsError('FORBIDDEN', `Not applied: ${ceilingLine(design.database)}.`);
    }
    const now = deps.now();
    if (!(await store.transition(stored.id, 'proposed', 'applying', actor, now))) return { text: closedLine((await store.get(stored.id)) ?? stored) };
    let result;
    try {
      result = await applyDesign(design, deps.admin, { sampleRows: withSample ? (deps.sampleRows ?? DEFAULT_SAMPLE_ROWS) : 0 });
    } catch (err) {
      await store.transition(stored.id, 'applying', 'failed', actor, deps.now()).catch(() => undefined);
      await service.recordAction(wsId, actor, 'design.failed', { design: stored.id, database: design.database, error: toErrorInfo(err).message });
      throw err;
    }
    await store.transition(stored.id, 'applying', 'applied', actor, deps.now());
    await service.recordAction(wsId, actor, 'design.apply', {
      design: stored.id,
      database: design.database,
      requirement: design.requirement,
      ddl: result.ran.filter((s) => !s.startsWith('INSERT')),
      down: result.down,
      created: result.created,
      sampleRows: result.sampleRows,
      ...(design.alter?.destructive ? { destructive: design.alter.destructive, confirmed: true } : {}),
    });
    if (design.alter) {
      const a = design.alter;
      const model = await deps.artifacts.writeModel(design).catch((err) => ({ note: `the semantic model was not updated (${toErrorInfo(err).message})` }));
      return { text: `Applied by ${nameOf(m)}: ${a.statement}.${a.destructive ? ` (Confirmed: it ${a.destructive}.)` : ''}\n${model.note}\nUndo (recorded in the audit log): ${a.down};` };
    }
    const lines = [`Applied by ${nameOf(m)}: created ${result.created.join(', ')}${result.createdDatabase ? ` (new database ${design.database})` : ''}${result.sampleRows ? `, with ${plural(result.sampleRows, 'sample row')} per table` : ''}.`];
    try {
      const added = await service.admin.allow(ctx.workspace, design.database, actor);
      lines.push(added ? `${design.database} is now on the workspace's allow-list: ask about it at once (e.g. /ask number of ${design.tables[0].name.replace(/_/g, ' ')}).` : `${design.database} was already on the workspace's allow-list.`);
    } catch (err) {
      lines.push(`${design.database} could not be added to the allow-list: ${toErrorInfo(err).message}`);
    }
    const model = await deps.artifacts.writeModel(design).catch((err) => ({ path: undefined, note: `no semantic model written (${toErrorInfo(err).message})` }));
    lines.push(model.note);
    const dashboard = grafanaDashboard(design);
    let file: Reply['file'];
    if (dashboard) {
      const data = Buffer.from(JSON.stringify(dashboard, null, 2));
      const where = await deps.artifacts.writeDashboard(dashboard).catch((err) => {
        logger.warn({ err }, 'dashboard file could not be written');
        return undefined;
      });
      lines.push(`Grafana dashboard "${dashboard.title}" (${plural(dashboard.panels.length, 'panel')}, grafana-clickhouse-datasource) attached${where ? ` and written to ${where}` : ''}.`);
      file = { name: `${dashboard.uid}.json`, mimeType: 'application/json', data };
    }
    // In the text, not a code block: a platform that sends the dashboard as a file keeps only the text.
    lines.push(`Undo (recorded in the audit log): ${result.down.map((s) => `${s};`).join(' ')}`);
    return { text: lines.join('\n'), ...(file ? { file } : {}) };
  }

  // ── Edit, Cancel ──────────────────────────────────────────────────────────────────────
  async function edit(m: ChatMessage): Promise<Reply> {
    const { stored } = await pressed(m);
    const command = `${designPrefix(m.conversation)} ${stored.design.requirement}`;
    return { text: 'Change the requirement and send it again (e.g. add "queried by <column>", "keep 90 days", "a dashboard of daily …"):', code: { language: 'text', text: command } };
  }

  async function cancel(m: ChatMessage): Promise<Reply> {
    const { stored, ctx } = await pressed(m);
    const actor = actorOf(m);
    if (ctx.role !== 'admin' && stored.createdBy !== actor) {
      await service.recordAction(ctx.workspace.id, actor, 'design.denied', { design: stored.id, button: 'design_cancel' });
      throw new DatalabsError('FORBIDDEN', 'only admins and the person who proposed this design can cancel it');
    }
    if (!(await store.transition(stored.id, 'proposed', 'cancelled', actor, deps.now()))) return { text: closedLine((await store.get(stored.id)) ?? stored) };
    await service.recordAction(ctx.workspace.id, actor, 'design.cancel', { design: stored.id, database: stored.design.database });
    return { text: `Design cancelled by ${nameOf(m)}: nothing was created.` };
  }

  return {
    handles(m) {
      if (m.kind === 'command') return m.command === 'design';
      return m.kind === 'action' && DESIGN_ACTIONS.has(m.action?.id ?? '');
    },
    async reply(m) {
      if (m.kind === 'action') {
        switch (m.action!.id) {
          case 'design_apply':
          case 'design_confirm':
            return apply(m, false);
          case 'design_apply_sample':
            return apply(m, true);
          case 'design_edit':
            return edit(m);
          default:
            return cancel(m);
        }
      }
      // Where there are no buttons (the console): `/design apply <id> [with sample data]`, `cancel`, `edit`, `confirm`.
      const typed = /^(apply|cancel|edit|confirm)\s+([A-Za-z0-9_-]{16,64})(\s+with\s+sample\s+data)?$/i.exec(m.text.trim());
      if (typed) {
        const verb = typed[1].toLowerCase();
        const id = (verb === 'apply' && typed[3] ? 'design_apply_sample' : `design_${verb}`) as ActionId;
        return this.reply({ ...m, kind: 'action', action: { id, value: typed[2] } });
      }
      return propose(m, m.text.trim());
    },
  };
}
