/**
 * The fake Discord gateway (v10, JSON encoding, no compression): HELLO,
 * IDENTIFY → READY + GUILD_CREATE, heartbeat ACKs, dispatches filtered by
 * the session's intents, and Discord's close codes for what the real
 * gateway refuses (4001 unknown opcode, 4002 decode error, 4003 not
 * authenticated, 4004 bad token, 4005 already authenticated, 4012 bad
 * version, 4013 invalid intents, 4014 disallowed intents).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export const INTENTS = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const;

const PRIVILEGED = INTENTS.GuildMembers | INTENTS.GuildPresences | INTENTS.MessageContent;

export interface GatewaySession {
  ws: WebSocket;
  sessionId: string;
  identified: boolean;
  intents: number;
  seq: number;
  heartbeats: number;
  /** The query string the client connected with. */
  query: URLSearchParams;
  identify?: Record<string, unknown>;
}

export interface GatewayOptions {
  token: () => string;
  /** Privileged intents the application has enabled (default: Message Content only). */
  allowedPrivilegedIntents: number;
  heartbeatIntervalMs: number;
  /** READY and GUILD_CREATE payloads for a newly identified session. */
  onIdentify: (session: GatewaySession) => { ready: Record<string, unknown>; guilds: Record<string, unknown>[] };
  resumeUrl: () => string;
  /** The bot's own messages keep their content without the Message Content intent. */
  botUserId: string;
}

/** Which intent a dispatch needs (undefined: always sent). */
function intentFor(t: string, d: Record<string, any>): number | undefined {
  if (t.startsWith('THREAD_') || t.startsWith('GUILD_') || t.startsWith('CHANNEL_')) return INTENTS.Guilds;
  if (t.startsWith('MESSAGE_')) return d.guild_id ? INTENTS.GuildMessages : INTENTS.DirectMessages;
  return undefined;
}

export function createFakeGateway(opts: GatewayOptions) {
  const wss = new WebSocketServer({ noServer: true });
  const sessions = new Set<GatewaySession>();
  let counter = 0;

  function sendRaw(s: GatewaySession, payload: Record<string, unknown>): void {
    if (s.ws.readyState === s.ws.OPEN) s.ws.send(JSON.stringify(payload));
  }

  function dispatchTo(s: GatewaySession, t: string, d: Record<string, unknown>): void {
    s.seq += 1;
    sendRaw(s, { op: 0, t, s: s.seq, d });
  }

  function onPayload(s: GatewaySession, raw: string): void {
    let msg: { op?: unknown; d?: any };
    try {
      msg = JSON.parse(raw);
    } catch {
      s.ws.close(4002, 'Error while decoding payload.');
      return;
    }
    switch (msg.op) {
      case 1: // heartbeat
        s.heartbeats += 1;
        sendRaw(s, { op: 11 });
        return;
      case 2: {
        // identify
        if (s.identified) return s.ws.close(4005, 'Already authenticated.');
        const d = msg.d ?? {};
        if (typeof d.token !== 'string' || typeof d.intents !== 'number' || typeof d.properties !== 'object' || d.properties === null) {
          return s.ws.close(4002, 'Error while decoding payload.');
        }
        if (d.token.replace(/^Bot\s+/, '') !== opts.token()) return s.ws.close(4004, 'Authentication failed.');
        if (!Number.isInteger(d.intents) || d.intents < 0 || d.intents >= 1 << 26) return s.ws.close(4013, 'Invalid intent(s).');
        if ((d.intents & PRIVILEGED & ~opts.allowedPrivilegedIntents) !== 0) return s.ws.close(4014, 'Disallowed intent(s).');
        s.identified = true;
        s.intents = d.intents;
        s.identify = d;
        const { ready, guilds } = opts.onIdentify(s);
        dispatchTo(s, 'READY', { ...ready, session_id: s.sessionId, resume_gateway_url: opts.resumeUrl() });
        if (s.intents & INTENTS.Guilds) for (const g of guilds) dispatchTo(s, 'GUILD_CREATE', g);
        return;
      }
      case 6: // resume: sessions are not kept, so the client must identify again
        sendRaw(s, { op: 9, d: false });
        return;
      case 3: // presence update
      case 4: // voice state
      case 8: // request guild members
        if (!s.identified) s.ws.close(4003, 'Not authenticated.');
        return;
      default:
        s.ws.close(4001, 'Unknown opcode.');
    }
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const session: GatewaySession = { ws, sessionId: `fake-session-${++counter}`, identified: false, intents: 0, seq: 0, heartbeats: 0, query: url.searchParams };
      sessions.add(session);
      ws.on('close', () => sessions.delete(session));
      ws.on('message', (data, isBinary) => {
        if (isBinary) return ws.close(4002, 'Error while decoding payload.');
        onPayload(session, data.toString());
      });
      if (url.searchParams.get('v') !== '10') return ws.close(4012, 'Invalid API version.');
      if (url.searchParams.get('encoding') !== 'json') return ws.close(4002, 'Error while decoding payload.');
      // The fake speaks plain JSON only; zlib-stream is a real-gateway feature we do not emulate.
      if (url.searchParams.has('compress')) return ws.close(4002, 'Error while decoding payload.');
      sendRaw(session, { op: 10, d: { heartbeat_interval: opts.heartbeatIntervalMs } });
    });
  }

  return {
    handleUpgrade,
    sessions,
    /** Sends a dispatch to every identified session whose intents allow it. */
    dispatch(t: string, d: Record<string, unknown>): number {
      const need = intentFor(t, d as Record<string, any>);
      let n = 0;
      for (const s of sessions) {
        if (!s.identified) continue;
        if (need !== undefined && (s.intents & need) === 0) continue;
        let payload = d;
        // Without the Message Content intent, message content arrives empty (as on Discord), except in DMs with the bot.
        const own = (d as Record<string, any>).author?.id === opts.botUserId;
        const dm = !(d as Record<string, any>).guild_id;
        if (t === 'MESSAGE_CREATE' && !own && !dm && (s.intents & INTENTS.MessageContent) === 0) payload = { ...d, content: '', embeds: [], attachments: [], components: [] };
        dispatchTo(s, t, payload);
        n++;
      }
      return n;
    },
    close(): void {
      for (const s of sessions) s.ws.terminate();
      sessions.clear();
      wss.close();
    },
  };
}

export type FakeGateway = ReturnType<typeof createFakeGateway>;
