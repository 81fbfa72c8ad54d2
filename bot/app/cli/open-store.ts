/** The metadata store as the CLI opens it: the configured database (or PGlite), owner role and secret key. */
import type { Config } from '../config/load-config.ts';
import type { Logger } from '../../contracts/logger.ts';
import { openMetadataStore, type MetadataStore } from '../../infra/store/index.ts';

/** Opens the metadata store for a one-off CLI command (migrations applied as the owner). */
export function openCliStore(ctx: { config: Config; logger: Logger }): Promise<MetadataStore> {
  return openMetadataStore({
    databaseUrl: ctx.config.env.DATABASE_URL,
    ownerUrl: ctx.config.databaseOwnerUrl,
    secretKey: ctx.config.secretKey,
    dataDir: ctx.config.dataDir,
    logger: ctx.logger,
  });
}
