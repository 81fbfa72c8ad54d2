/**
 * Versioned migrations of the metadata store: one list, one dialect, for
 * PostgreSQL and PGlite alike. Append new entries; never edit an applied one.
 * `runMigrations` applies the pending ones in one transaction that first
 * takes `pg_advisory_xact_lock`, so two replicas starting together never
 * race: the second waits, then finds nothing left to do.
 */
import type { Logger } from '../../contracts/logger.ts';
import type { Db } from './db.ts';
import { WEB_SESSIONS_MIGRATION } from './web-sessions-migration.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Advisory-lock key of the migration runner ("datalabs" in ASCII, folded into an int8). */
export const MIGRATION_LOCK_KEY = 0x646174616c616273n;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'workspaces, members, history, saved queries, audit log',
    sql: `
CREATE TABLE workspaces (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  -- null: the process's default ClickHouse (embedded chDB or CLICKHOUSE_URL)
  clickhouse jsonb,
  -- databases read in full, and single tables as "database.table"
  allowed_databases jsonb NOT NULL DEFAULT '[]',
  allowed_tables jsonb NOT NULL DEFAULT '[]',
  -- null: the default semantic model
  semantic_model text,
  -- role of people in a bound chat who are not members; null: members only
  default_role text CHECK (default_role IN ('viewer', 'analyst')),
  -- days of query history kept; null: the process default
  history_retention_days integer CHECK (history_retention_days > 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX workspaces_name_key ON workspaces (lower(name));

CREATE TABLE chat_bindings (
  platform text NOT NULL,
  workspace_key text NOT NULL,
  -- '' binds every channel of the team / chat / guild
  channel_id text NOT NULL DEFAULT '',
  workspace_id integer NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (platform, workspace_key, channel_id)
);
CREATE INDEX chat_bindings_workspace ON chat_bindings (workspace_id);

CREATE TABLE members (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id integer NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  display_name text,
  role text NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX members_workspace ON members (workspace_id);

-- A chat user (platform + user id) is a member of a workspace; several
-- identities (one person on Slack and Telegram) may point at one member.
-- Identities are per workspace: linking in one workspace never grants
-- anything in another.
CREATE TABLE identities (
  workspace_id integer NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  platform text NOT NULL,
  user_id text NOT NULL,
  member_id integer NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  display_name text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, platform, user_id)
);
CREATE INDEX identities_member ON identities (member_id);

CREATE TABLE query_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id integer NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  member_id integer REFERENCES members (id) ON DELETE SET NULL,
  platform text NOT NULL,
  workspace_key text NOT NULL,
  channel_id text NOT NULL,
  thread_id text,
  user_id text NOT NULL,
  user_name text,
  -- what was asked: a question in words, or SQL (then question holds the SQL as sent)
  kind text NOT NULL CHECK (kind IN ('question', 'sql')),
  -- how it was asked: typed in chat, a re-run of an entry, a saved query, a template, an alert
  origin text NOT NULL DEFAULT 'chat' CHECK (origin IN ('chat', 'rerun', 'saved', 'template', 'alert')),
  question text NOT NULL,
  sql text,
  outcome text NOT NULL CHECK (outcome IN ('ok', 'error', 'rejected', 'forbidden')),
  error_code text,
  error_message text,
  duration_ms integer,
  row_count integer,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX query_history_workspace ON query_history (workspace_id, id DESC);
CREATE INDEX query_history_created ON query_history (created_at);

CREATE TABLE saved_queries (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id integer NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9_.-]{0,63}$'),
  kind text NOT NULL CHECK (kind IN ('question', 'sql')),
  question text NOT NULL,
  sql text,
  created_by integer REFERENCES members (id) ON DELETE SET NULL,
  created_by_user text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, name)
);

-- Append-only: no foreign key (entries outlive what they describe) and a
-- trigger refuses UPDATE, DELETE and TRUNCATE.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id integer,
  actor text NOT NULL,
  action text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_workspace ON audit_log (workspace_id, id DESC);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$fn$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
`,
  },
  {
    version: 2,
    name: 'setup invites, hash-chained audit log',
    sql: `
-- One-time codes for /datalabs setup (DATALABS_SETUP=invite). Only the
-- sha256 of a code is stored; a code is used once, before it expires.
CREATE TABLE setup_invites (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code_hash text NOT NULL UNIQUE,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  used_by text,
  workspace_id integer
);

-- The audit chain: seq is the position in the chain (1, 2, …), prev_hash the
-- hash of entry seq-1 ('' for the first), hash = sha256(prev_hash + canonical
-- content), computed by the application (bot/store/audit-repo.ts). Entries
-- written before this migration keep seq/hash NULL ("before the chain").
ALTER TABLE audit_log ADD COLUMN seq bigint UNIQUE;
ALTER TABLE audit_log ADD COLUMN prev_hash text;
ALTER TABLE audit_log ADD COLUMN hash text;

-- The chain head: appends lock this row (SELECT … FOR UPDATE), so they are
-- serialised and the chain never forks.
CREATE TABLE audit_chain_head (
  id integer PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, '');
`,
  },
  {
    version: 3,
    name: 'conversation answers and thread state',
    sql: `
-- What a later button press or follow-up needs (bot/store/conversation-repo.ts),
-- here rather than in process memory so it survives restarts and replicas share it.
-- An answer goes with its query history entry (the history purge cascades here);
-- reads also ignore rows past the workspace's history retention.
CREATE TABLE conversation_answers (
  -- the core's 128-bit random id (base64url)
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  -- null: answered without workspaces
  workspace_id integer REFERENCES workspaces (id) ON DELETE CASCADE,
  history_id bigint REFERENCES query_history (id) ON DELETE CASCADE,
  conversation jsonb NOT NULL,
  title text NOT NULL,
  -- the SQL that ran, after the guard
  sql text NOT NULL,
  columns jsonb NOT NULL,
  -- the rows shown, for Export CSV; null when too large to keep (the SQL is re-run through the guard)
  rows jsonb,
  truncated boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);
CREATE INDEX conversation_answers_created ON conversation_answers (created_at);
CREATE INDEX conversation_answers_history ON conversation_answers (history_id);

-- Refinement state per thread (platform:workspace key:channel:thread).
CREATE TABLE conversation_threads (
  thread_key text PRIMARY KEY,
  workspace_id integer REFERENCES workspaces (id) ON DELETE CASCADE,
  -- the thread's latest answer: the thread's state goes with it
  answer_id text REFERENCES conversation_answers (id) ON DELETE CASCADE,
  state jsonb,
  updated_at timestamptz NOT NULL
);
CREATE INDEX conversation_threads_updated ON conversation_threads (updated_at);
CREATE INDEX conversation_threads_answer ON conversation_threads (answer_id);
`,
  },
  {
    version: 4,
    name: 'message claims (inbound dedupe)',
    sql: `
-- One row per inbound platform event the chat core has taken on
-- (bot/store/conversation-repo.ts claimMessage): a Slack retry, a duplicate
-- event id, a Telegram update or Discord interaction seen again — after a
-- restart or on another replica — finds its key here and is not answered twice.
-- The claim is one INSERT … ON CONFLICT, atomic across processes. Rows are
-- purged after a day (claims older than that no longer count).
CREATE TABLE message_claims (
  -- platform:message id, as the core builds it (long ids hashed)
  message_key text PRIMARY KEY CHECK (length(message_key) BETWEEN 1 AND 300),
  created_at timestamptz NOT NULL
);
CREATE INDEX message_claims_created ON message_claims (created_at);
`,
  },
  {
    version: 5,
    name: 'inbound message log, adapter memory',
    sql: `
-- The inbound message log (bot/infra/store/inbound-repo.ts): a claimed event
-- now also keeps the message it carried and where its answer stands, so the
-- answer queue can hold ids only and any process can answer it. Rows claimed
-- before this migration (or by the direct path) read as answered.
ALTER TABLE message_claims
  ADD COLUMN payload jsonb,
  ADD COLUMN state text NOT NULL DEFAULT 'answered' CHECK (state IN ('queued', 'answering', 'answered', 'failed')),
  ADD COLUMN lease_until timestamptz,
  ADD COLUMN attempts integer NOT NULL DEFAULT 0;
CREATE INDEX message_claims_pending ON message_claims (created_at) WHERE state IN ('queued', 'answering');
-- What an adapter must remember between messages, shared by every process
-- (bot/infra/store/adapter-memory-repo.ts): e.g. which thread a bot message is in.
CREATE TABLE adapter_memory (
  key text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 300),
  value text NOT NULL CHECK (length(value) <= 4000),
  expires_at timestamptz NOT NULL
);
CREATE INDEX adapter_memory_expires ON adapter_memory (expires_at);
`,
  },
  {
    version: 6,
    name: 'alert rules',
    sql: `
-- Alert rules (bot/infra/store/alert-rule-repo.ts; alerts/rules): the rule as
-- written (validated JSON), whether it runs, and where it came from. Every
-- change is committed with its audit-log row. workspace_id null: the
-- process's default workspace (CLI without --workspace).
CREATE TABLE alert_rules (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id integer REFERENCES workspaces (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  spec jsonb NOT NULL,
  state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused')),
  -- the file it was applied from (alerts as code); null: made in chat or by hand
  source_file text CHECK (length(source_file) <= 1000),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX alert_rules_name_key ON alert_rules (coalesce(workspace_id, 0), lower(name));
CREATE INDEX alert_rules_active ON alert_rules (state) WHERE state = 'active';
`,
  },
  {
    version: 7,
    name: 'alert lifecycle state',
    sql: `
-- The alert lifecycle's state (bot/infra/store/alert-state-repo.ts, the
-- AlertStateStore of alerts/lifecycle/store.ts): series states, aggregation
-- groups and their timers, the notification log, the outbox and silences,
-- shared by every worker. Times are epoch milliseconds (the lifecycle's \`now\`).
-- seq columns keep insertion order where the lifecycle sees it.
CREATE TABLE alert_series (
  rule_id text NOT NULL,
  fingerprint text NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  state jsonb NOT NULL,
  PRIMARY KEY (rule_id, fingerprint)
);

-- A new group's version comes from here, so a key deleted and created again
-- never repeats a version a flush may have been planned on.
CREATE SEQUENCE alert_group_version_seq;
CREATE TABLE alert_groups (
  group_key text PRIMARY KEY,
  route_id text NOT NULL,
  receiver text NOT NULL,
  group_labels jsonb NOT NULL,
  timing jsonb NOT NULL,
  send_resolved boolean NOT NULL,
  created_at bigint NOT NULL,
  next_flush_at bigint NOT NULL,
  has_flushed boolean NOT NULL,
  version bigint NOT NULL
);
CREATE INDEX alert_groups_next_flush ON alert_groups (next_flush_at, group_key);

CREATE TABLE alert_group_alerts (
  group_key text NOT NULL REFERENCES alert_groups (group_key) ON DELETE CASCADE,
  fingerprint text NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  state text NOT NULL,
  updated_at bigint NOT NULL,
  alert jsonb NOT NULL,
  PRIMARY KEY (group_key, fingerprint)
);
CREATE INDEX alert_group_alerts_active ON alert_group_alerts (fingerprint, updated_at) WHERE state <> 'resolved';

-- No foreign key: an entry outlives its group (dedup and threads read it when the group comes back).
CREATE TABLE alert_notification_log (
  group_key text NOT NULL,
  receiver text NOT NULL,
  notified_at bigint NOT NULL,
  entry jsonb NOT NULL,
  PRIMARY KEY (group_key, receiver)
);
CREATE INDEX alert_notification_log_notified ON alert_notification_log (notified_at);

CREATE TABLE alert_outbox (
  idempotency_key text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  receiver text NOT NULL,
  group_key text NOT NULL,
  notification jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
  created_at bigint NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  -- not claimed again before this: backoff, or another worker's lease
  next_attempt_at bigint NOT NULL,
  sent_at bigint,
  last_error text
);
CREATE INDEX alert_outbox_due ON alert_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX alert_outbox_created ON alert_outbox (created_at, seq);
CREATE INDEX alert_outbox_sent ON alert_outbox (sent_at) WHERE status = 'sent';

CREATE TABLE alert_silences (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 200),
  seq bigint GENERATED ALWAYS AS IDENTITY,
  matchers jsonb NOT NULL,
  starts_at bigint NOT NULL,
  ends_at bigint NOT NULL,
  created_by text NOT NULL,
  comment text NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);
CREATE INDEX alert_silences_ends ON alert_silences (ends_at);
`,
  },
  {
    version: 8,
    name: 'claude usage and budgets',
    sql: `
-- Claude usage (bot/infra/store/ai-usage-repo.ts): tokens and estimated cost of
-- each answer Claude worked on, per workspace and user; and each workspace's
-- monthly budget. workspace_id null: the process's default workspace (CLI).
CREATE TABLE ai_usage (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id integer REFERENCES workspaces (id) ON DELETE CASCADE,
  user_key text NOT NULL CHECK (length(user_key) BETWEEN 1 AND 300),
  model text NOT NULL CHECK (length(model) <= 100),
  calls integer NOT NULL CHECK (calls >= 0),
  input_tokens integer NOT NULL CHECK (input_tokens >= 0),
  output_tokens integer NOT NULL CHECK (output_tokens >= 0),
  cache_creation_tokens integer NOT NULL CHECK (cache_creation_tokens >= 0),
  cache_read_tokens integer NOT NULL CHECK (cache_read_tokens >= 0),
  cost_usd numeric(14, 6) NOT NULL CHECK (cost_usd >= 0),
  outcome text NOT NULL CHECK (outcome IN ('answer', 'clarify', 'decline', 'failed', 'error')),
  created_at timestamptz NOT NULL
);
CREATE INDEX ai_usage_workspace_time ON ai_usage (coalesce(workspace_id, 0), created_at);
CREATE TABLE ai_budgets (
  -- 0: the process's default workspace
  workspace_key integer PRIMARY KEY,
  monthly_usd numeric(14, 2) NOT NULL CHECK (monthly_usd >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- A clarifying question Claude asked in a thread: the reply continues that conversation.
ALTER TABLE conversation_threads ADD COLUMN pending jsonb;
`,
  },
  {
    version: 9,
    name: 'mcp tokens',
    sql: `
-- Tokens of the MCP server (bot/infra/store/mcp-token-repo.ts): each scopes an MCP
-- client to one workspace. Only the sha256 of a token is stored; it is shown once.
CREATE TABLE mcp_tokens (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id integer NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  created_by text NOT NULL CHECK (length(created_by) BETWEEN 1 AND 300),
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  last_used_at timestamptz
);
CREATE INDEX mcp_tokens_workspace ON mcp_tokens (workspace_id);
`,
  },
  {
    version: 10,
    name: 'designer proposals',
    sql: `
-- Designer proposals (bot/infra/store/design-repo.ts; bot/core/design): the typed
-- design, its DDL and down-migration, where it was proposed and its state, so the
-- Apply / Cancel buttons work after a restart and on any replica.
CREATE TABLE designs (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  workspace_id integer NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  conversation jsonb NOT NULL,
  design jsonb NOT NULL,
  ddl jsonb NOT NULL,
  down jsonb NOT NULL,
  state text NOT NULL CHECK (state IN ('proposed', 'applying', 'applied', 'failed', 'cancelled')),
  created_by text NOT NULL CHECK (length(created_by) BETWEEN 1 AND 300),
  created_at timestamptz NOT NULL,
  decided_by text,
  decided_at timestamptz
);
CREATE INDEX designs_workspace ON designs (workspace_id, created_at);
`,
  },
  {
    version: 11,
    name: 'workspace timezone',
    sql: `
-- The workspace's IANA time zone (bot/core/workspace, /datalabs admin timezone):
-- scheduled reports without their own timezone run their cron and label their
-- runs in it; null: UTC. Validated by the application (Intl) before it is written.
ALTER TABLE workspaces ADD COLUMN timezone text CHECK (timezone IS NULL OR length(timezone) BETWEEN 1 AND 64);
`,
  },
  WEB_SESSIONS_MIGRATION,
  {
    version: 13,
    name: 'answer chart view',
    sql: `
-- How an answer's chart was drawn (kind, category order, the question's period):
-- the answer page (bot/core/web) draws the same chart from the rows it reads again.
ALTER TABLE conversation_answers ADD COLUMN chart jsonb;
`,
  },
  {
    version: 14,
    name: 'inbound journal',
    sql: `
-- The inbound journal of serve on PostgreSQL without Redis (bot/infra/store/pg-inbound-journal.ts):
-- an acknowledged batch as it came, one row per batch, until message_claims records it.
CREATE TABLE inbound_journal (
  process text NOT NULL,
  seq integer NOT NULL,
  appended_at timestamptz NOT NULL,
  entries text NOT NULL,
  PRIMARY KEY (process, seq)
);
-- Written once and deleted within seconds: not worth compressing on the ack path.
ALTER TABLE inbound_journal ALTER COLUMN entries SET STORAGE EXTERNAL;
CREATE INDEX inbound_journal_appended ON inbound_journal (appended_at);
`,
  },
];

