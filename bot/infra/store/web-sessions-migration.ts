/**
 * Metadata migration 12: the web console's sign-in (bot/core/web/sessions.ts,
 * bot/app/web/web-session-repo.ts). A login link from `/datalabs web` is kept
 * by the sha256 of its id until used (once) or expired; a session by the
 * sha256 of its cookie token, with its workspace, chat user, role at sign-in,
 * CSRF token, expiry and end (logout).
 */
import type { Migration } from './migrations.ts';

export const WEB_SESSIONS_MIGRATION: Migration = {
  version: 12,
  name: 'web console logins and sessions',
  sql: `
CREATE TABLE web_logins (
  key_hash text PRIMARY KEY CHECK (length(key_hash) = 64),
  workspace_id integer NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  platform text NOT NULL CHECK (length(platform) BETWEEN 1 AND 20),
  user_id text NOT NULL CHECK (length(user_id) BETWEEN 1 AND 200),
  user_name text CHECK (length(user_name) <= 200),
  conversation jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX web_logins_expires ON web_logins (expires_at);
CREATE TABLE web_sessions (
  token_hash text PRIMARY KEY CHECK (length(token_hash) = 64),
  workspace_id integer NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  platform text NOT NULL CHECK (length(platform) BETWEEN 1 AND 20),
  user_id text NOT NULL CHECK (length(user_id) BETWEEN 1 AND 200),
  user_name text CHECK (length(user_name) <= 200),
  role text NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer')),
  conversation jsonb NOT NULL,
  csrf_token text NOT NULL CHECK (length(csrf_token) BETWEEN 32 AND 64),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  ended_at timestamptz
);
CREATE INDEX web_sessions_expires ON web_sessions (expires_at);
`,
};
