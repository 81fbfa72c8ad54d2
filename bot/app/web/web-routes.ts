/**
 * The answer pages' HTTP routes on `datalabs serve`'s server:
 *   GET /a/<id>?w=…&exp=…&sig=…      the page (server-side HTML)
 *   GET /a/<id>.csv?…, /a/<id>.png?…  the downloads, under the same signature
 *   GET /web/static/<file>            the page's own CSS and JS
 *   GET /web/vendor/<file>            vega, vega-lite and vega-embed from node_modules (never a CDN)
 * and the sign-in and console routes (console-routes.ts). A tampered, expired or
 * other-workspace link gets a plain 403 page; with DATALABS_WEB_LINKS=session
 * (the default) an answer also needs a console session of a member of its
 * workspace (401 without one, 403 for a session of another workspace).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpRoute } from '../../contracts/chat.ts';
import type { Logger } from '../../contracts/logger.ts';
import { isDatalabsError } from '../../contracts/errors.ts';
import type { AnswerPages, WebApp } from '../../core/web/index.ts';
import { renderPng } from '../../../renderers/index.ts';
import { renderAnswerPage, renderErrorPage } from './answer-html.ts';
import { createConsoleRoutes, OTHER_WORKSPACE, SIGN_IN_FIRST } from './console-routes.ts';

/** script-src 'self' and nothing inline; the chart draws on a canvas (blob/data images for vega's own use). */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const STATIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'static');
const STATIC_FILES: Record<string, string> = { 'answer.js': 'text/javascript; charset=utf-8', 'answer.css': 'text/css; charset=utf-8', 'console.css': 'text/css; charset=utf-8' };
const VENDOR_FILES: Record<string, string> = {
  'vega.min.js': 'vega/build/vega.min.js',
  'vega-lite.min.js': 'vega-lite/build/vega-lite.min.js',
  'vega-embed.min.js': 'vega-embed/build/vega-embed.min.js',
};

function securityHeaders(): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  };
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { ...securityHeaders(), 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
}

const FORBIDDEN = () => renderErrorPage(403, 'Forbidden', 'This link is not valid: it may have expired or been changed. Ask the question again in chat for a new link.');
const GONE = () => renderErrorPage(404, 'Not found', 'That answer is no longer kept: ask the question again in chat.');

export interface WebRoutesOptions {
  web: WebApp;
  logger: Logger;
}

export function createWebRoutes(opts: WebRoutesOptions): HttpRoute[] {
  const { web, logger } = opts;
  const pages: AnswerPages = web.pages;
  const consoleRoutes = createConsoleRoutes({ web, logger });
  const vendorPath = (file: string) => findInNodeModules(VENDOR_FILES[file]!);

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = /^\/a\/([A-Za-z0-9_-]{1,64})(\.csv|\.png)?$/.exec(url.pathname);
    if (!m) {
      sendHtml(res, 404, GONE());
      return;
    }
    const [, id, ext] = m;
    let sessionWorkspaceId: number | undefined;
    let viewer: string | undefined;
    if (web.links === 'session') {
      // A member's session of the answer's workspace (the link's, checked against the answer's own below).
      const session = await consoleRoutes.sessionOf(req);
      if (!session) {
        sendHtml(res, 401, SIGN_IN_FIRST());
        return;
      }
      const linkWorkspace = Number(url.searchParams.get('w'));
      const access = Number.isSafeInteger(linkWorkspace) && linkWorkspace > 0 ? await web.console.access(session, linkWorkspace) : { ok: false as const, reason: 'other_workspace' };
      if (!access.ok) {
        logger.info({ answerId: id, reason: access.reason }, 'answer page refused to a session');
        sendHtml(res, 403, OTHER_WORKSPACE());
        return;
      }
      sessionWorkspaceId = session.workspaceId;
      viewer = `${session.user.platform}:${session.user.userId}`;
    }
    let result: Awaited<ReturnType<AnswerPages['open']>>;
    try {
      result = await pages.open(id, url.searchParams, { sessionWorkspaceId, viewer });
    } catch (err) {
      // The SQL could not run again (the allow-list changed, ClickHouse is down or slow): one line, never a stack.
      const coded = isDatalabsError(err);
      if (!coded) logger.error({ err, answerId: id }, 'answer page failed');
      else logger.info({ code: err.code, answerId: id }, err.message);
      const line = coded && err.code !== 'INTERNAL' ? err.message.split('\n')[0] : 'Something went wrong on our side; the details are in the log.';
      sendHtml(res, coded && err.code === 'SQL_REJECTED' ? 409 : 503, renderErrorPage(coded && err.code === 'SQL_REJECTED' ? 409 : 503, 'Could not run the answer again', line));
      return;
    }
    if (result.status === 'forbidden') {
      logger.info({ answerId: id, reason: result.reason }, 'answer page link refused');
      sendHtml(res, 403, result.reason === 'session_other_workspace' ? OTHER_WORKSPACE() : FORBIDDEN());
      return;
    }
    if (result.status === 'gone') {
      sendHtml(res, 404, GONE());
      return;
    }
    const { page } = result;
    if (ext === '.csv') {
      const csv = pages.csv(page);
      res.writeHead(200, { ...securityHeaders(), 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${csv.name}"`, 'cache-control': 'no-store' }).end(csv.data);
      return;
    }
    if (ext === '.png') {
      if (!page.spec) {
        sendHtml(res, 404, renderErrorPage(404, 'No chart', 'This answer has no chart.'));
        return;
      }
      const png = await renderPng(page.spec as Parameters<typeof renderPng>[0]);
      const name = pages.csv(page).name.replace(/\.csv$/, '.png');
      res.writeHead(200, { ...securityHeaders(), 'content-type': 'image/png', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' }).end(png);
      return;
    }
    sendHtml(res, 200, renderAnswerPage(page));
  }

  async function asset(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    const [, , kind, file] = pathname.split('/');
    let filePath: string | undefined;
    let type = 'text/javascript; charset=utf-8';
    if (kind === 'static' && file && Object.hasOwn(STATIC_FILES, file)) {
      filePath = path.join(STATIC_DIR, file);
      type = STATIC_FILES[file]!;
    } else if (kind === 'vendor' && file && Object.hasOwn(VENDOR_FILES, file)) {
      filePath = vendorPath(file);
    }
    if (!filePath || pathname.split('/').length !== 4) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const data = await fs.promises.readFile(filePath);
    res.writeHead(200, { ...securityHeaders(), 'content-type': type, 'cache-control': 'public, max-age=3600' }).end(data);
  }

  return [{ method: 'GET', path: '/a/', prefix: true, handler: answer }, { method: 'GET', path: '/web/', prefix: true, handler: asset }, ...consoleRoutes];
}

/** `<pkg>/build/<file>` in the nearest node_modules above this file (the packages' exports do not list their browser builds). */
function findInNodeModules(relative: string): string | undefined {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', relative);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}
