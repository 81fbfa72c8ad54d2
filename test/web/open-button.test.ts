/**
 * The Open button on every platform, from one Reply with `links`: Slack's
 * button with `url`, Telegram's inline `url` button, Discord's Link-style
 * button (style 5, sent before the action rows), the console's URL as text —
 * and nothing for a link that is not an absolute http(s) URL. Also the link
 * signer and the configuration of answer pages.
 */
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../bot/contracts/chat.ts';
import { renderSlackMessage } from '../../adapters/slack/format.ts';
import { renderReply as renderTelegram } from '../../adapters/telegram/format.ts';
import { renderDiscordReply } from '../../adapters/discord/format.ts';
import { toRequest } from '../../adapters/discord/outbound.ts';
import { renderReplyText } from '../../adapters/console/render-text.ts';
import { createLinkSigner } from '../../bot/core/web/index.ts';
import { loadConfig } from '../../bot/app/config/load-config.ts';

const URL_ = 'https://datalabs.example.com/a/AbCdEfGhIjKlMnOpQrStUv?w=1&exp=1751932800&sig=x';
const reply = (url = URL_): Reply => ({
  text: 'Revenue by day — 3 rows',
  buttons: [{ actionId: 'show_sql', label: 'Show SQL', value: 'AbCdEfGhIjKlMnOpQrStUv' }],
  links: [{ kind: 'url', label: 'Open', url }],
  footer: 'tables: demo.orders',
});

describe('the Open button', () => {
  it('Slack: a Block Kit button with url, beside the action buttons', () => {
    const blocks = renderSlackMessage(reply()).blocks as Array<{ type: string; elements?: Array<Record<string, unknown>> }>;
    const elements = blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
    expect(elements[0]).toMatchObject({ type: 'button', url: URL_, text: { type: 'plain_text', text: 'Open' } });
    expect(elements[0].value).toBeUndefined();
    expect(elements[1]).toMatchObject({ action_id: 'show_sql', value: 'AbCdEfGhIjKlMnOpQrStUv' });
  });

  it('Telegram: an inline keyboard url button in a row above the callback buttons', () => {
    const keyboard = renderTelegram(reply()).at(-1)!.keyboard!;
    expect(keyboard.inline_keyboard[0]).toEqual([{ text: 'Open', url: URL_ }]);
    expect(keyboard.inline_keyboard[1].map((b) => b.callback_data)).toEqual(['show_sql:AbCdEfGhIjKlMnOpQrStUv']);
  });

  it('Discord: a Link-style button (style 5) sent before the action row', () => {
    const payload = renderDiscordReply(reply());
    expect(payload.linkRows).toEqual([{ type: 1, components: [{ type: 2, style: 5, label: 'Open', url: URL_ }] }]);
    const body = toRequest(payload).body as { components: Array<{ components: Array<Record<string, unknown>> }> };
    expect(body.components[0].components[0]).toEqual({ type: 2, style: 5, label: 'Open', url: URL_ });
    expect(body.components[1].components[0]).toMatchObject({ style: 2, custom_id: 'show_sql:AbCdEfGhIjKlMnOpQrStUv' });
  });

  it('console: the URL as text', () => {
    expect(renderReplyText(reply(), { color: false })).toContain(`Open: ${URL_}`);
  });

  it('renders nothing for a link that is not an absolute http(s) URL', () => {
    for (const bad of ['javascript:alert(1)', '/a/relative', 'ftp://example.com/x']) {
      const r = reply(bad);
      expect(JSON.stringify(renderSlackMessage(r).blocks)).not.toContain(bad);
      expect(JSON.stringify(renderTelegram(r))).not.toContain(bad);
      expect(renderDiscordReply(r).linkRows).toEqual([]);
      expect(renderReplyText(r, { color: false })).not.toContain(bad);
    }
  });
});

