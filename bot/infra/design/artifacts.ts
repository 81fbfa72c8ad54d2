/**
 * Files an applied design leaves behind: the semantic model of its database
 * (`<models dir>/<database>.yaml`, read by the answer pipeline, so questions
 * work on the new tables at once) and the Grafana dashboard JSON
 * (`deploy/grafana/dashboards/<uid>.json`, picked up by the provisioning file
 * deploy/grafana/provisioning/dashboards/datalabs.yaml). A model file written
 * by a person is never overwritten.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadSemanticModel, semanticModelToYaml } from '../../../agents/query/index.ts';
import { evolveSemanticModel, semanticModelFor, type Design, type GrafanaDashboard } from '../../../agents/designer/index.ts';
import type { DesignArtifacts } from '../../core/design/index.ts';
import { modelPath } from '../semantic/load-models.ts';

/** First line of a model file the designer wrote (and may merge into later). */
export const DESIGNED_MARK = '# Designed by datalabs design';

export function createDesignArtifacts(opts: { modelsDir: string; dashboardsDir: string }): DesignArtifacts {
  return {
    async writeModel(design: Design) {
      const file = modelPath(opts.modelsDir, design.database);
      const designed = fs.existsSync(file) && fs.readFileSync(file, 'utf8').startsWith(DESIGNED_MARK);
      if (design.alter) {
        // A change to a table: the designer's own model follows it; any other model (a person's, or inferred at start) is left alone.
        if (!designed) return { note: 'Semantic model: not the designer\'s file, left as it is (an inferred model follows the schema when the workspace\'s pipeline is rebuilt).' };
        const model = evolveSemanticModel(loadSemanticModel(file), design.alter);
        fs.writeFileSync(file, `${DESIGNED_MARK} (${new Date().toISOString().slice(0, 10)}); edit freely, or delete this line to keep the designer from merging into it.\n${semanticModelToYaml(model)}`);
        return { path: file, note: `Semantic model ${file} updated for the change.` };
      }
      let existing;
      if (fs.existsSync(file)) {
        if (!designed) return { path: file, note: `Semantic model: ${file} was written by a person and is kept as it is; add the new tables there (datalabs model infer ${design.database} --out - shows them).` };
        existing = loadSemanticModel(file);
      }
      const model = semanticModelFor(design, existing);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `${DESIGNED_MARK} (${new Date().toISOString().slice(0, 10)}); edit freely, or delete this line to keep the designer from merging into it.\n${semanticModelToYaml(model)}`);
      return { path: file, note: `Semantic model written to ${file} (${model.measures.length} measures, ${model.dimensions.length} dimensions).` };
    },
    async writeDashboard(dashboard: GrafanaDashboard) {
      fs.mkdirSync(opts.dashboardsDir, { recursive: true });
      const file = path.join(opts.dashboardsDir, `${dashboard.uid}.json`);
      fs.writeFileSync(file, `${JSON.stringify(dashboard, null, 2)}\n`);
      return file;
    },
  };
}
