/**
 * deploy/docker-compose.yaml against the Compose Specification's JSON schema
 * (vendored: compose-spec.json, see compose-spec.SOURCE.md), as `docker
 * compose config` would check it (there is no docker engine here), plus what
 * the stack needs: every service, health-gated start order, files it mounts
 * existing, Prometheus scraping the bot and the workers with the rules loaded,
 * Grafana with the ClickHouse plugin and the bot's dashboard provisioned.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DEPLOY = path.join(ROOT, 'deploy');

type Service = { image?: string; build?: { context: string; dockerfile: string }; command?: string[]; environment?: Record<string, string>; depends_on?: Record<string, { condition: string }> | string[]; volumes?: string[]; healthcheck?: { test: string[] } };
type Compose = { services: Record<string, Service>; volumes?: Record<string, unknown> };

function loadCompose(): Compose {
  // Merge keys (<<) resolved as compose does.
  return YAML.parse(fs.readFileSync(path.join(DEPLOY, 'docker-compose.yaml'), 'utf8'), { merge: true }) as Compose;
}

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/deploy/compose-spec.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, validateSchema: false }).compile(schema);

describe('deploy/docker-compose.yaml', () => {
  it('is valid against the Compose Specification schema', () => {
    const ok = validate(loadCompose());
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 1)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check is not vacuous: a wrong condition, an unknown key and a bad port are refused', () => {
    const bad1 = loadCompose();
    (bad1.services.bot.depends_on as Record<string, { condition: string }>).redis.condition = 'service_happy';
    expect(validate(bad1)).toBe(false);
    const bad2 = loadCompose() as Compose & { services: Record<string, Service & { restart_policy?: string }> };
    bad2.services.bot.restart_policy = 'always';
    expect(validate(bad2)).toBe(false);
    const bad3 = loadCompose() as unknown as { services: Record<string, { healthcheck: { interval: number } }> };
    bad3.services.bot.healthcheck.interval = 15;
    expect(validate(bad3)).toBe(false);
  });

  it('runs the whole stack: bot, worker, ClickHouse, PostgreSQL, Redis, Prometheus, Grafana (and the demo seed)', () => {
    const c = loadCompose();
    expect(Object.keys(c.services).sort()).toEqual(['bot', 'clickhouse', 'grafana', 'postgres', 'prometheus', 'redis', 'seed', 'worker']);
    expect(c.services.bot.build).toEqual({ context: '..', dockerfile: 'deploy/Dockerfile' });
    expect(fs.existsSync(path.resolve(DEPLOY, c.services.bot.build!.context, c.services.bot.build!.dockerfile))).toBe(true);
    expect(c.services.bot.command?.[0]).toBe('serve');
    expect(c.services.worker.command).toEqual(['worker']);
    expect(c.services.worker.image).toBe(c.services.bot.image);
    // Both processes share the servers: a worker needs all three (bot/app/cli/worker-command.ts).
    for (const name of ['bot', 'worker']) {
      const env = c.services[name].environment!;
      expect(env.CLICKHOUSE_URL).toBe('http://clickhouse:8123');
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/datalabs:.*@postgres:5432\/datalabs$/);
      expect(env.REDIS_URL).toBe('redis://redis:6379/0');
    }
    expect(c.services.worker.environment!.WORKER_PORT).toBe('9464');
    // The bot starts once its servers are healthy and the seed has finished.
    expect(c.services.bot.depends_on).toMatchObject({ clickhouse: { condition: 'service_healthy' }, postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' }, seed: { condition: 'service_completed_successfully' } });
    for (const name of ['clickhouse', 'postgres', 'redis', 'bot', 'worker']) expect(c.services[name].healthcheck, name).toBeDefined();
    expect(c.services.bot.healthcheck!.test.join(' ')).toContain('/readyz');
    expect(c.services.worker.healthcheck!.test.join(' ')).toContain('9464/readyz');
  });

  it('mounts files that exist: Prometheus config and rules, Grafana provisioning and dashboards', () => {
    const c = loadCompose();
    const binds = Object.entries(c.services).flatMap(([name, s]) => (s.volumes ?? []).filter((v) => v.startsWith('./')).map((v) => ({ name, host: v.split(':')[0], target: v.split(':')[1] })));
    expect(binds.length).toBeGreaterThanOrEqual(6);
    for (const b of binds) expect(fs.existsSync(path.resolve(DEPLOY, b.host)), `${b.name}: ${b.host}`).toBe(true);
    // Named volumes are declared.
    for (const [, s] of Object.entries(c.services)) for (const v of s.volumes ?? []) if (!v.startsWith('./')) expect(Object.keys(c.volumes ?? {})).toContain(v.split(':')[0]);
    const target = (host: string) => binds.find((b) => b.host === host)?.target;
    // Prometheus: the rules file where its config loads it from; the bot and the worker scraped.
    const prom = YAML.parse(fs.readFileSync(path.join(DEPLOY, 'prometheus/prometheus.yml'), 'utf8')) as { rule_files: string[]; scrape_configs: Array<{ job_name: string; static_configs?: Array<{ targets: string[] }>; dns_sd_configs?: Array<{ names: string[]; port: number }> }> };
    expect(prom.rule_files).toEqual([target('./prometheus/datalabs-rules.yaml')]);
    const serveJob = prom.scrape_configs.find((s) => s.job_name === 'datalabs-serve');
    expect(serveJob?.static_configs?.[0].targets).toEqual(['bot:3000']);
    const workerJob = prom.scrape_configs.find((s) => s.job_name === 'datalabs-worker');
    expect(workerJob?.dns_sd_configs?.[0]).toMatchObject({ names: ['worker'], port: 9464 });
    // Grafana: the ClickHouse plugin installed, the dashboards directory where the provisioning file reads it.
    const grafana = c.services.grafana;
    expect(grafana.environment!.GF_INSTALL_PLUGINS).toContain('grafana-clickhouse-datasource');
    const provisioning = YAML.parse(fs.readFileSync(path.join(DEPLOY, 'grafana/provisioning/dashboards/datalabs.yaml'), 'utf8')) as { providers: Array<{ options: { path: string } }> };
    expect(target('./grafana/dashboards')).toBe(provisioning.providers[0].options.path);
    expect(fs.existsSync(path.join(DEPLOY, 'grafana/dashboards/datalabs-bot.json'))).toBe(true);
    // The Prometheus data source the bot's dashboard selects by default.
    const ds = YAML.parse(fs.readFileSync(path.join(DEPLOY, 'prometheus/grafana-datasource.yaml'), 'utf8')) as { datasources: Array<{ uid: string; type: string; url: string }> };
    const dashboard = JSON.parse(fs.readFileSync(path.join(DEPLOY, 'grafana/dashboards/datalabs-bot.json'), 'utf8')) as { templating: { list: Array<{ name: string; current?: { value: string } }> } };
    expect(ds.datasources[0]).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090' });
    expect(dashboard.templating.list.find((v) => v.name === 'datasource')?.current?.value).toBe(ds.datasources[0].uid);
  });
});
