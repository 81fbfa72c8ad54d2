/**
 * Sign-in from chat and the workspace console on `datalabs serve`'s server:
 *   GET  /login?id=…&w=…&exp=…&sig=…   who signs in where, and a Sign in button
 *   POST /login?…                      uses the link once: session cookie, then /w/<id>
 *   POST /logout                       ends the session (CSRF token)
 *   GET  /w/<id>[?q=…][&before=<id>]   the console (history search, paged; saved queries, alerts; admins: members, audit)
 *   POST /w/<id>/saved/run|rename|delete   the console's actions (CSRF token, same-origin)
 *   POST /w/<id>/alerts/pause|resume|delete   chat's `/alert <verb> <name>` (same role check and audit rows)
 * The session cookie is HttpOnly, SameSite=Lax, Secure (and `__Host-`) when PUBLIC_URL is https.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpRoute } from '../../contracts/chat.ts';
import type { Logger } from '../../contracts/logger.ts';
import { isDatalabsError } from '../../contracts/errors.ts';
import { ALERT_VERBS, csrfMatches, type AlertVerb, type WebApp, type WebSession } from '../../core/web/index.ts';
import type { WorkspaceContext } from '../../core/workspace/index.ts';
import { renderErrorPage } from './answer-html.ts';
import { renderConsole, renderLoginPage, renderSignedOut, type Flash } from './console-html.ts';

/** The console's policy: like the answer page's, and its forms may post to this server only. */
export const CONSOLE_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const MAX_FORM_BYTES = 16_384;
const isAlertVerb = (v: string | undefined): v is AlertVerb => (ALERT_VERBS as readonly string[]).includes(v ?? '');

export function sendPage(res: ServerResponse, status: number, html: string, extra: Record<string, string | string[]> = {}): void {
  res
    .writeHead(status, {
      'content-security-policy': CONSOLE_CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      // same-origin, not no-referrer: the forms' POSTs then carry this server's Origin (no-referrer sends "null").
      'referrer-policy': 'same-origin',
      'x-frame-options': 'DENY',
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...extra,
    })
    .end(html);
}

const LOGIN_REFUSED: Record<string, string> = {
  used: 'This sign-in link was used already. Send /datalabs web in chat for a new one.',
  expired: 'This sign-in link has expired. Send /datalabs web in chat for a new one.',
  no_role: 'You hold no role in this workspace any more: ask one of its admins.',
};
const loginRefused = (reason: string) => renderErrorPage(403, 'Forbidden', LOGIN_REFUSED[reason] ?? 'This sign-in link is not valid. Send /datalabs web in chat for a new one.');
export const SIGN_IN_FIRST = () => renderErrorPage(401, 'Sign in first', 'Send /datalabs web in chat, sign in with the link, then open this page again.');
export const OTHER_WORKSPACE = () => renderErrorPage(403, 'Forbidden', 'You are signed in to another workspace, or hold no role in this one. Send /datalabs web in a chat of this workspace.');

