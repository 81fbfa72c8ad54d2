/**
 * Shape checks of a signed Slack request body, before bolt sees it. Bolt
 * parses the body again and reads fields without checking their types (a
 * signed JSON `null` threw inside bolt's request handler, outside any
 * promise anyone awaited, and took the process down). Every field the
 * adapter or bolt reads is checked here; anything else is refused (400) or,
 * for a well-formed envelope we do not handle, acknowledged and ignored
 * (Slack retries anything that is not a 2xx).
 */
import querystring from 'node:querystring';
import { DatalabsError } from '../../bot/contracts/errors.ts';

/** What to do with a signed request body. */
export type SlackBodyVerdict =
  /** Hand the request to bolt; `contentType` is the bare media type bolt expects. */
  | {
      action: 'dispatch';
      contentType: 'application/json' | 'application/x-www-form-urlencoded';
      kind: string;
      /** A slash command's fields, already parsed and checked (the adapter answers commands without bolt). */
      form?: Record<string, string>;
    }
  /** A well-formed envelope the adapter does not handle: acknowledge with 200 and drop it. */
  | { action: 'ignore'; reason: string }
  | { action: 'refuse'; status: 400 | 415; reason: string };

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const optString = (v: unknown): boolean => v === undefined || typeof v === 'string';
const reqString = (v: unknown): boolean => typeof v === 'string' && v.length > 0;

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(header: string | string[] | undefined): string {
  const v = Array.isArray(header) ? header[0] : header;
  return String(v ?? '').split(';')[0].trim().toLowerCase();
}

function refuse(reason: string): SlackBodyVerdict {
  return { action: 'refuse', status: 400, reason };
}

/** `fields` must each be a string when present. */
function strings(obj: Json, fields: string[]): string | undefined {
  for (const f of fields) if (!optString(obj[f])) return f;
  return undefined;
}

/** An optional object whose listed fields are optional strings. */
function optObject(v: unknown, fields: string[], allowNull = false): boolean {
  if (v === undefined || (allowNull && v === null)) return true;
  return isObject(v) && strings(v, fields) === undefined;
}

/** Checks every field of a block_actions payload the adapter or bolt reads. */
export function checkBlockActions(body: Json): SlackBodyVerdict {
  if (!isObject(body.user) || !reqString(body.user.id) || strings(body.user, ['username', 'name', 'team_id'])) return refuse('block_actions.user');
  if (!optObject(body.team, ['id'], true)) return refuse('block_actions.team');
  if (!optObject(body.channel, ['id', 'name'])) return refuse('block_actions.channel');
  if (!optObject(body.container, ['type', 'channel_id', 'message_ts', 'thread_ts'])) return refuse('block_actions.container');
  if (!optObject(body.message, ['ts', 'thread_ts', 'text', 'user', 'type'])) return refuse('block_actions.message');
  if (!optString(body.trigger_id) || !optString(body.response_url) || !optString(body.api_app_id)) return refuse('block_actions strings');
  if (!optObject(body.enterprise, ['id', 'name'], true)) return refuse('block_actions.enterprise');
  if (!Array.isArray(body.actions) || body.actions.length === 0 || body.actions.length > 25) return refuse('block_actions.actions');
  for (const a of body.actions) {
    if (!isObject(a) || !reqString(a.action_id) || strings(a, ['value', 'action_ts', 'block_id', 'type'])) return refuse('block_actions.actions[]');
  }
  return { action: 'dispatch', contentType: 'application/x-www-form-urlencoded', kind: 'block_actions' };
}

const MESSAGE_EVENT_FIELDS = ['type', 'subtype', 'user', 'bot_id', 'text', 'ts', 'thread_ts', 'parent_user_id', 'channel', 'channel_type', 'team', 'event_ts', 'client_msg_id', 'user_team'];

/** What is wrong with a message / app_mention event, or undefined when every field the adapter reads has its type. */
export function messageEventProblem(ev: unknown): string | undefined {
  if (!isObject(ev)) return 'event';
  const badField = strings(ev, MESSAGE_EVENT_FIELDS);
  if (badField) return `event.${badField}`;
  if (!reqString(ev.channel) || !reqString(ev.ts)) return 'event.channel/ts';
  return undefined;
}

/** What is wrong with a slash command body, or undefined when it is well-formed. */
export function slashCommandProblem(form: unknown): string | undefined {
  if (!isObject(form)) return 'command body';
  if (typeof form.command !== 'string' || !/^\/\S{1,64}$/.test(form.command)) return 'command';
  if (!reqString(form.channel_id) || !reqString(form.user_id)) return 'channel_id/user_id';
  return strings(form, COMMAND_STRING_FIELDS);
}

