/** `datalabs model infer <database>`: writes an inferred semantic model to edit. */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import type { Logger } from '../../contracts/logger.ts';
import { createWarehouse } from '../../infra/warehouse/index.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import { modelPath } from '../../infra/semantic/load-models.ts';
import { inferSemanticModel, semanticModelToYaml } from '../../../agents/query/index.ts';

export async function runModelInfer(ctx: { config: Config; logger: Logger }, database: string, opts: { out?: string; force?: boolean }): Promise<number> {
  if (!/^[A-Za-z_]\w*$/.test(database)) throw new DatalabsError('BAD_INPUT', `"${database}" is not a database name`);
  const warehouse = createWarehouse(ctx.config.warehouse);
  try {
    const model = await inferSemanticModel(warehouse.reader, database);
    const yaml = `# Semantic model for ${database}, inferred from its schema on ${new Date().toISOString().slice(0, 10)}.\n# Edit measures, dimensions and synonyms; datalabs reads this file at start.\n${semanticModelToYaml(model)}`;
    if (opts.out === '-') {
      process.stdout.write(yaml);
      return 0;
    }
    const file = path.resolve(opts.out ?? modelPath(ctx.config.modelsDir, database));
    if (fs.existsSync(file) && !opts.force) throw new DatalabsError('BAD_INPUT', `${file} exists: pass --force to overwrite it, or --out <file>`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, yaml);
    process.stdout.write(`wrote ${file} (${model.measures.length} measures, ${model.dimensions.length} dimensions)\n`);
    return 0;
  } finally {
    await warehouse.close();
  }
}
