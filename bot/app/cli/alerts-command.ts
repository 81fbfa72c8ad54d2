/**
 * `datalabs alerts …`: alert rules from files and from the terminal.
 *
 *   alerts test FILE.yaml [--from DATE] [--to DATE] [--now ISO] [--json]
 *       backtest a rule over the past (default: the 30 days before now);
 *       --json prints {"firings":[{"ts","value"}], …}
 *   alerts apply <dir|file> [--workspace W] [--dry-run] [--now ISO]
 *       the diff (added / changed / removed / unchanged), then applies it in one
 *       transaction with an audit row per change; a bad rule is one line and
 *       nothing is saved
 *   alerts list [--workspace W] [--json]
 *   alerts show|pause|resume|delete <name> [--workspace W]
 *   alerts health list|enable|disable [<check> …]   (alerts-health-command.ts)
 *
 * Exit codes: 0 done, 1 a bad rule or a refused query, 2 bad usage. Errors are
 * one line on stderr, or {"error":{"code","message"}} on stdout with --json.
 */
import os from 'node:os';
import YAML from 'yaml';
import type { Config } from '../config/load-config.ts';
import { parseNow } from '../config/load-config.ts';
import type { Logger } from '../../contracts/logger.ts';
import { DatalabsError, toErrorInfo } from '../../contracts/errors.ts';
import type { Workspace } from '../../contracts/workspace.ts';
import type { MetadataStore } from '../../infra/store/create-metadata-store.ts';
import type { StoredAlertRule } from '../../infra/store/alert-rule-repo.ts';
import { createApp } from '../create-app.ts';
import { createWorkspaceAnswerers } from '../pipelines.ts';
import { openCliStore } from './open-store.ts';
import { createInlineChartRenderer } from '../../../renderers/index.ts';
import { describeCondition, describeGranularity, diffRules, loadRuleDir, parseRule, parseRuleYaml, RULE_KEYS, type RuleFile } from '../../../alerts/rules/index.ts';
import { parseReport } from '../../../alerts/reports/index.ts';
import { parseHealthRule } from '../../../alerts/health/index.ts';
import { backtestRule, checkRuleQuery, summarizeBacktest, type SeriesSource } from '../../../alerts/backtest/index.ts';
import { ruleZone, wallNow, zonedSource } from '../../../alerts/engine/zoned-source.ts';
import fs from 'node:fs';
import { HEALTH_USAGE, runHealthCli } from './alerts-health-command.ts';

export const ALERTS_USAGE = [
  'datalabs alerts test FILE.yaml [--from DATE] [--to DATE] [--now ISO] [--json]',
  'datalabs alerts apply <dir|file> [--workspace W] [--dry-run] [--now ISO]',
  'datalabs alerts list [--workspace W] [--json]',
  'datalabs alerts show|pause|resume|delete <name> [--workspace W]',
  HEALTH_USAGE,
];

export interface AlertsIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** What the actions need; opened lazily, so `list` never starts a warehouse and `test` never opens the store. */
export interface AlertsDeps {
  /** The answer pipeline for a workspace (null: the process default). */
  source(workspace: Workspace | null): Promise<SeriesSource>;
  store(): Promise<MetadataStore>;
  now: Date;
  actor: string;
  cwd?: string;
}

class UsageError extends Error {}

interface Args {
  action: string;
  positional: string[];
  json: boolean;
  dryRun: boolean;
  workspace?: string;
  from?: string;
  to?: string;
  now?: string;
}

const VALUE_FLAGS = new Set(['--workspace', '--from', '--to', '--now']);

function parseArgs(args: string[]): Args {
  const [action = '', ...rest] = args;
  const out: Args = { action, positional: [], json: false, dryRun: false };
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i];
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const flag = eq > 0 ? word.slice(0, eq) : word;
    if (flag === '--json') out.json = true;
    else if (flag === '--dry-run') out.dryRun = true;
    else if (VALUE_FLAGS.has(flag)) {
      const v = eq > 0 ? word.slice(eq + 1) : rest[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      if (flag === '--workspace') out.workspace = v;
      else if (flag === '--from') out.from = v;
      else if (flag === '--to') out.to = v;
      else out.now = v;
    } else if (word.startsWith('--')) throw new UsageError(`unknown option ${word}`);
    else out.positional.push(word);
  }
  return out;
}

