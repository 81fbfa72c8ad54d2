/**
 * Vitest globalSetup: the PostgreSQL and Redis servers the integration tests
 * use. DATALABS_TEST_PG_URL / DATALABS_TEST_REDIS_URL, when set, point at
 * running servers (a superuser URL for PostgreSQL; each test file creates and
 * drops its own database there). Otherwise the run starts private instances
 * in temp directories on free ports (test/support/services/) and stops and
 * removes them at the end. Either way the URLs are put in process.env before
 * any test worker is forked, so workers (and the CLIs they spawn) inherit them.
 */
import type { TestProject } from 'vitest/node';
import { startPrivatePostgres } from './support/services/postgres.ts';
import { startPrivateRedis } from './support/services/redis.ts';

export default async function setup(_project: TestProject): Promise<() => Promise<void>> {
  const stops: Array<() => Promise<void>> = [];
  const teardown = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  const notes: string[] = [];
  try {
    if (process.env.DATALABS_TEST_PG_URL) {
      notes.push('PostgreSQL from DATALABS_TEST_PG_URL');
    } else {
      const t0 = Date.now();
      const pg = await startPrivatePostgres();
      stops.push(pg.stop);
      process.env.DATALABS_TEST_PG_URL = pg.url;
      notes.push(`private PostgreSQL ${pg.version} on 127.0.0.1:${pg.port} (${Date.now() - t0} ms)`);
    }
    if (process.env.DATALABS_TEST_REDIS_URL) {
      notes.push('Redis from DATALABS_TEST_REDIS_URL');
    } else {
      const t0 = Date.now();
      const redis = await startPrivateRedis();
      stops.push(redis.stop);
      process.env.DATALABS_TEST_REDIS_URL = redis.url;
      notes.push(`private Redis on 127.0.0.1:${redis.port} (${Date.now() - t0} ms)`);
    }
  } catch (err) {
    await teardown();
    throw err;
  }
  process.stderr.write(`test services: ${notes.join(', ')}\n`);
  return teardown;
}
