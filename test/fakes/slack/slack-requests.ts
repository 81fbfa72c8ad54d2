/**
 * What Slack sends to an app: slash-command forms, Events API envelopes and
 * interaction payloads, signed (v0 HMAC) as Slack signs them, with the
 * retry headers Slack adds when it redelivers.
 */
import crypto from 'node:crypto';

export interface SignOptions {
  signingSecret: string;
  /** Defaults to now. */
  timestampSec?: number;
  /** Sets X-Slack-Retry-Num / X-Slack-Retry-Reason. */
  retryNum?: number;
  /** Replaces the computed signature (forgeries). */
  signature?: string;
  omitHeaders?: boolean;
}

export interface InboundResult {
  status: number;
  body: string;
  elapsedMs: number;
}

export function sign(secret: string, timestampSec: number, body: string): string {
  return `v0=${crypto.createHmac('sha256', secret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

/** POSTs a body to the app the way Slack does. */
export async function postSigned(url: string, body: string, contentType: string, o: SignOptions): Promise<InboundResult> {
  const ts = o.timestampSec ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': contentType, 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)' };
  if (!o.omitHeaders) {
    headers['x-slack-request-timestamp'] = String(ts);
    headers['x-slack-signature'] = o.signature ?? sign(o.signingSecret, ts, body);
  }
  if (o.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(o.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, body: text, elapsedMs: performance.now() - started };
}

export interface SlashCommand {
  command: string;
  text: string;
  channelId: string;
  userId?: string;
  teamId?: string;
  triggerId?: string;
  /** Where Slack would accept delayed responses (default: hooks.slack.com). */
  responseUrl?: string;
}

export function slashCommandFields(c: SlashCommand): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: c.teamId ?? 'T0FAKE',
    team_domain: 'fake',
    channel_id: c.channelId,
    channel_name: 'data',
    user_id: c.userId ?? 'U0ALICE',
    user_name: 'alice',
    command: c.command,
    text: c.text,
    api_app_id: 'A0FAKE',
    is_enterprise_install: 'false',
    response_url: c.responseUrl ?? 'https://hooks.slack.com/commands/T0FAKE/1/abc',
    trigger_id: c.triggerId ?? `${Date.now()}.${crypto.randomInt(1e9)}.${crypto.randomBytes(8).toString('hex')}`,
  };
}

export function slashCommandBody(c: SlashCommand): string {
  return new URLSearchParams(slashCommandFields(c)).toString();
}

export function eventEnvelope(event: Record<string, unknown>, o: { eventId?: string; teamId?: string; botUserId?: string } = {}): Record<string, unknown> {
  return {
    token: 'deprecated-verification-token',
    team_id: o.teamId ?? 'T0FAKE',
    api_app_id: 'A0FAKE',
    event: { event_ts: event.ts, ...event },
    type: 'event_callback',
    event_id: o.eventId ?? `Ev${crypto.randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: o.teamId ?? 'T0FAKE', user_id: o.botUserId ?? 'U0BOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

/** A button press on a message, as a block_actions payload. */
export function blockActionPayload(o: { channelId: string; messageTs: string; threadTs?: string; actionId: string; value: string; blocks?: unknown[]; userId?: string; triggerId?: string }): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: o.userId ?? 'U0ALICE', username: 'alice', name: 'alice', team_id: 'T0FAKE' },
    api_app_id: 'A0FAKE',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: o.messageTs, channel_id: o.channelId, is_ephemeral: false, ...(o.threadTs ? { thread_ts: o.threadTs } : {}) },
    trigger_id: o.triggerId ?? `${Date.now()}.${crypto.randomInt(1e9)}.${crypto.randomBytes(8).toString('hex')}`,
    team: { id: 'T0FAKE', domain: 'fake' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: o.channelId, name: 'data' },
    message: { type: 'message', user: 'U0BOT', bot_id: 'B0BOT', ts: o.messageTs, ...(o.threadTs ? { thread_ts: o.threadTs } : {}), text: '', blocks: o.blocks ?? [] },
    state: { values: {} },
    response_url: 'https://hooks.slack.com/actions/T0FAKE/1/abc',
    actions: [{ action_id: o.actionId, block_id: 'datalabs_actions', text: { type: 'plain_text', text: o.actionId, emoji: true }, value: o.value, type: 'button', action_ts: `${Date.now() / 1000}` }],
  };
}

export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