/** `--from` / `--to`: a day (YYYY-MM-DD, UTC; `--to` includes that day) or an ISO date-time. */
function parseBound(value: string, flag: '--from' | '--to'): Date {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const ms = Date.UTC(+day[1], +day[2] - 1, +day[3]);
    if (new Date(ms).getUTCDate() !== +day[3]) throw new UsageError(`${flag}: "${value}" is not a date`);
    return new Date(flag === '--to' ? ms + 86_400_000 : ms);
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) throw new UsageError(`${flag}: expected a date (YYYY-MM-DD) or an ISO date-time, got "${value}"`);
  return parseNow(value, flag);
}

function safeUser(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Runs `alerts <args…>` with the configured warehouse and store; returns the exit code. */
export async function runAlerts(ctx: { config: Config; logger: Logger }, args: string[], io: AlertsIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  let store: MetadataStore | undefined;
  let perWorkspace: ReturnType<typeof createWorkspaceAnswerers> | undefined;
  const nowFlag = args.find((a, i) => args[i - 1] === '--now') ?? args.find((a) => a.startsWith('--now='))?.slice(6);
  const now = nowFlag ? safeNow(nowFlag) : (ctx.config.fixedNow ?? new Date());
  const deps: AlertsDeps = {
    now,
    actor: `cli:${safeUser()}`,
    async store() {
      store ??= await openCliStore(ctx);
      return store;
    },
    async source(ws) {
      app ??= await createApp(ctx.config, ctx.logger, { now, writeCharts: false });
      if (!ws) return app.answerer;
      perWorkspace ??= createWorkspaceAnswerers({ config: ctx.config, logger: ctx.logger, defaultWarehouse: app.warehouse, chartsDir: null, charts: createInlineChartRenderer() });
      return perWorkspace.forWorkspace(ws);
    },
  };
  try {
    return await executeAlerts(args, deps, io);
  } finally {
    await perWorkspace?.close();
    await app?.close();
    await store?.close();
  }
}

function safeNow(v: string): Date {
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? new Date() : new Date(ms);
}

/** Runs one `alerts` action on the given dependencies (tests pass their own). Never throws. */
export async function executeAlerts(args: string[], deps: AlertsDeps, io: AlertsIo): Promise<number> {
  const json = args.includes('--json');
  try {
    if (!args.length || args[0] === 'help' || args.includes('--help') || args.includes('-h')) {
      (args.length ? io.stdout : io.stderr).write(ALERTS_USAGE.join('\n') + '\n');
      return args.length ? 0 : 2;
    }
    const a = parseArgs(args);
    if (a.now) parseNow(a.now);
    const out = (text: string) => io.stdout.write(text.endsWith('\n') ? text : text + '\n');
    switch (a.action) {
      case 'test':
        return await actionTest(a, deps, out);
      case 'apply':
        return await actionApply(a, deps, io);
      case 'list':
        return await actionList(a, deps, out);
      case 'health': {
        const store = await deps.store();
        return await runHealthCli({ words: a.positional, json: a.json, store, workspace: await workspaceOf(store, a.workspace), actor: deps.actor }, out, (m) => new UsageError(m));
      }
      case 'show':
      case 'pause':
      case 'resume':
      case 'delete':
        return await actionOne(a, deps, out);
      default:
        throw new UsageError(`unknown action "${a.action}"`);
    }
  } catch (err) {
    const usage = err instanceof UsageError;
    const info = usage ? { code: 'BAD_INPUT', message: `${err.message}; usage: ${ALERTS_USAGE.join(' | ')}` } : toErrorInfo(err, { detail: !json });
    if (json) io.stdout.write(JSON.stringify({ error: info }) + '\n');
    else io.stderr.write(`datalabs: ${info.message}\n`);
    return usage ? 2 : 1;
  }
}

function onePositional(a: Args, what: string): string {
  if (a.positional.length !== 1) throw new UsageError(a.positional.length ? `expected one ${what}, got ${a.positional.length}` : `missing ${what}`);
  return a.positional[0];
}

async function actionTest(a: Args, deps: AlertsDeps, out: (s: string) => void): Promise<number> {
  const file = onePositional(a, 'rule file');
  if (a.workspace) throw new UsageError('test runs on the default workspace; --workspace is for apply, list, show, pause, resume, delete');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DatalabsError('BAD_INPUT', code === 'ENOENT' ? `no such file: ${file}` : code === 'EISDIR' ? `${file} is a directory: test takes one rule file` : `cannot read ${file} (${code ?? 'error'})`);
  }
  const docs = parseRuleYaml(text, file);
  if (docs.length > 1) throw new DatalabsError('BAD_INPUT', `${file} holds ${docs.length} rules; test takes a file with one`);
  const doc = docs[0];
  if (!doc.result.ok) throw new DatalabsError('BAD_INPUT', `${doc.where}: ${doc.result.error}`);
  const from = a.from ? parseBound(a.from, '--from') : undefined;
  const to = a.to ? parseBound(a.to, '--to') : undefined;
  // A question rule with its own `timezone:` is backtested on that zone's calendar, as the engine evaluates it:
  // --from / --to are dates there, and the periods' times are its wall-clock times (the JSON names the zone).
  const zone = ruleZone(doc.result.rule, (doc.value as { timezone?: unknown } | undefined)?.timezone, undefined);
  const source = await deps.source(null);
  const now = zone ? wallNow(deps.now.getTime(), zone) : deps.now;
  const result = await backtestRule(doc.result.rule, zone ? zonedSource(source, zone) : source, { now, from, to });
  if (a.json) {
    out(JSON.stringify({ rule: result.rule, ...(zone ? { timezone: zone } : {}), window: result.window, granularity: result.granularity, periods: result.periods, episodes: result.episodes, firings: result.firings, sql: result.sql }));
  } else {
    out(summarizeBacktest(result, { now: deps.now }));
  }
  return 0;
}

