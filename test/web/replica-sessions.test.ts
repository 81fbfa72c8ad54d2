/**
 * Console sessions across replicas: two app instances (as two `datalabs serve`
 * processes behind one PUBLIC_URL) on one PostgreSQL, each with its own web
 * server. The sign-in link asked for in Slack through replica A is used on A;
 * the session cookie then works on replica B (sessions live in the store, not
 * in a process); the used link is refused on B too; signing out on B ends the
 * session on A.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../bot/infra/store/test-databases.ts';
import { startHttpServer, type RunningHttpServer } from '../../bot/infra/http/create-http-server.ts';
import { createWebRoutes } from '../../bot/app/web/web-routes.ts';
import { startSlackRig, type SlackRig } from '../adapters/slack-rig.ts';
import { slashCommandBody } from '../fakes/slack/slack-requests.ts';

const SECRET = 'replica-web-secret-shared-by-both-0123456789';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let database: TestDatabase;
let a: TestApp;
let b: TestApp;
let webA: RunningHttpServer;
let webB: RunningHttpServer;
let rig: SlackRig;
let publicUrl: string;

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  const portA = await freePort();
  // PUBLIC_URL is the load balancer's; here it is replica A's address (links are then opened on A, as a user would).
  publicUrl = `http://127.0.0.1:${portA}`;
  const env = { DATABASE_URL: database.databaseUrl!, DATALABS_SETUP: 'open', PUBLIC_URL: publicUrl, DATALABS_WEB_SECRET: SECRET };
  a = await createTestApp({ metadata: true, env });
  b = await createTestApp({ metadata: true, env });
  webA = await startHttpServer({ port: portA, host: '127.0.0.1', routes: createWebRoutes({ web: a.web!, logger: a.logger }), logger: a.logger });
  webB = await startHttpServer({ port: 0, host: '127.0.0.1', routes: createWebRoutes({ web: b.web!, logger: b.logger }), logger: b.logger });
  rig = await startSlackRig({ app: a, logger: a.logger });
  // Both on the one PostgreSQL database, never a PGlite of their own.
  for (const app of [a, b]) expect(app.store!.db.kind).toBe('postgres');
  expect(a.store!.db.description).toBe(b.store!.db.description);
}, 180_000);

afterAll(async () => {
  await rig?.close();
  await webA?.close();
  await webB?.close();
  await a?.dispose();
  await b?.dispose();
  await database?.cleanup();
});

async function slack(text: string): Promise<void> {
  const count = rig.received.length + 1;
  const res = await rig.post(slashCommandBody({ command: '/datalabs', text, channelId: 'C0DATA', userId: 'U0ALICE', responseUrl: `${rig.fake.url}/commands/T0FAKE/1/abc` }), 'application/x-www-form-urlencoded');
  expect(res.status).toBe(200);
  await rig.settle(count, 60_000);
}

const on = (server: RunningHttpServer, link: string) => {
  const u = new URL(link);
  return `${server.url}${u.pathname}${u.search}`;
};

describe('console sessions on two replicas sharing one PostgreSQL', () => {
  it('signs in on A with the chat link, uses the session on B, and signing out on B ends it on A', async () => {
    await slack('setup Shop');
    const from = rig.fake.responses.length;
    await slack('web');
    const blocks = JSON.stringify(rig.fake.responses.slice(from).map((r) => r.body.blocks));
    const link = /"url":"(http:[^"]+\/login\?[^"]+)"/.exec(blocks)?.[1];
    expect(link, blocks).toBeDefined();
    const workspaceId = Number(new URL(link!).searchParams.get('w'));

    // Replica A: the link's page, then its Sign in button (a POST) starts the session.
    expect((await fetch(on(webA, link!))).status).toBe(200);
    const signedIn = await fetch(on(webA, link!), { method: 'POST', redirect: 'manual' });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe(`/w/${workspaceId}`);
    const cookie = /^(dl_session=[A-Za-z0-9_-]+)/.exec(signedIn.headers.get('set-cookie') ?? '')?.[1];
    expect(cookie).toBeDefined();

    // The link was used on A: B refuses it as well.
    const replay = await fetch(on(webB, link!), { method: 'POST', redirect: 'manual' });
    expect(replay.status).toBe(403);
    expect(await replay.text()).toMatch(/used already/);

    // Replica B knows the session (no sticky sessions needed).
    const onB = await fetch(`${webB.url}/w/${workspaceId}`, { headers: { cookie: cookie! } });
    expect(onB.status).toBe(200);
    const page = await onB.text();
    expect(page).toContain('<h1>Shop</h1>');
    expect((await fetch(`${webA.url}/w/${workspaceId}`, { headers: { cookie: cookie! } })).status).toBe(200);

    // Sign out on B (its form's CSRF token): the session ends everywhere.
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
    expect(csrf).toBeDefined();
    const out = await fetch(`${webB.url}/logout`, { method: 'POST', headers: { cookie: cookie!, 'content-type': 'application/x-www-form-urlencoded' }, body: `csrf=${encodeURIComponent(csrf!)}` });
    expect(out.status).toBe(200);
    expect(await out.text()).toContain('Signed out');
    expect((await fetch(`${webA.url}/w/${workspaceId}`, { headers: { cookie: cookie! } })).status).toBe(401);
    expect((await fetch(`${webB.url}/w/${workspaceId}`, { headers: { cookie: cookie! } })).status).toBe(401);
    const audit = (await b.store!.audit.latest(workspaceId, { limit: 10 })).map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['web.login_link', 'web.login', 'web.logout']));
  }, 120_000);
});