function checkEventCallback(body: Json): SlackBodyVerdict {
  const ev = body.event;
  if (!isObject(ev) || !reqString(ev.type)) return refuse('event_callback.event');
  const bad = strings(body, ['team_id', 'enterprise_id', 'api_app_id', 'event_id', 'context_team_id', 'context_enterprise_id']);
  if (bad) return refuse(`event_callback.${bad}`);
  if (body.authorizations !== undefined && (!Array.isArray(body.authorizations) || !body.authorizations.every(isObject))) return refuse('event_callback.authorizations');
  if (body.is_enterprise_install !== undefined && typeof body.is_enterprise_install !== 'boolean') return refuse('event_callback.is_enterprise_install');
  // Bolt reads `event.item.channel` (reactions and the like) and `event.channel`.
  if (ev.item !== undefined && !isObject(ev.item)) return refuse('event.item');
  if (ev.type === 'message' || ev.type === 'app_mention') {
    const bad = messageEventProblem(ev);
    if (bad) return refuse(bad);
    return { action: 'dispatch', contentType: 'application/json', kind: `event:${ev.type}` };
  }
  // Other events: bolt has no listener for them and acknowledges them itself.
  if (!optString(ev.channel) && !isObject(ev.channel)) return refuse('event.channel');
  return { action: 'ignore', reason: `event ${String(ev.type).slice(0, 40)} not handled` };
}

function checkJson(raw: Buffer): SlackBodyVerdict {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return refuse('body is not JSON');
  }
  if (!isObject(body)) return refuse('body is not a JSON object');
  if (!reqString(body.type)) return refuse('type');
  switch (body.type) {
    case 'url_verification':
      return reqString(body.challenge) && (body.challenge as string).length <= 1000 ? { action: 'dispatch', contentType: 'application/json', kind: 'url_verification' } : refuse('challenge');
    case 'event_callback':
      return checkEventCallback(body);
    case 'block_actions': {
      // Slack posts interactions as forms; a JSON one is accepted when it is well-formed.
      const v = checkBlockActions(body);
      return v.action === 'dispatch' ? { ...v, contentType: 'application/json' } : v;
    }
    default:
      return { action: 'ignore', reason: `envelope ${String(body.type).slice(0, 40)} not handled` };
  }
}

const COMMAND_FIELDS = ['command', 'text', 'channel_id', 'channel_name', 'user_id', 'user_name', 'team_id', 'team_domain', 'enterprise_id', 'enterprise_name', 'trigger_id', 'response_url', 'api_app_id', 'token', 'is_enterprise_install'];
const COMMAND_STRING_FIELDS = COMMAND_FIELDS.filter((f) => f !== 'is_enterprise_install');

function checkForm(raw: Buffer): SlackBodyVerdict {
  // The same parser bolt uses, so both see the same fields.
  const form = querystring.parse(raw.toString('utf8'));
  for (const k in form) if (typeof form[k] !== 'string') return refuse(`form field ${k.slice(0, 40)} given more than once`);
  if (form.ssl_check !== undefined) return { action: 'ignore', reason: 'ssl_check' };
  if (form.payload !== undefined) {
    let payload: unknown;
    try {
      payload = JSON.parse(form.payload as string);
    } catch {
      return refuse('payload is not JSON');
    }
    if (!isObject(payload)) return refuse('payload is not a JSON object');
    if (!reqString(payload.type)) return refuse('payload.type');
    if (payload.type === 'block_actions') return checkBlockActions(payload);
    return { action: 'ignore', reason: `interaction ${String(payload.type).slice(0, 40)} not handled` };
  }
  if (form.command === undefined) return refuse('neither payload nor command');
  const bad = slashCommandProblem(form);
  if (bad) return refuse(bad);
  return { action: 'dispatch', contentType: 'application/x-www-form-urlencoded', kind: 'command', form: form as Record<string, string> };
}

/**
 * A slash command's form body (signed and checked when it arrived, journaled as it came) as its fields; throws a
 * BAD_INPUT DatalabsError when it is no well-formed command.
 */
export function slashCommandForm(body: string): Record<string, string> & { command: string; channel_id: string; user_id: string } {
  const form = querystring.parse(body);
  for (const k in form) if (typeof form[k] !== 'string') throw new DatalabsError('BAD_INPUT', `slash command: form field ${k.slice(0, 40)} given more than once`);
  const bad = slashCommandProblem(form);
  if (bad) throw new DatalabsError('BAD_INPUT', `slash command: malformed ${bad}`);
  return form as Record<string, string> & { command: string; channel_id: string; user_id: string };
}

/** Checks a body whose signature is already verified. */
export function checkSlackBody(contentType: string | string[] | undefined, raw: Buffer): SlackBodyVerdict {
  const type = mediaType(contentType);
  if (type === 'application/json') return checkJson(raw);
  if (type === 'application/x-www-form-urlencoded') return checkForm(raw);
  return { action: 'refuse', status: 415, reason: `content-type ${type.slice(0, 60) || '(none)'}` };
}

/**
 * What is wrong with a body bolt has already parsed (Socket Mode envelopes,
 * or anything that reaches the listeners), or undefined. Used by a global
 * middleware so a malformed command is acknowledged and dropped before
 * bolt's own matching reads it.
 */
export function parsedBodyProblem(body: unknown): string | undefined {
  if (!isObject(body)) return 'body is not an object';
  if (body.command !== undefined) return slashCommandProblem(body);
  if (body.type === 'block_actions') {
    const v = checkBlockActions(body);
    return v.action === 'refuse' ? v.reason : undefined;
  }
  if (body.type === 'event_callback') {
    const ev = body.event;
    if (!isObject(ev) || typeof ev.type !== 'string') return 'event_callback.event';
    if (ev.type === 'message' || ev.type === 'app_mention') return messageEventProblem(ev);
  }
  return undefined;
}