describe('signed answer links', () => {
  const now = new Date('2025-06-30T18:00:00Z');
  const signer = createLinkSigner(Buffer.from('a-secret-of-at-least-sixteen-bytes'));

  it('verifies its own link until it expires (7 days by default), then refuses it', () => {
    const q = new URLSearchParams(signer.sign('abc', 4, now));
    expect(signer.verify('abc', q, now)).toEqual({ ok: true, grant: { answerId: 'abc', workspaceId: 4, expiresAt: new Date(now.getTime() + 7 * 86_400_000) } });
    expect(signer.verify('abc', q, new Date(now.getTime() + 7 * 86_400_000))).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a changed answer id, workspace, expiry or signature, and another secret', () => {
    const q = new URLSearchParams(signer.sign('abc', 4, now));
    expect(signer.verify('abd', q, now)).toMatchObject({ ok: false, reason: 'bad_signature' });
    for (const [k, v] of [['w', '5'], ['exp', String(Number(q.get('exp')) + 1)], ['sig', `${q.get('sig')!.slice(0, -1)}${q.get('sig')!.endsWith('A') ? 'B' : 'A'}`]]) {
      const t = new URLSearchParams(q);
      t.set(k, v);
      expect(signer.verify('abc', t, now)).toMatchObject({ ok: false, reason: 'bad_signature' });
    }
    expect(createLinkSigner(Buffer.from('another-secret-of-sixteen-bytes!')).verify('abc', q, now)).toMatchObject({ ok: false });
    expect(signer.verify('abc', new URLSearchParams('w=4'), now)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('answer pages configuration', () => {
  const base = { DATALABS_DATA_DIR: '/tmp/x' };
  it('is off without PUBLIC_URL', () => {
    expect(loadConfig(base, { readDotenv: false }).web).toBeUndefined();
  });
  it('needs a secret with PUBLIC_URL: DATALABS_WEB_SECRET, else one derived from DATALABS_SECRET_KEY', () => {
    expect(() => loadConfig({ ...base, PUBLIC_URL: 'https://dl.example.com' }, { readDotenv: false })).toThrow(/^DATALABS_WEB_SECRET: required when PUBLIC_URL is set/);
    const c = loadConfig({ ...base, PUBLIC_URL: 'https://dl.example.com/', DATALABS_WEB_SECRET: 'x'.repeat(32) }, { readDotenv: false });
    expect(c.web).toMatchObject({ publicUrl: 'https://dl.example.com', links: 'session', linkTtlMs: 7 * 86_400_000 });
    const k = loadConfig({ ...base, PUBLIC_URL: 'https://dl.example.com', DATALABS_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') }, { readDotenv: false });
    expect(k.web?.secret.length).toBe(32);
  });
  it('refuses a bad PUBLIC_URL, a short secret and an unknown link mode in one line', () => {
    expect(() => loadConfig({ ...base, PUBLIC_URL: 'dl.example.com' }, { readDotenv: false })).toThrow(/^PUBLIC_URL: must be a URL/);
    expect(() => loadConfig({ ...base, PUBLIC_URL: 'https://dl.example.com/?x=1', DATALABS_WEB_SECRET: 'x'.repeat(32) }, { readDotenv: false })).toThrow(/^PUBLIC_URL: must be a base URL/);
    expect(() => loadConfig({ ...base, PUBLIC_URL: 'https://dl.example.com', DATALABS_WEB_SECRET: 'short' }, { readDotenv: false })).toThrow(/^DATALABS_WEB_SECRET: must be at least 32/);
    expect(() => loadConfig({ ...base, DATALABS_WEB_LINKS: 'open' }, { readDotenv: false })).toThrow(/^DATALABS_WEB_LINKS: must be "session" \(answer links need a sign-in from chat/);
    expect(loadConfig({ ...base, PUBLIC_URL: 'https://dl.example.com', DATALABS_WEB_SECRET: 'x'.repeat(32), DATALABS_WEB_LINKS: 'signed' }, { readDotenv: false }).web?.links).toBe('signed');
  });
});