/** The restricted role the application's queries run as in PostgreSQL. */
export const APP_ROLE = 'datalabs_app';

/**
 * Creates (once per server) and grants the restricted application role: every
 * table read/write except the audit log, which it may only SELECT and INSERT
 * (no UPDATE, DELETE, TRUNCATE; not its owner, so no ALTER or DISABLE
 * TRIGGER). Run as the owner after the migrations, on every start, so tables
 * added later are granted too. PostgreSQL only (PGlite is one embedded user).
 */
export const APP_ROLE_SQL = `
DO $do$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
    BEGIN
      CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
  END IF;
  -- A non-superuser owner must be a member to SET ROLE to it.
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AND NOT pg_has_role(current_user, '${APP_ROLE}', 'MEMBER') THEN
    BEGIN
      EXECUTE format('GRANT ${APP_ROLE} TO %I', current_user);
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
  END IF;
END
$do$;
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM ${APP_ROLE};
REVOKE INSERT, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_chain_head FROM ${APP_ROLE};
GRANT USAGE ON SCHEMA public TO ${APP_ROLE};
GRANT SELECT, INSERT, UPDATE, DELETE ON workspaces, chat_bindings, members, identities, query_history, saved_queries TO ${APP_ROLE};
GRANT SELECT, INSERT, UPDATE, DELETE ON conversation_answers, conversation_threads TO ${APP_ROLE};
GRANT SELECT, INSERT, UPDATE, DELETE ON message_claims, adapter_memory, inbound_journal TO ${APP_ROLE};
GRANT SELECT, INSERT, UPDATE, DELETE ON alert_rules TO ${APP_ROLE};
GRANT SELECT, INSERT, UPDATE, DELETE ON alert_series, alert_groups, alert_group_alerts, alert_notification_log, alert_outbox, alert_silences TO ${APP_ROLE};
GRANT SELECT, INSERT, UPDATE ON setup_invites TO ${APP_ROLE};
GRANT SELECT, INSERT, UPDATE, DELETE ON designs TO ${APP_ROLE};
GRANT SELECT, INSERT, UPDATE, DELETE ON ai_usage, ai_budgets TO ${APP_ROLE};
GRANT SELECT, INSERT, UPDATE ON mcp_tokens TO ${APP_ROLE};
GRANT SELECT, INSERT, UPDATE, DELETE ON web_logins, web_sessions TO ${APP_ROLE};
GRANT SELECT, INSERT ON audit_log TO ${APP_ROLE};
GRANT SELECT, UPDATE ON audit_chain_head TO ${APP_ROLE};
GRANT SELECT ON schema_migrations TO ${APP_ROLE};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE};
`;

