/** `datalabs migrate`: applies pending metadata-store migrations (under the advisory lock) and says where it stands. */
import type { Config } from '../config/load-config.ts';
import type { Logger } from '../../contracts/logger.ts';
import { createDb } from '../../infra/store/create-db.ts';
import { dbOptionsFor } from '../../infra/store/create-metadata-store.ts';
import { currentVersion, MIGRATIONS, runMigrations } from '../../infra/store/migrations.ts';
import { DatalabsError } from '../../contracts/errors.ts';

export async function runMigrate(ctx: { config: Config; logger: Logger }, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const db = await createDb(dbOptionsFor({ databaseUrl: ctx.config.databaseOwnerUrl ?? ctx.config.env.DATABASE_URL, dataDir: ctx.config.dataDir, logger: ctx.logger }));
  try {
    const before = await currentVersion(db);
    const known = Math.max(...MIGRATIONS.map((m) => m.version));
    if (before > known) {
      throw new DatalabsError('CONFIG_INVALID', `metadata store ${db.description} is at version ${before}, newer than this program (${known}): upgrade datalabs`);
    }
    const result = await runMigrations(db, { logger: ctx.logger });
    out.write(
      result.applied.length
        ? `metadata store ${db.description}: applied ${result.applied.length} migration(s) (${before} → ${result.version})\n`
        : `metadata store ${db.description}: up to date at version ${result.version}\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
}
