import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { createWarehouse } from '../../bot/infra/warehouse/create-warehouse.ts';
import type { Warehouse } from '../../bot/contracts/warehouse.ts';
import { createQueryAgent, DEMO_MODEL_PATH, inferSemanticModel, loadSemanticModel, semanticModelToYaml, validateSemanticModel } from './index.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'datalabs-model-test-'));

describe('semantic model files', () => {
  it('loads the demo model with every business definition', () => {
    const m = loadSemanticModel(DEMO_MODEL_PATH);
    const names = m.measures.map((x) => x.name);
    for (const n of ['revenue', 'orders', 'aov', 'refunds', 'refund_rate', 'customers', 'signups', 'active_users', 'sessions', 'page_views', 'conversion_rate']) expect(names).toContain(n);
    expect(m.dimensions.find((d) => d.name === 'country')?.valueSynonyms?.germany).toBe('DE');
  });

  it('round-trips through YAML', () => {
    const m = loadSemanticModel(DEMO_MODEL_PATH);
    const file = path.join(tmp, 'copy.yaml');
    fs.writeFileSync(file, semanticModelToYaml(m));
    expect(loadSemanticModel(file)).toEqual(m);
  });

  it('names the file and field of a bad model', () => {
    const raw = YAML.parse(fs.readFileSync(DEMO_MODEL_PATH, 'utf8'));
    raw.measures[0].table = 'nope';
    const file = path.join(tmp, 'bad.yaml');
    fs.writeFileSync(file, YAML.stringify(raw));
    expect(() => loadSemanticModel(file)).toThrow(/bad\.yaml: field measures\.0\.table/);
    fs.writeFileSync(file, 'name: x\ndatabase: y\ntables: []\ndimensions: []\nmeasures: []\n');
    expect(() => loadSemanticModel(file)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => loadSemanticModel(path.join(tmp, 'missing.yaml'))).toThrow(/missing\.yaml/);
    expect(() => validateSemanticModel({ ...raw, measures: [{ name: 'x', agg: 'ratio' }] })).toThrow(/measures\.0/);
  });
});

describe('inferred model (real chDB)', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = createWarehouse({ kind: 'embedded', dataDir: path.join(tmp, 'wh') });
    await wh.admin.command('CREATE DATABASE IF NOT EXISTS shop');
    await wh.admin.command('CREATE TABLE shop.sales (sale_id UInt64, ts DateTime, region LowCardinality(String), amount Float64) ENGINE = MergeTree ORDER BY sale_id');
    await wh.admin.command("INSERT INTO shop.sales VALUES (1, '2025-06-01 10:00:00', 'north', 10.5), (2, '2025-06-02 11:00:00', 'south', 20), (3, '2025-06-02 12:00:00', 'north', 5)");
  });
  afterAll(async () => { await wh?.close(); fs.rmSync(tmp, { recursive: true, force: true }); });

  it('infers measures, dimensions with values and the time column, and answers questions', async () => {
    const model = await inferSemanticModel(wh.reader, 'shop');
    const t = model.tables.find((x) => x.name === 'sales')!;
    expect(t.time).toBe('ts');
    expect(model.dimensions.find((d) => d.name === 'region')?.values?.sort()).toEqual(['north', 'south']);
    expect(model.measures.map((m) => m.name)).toContain('total_amount');
    const agent = createQueryAgent({ models: [model] });
    const plan = agent.plan('total amount by region', { now: new Date('2025-06-30T00:00:00Z') });
    const res = await wh.reader.query(plan.sql);
    expect(res.rows.map((r) => [r[0], Number(r[1])]).sort()).toEqual([['north', 15.5], ['south', 20]]);
    const north = await wh.reader.query(agent.plan('sales in north', { now: new Date('2025-06-30T00:00:00Z') }).sql);
    expect(Number(north.rows[0][0])).toBe(2);
    expect(semanticModelToYaml(model)).toContain('name: shop');
  });
});