/** The session cookie's name and attributes for this deployment. */
export function sessionCookie(publicUrl: string): { name: string; secure: boolean } {
  const secure = publicUrl.startsWith('https://');
  return { name: secure ? '__Host-dl_session' : 'dl_session', secure };
}

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export function createConsoleRoutes(opts: { web: WebApp; logger: Logger }): HttpRoute[] & { sessionOf(req: IncomingMessage): Promise<WebSession | undefined> } {
  const { web, logger } = opts;
  const cookie = sessionCookie(web.publicUrl);
  const origin = new URL(web.publicUrl).origin;
  const maxAge = Math.floor(web.sessions.sessionTtlMs / 1000);
  const setCookie = (token: string) => `${cookie.name}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${cookie.secure ? '; Secure' : ''}`;
  const clearCookie = `${cookie.name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${cookie.secure ? '; Secure' : ''}`;
  /** A POST from another site (Origin sent and not ours) is refused whatever it carries. */
  const sameOrigin = (req: IncomingMessage) => req.headers.origin === undefined || req.headers.origin === origin;
  const sessionOf = async (req: IncomingMessage) => web.sessions.session(readCookie(req, cookie.name));

  async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET') {
      const found = await web.console.describeLogin(url.searchParams);
      if (!found.ok) {
        sendPage(res, 403, loginRefused(found.reason));
        return;
      }
      sendPage(res, 200, renderLoginPage(found.login, found.workspaceName, `/login?${url.searchParams}`));
      return;
    }
    if (!sameOrigin(req)) {
      sendPage(res, 403, loginRefused('cross_site'));
      return;
    }
    const signed = await web.console.signIn(url.searchParams);
    if (!signed.ok) {
      logger.info({ reason: signed.reason }, 'web sign-in refused');
      sendPage(res, 403, loginRefused(signed.reason));
      return;
    }
    // One session per browser: the one this cookie held (another workspace's, say) ends.
    const previousToken = readCookie(req, cookie.name);
    const previous = await web.sessions.session(previousToken);
    if (previous && previousToken) await web.console.signOut(previousToken, previous);
    res.writeHead(303, { location: `/w/${signed.session.workspaceId}`, 'set-cookie': setCookie(signed.token), 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }).end();
  }

  async function logout(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const token = readCookie(req, cookie.name);
    const session = await web.sessions.session(token);
    const form = await readForm(req);
    if (session && token) {
      if (!sameOrigin(req) || !csrfMatches(session, form?.get('csrf'))) {
        sendPage(res, 403, renderErrorPage(403, 'Forbidden', 'This form has expired: reload the page and try again.'));
        return;
      }
      await web.console.signOut(token, session);
    }
    sendPage(res, 200, renderSignedOut(), { 'set-cookie': clearCookie });
  }

  /** The session and its access to /w/<id>, or the page that says why not (sent). */
  async function enter(req: IncomingMessage, res: ServerResponse, workspaceId: number): Promise<{ session: WebSession; ctx: WorkspaceContext } | undefined> {
    const session = await sessionOf(req);
    if (!session) {
      sendPage(res, 401, SIGN_IN_FIRST());
      return undefined;
    }
    const access = await web.console.access(session, workspaceId);
    if (!access.ok) {
      logger.info({ workspaceId, reason: access.reason }, 'console access refused');
      sendPage(res, 403, OTHER_WORKSPACE());
      return undefined;
    }
    return { session, ctx: access.ctx };
  }

  async function consolePage(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = /^\/w\/(\d{1,9})(?:\/(saved|alerts)\/(run|rename|delete|pause|resume))?$/.exec(url.pathname);
    const action = m?.[2] === 'saved' && ['run', 'rename', 'delete'].includes(m[3]) ? `saved.${m[3]}` : m?.[2] === 'alerts' && isAlertVerb(m[3]) ? `alerts.${m[3]}` : undefined;
    if (!m || (req.method === 'GET') !== (m[2] === undefined) || (m[2] !== undefined && !action)) {
      sendPage(res, 404, renderErrorPage(404, 'Not found', 'There is no such page.'));
      return;
    }
    const workspaceId = Number(m[1]);
    const entered = await enter(req, res, workspaceId);
    if (!entered) return;
    const { session, ctx } = entered;
    let flash: Flash | undefined;
    let status = 200;
    if (action) {
      const form = await readForm(req);
      if (!sameOrigin(req) || !csrfMatches(session, form?.get('csrf'))) {
        sendPage(res, 403, renderErrorPage(403, 'Forbidden', 'This form has expired: reload the page and try again.'));
        return;
      }
      const name = (form?.get('name') ?? '').slice(0, 100);
      try {
        if (action === 'saved.rename') {
          const renamed = await web.console.rename(ctx, name, form?.get('to') ?? '');
          flash = { kind: 'ok', text: `Renamed "${name}" to "${renamed.name}".` };
        } else {
          const reply =
            action === 'saved.run'
              ? await web.console.run(ctx, session, name)
              : action === 'saved.delete'
                ? await web.console.remove(ctx, session, name)
                : await web.console.alert(ctx, session, m[3] as AlertVerb, name);
          if (reply.error) {
            flash = { kind: 'error', text: reply.text };
            status = reply.error.code === 'FORBIDDEN' ? 403 : reply.error.code === 'NOT_FOUND' ? 404 : 400;
          } else {
            const open = reply.links?.[0];
            flash = { kind: 'ok', text: reply.text.split('\n')[0], link: open ? { label: 'Open the answer', url: open.url } : undefined };
          }
        }
      } catch (err) {
        if (!isDatalabsError(err) || err.code === 'INTERNAL') throw err;
        flash = { kind: 'error', text: err.message.split('\n')[0] };
        status = err.code === 'FORBIDDEN' ? 403 : err.code === 'NOT_FOUND' ? 404 : 400;
      }
    }
    const before = /^\d{1,15}$/.test(url.searchParams.get('before') ?? '') ? Number(url.searchParams.get('before')) : undefined;
    const view = await web.console.view(ctx, action ? {} : { query: url.searchParams.get('q') ?? '', before });
    sendPage(res, status, renderConsole(view, { csrf: session.csrfToken, flash }));
  }

  const routes: HttpRoute[] = [
    { method: 'GET', path: '/login', handler: login },
    { method: 'POST', path: '/login', handler: login },
    { method: 'POST', path: '/logout', handler: logout },
    { method: 'GET', path: '/w/', prefix: true, handler: consolePage },
    { method: 'POST', path: '/w/', prefix: true, handler: consolePage },
  ];
  return Object.assign(routes, { sessionOf });
}
