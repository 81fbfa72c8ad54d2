/**
 * Semantic models for the allowed databases: a user's file wins (the
 * workspace's model set `<modelsDir>/<set>/` first, when it has one, then the
 * models directory itself), then a model shipped with the project, then one
 * inferred from the schema so any table can be asked about on day one.
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

/** A workspace's model set name: a directory under the models directory (`datalabs workspace model <ws> <set>`). */
export const MODEL_SET_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** The directory of a model set, or undefined when the name is not a set name. */
export function modelSetDir(modelsDir: string, set: string): string | undefined {
  return MODEL_SET_NAME.test(set) ? path.join(modelsDir, set) : undefined;
}

/** The databases a model set has files for ([] when it has none or does not exist). */
export function modelSetDatabases(modelsDir: string, set: string): string[] {
  const dir = modelSetDir(modelsDir, set);
  if (!dir || !fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => /^[A-Za-z_]\w*\.yaml$/.test(f)).map((f) => f.slice(0, -'.yaml'.length));
}

export async function loadModels(opts: { databases: string[]; modelsDir: string; modelSet?: string | null; reader: WarehouseReader; logger: Logger }): Promise<LoadedModel[]> {
  const out: LoadedModel[] = [];
  const setDir = opts.modelSet ? modelSetDir(opts.modelsDir, opts.modelSet) : undefined;
  for (const database of opts.databases) {
    const inSet = setDir ? modelPath(setDir, database) : undefined;
    const own = modelPath(opts.modelsDir, database);
    const shipped = path.join(SHIPPED_DIR, `${database}.yaml`);
    if (inSet && fs.existsSync(inSet)) out.push({ model: loadSemanticModel(inSet), source: 'file', path: inSet });
    else if (fs.existsSync(own)) out.push({ model: loadSemanticModel(own), source: 'file', path: own });
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
