/**
 * The contract every chat adapter passes, the console included. Each
 * platform supplies a harness that drives its adapter through the real SDK
 * against a loopback fake of the platform, and reports what a user would
 * see there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionId, ChatAdapter } from '../../bot/contracts/chat.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** What a user sees in the chat after one interaction (the final state). */
export interface Observed {
  /** All visible text of the bot's messages for this interaction, joined. */
  text: string;
  /** Number of images (chart PNGs) shown. */
  images: number;
  /** Buttons offered, by action id. */
  buttons: ActionId[];
  /** File attachments, by name. */
  files: string[];
  /** Number of distinct bot messages that remain visible for this interaction. */
  messages: number;
  /** Opaque handle the harness uses to press buttons on this answer. */
  handle?: unknown;
}

export interface AdapterHarness {
  readonly adapter: ChatAdapter;
  /** Starts the fake platform and the adapter, wired to the app's chat core. */
  start(app: TestApp): Promise<void>;
  /** A user asks (slash command or plain message, as the platform does it). */
  ask(text: string): Promise<Observed>;
  /** A user sends raw SQL (`/sql …`). */
  sql(query: string): Promise<Observed>;
  help(): Promise<Observed>;
  /** Presses a button of an earlier answer; only for platforms with buttons. */
  press?(answer: Observed, actionId: ActionId): Promise<Observed>;
  stop(): Promise<void>;
}

export function runAdapterContract(name: string, makeHarness: () => AdapterHarness): void {
  describe(`${name} adapter contract`, () => {
    let app: TestApp;
    let h: AdapterHarness;

    beforeAll(async () => {
      app = await createTestApp({ scale: 0.01 });
      h = makeHarness();
      await h.start(app);
    });
    afterAll(async () => {
      await h?.stop();
      await app?.dispose();
    });

    it('answers help with how to ask and how to send SQL', async () => {
      const seen = await h.help();
      expect(seen.text).toMatch(/\/sql/);
    });

    it('answers raw SQL with a table, a chart and one final message', async () => {
      const seen = await h.sql("SELECT country, sum(revenue) AS revenue FROM demo.orders WHERE status = 'completed' GROUP BY country ORDER BY revenue DESC");
      expect(seen.text).toMatch(/\bUS\b/);
      expect(seen.text).toMatch(/\bGB\b/);
      expect(seen.messages).toBe(1);
      if (h.adapter.capabilities.images) expect(seen.images).toBe(1);
    });

    it('states a single number outright', async () => {
      const seen = await h.sql('SELECT count() AS products FROM demo.products');
      expect(seen.text).toMatch(/\b200\b/);
    });

    it('refuses hostile SQL in one clear line and leaves the data intact', async () => {
      const seen = await h.sql('SELECT 1; DROP TABLE demo.orders');
      expect(seen.text.toLowerCase()).toMatch(/statement|refus|reject|not allowed/);
      expect(seen.images).toBe(0);
      const still = await app.warehouse.admin.query('SELECT count() FROM demo.orders');
      expect(Number(still.rows[0][0])).toBeGreaterThan(0);
    });

    it('refuses table functions', async () => {
      const seen = await h.sql("SELECT * FROM file('/etc/passwd', 'LineAsString')");
      expect(seen.text).not.toMatch(/root:/);
      expect(seen.text.toLowerCase()).toMatch(/table function|not allowed|refus|reject/);
    });

    it('offers Show SQL and Export CSV where the platform has buttons', async () => {
      if (!h.adapter.capabilities.buttons || !h.press) return;
      const answer = await h.sql("SELECT device, count() AS orders FROM demo.orders GROUP BY device ORDER BY device");
      expect(answer.buttons).toEqual(expect.arrayContaining(['show_sql', 'export_csv']));
      const sql = await h.press(answer, 'show_sql');
      expect(sql.text).toContain('GROUP BY device');
      const csv = await h.press(answer, 'export_csv');
      expect(csv.files.length + (csv.text.includes('device,orders') ? 1 : 0)).toBeGreaterThan(0);
    });
  });
}
