/**
 * `datalabs` CLI. Every failure ends as one line on stderr (or one JSON
 * object with --json) and a non-zero exit code — never a stack trace.
 *
 * Start-up: each command module is loaded with `await import()` inside its
 * action, so `datalabs --version` or `datalabs anomaly` never load chDB,
 * canvas or a chat SDK. Keep it that way when adding a command: no static
 * import of a command module here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import type { Config } from '../config/load-config.ts';
import type { Logger } from '../../contracts/logger.ts';
import { DatalabsError, toErrorInfo } from '../../contracts/errors.ts';

/** The config module (zod, dotenv), loaded by the first command that needs a context, not at start-up. */
let configModule: typeof import('../config/load-config.ts') | undefined;
/** `parseNow` for option values; only called inside a context, after the config module loaded. */
const parseNow = (iso: string): Date => configModule!.parseNow(iso);

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const setExit = (code: number) => (exitCode = code);
  const program = new Command('datalabs')
    .description('Ask your ClickHouse data questions from chat; alerts and reports in the same channels.')
    .version(packageVersion(), '-V, --version', 'print the datalabs version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError('(run datalabs --help for usage)');

  const withContext = (fn: (ctx: { config: Config; logger: Logger }) => Promise<number>) => async () => {
    configModule = await import('../config/load-config.ts');
    const config = configModule.loadConfig();
    const logger = (await import('../../infra/create-logger.ts')).createLogger(config.env.LOG_LEVEL);
    setExit(await fn({ config, logger }));
  };

  program
    .command('seed')
    .description('create (or replace) the demo dataset in database `demo`')
    .option('--seed <n>', 'random seed', intOption('--seed'), 42)
    .option('--end-date <YYYY-MM-DD>', 'last day of the data (default: today, UTC)')
    .option('--scale <x>', 'row-count multiplier, 0.01 … 10', floatOption('--scale'), 1)
    .action((opts) => withContext(async (ctx) => (await import('./seed-command.ts')).runSeed(ctx, opts))());

  program
    .command('ask')
    .description('answer one question (or SQL); "-" reads one question a line from stdin')
    .argument('<question...>', 'the question, SQL, or - for stdin')
    .option('--json', 'print one JSON object per question')
    .option('--now <iso>', 'fix "today" for relative dates (also DATALABS_NOW)')
    // --chart first: with --no-chart after it, the default stays undefined (auto) instead of true.
    .option('--chart', 'with --json: draw the chart of a single-number answer too (left out by default)')
    .option('--no-chart', 'do not render chart images')
    .option('--conversation', 'with "-": the lines are one conversation, each refining the last answer (an empty line starts a new one)')
    .action((words: string[], opts) => withContext(async (ctx) => (await import('./ask-command.ts')).runAsk(ctx, words, { ...opts, now: opts.now ? parseNow(opts.now) : undefined }))());

  program
    .command('usage')
    .description("Claude's tokens and estimated cost per user this month, and the workspace's budget (--budget <usd|none> sets it)")
    .option('--workspace <ref>', 'workspace id or name (default: the default workspace)')
    .option('--month <yyyy-mm>', 'another month')
    .option('--budget <usd>', 'set the monthly budget in USD (none removes it)')
    .option('--json', 'print one JSON object')
    .action((opts) => withContext(async (ctx) => (await import('./usage-command.ts')).runUsage(ctx, opts))());

  program
    .command('chat')
    .description('console chat on the configured warehouse (seeds the demo data on first run)')
    .option('--now <iso>', 'fix "today" for relative dates (also DATALABS_NOW)')
    .action((opts) => withContext(async (ctx) => (await import('./chat-command.ts')).runChat(ctx, { now: opts.now ? parseNow(opts.now) : undefined }))());

  program
    .command('serve')
    .description('run every configured chat adapter plus the HTTP server (webhooks, /healthz, /metrics)')
    .option('--port <n>', 'HTTP port (default PORT or 3000)', intOption('--port'))
    .option('--no-answer', 'only receive and queue messages; `datalabs worker`s answer them (needs REDIS_URL)')
    .action((opts) => withContext(async (ctx) => (await import('./serve-command.ts')).runServe(ctx, opts))());

  program
    .command('worker')
    .description('answer queued chat messages from Redis beside serve replicas (needs REDIS_URL, CLICKHOUSE_URL, DATABASE_URL)')
    .action(() => withContext(async (ctx) => (await import('./worker-command.ts')).runWorker(ctx))());

  program
    .command('migrate')
    .description('apply pending metadata-store migrations (PostgreSQL or embedded PGlite)')
    .action(() => withContext(async (ctx) => (await import('./migrate-command.ts')).runMigrate(ctx))());

  program
    .command('workspace')
    .description('manage workspaces, bindings, roles and allow-lists (datalabs workspace help)')
    .argument('[args...]')
    .allowUnknownOption()
    .helpOption(false)
    .action((args: string[]) => withContext(async (ctx) => (await import('./workspace-command.ts')).runWorkspaceAdmin(ctx, args ?? []))());

  program
    .command('audit')
    .description('audit log: `audit verify [--json]` checks the hash chain (exit 1 at the first broken link)')
    .argument('[args...]')
    .allowUnknownOption()
    .helpOption(false)
    .action((args: string[]) => withContext(async (ctx) => (await import('./audit-command.ts')).runAudit(ctx, args ?? []))());

  program
    .command('discord')
    .description('Discord helpers')
    .command('register')
    .description('register the /ask, /sql and /help slash commands')
    .option('--guild <id>', 'register in one guild only (instant) instead of globally')
    .action((opts) => withContext(async (ctx) => (await import('./discord-command.ts')).runDiscordRegister(ctx, opts))());

  program
    .command('render')
    .description('draw a vega-lite spec to PNG with the production chart renderer (reads only the spec)')
    .requiredOption('--spec <file.json>', 'the vega-lite spec (- for stdin)')
    .requiredOption('--out <file.png>', 'where to write the PNG (- for stdout)')
    .option('--scale <x>', 'pixel ratio, e.g. 2 for retina (default 1)', floatOption('--scale'))
    .action(async (opts) => {
      setExit(await (await import('./render-command.ts')).runRender(opts));
    });

  program
    .command('backup')
    .description('copy the metadata store and the embedded ClickHouse data into an empty directory (refused while serve holds the data dir)')
    .argument('<dir>', 'a new or empty directory')
    .action((dir: string) => withContext(async (ctx) => (await import('./backup-command.ts')).runBackup(ctx, dir, packageVersion()))());

  program
    .command('restore')
    .description('load a backup into an empty data dir (and an empty DATABASE_URL database), checking every table\'s rows and checksum')
    .argument('<dir>', 'a directory written by datalabs backup')
    .action((dir: string) => withContext(async (ctx) => (await import('./backup-command.ts')).runRestore(ctx, dir))());

  program
    .command('anomaly')
    .description('find anomalies in a CSV of ts,value rows: `anomaly detect --input FILE.csv|- [--period …] [--sensitivity …] [--json]` (reads only the file)')
    .argument('[args...]')
    .allowUnknownOption()
    .helpOption(false)
    .action(async (args: string[]) => {
      setExit(await (await import('./anomaly-command.ts')).runAnomaly(args ?? []));
    });

  program
    .command('alerts')
    .description('alert rules: `alerts test FILE.yaml [--json]` backtests one; `alerts apply <dir> [--dry-run]`, list, show, pause, resume, delete; `alerts health list|enable|disable` the built-in ClickHouse checks (datalabs alerts help)')
    .argument('[args...]')
    .allowUnknownOption()
    .helpOption(false)
    .action((args: string[]) => withContext(async (ctx) => (await import('./alerts-command.ts')).runAlerts(ctx, args ?? []))());

  program
    .command('mcp')
    .description('MCP server on stdio for the workspace of DATALABS_MCP_TOKEN (Claude Desktop); `mcp token create|list|revoke --workspace <id>` (datalabs mcp help)')
    .argument('[args...]')
    .allowUnknownOption()
    .helpOption(false)
    .action((args: string[]) => withContext(async (ctx) => (await import('./mcp-command.ts')).runMcp(ctx, args ?? []))());

  program
    .command('design')
    .description('propose ClickHouse tables (DDL, explanation, Grafana dashboard) for a requirement; nothing is created without --apply')
    .argument('<requirement...>', 'the requirement, e.g. "an events table with timestamp, user_id, event_type"')
    .option('--json', 'print {"ddl": [...], "explanation": "...", "grafana": {...}}')
    .option('--apply', 'create it (admin connection), audit it, write the semantic model and the dashboard')
    .option('--sample-data [rows]', 'after --apply, fill each new table with sample rows (default 5000)', intOption('--sample-data'))
    .option('--confirm', 'with --apply: allow a destructive change (a dropped column, a narrowing type)')
    .option('--database <name>', 'database for the new tables when the requirement names none (default analytics)')
    .option('--dashboards-dir <dir>', 'where the Grafana dashboard is written (default deploy/grafana/dashboards)')
    .action((words: string[], opts) => withContext(async (ctx) => (await import('./design-command.ts')).runDesign(ctx, words, opts))());

  const model = program.command('model').description('semantic models');
  model
    .command('infer')
    .description('infer a semantic model from a database schema and write it to edit')
    .argument('<database>')
    .option('--out <file>', 'where to write (default: $DATALABS_MODELS_DIR/<database>.yaml; - for stdout)')
    .option('--force', 'overwrite an existing file')
    .action((database: string, opts) => withContext(async (ctx) => (await import('./model-command.ts')).runModelInfer(ctx, database, opts))());

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return err.exitCode || 2;
    }
    const info = toErrorInfo(err, { detail: !argv.includes('--json') });
    const wantsJson = argv.includes('--json');
    if (wantsJson) process.stdout.write(JSON.stringify({ error: info }) + '\n');
    else process.stderr.write(`datalabs: ${info.code === 'INTERNAL' ? 'unexpected error: ' : ''}${info.message}\n`);
    if (info.code === 'INTERNAL' && process.env.LOG_LEVEL === 'debug') process.stderr.write(String((err as Error)?.stack) + '\n');
    return err instanceof DatalabsError && err.code === 'CONFIG_INVALID' ? 78 : 1;
  }
}

function intOption(flag: string) {
  return (v: string) => {
    if (!/^-?\d+$/.test(v)) throw new InvalidArgumentError(`${flag} must be an integer`);
    return Number(v);
  };
}

function floatOption(flag: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n)) throw new InvalidArgumentError(`${flag} must be a number`);
    return n;
  };
}

/** Version of the datalabs package: the nearest package.json above this file (the same from bot/ and from dist/bot/). */
function packageVersion(): string {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string }).version ?? '0.0.0';
    if (path.dirname(dir) === dir) return '0.0.0';
  }
}
