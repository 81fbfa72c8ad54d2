/**
 * Semantic models for the allowed databases: a user's file in the models
 * directory wins, then a model shipped with the project, then one inferred
 * from the schema so any table can be asked about on day one.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../contracts/logger.ts';
import type { WarehouseReader } from '../../contracts/warehouse.ts';
import { DEMO_MODEL_PATH, inferSemanticModel, loadSemanticModel, type SemanticModel } from '../../../agents/query/index.ts';

const SHIPPED_DIR = path.dirname(DEMO_MODEL_PATH);

export interface LoadedModel {
  model: SemanticModel;
  source: 'file' | 'shipped' | 'inferred';
  path?: string;
}

/** Where `datalabs model infer` writes and where user models are read from. */
export function modelPath(modelsDir: string, database: string): string {
  return path.join(modelsDir, `${database}.yaml`);
}

export async function loadModels(opts: { databases: string[]; modelsDir: string; reader: WarehouseReader; logger: Logger }): Promise<LoadedModel[]> {
  const out: LoadedModel[] = [];
  for (const database of opts.databases) {
    const own = modelPath(opts.modelsDir, database);
    const shipped = path.join(SHIPPED_DIR, `${database}.yaml`);
    if (fs.existsSync(own)) out.push({ model: loadSemanticModel(own), source: 'file', path: own });
    else if (fs.existsSync(shipped)) out.push({ model: loadSemanticModel(shipped), source: 'shipped', path: shipped });
    else {
      try {
        out.push({ model: await inferSemanticModel(opts.reader, database), source: 'inferred' });
      } catch (err) {
        opts.logger.warn({ err, database }, 'could not infer a semantic model; questions about this database need SQL');
      }
    }
  }
  return out;
}
