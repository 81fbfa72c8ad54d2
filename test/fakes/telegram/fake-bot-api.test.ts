/** The fake Bot API refuses what Telegram refuses, with Telegram's answers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeBotApi, type FakeBotApi } from './fake-bot-api.ts';

let fake: FakeBotApi;
const chat = { id: 55, type: 'private' as const };

async function call(method: string, body: unknown, token = fake.token): Promise<{ status: number; json: { ok: boolean; description?: string; result?: unknown } }> {
  const res = await fetch(`${fake.url}/bot${token}/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as { ok: boolean; description?: string; result?: unknown } };
}

beforeAll(async () => {
  fake = await createFakeBotApi();
  fake.userSends(chat, 'hello'); // the chat exists once a user wrote
});
afterAll(() => fake.close());

describe('fake Telegram Bot API', () => {
  it('answers a bad token with 401 Unauthorized', async () => {
    const r = await call('getMe', {}, `${fake.bot.id}:nope`);
    expect(r).toEqual({ status: 401, json: { ok: false, error_code: 401, description: 'Unauthorized' } });
  });

  it('rejects text over 4096 characters, after entities are parsed', async () => {
    expect((await call('sendMessage', { chat_id: chat.id, text: 'a'.repeat(4097) })).json.description).toBe('Bad Request: message is too long');
    // Markup does not count: 4096 visible characters inside <b> are fine.
    expect((await call('sendMessage', { chat_id: chat.id, text: `<b>${'a'.repeat(4096)}</b>`, parse_mode: 'HTML' })).status).toBe(200);
  });

  it('rejects HTML it cannot parse', async () => {
    for (const text of ['1 < 2', '<b>open', '<b><i>x</b></i>', '<script>x</script>', 'Tom & Jerry']) {
      const r = await call('sendMessage', { chat_id: chat.id, text, parse_mode: 'HTML' });
      expect(r.status).toBe(400);
      expect(r.json.description).toMatch(/^Bad Request: can't parse entities/);
    }
    expect((await call('sendMessage', { chat_id: chat.id, text: '1 &lt; 2 &amp; <pre><code class="language-sql">SELECT 1</code></pre>', parse_mode: 'HTML' })).status).toBe(200);
  });

  it('rejects a caption over 1024 characters, a photo that is not an image, and missing fields', async () => {
    const png = new Blob([Buffer.from('89504e470d0a1a0a00', 'hex')]);
    const photo = async (caption: string, file: Blob) => {
      const form = new FormData();
      form.set('chat_id', String(chat.id));
      form.set('caption', caption);
      form.set('photo', file, 'chart.png');
      const res = await fetch(`${fake.url}/bot${fake.token}/sendPhoto`, { method: 'POST', body: form });
      return (await res.json()) as { ok: boolean; description?: string };
    };
    expect((await photo('c'.repeat(1025), png)).description).toBe('Bad Request: message caption is too long');
    expect((await photo('ok', new Blob(['not an image']))).description).toBe('Bad Request: IMAGE_PROCESS_FAILED');
    expect((await photo('ok', png)).ok).toBe(true);
    expect((await call('sendMessage', { chat_id: chat.id })).json.description).toBe('Bad Request: message text is empty');
    expect((await call('sendMessage', { text: 'x' })).json.description).toBe('Bad Request: chat_id is empty');
    expect((await call('sendMessage', { chat_id: 999, text: 'x' })).json.description).toBe('Bad Request: chat not found');
  });

  it('rejects callback data over 64 bytes and webhooks that are not https', async () => {
    const markup = { inline_keyboard: [[{ text: 'Show SQL', callback_data: 'x'.repeat(65) }]] };
    expect((await call('sendMessage', { chat_id: chat.id, text: 'x', reply_markup: markup })).json.description).toBe('Bad Request: BUTTON_DATA_INVALID');
    expect((await call('setWebhook', { url: 'http://example.test/hook' })).json.description).toMatch(/HTTPS URL must be provided/);
    expect((await call('setWebhook', { url: 'https://example.test/hook', secret_token: 'bad token!' })).status).toBe(400);
  });

  it('answers 429 with retry_after when told to', async () => {
    fake.failNext('sendMessage', { status: 429, description: 'Too Many Requests: retry after 3', retryAfterSec: 3 });
    const r = await call('sendMessage', { chat_id: chat.id, text: 'x' });
    expect(r).toMatchObject({ status: 429, json: { ok: false, parameters: { retry_after: 3 } } });
  });
});
