/**
 * The inbound journal of `serve` on PostgreSQL without Redis
 * (bot/core/inbound/layered-journal.ts over the file journal and the store's
 * `inbound_journal` table, on the test run's PostgreSQL): an append resolves —
 * the ack may go — once the file holds the batch, whatever the PostgreSQL
 * write is doing; the row follows; settling drops both. A process killed
 * before its row was written leaves the file, which the next process on the
 * data directory replays; a failed row is logged and loses nothing. The data
 * directory is one process's (bot/infra/store/dir-lock.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../bot/contracts/chat.ts';
import { dedupeKey } from '../../bot/core/conversation/index.ts';
import { createLayeredJournal } from '../../bot/core/inbound/index.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import type { Queryable } from '../../bot/infra/store/db.ts';
import { tryLockDir } from '../../bot/infra/store/dir-lock.ts';
import { openMetadataStore, type MetadataStore } from '../../bot/infra/store/create-metadata-store.ts';
import { createInboundJournal } from '../../bot/infra/store/inbound-journal.ts';
import { createPgInboundJournal } from '../../bot/infra/store/pg-inbound-journal.ts';
import { createTestDatabase, type TestDatabase } from '../../bot/infra/store/test-databases.ts';
import { inboundMessage, until } from '../support/inbound-fixtures.ts';

const logger = createLogger('silent');
const entry = (text: string) => {
  const m: ChatMessage = inboundMessage({ text });
  return { key: dedupeKey(m), message: m };
};

let metadata: MetadataStore;
let db: TestDatabase;
const dirs: string[] = [];
beforeAll(async () => {
  db = await createTestDatabase('postgres');
  metadata = await openMetadataStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir, logger });
});
afterEach(async () => {
  await metadata.db.query('DELETE FROM inbound_journal');
});
afterAll(async () => {
  await metadata?.close();
  await db?.cleanup();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'datalabs-layered-'));
  dirs.push(d);
  return path.join(d, 'inbound');
};
const rowCount = async () => Number((await metadata.db.query<{ n: string }>('SELECT count(*) AS n FROM inbound_journal')).rows[0].n);
const fileText = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('') : '');

/** The store's connection, with INSERTs held until `open()` (a PostgreSQL that is slow to answer) or failing. */
function gated(mode: 'hold' | 'fail'): { db: Queryable; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return {
    open,
    db: {
      query: (async (sql: string, params?: unknown[]) => {
        if (sql.startsWith('INSERT')) {
          if (mode === 'fail') throw new Error('connection terminated');
          await opened;
        }
        return metadata.db.query(sql, params);
      }) as Queryable['query'],
      exec: (sql: string) => metadata.db.exec(sql),
    },
  };
}

describe('the layered journal (file, then the store table)', () => {
  it('resolves an append once the file has the batch, writes the row behind it, and settles both', async () => {
    const dir = tempDir();
    const gate = gated('hold');
    const journal = createLayeredJournal({ local: createInboundJournal({ dir, logger }), shared: createPgInboundJournal({ db: gate.db, logger }), logger });
    const mark = await journal.append([entry('revenue by country'), entry('orders today')]);
    expect(fileText(dir)).toContain('revenue by country');
    expect(await rowCount()).toBe(0);
    gate.open();
    await until(async () => (await rowCount()) === 1);
    await journal.settle(mark);
    expect(await rowCount()).toBe(0);
    expect(fileText(dir)).toBe('');
    await journal.close();
  });

  it('settles each batch’s own row, several batches in one file segment', async () => {
    const dir = tempDir();
    const journal = createLayeredJournal({ local: createInboundJournal({ dir, logger }), shared: createPgInboundJournal({ db: metadata.db, logger }), logger });
    const a = await journal.append([entry('orders by plan')]);
    const b = await journal.append([entry('refunds by plan')]);
    expect(b.segment).toBe(a.segment);
    await until(async () => (await rowCount()) === 2);
    await journal.settle(a);
    expect(await rowCount()).toBe(1);
    await journal.settle(b);
    expect(await rowCount()).toBe(0);
    expect(fileText(dir)).toBe('');
  });

  it('a settle before the row is written waits for it, and drops it', async () => {
    const dir = tempDir();
    const gate = gated('hold');
    const journal = createLayeredJournal({ local: createInboundJournal({ dir, logger }), shared: createPgInboundJournal({ db: gate.db, logger }), logger });
    const mark = await journal.append([entry('signups by channel')]);
    const settled = journal.settle(mark);
    gate.open();
    await settled;
    expect(await rowCount()).toBe(0);
    expect(fileText(dir)).toBe('');
  });

  it('a process killed before its row was written: the next one on the data directory replays the file', async () => {
    const dir = tempDir();
    const gate = gated('hold');
    const dead = createLayeredJournal({ local: createInboundJournal({ dir, logger }), shared: createPgInboundJournal({ db: gate.db, logger }), logger });
    await dead.append([entry('refund rate last week')]);
    // Killed: never settled, its INSERT never sent. The next process on the same directory:
    const next = createLayeredJournal({ local: createInboundJournal({ dir, logger }), shared: createPgInboundJournal({ db: metadata.db, logger }), logger });
    const replayed = await next.replay();
    expect(replayed.map((e) => e.message?.text)).toEqual(['refund rate last week']);
    await next.forgetReplayed();
    expect(fileText(dir)).toBe('');
    expect(await next.replay()).toEqual([]);
  });

  it('a row that cannot be written is logged; the batch stays in the file until settled', async () => {
    const dir = tempDir();
    const lines: string[] = [];
    const warnLogger = { ...logger, warn: (o: unknown, msg?: string) => void lines.push(`${msg ?? ''} ${JSON.stringify(o)}`) } as typeof logger;
    const gate = gated('fail');
    const journal = createLayeredJournal({ local: createInboundJournal({ dir, logger }), shared: createPgInboundJournal({ db: gate.db, logger }), logger: warnLogger });
    const mark = await journal.append([entry('top products')]);
    expect(fileText(dir)).toContain('top products');
    await journal.settle(mark);
    expect(fileText(dir)).toBe('');
    expect(lines.join('')).toMatch(/shared copy could not be written/);
    expect(await rowCount()).toBe(0);
  });
});

describe('the data directory lock', () => {
  it('is one live process’s: a second taker gets nothing until it is released', () => {
    const dir = tempDir();
    const release = tryLockDir(dir);
    expect(release).toBeTypeOf('function');
    expect(tryLockDir(dir)).toBeUndefined();
    release!();
    const again = tryLockDir(dir);
    expect(again).toBeTypeOf('function');
    again!();
  });

  it('takes over a lock left by a dead process, or by this pid in an earlier life (a restarted container)', () => {
    for (const stale of ['2147483646', String(process.pid)]) {
      const dir = tempDir();
      fs.writeFileSync(`${dir}.lock`, stale);
      const release = tryLockDir(dir);
      expect(release, stale).toBeTypeOf('function');
      expect(fs.readFileSync(`${dir}.lock`, 'utf8')).toBe(String(process.pid));
      release!();
      expect(fs.existsSync(`${dir}.lock`)).toBe(false);
    }
  });
});