async function workspaceOf(store: MetadataStore, ref: string | undefined): Promise<Workspace | null> {
  if (!ref) return null;
  const ws = await store.workspaces.find(ref);
  if (!ws) throw new DatalabsError('NOT_FOUND', `no workspace "${ref}" (see datalabs workspace list)`);
  return ws;
}

const wsLabel = (ws: Workspace | null) => (ws ? `workspace ${ws.name}` : 'the default workspace');

async function actionApply(a: Args, deps: AlertsDeps, io: AlertsIo): Promise<number> {
  const target = onePositional(a, 'directory of rule files');
  const loaded = loadRuleDir(target, deps.cwd);
  if (loaded.errors.length) {
    for (const line of loaded.errors) io.stderr.write(`datalabs: ${line}\n`);
    io.stderr.write(`datalabs: ${loaded.errors.length} bad rule${loaded.errors.length === 1 ? '' : 's'}; nothing applied\n`);
    return 1;
  }
  const store = await deps.store();
  const ws = await workspaceOf(store, a.workspace);
  const stored = (await store.alerts.list(ws?.id ?? null)).map((s) => ({ ...s, spec: s.spec as RuleFile }));
  const desired = [...loaded.rules.map((r) => ({ name: r.rule.name, spec: r.rule.spec, file: r.file })), ...loaded.reports.map((r) => ({ name: r.report.name, spec: r.report.spec as unknown as RuleFile, file: r.file })), ...loaded.health.map((r) => ({ name: r.rule.name, spec: r.rule.spec as unknown as RuleFile, file: r.file }))];
  const diff = diffRules(desired, stored);
  // The queries of new and changed rules must run (agent, guard, shape) before anything is saved.
  const toCheck = [...diff.added, ...diff.changed];
  if (toCheck.length) {
    const source = await deps.source(ws);
    const errors: string[] = [];
    for (const d of toCheck.filter((x) => !loaded.health.some((h) => h.rule.name === x.name))) {
      const report = loaded.reports.find((r) => r.report.name === d.name)?.report;
      try {
        // A scheduled report's question must answer now; a rule's query must give its series.
        if (report) await source.ask({ text: report.query, now: deps.now, chart: false });
        else await checkRuleQuery(loaded.rules.find((r) => r.rule.name === d.name)!.rule, source, deps.now);
      } catch (err) {
        errors.push(`${d.file}: ${toErrorInfo(err).message}`);
      }
    }
    if (errors.length) {
      for (const line of errors) io.stderr.write(`datalabs: ${line}\n`);
      io.stderr.write(`datalabs: ${errors.length} bad rule${errors.length === 1 ? '' : 's'}; nothing applied\n`);
      return 1;
    }
  }
  const lines = [`${a.dryRun ? 'Plan' : 'Applying'} for ${wsLabel(ws)} from ${target}: ${diff.added.length} to add, ${diff.changed.length} to change, ${diff.removed.length} to remove, ${diff.unchanged.length} unchanged`];
  const width = Math.max(8, ...[...desired, ...diff.removed].map((d) => d.name.length));
  for (const d of diff.added) lines.push(`  + ${d.name.padEnd(width)}  ${d.file}`);
  for (const d of diff.changed) lines.push(`  ~ ${d.name.padEnd(width)}  ${d.file} (${d.keys.join(', ')})${d.stored.state === 'paused' ? ' [stays paused]' : ''}`);
  for (const d of diff.removed) lines.push(`  - ${d.name.padEnd(width)}  (was ${d.sourceFile})`);
  for (const d of diff.unchanged) lines.push(`  = ${d.name.padEnd(width)}  ${d.file}${d.stored.state === 'paused' ? ' [paused]' : ''}`);
  const changes = diff.added.length + diff.changed.length + diff.removed.length;
  if (a.dryRun) lines.push(changes ? 'Dry run: nothing changed.' : 'Nothing to change.');
  else if (!changes) lines.push('Nothing to change.');
  else {
    const wsId = ws?.id ?? null;
    await store.transaction(async (repos) => {
      for (const d of diff.added) {
        const r = await repos.alerts.insert({ workspaceId: wsId, name: d.name, spec: d.spec, sourceFile: d.file, createdBy: deps.actor });
        await repos.audit.append({ workspaceId: wsId, actor: deps.actor, action: 'alert.create', detail: { rule: r.id, name: d.name, file: d.file } });
      }
      for (const d of diff.changed) {
        await repos.alerts.update(d.stored.id, { spec: d.spec, sourceFile: d.file });
        await repos.audit.append({ workspaceId: wsId, actor: deps.actor, action: 'alert.update', detail: { rule: d.stored.id, name: d.name, file: d.file, keys: d.keys } });
      }
      for (const d of diff.removed) {
        await repos.alerts.delete(d.id);
        await repos.audit.append({ workspaceId: wsId, actor: deps.actor, action: 'alert.delete', detail: { rule: d.id, name: d.name, file: d.sourceFile } });
      }
    });
    lines.push(`Applied: ${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed.`);
  }
  io.stdout.write(lines.join('\n') + '\n');
  return 0;
}

