/**
 * Configuration: environment variables (and an optional `.env`), validated
 * once at start. A missing or malformed variable is a one-line
 * CONFIG_INVALID error naming it.
 */
import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import { DatalabsError } from '../../contracts/errors.ts';

const optionalString = z.string().trim().min(1).optional();
const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine((v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `must be a URL starting with ${protocols.join(' or ')}//`)
    .optional();
const positiveInt = (dflt: number) => z.coerce.number().int().positive().default(dflt);
const idList = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]+(\s*,\s*[A-Za-z0-9_-]+)*$/, 'must be a comma-separated list of ids (letters, digits, _ and -)')
  .optional();
const splitIds = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

/** The 32 key bytes of DATALABS_SECRET_KEY (hex or base64/base64url), or undefined when malformed. */
export function secretKeyBytes(v: string): Buffer | undefined {
  const t = v.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const b = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return b.length === 32 ? b : undefined;
  }
  return undefined;
}

/** Every environment variable the product reads. Documented in README.md. */
export const envSchema = z.object({
  DATALABS_DATA_DIR: z.string().trim().min(1).default('./data'),
  DATALABS_MODELS_DIR: z.string().trim().min(1).optional(),
  DATALABS_NOW: z
    .string()
    .trim()
    .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO date-time such as 2025-06-30T18:00:00Z')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  CLICKHOUSE_URL: url(['http:', 'https:']),
  CLICKHOUSE_USER: optionalString,
  CLICKHOUSE_PASSWORD: z.string().optional(),
  CLICKHOUSE_DATABASE: optionalString,
  DATALABS_ALLOWED_DATABASES: z
    .string()
    .trim()
    .regex(/^[A-Za-z_][\w]*(\s*,\s*[A-Za-z_][\w]*)*$/, 'must be a comma-separated list of database names')
    .refine(
      (v) => !v.split(',').some((d) => ['system', 'information_schema'].includes(d.trim().toLowerCase())),
      'system and information_schema can never be allowed: they describe the server, not your data',
    )
    .default('demo'),
  QUERY_TIMEOUT_MS: positiveInt(30_000),
  QUERY_MAX_RESULT_ROWS: positiveInt(10_000),
  QUERY_MAX_ROWS_TO_READ: positiveInt(1_000_000_000),
  QUERY_MAX_MEMORY_BYTES: positiveInt(2_000_000_000),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  /** Redis for the durable answer queue (BullMQ), shared by serve replicas and workers. */
  REDIS_URL: url(['redis:', 'rediss:']),
  /** Answer jobs one process runs at once (serve, worker). */
  DATALABS_ANSWER_CONCURRENCY: positiveInt(8),
  /** How soon another process takes over a message whose answering process died (the answer lease). */
  DATALABS_ANSWER_LEASE_MS: positiveInt(60_000),
  /** Acks first: answering (and, with embedded PGlite, recording the journaled messages) waits until no message arrived for this long (0: off). */
  DATALABS_INGRESS_QUIET_MS: z.coerce.number().int().min(0).max(600_000).default(20),
  /** Alert notices: the default chat channel of a rule without receivers. */
  ALERT_CHANNEL: z
    .string()
    .trim()
    .regex(/^(slack:[A-Za-z0-9]+\/[A-Za-z0-9]+|telegram:-?\d+|discord:\d{5,25})$/, 'must be slack:<team>/<channel>, telegram:<chat id> or discord:<channel id>')
    .optional(),
  /** SMTP server of the `email` alert receiver. */
  SMTP_URL: url(['smtp:', 'smtps:']),
  ALERT_EMAIL_FROM: z.string().trim().email('must be an email address').optional(),
  ALERT_EMAIL_TO: z
    .string()
    .trim()
    .refine((v) => v.split(',').every((a) => z.string().email().safeParse(a.trim()).success), 'must be a comma-separated list of email addresses')
    .optional(),
  /** The `webhook` alert receiver and the secret its requests are signed with. */
  ALERT_WEBHOOK_URL: url(['http:', 'https:']),
  ALERT_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Owner role for migrations (creates and grants the restricted app role); default: DATABASE_URL's user. */
  DATABASE_OWNER_URL: url(['postgres:', 'postgresql:']),
  /** 32-byte key (base64 or hex) encrypting workspace ClickHouse passwords at rest (AES-256-GCM). */
  DATALABS_SECRET_KEY: z
    .string()
    .trim()
    .refine((v) => secretKeyBytes(v) !== undefined, 'must be 32 bytes as base64 (44 characters) or hex (64 characters), e.g. from `openssl rand -base64 32`')
    .optional(),
  /** Who may run /datalabs setup: invite (a one-time code from `datalabs workspace invite`) or open (anyone; demos). */
  DATALABS_SETUP: z.enum(['invite', 'open']).default('invite'),
  DATALABS_SETUP_SLACK_TEAMS: idList,
  DATALABS_SETUP_DISCORD_GUILDS: idList,
  DATALABS_SETUP_TELEGRAM_CHATS: idList,
  HISTORY_RETENTION_DAYS: z.coerce.number().int().positive().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** `datalabs worker` serves /healthz, /readyz and /metrics on this port when set (its probes and Prometheus scrapes). */
  WORKER_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: url(['http:', 'https:']),
  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: url(['http:', 'https:']),
  TELEGRAM_WEBHOOK_URL: url(['http:', 'https:']),
  TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1-256 characters of A-Z a-z 0-9 _ -').optional(),
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString,
  DISCORD_API_URL: url(['http:', 'https:']),
  /** Claude as the second engine (questions the offline parser refuses); unset: offline only. */
  ANTHROPIC_API_KEY: z.string().trim().regex(/^\S{8,300}$/, 'must be an API key (sk-ant-…) without spaces').optional(),
  ANTHROPIC_MODEL: z.string().trim().regex(/^[a-z0-9][a-z0-9.:@_-]{2,100}$/, 'must be a model id such as claude-sonnet-5-5').optional(),
  ANTHROPIC_BASE_URL: url(['http:', 'https:']),
  /** Default monthly Claude budget of every workspace, USD (`datalabs usage --budget` sets one per workspace). */
  ANTHROPIC_BUDGET_USD: z.coerce.number().positive('must be a positive amount of USD').optional(),
  /** Answer pages (issue 16): the public base URL of `datalabs serve` (links in chat point here); unset: no pages, no Open button. */
  PUBLIC_URL: url(['http:', 'https:']).refine((v) => v === undefined || !/[?#]/.test(v), 'must be a base URL without ? or # (e.g. https://datalabs.example.com)'),
  /** Secret the answer links are signed with (at least 32 characters); default: derived from DATALABS_SECRET_KEY. */
  DATALABS_WEB_SECRET: z.string().trim().min(32, 'must be at least 32 characters, e.g. from `openssl rand -base64 32`').optional(),
  /** How an answer link opens: `session` (a console session of a member of its workspace, from /datalabs web; default) or `signed` (the signature alone). */
  DATALABS_WEB_LINKS: z.enum(['session', 'signed'], { message: 'must be "session" (answer links need a sign-in from chat, /datalabs web; the default) or "signed" (the link alone opens the answer)' }).default('session'),
  /** Days an answer link stays valid. */
  DATALABS_WEB_LINK_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  /** The workspace token `datalabs mcp` (stdio) serves with (`datalabs mcp token create`). */
  DATALABS_MCP_TOKEN: z.string().trim().regex(/^dlmcp_[A-Za-z0-9_-]{43}$/, 'must be a token from `datalabs mcp token create` (dlmcp_…)').optional(),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env;
  dataDir: string;
  chartsDir: string;
  /** Semantic model files (`<database>.yaml`), default `<dataDir>/models`. */
  modelsDir: string;
  /** Fixed "now" from DATALABS_NOW, when set. */
  fixedNow?: Date;
  allowedDatabases: string[];
  warehouse: { kind: 'embedded'; dataDir: string } | { kind: 'server'; url: string; user?: string; password?: string; database?: string };
  limits: { timeoutMs: number; maxResultRows: number; maxRowsToRead: number; maxMemoryBytes: number };
  /** Who may create workspaces from chat (DATALABS_SETUP*); undefined lists allow every team/guild/chat. */
  setup: { mode: 'invite' | 'open'; slackTeams?: string[]; discordGuilds?: string[]; telegramChats?: string[] };
  /** DATALABS_SECRET_KEY decoded (32 bytes), when set. */
  secretKey?: Buffer;
  /** DATABASE_OWNER_URL, when set: migrations and grants run as this role. */
  databaseOwnerUrl?: string;
  /** Each platform whose token is set, validated once here (its adapter trusts it). */
  slack?: SlackConfig;
  telegram?: TelegramConfig;
  discord?: DiscordConfig;
  /** The answer queue: Redis (REDIS_URL) or in-process; answer jobs per process; the answer lease. */
  queue: { redisUrl?: string; concurrency: number; leaseMs: number; ingressQuietMs: number };
  /** Answer pages (PUBLIC_URL set): the base URL, the link signing secret, the link mode and lifetime. */
  web?: { publicUrl: string; secret: Buffer; links: 'session' | 'signed'; linkTtlMs: number };
  /** Claude (ANTHROPIC_*), when ANTHROPIC_API_KEY is set. */
  claude?: { apiKey: string; model?: string; baseURL?: string; budgetUsd?: number };
}

export interface SlackConfig {
  botToken: string;
  /** HTTP mode (Events API, slash commands): verifies request signatures. */
  signingSecret?: string;
  /** Socket Mode (xapp-…): no public URL needed. */
  appToken?: string;
  apiUrl?: string;
}

export interface TelegramConfig {
  token: string;
  apiRoot?: string;
  /** Webhook mode when set (with its secret); long polling otherwise. */
  webhookUrl?: string;
  webhookSecret?: string;
}

export interface DiscordConfig {
  token: string;
  applicationId: string;
  apiUrl?: string;
}

/** Paired variables, checked once: one line naming the missing one. */
const platformSchema = z
  .object({
    SLACK_BOT_TOKEN: z.string().optional(),
    SLACK_SIGNING_SECRET: z.string().optional(),
    SLACK_APP_TOKEN: z.string().optional(),
    TELEGRAM_BOT_TOKEN: z.string().optional(),
    TELEGRAM_WEBHOOK_URL: z.string().optional(),
    TELEGRAM_WEBHOOK_SECRET: z.string().optional(),
    DISCORD_TOKEN: z.string().optional(),
    DISCORD_APPLICATION_ID: z.string().optional(),
    ALERT_WEBHOOK_URL: z.string().optional(),
    ALERT_WEBHOOK_SECRET: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    const need = (name: keyof typeof env, message: string) => ctx.addIssue({ code: 'custom', path: [name], message });
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) need('SLACK_SIGNING_SECRET', 'required when SLACK_BOT_TOKEN is set (or set SLACK_APP_TOKEN for Socket Mode)');
    if ((env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN) && !env.SLACK_BOT_TOKEN) need('SLACK_BOT_TOKEN', `required when ${env.SLACK_APP_TOKEN ? 'SLACK_APP_TOKEN' : 'SLACK_SIGNING_SECRET'} is set`);
    if (env.SLACK_APP_TOKEN && !env.SLACK_APP_TOKEN.startsWith('xapp-')) need('SLACK_APP_TOKEN', 'must be an app-level token (xapp-…) with connections:write');
    if (env.DISCORD_TOKEN && !env.DISCORD_APPLICATION_ID) need('DISCORD_APPLICATION_ID', 'required when DISCORD_TOKEN is set');
    if (env.DISCORD_APPLICATION_ID && !/^\d{5,25}$/.test(env.DISCORD_APPLICATION_ID)) need('DISCORD_APPLICATION_ID', 'must be the numeric application id');
    if ((env.TELEGRAM_WEBHOOK_URL || env.TELEGRAM_WEBHOOK_SECRET) && !env.TELEGRAM_BOT_TOKEN) need('TELEGRAM_BOT_TOKEN', 'required when a TELEGRAM_WEBHOOK_* variable is set');
    if (env.ALERT_WEBHOOK_URL && !env.ALERT_WEBHOOK_SECRET) need('ALERT_WEBHOOK_SECRET', 'required when ALERT_WEBHOOK_URL is set (webhook notices are signed with it)');
    if (env.TELEGRAM_BOT_TOKEN && !/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/.test(env.TELEGRAM_BOT_TOKEN)) need('TELEGRAM_BOT_TOKEN', 'must look like 123456789:AA… (from @BotFather)');
    if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_WEBHOOK_URL.startsWith('https://') && !/^http:\/\/(127\.0\.0\.1|localhost)(:|\/)/.test(env.TELEGRAM_WEBHOOK_URL)) need('TELEGRAM_WEBHOOK_URL', 'must be https:// (Telegram calls webhooks over TLS only)');
  });

function platformsOf(env: Env): Pick<Config, 'slack' | 'telegram' | 'discord'> {
  const checked = platformSchema.safeParse(env);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new DatalabsError('CONFIG_INVALID', `${String(issue.path[0])}: ${issue.message}`);
  }
  return {
    slack: env.SLACK_BOT_TOKEN ? { botToken: env.SLACK_BOT_TOKEN, signingSecret: env.SLACK_SIGNING_SECRET, appToken: env.SLACK_APP_TOKEN, apiUrl: env.SLACK_API_URL } : undefined,
    telegram: env.TELEGRAM_BOT_TOKEN ? { token: env.TELEGRAM_BOT_TOKEN, apiRoot: env.TELEGRAM_API_ROOT, webhookUrl: env.TELEGRAM_WEBHOOK_URL, webhookSecret: env.TELEGRAM_WEBHOOK_SECRET } : undefined,
    discord: env.DISCORD_TOKEN ? { token: env.DISCORD_TOKEN, applicationId: env.DISCORD_APPLICATION_ID!, apiUrl: env.DISCORD_API_URL } : undefined,
  };
}