export interface MigrationOutcome {
  /** Versions applied by this call, in order. */
  applied: number[];
  /** Highest version now applied. */
  version: number;
}

/** The highest applied version, 0 when the store is empty. */
export async function currentVersion(db: Db): Promise<number> {
  const exists = await db.query<{ ok: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS ok");
  if (!exists.rows[0]?.ok) return 0;
  const r = await db.query<{ v: number | null }>('SELECT max(version)::int AS v FROM schema_migrations');
  return r.rows[0]?.v ?? 0;
}

/**
 * Applies pending migrations atomically under the advisory lock. A store
 * newer than this program (an unknown version applied) is left untouched.
 */
export async function runMigrations(db: Db, opts: { logger?: Logger; migrations?: readonly Migration[] } = {}): Promise<MigrationOutcome> {
  const list = [...(opts.migrations ?? MIGRATIONS)].sort((a, b) => a.version - b.version);
  return db.transaction(async (tx) => {
    // Taken before anything else, so even creating schema_migrations never races.
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY.toString()]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of list) {
      if (done.has(m.version)) continue;
      opts.logger?.info({ version: m.version, name: m.name }, 'applying metadata migration');
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
      done.add(m.version);
    }
    // The restricted app role and its grants (PostgreSQL, the product's own migration list only).
    if (db.kind === 'postgres' && !opts.migrations) await tx.exec(APP_ROLE_SQL);
    return { applied, version: Math.max(0, ...done) };
  });
}