/** Short description of a stored rule for `list`. */
function describeStored(s: StoredAlertRule, ws: Workspace | null): { kind: string; condition: string; every: string; query: string } {
  const health = parseHealthRule(s.spec);
  if (health.ok) return { kind: 'health', condition: `${health.rule.check} ${health.rule.threshold.op} ${health.rule.threshold.value}`, every: String(health.rule.spec.every), query: 'system.* (admin path)' };
  const report = parseReport(s.spec, { timezone: ws?.timezone });
  if (report.ok) return { kind: 'report', condition: '', every: `${report.report.spec.every}${report.report.schedule.kind === 'cron' ? ` (${report.report.timezone})` : ''}`, query: report.report.query };
  const parsed = parseRule(s.spec);
  const spec = s.spec as Partial<RuleFile>;
  if (!parsed.ok) return { kind: '?', condition: String(spec.condition ?? ''), every: String(spec.every ?? ''), query: String(spec.query ?? '') };
  const r = parsed.rule;
  return { kind: r.condition.kind, condition: String(spec.condition), every: `${spec.every} (${describeGranularity(r.granularity)} periods)`, query: r.query };
}

async function actionList(a: Args, deps: AlertsDeps, out: (s: string) => void): Promise<number> {
  if (a.positional.length) throw new UsageError(`unexpected "${a.positional.join(' ')}"`);
  const store = await deps.store();
  const ws = await workspaceOf(store, a.workspace);
  const rules = await store.alerts.list(ws?.id ?? null);
  if (a.json) {
    out(JSON.stringify({ rules: rules.map((s) => ({ name: s.name, state: s.state, file: s.sourceFile, spec: s.spec, createdBy: s.createdBy, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString() })) }));
    return 0;
  }
  if (!rules.length) {
    out(`No alert rules in ${wsLabel(ws)}: write one (name, query, condition, every) and run datalabs alerts apply <dir>.`);
    return 0;
  }
  const rows = rules.map((s) => {
    const d = describeStored(s, ws);
    return [s.name, s.state, d.kind === 'report' ? '(report)' : d.condition, d.kind === 'report' ? d.every : String((s.spec as Partial<RuleFile>).every ?? ''), d.query.length > 50 ? `${d.query.slice(0, 49)}…` : d.query];
  });
  const head = ['name', 'state', 'condition', 'every', 'query'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  out([head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n'));
  return 0;
}

async function actionOne(a: Args, deps: AlertsDeps, out: (s: string) => void): Promise<number> {
  const name = onePositional(a, 'rule name');
  const store = await deps.store();
  const ws = await workspaceOf(store, a.workspace);
  const wsId = ws?.id ?? null;
  const rule = await store.alerts.get(wsId, name);
  if (!rule) throw new DatalabsError('NOT_FOUND', `no alert rule "${name}" in ${wsLabel(ws)} (see datalabs alerts list)`);
  if (a.action === 'show') {
    const parsed = parseRule(rule.spec);
    const meta = [
      `# state: ${rule.state}`,
      `# file: ${rule.sourceFile ?? '(not from a file)'}`,
      `# created ${rule.createdAt.toISOString()} by ${rule.createdBy}; updated ${rule.updatedAt.toISOString()}`,
      parsed.ok ? `# reads as: ${parsed.rule.source === 'none' ? '' : `${parsed.rule.source}, `}${describeCondition(parsed.rule.condition)}, ${describeGranularity(parsed.rule.granularity)} periods${parsed.rule.forMs ? `, for ${parsed.rule.spec.for}` : ''}, nodata ${parsed.rule.nodata}` : `# invalid: ${parsed.error}`,
    ];
    // In the order of a rule file (the store's JSON does not keep key order).
    const order = Object.keys(RULE_KEYS);
    const spec = Object.fromEntries(Object.entries(rule.spec).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)));
    out(`${meta.join('\n')}\n${YAML.stringify(spec).trimEnd()}`);
    return 0;
  }
  if (a.action === 'delete') {
    await store.transaction(async (repos) => {
      await repos.alerts.delete(rule.id);
      await repos.audit.append({ workspaceId: wsId, actor: deps.actor, action: 'alert.delete', detail: { rule: rule.id, name: rule.name, file: rule.sourceFile } });
    });
    out(`Deleted ${rule.name}.${rule.sourceFile ? ` (It is still in ${rule.sourceFile}: the next apply adds it back unless the file goes too.)` : ''}`);
    return 0;
  }
  const state = a.action === 'pause' ? 'paused' : 'active';
  if (rule.state === state) {
    out(`${rule.name} is already ${state}.`);
    return 0;
  }
  await store.transaction(async (repos) => {
    await repos.alerts.setState(rule.id, state);
    await repos.audit.append({ workspaceId: wsId, actor: deps.actor, action: `alert.${a.action}`, detail: { rule: rule.id, name: rule.name } });
  });
  out(`${state === 'paused' ? 'Paused' : 'Resumed'} ${rule.name}.`);
  return 0;
}