/**
 * Reads `.env` from the working directory (if any; real environment wins),
 * then validates. Throws DatalabsError CONFIG_INVALID with one line.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env, opts: { cwd?: string; readDotenv?: boolean } = {}): Config {
  const cwd = opts.cwd ?? process.cwd();
  let merged: Record<string, string | undefined> = { ...source };
  if (opts.readDotenv !== false) {
    const file = path.join(cwd, '.env');
    if (fs.existsSync(file)) merged = { ...dotenv.parse(fs.readFileSync(file)), ...source };
  }
  // Empty strings mean "unset", as in most shells' `VAR= cmd`.
  for (const [k, v] of Object.entries(merged)) if (v === '') delete merged[k];
  const parsed = envSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0] ?? 'environment');
    throw new DatalabsError('CONFIG_INVALID', `${name}: ${issue.message}${name in merged && !/SECRET|PASSWORD|TOKEN|KEY|_URL$/.test(name) ? ` (got "${String(merged[name]).slice(0, 40)}")` : ''}`);
  }
  const env = parsed.data;
  const platforms = platformsOf(env);
  if (env.PUBLIC_URL && !env.DATALABS_WEB_SECRET && !env.DATALABS_SECRET_KEY) {
    throw new DatalabsError('CONFIG_INVALID', 'DATALABS_WEB_SECRET: required when PUBLIC_URL is set (answer links are signed with it), or set DATALABS_SECRET_KEY');
  }
  const webSecret = env.DATALABS_WEB_SECRET ? Buffer.from(env.DATALABS_WEB_SECRET, 'utf8') : env.DATALABS_SECRET_KEY ? secretKeyBytes(env.DATALABS_SECRET_KEY) : undefined;
  const dataDir = path.resolve(cwd, env.DATALABS_DATA_DIR);
  return {
    env,
    dataDir,
    chartsDir: path.join(dataDir, 'charts'),
    modelsDir: env.DATALABS_MODELS_DIR ? path.resolve(cwd, env.DATALABS_MODELS_DIR) : path.join(dataDir, 'models'),
    fixedNow: env.DATALABS_NOW ? new Date(env.DATALABS_NOW) : undefined,
    allowedDatabases: env.DATALABS_ALLOWED_DATABASES.split(',').map((s) => s.trim()),
    warehouse: env.CLICKHOUSE_URL
      ? { kind: 'server', url: env.CLICKHOUSE_URL, user: env.CLICKHOUSE_USER, password: env.CLICKHOUSE_PASSWORD, database: env.CLICKHOUSE_DATABASE }
      : { kind: 'embedded', dataDir },
    setup: {
      mode: env.DATALABS_SETUP,
      slackTeams: splitIds(env.DATALABS_SETUP_SLACK_TEAMS),
      discordGuilds: splitIds(env.DATALABS_SETUP_DISCORD_GUILDS),
      telegramChats: splitIds(env.DATALABS_SETUP_TELEGRAM_CHATS),
    },
    secretKey: env.DATALABS_SECRET_KEY ? secretKeyBytes(env.DATALABS_SECRET_KEY) : undefined,
    databaseOwnerUrl: env.DATABASE_OWNER_URL,
    ...platforms,
    queue: { redisUrl: env.REDIS_URL, concurrency: env.DATALABS_ANSWER_CONCURRENCY, leaseMs: env.DATALABS_ANSWER_LEASE_MS, ingressQuietMs: env.DATALABS_INGRESS_QUIET_MS },
    web: env.PUBLIC_URL && webSecret ? { publicUrl: env.PUBLIC_URL.replace(/\/+$/, ''), secret: webSecret, links: env.DATALABS_WEB_LINKS, linkTtlMs: env.DATALABS_WEB_LINK_DAYS * 86_400_000 } : undefined,
    claude: env.ANTHROPIC_API_KEY ? { apiKey: env.ANTHROPIC_API_KEY, model: env.ANTHROPIC_MODEL, baseURL: env.ANTHROPIC_BASE_URL, budgetUsd: env.ANTHROPIC_BUDGET_USD } : undefined,
    limits: {
      timeoutMs: env.QUERY_TIMEOUT_MS,
      maxResultRows: env.QUERY_MAX_RESULT_ROWS,
      maxRowsToRead: env.QUERY_MAX_ROWS_TO_READ,
      maxMemoryBytes: env.QUERY_MAX_MEMORY_BYTES,
    },
  };
}

/** Parses an ISO time for `--now`; one-line BAD_INPUT error otherwise. */
export function parseNow(value: string, flag = '--now'): Date {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new DatalabsError('BAD_INPUT', `${flag}: expected an ISO date-time such as 2025-06-30T18:00:00Z, got "${value}"`);
  return new Date(ms);
}
