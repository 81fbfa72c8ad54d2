/**
 * The Helm chart (deploy/helm/datalabs): `helm lint`'s chart checks and `helm
 * template` rendered by test/deploy/helm-template.ts (a documented subset of
 * Go templates that refuses what it does not cover; no helm binary here),
 * every manifest validated against the Kubernetes API schemas shipped in
 * kubernetes-models (and the Prometheus Operator's for the ServiceMonitor),
 * offline. Schema validation here is kubectl's non-strict kind: wrong types,
 * missing required fields and bad formats are refused; unknown fields are not.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { ChartRenderer, helmTemplate, TemplateError } from './helm-template.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHART = path.join(ROOT, 'deploy/helm/datalabs');

type Obj = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; spec?: any; data?: Record<string, string> };

const MODELS: Record<string, new (o: any) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
};

/** Renders and validates every object against its API schema; returns them. */
function render(values: Record<string, unknown> = {}, release = 'dl'): Obj[] {
  const objects = helmTemplate(CHART, { release, namespace: 'data', values }).map((r) => r.object as unknown as Obj);
  for (const o of objects) {
    const Model = MODELS[`${o.apiVersion}/${o.kind}`];
    expect(Model, `no schema for ${o.apiVersion} ${o.kind}`).toBeDefined();
    expect(() => new Model(o).validate(), `${o.kind} ${o.metadata.name}`).not.toThrow();
    expect(o.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(o.metadata.name.length).toBeLessThanOrEqual(63);
  }
  return objects;
}
const find = (objs: Obj[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name);

describe('helm chart deploy/helm/datalabs', () => {
  it('passes helm lint\'s chart checks: Chart.yaml fields, values.yaml, template files helm renders', () => {
    const chart = YAML.parse(fs.readFileSync(path.join(CHART, 'Chart.yaml'), 'utf8')) as Record<string, string>;
    expect(chart.apiVersion).toBe('v2');
    expect(chart.name).toBe(path.basename(CHART));
    expect(chart.version).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
    expect(chart.appVersion).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    expect(chart.type).toBe('application');
    expect(YAML.parse(fs.readFileSync(path.join(CHART, 'values.yaml'), 'utf8'))).toBeTypeOf('object');
    expect(fs.existsSync(path.join(CHART, 'README.md'))).toBe(true);
  });

  it('renders with the default values: bot and worker Deployments, ConfigMap, Secret, Services, PodDisruptionBudgets, all schema-valid', () => {
    const objs = render();
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/dl-datalabs',
      'Deployment/dl-datalabs-bot',
      'Deployment/dl-datalabs-worker',
      'PodDisruptionBudget/dl-datalabs-bot',
      'PodDisruptionBudget/dl-datalabs-worker',
      'Secret/dl-datalabs',
      'Service/dl-datalabs',
      'Service/dl-datalabs-worker',
    ]);
  });

  it('gives the bot replicas, probes on /healthz and /readyz, resources, a non-root read-only container and the config', () => {
    const objs = render({ bot: { replicas: 3 } });
    const bot = find(objs, 'Deployment', 'dl-datalabs-bot')!;
    expect(bot.spec.replicas).toBe(3);
    // The selector matches the pod template's labels (else the API server refuses the Deployment).
    for (const [k, v] of Object.entries(bot.spec.selector.matchLabels as Record<string, string>)) expect(bot.spec.template.metadata.labels[k]).toBe(v);
    const c = bot.spec.template.spec.containers[0];
    expect(c.args).toEqual(['serve', '--port', '3000']);
    expect(c.ports[0]).toMatchObject({ name: 'http', containerPort: 3000 });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(c.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(c.resources.requests).toEqual({ cpu: '250m', memory: '512Mi' });
    expect(c.resources.limits.memory).toBe('1536Mi');
    expect(bot.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    // The writable places a read-only root needs.
    expect(c.volumeMounts.map((m: { mountPath: string }) => m.mountPath).sort()).toEqual(['/app/deploy/grafana/dashboards', '/data', '/tmp']);
    expect(c.envFrom).toEqual([{ configMapRef: { name: 'dl-datalabs' } }, { secretRef: { name: 'dl-datalabs' } }]);
    const cm = find(objs, 'ConfigMap', 'dl-datalabs')!;
    expect(cm.data).toMatchObject({ CLICKHOUSE_URL: 'http://clickhouse:8123', DATALABS_ALLOWED_DATABASES: 'demo', DATALABS_DATA_DIR: '/data' });
    const svc = find(objs, 'Service', 'dl-datalabs')!;
    expect(svc.spec.selector).toMatchObject({ 'app.kubernetes.io/component': 'bot' });
    expect(svc.spec.ports[0]).toMatchObject({ port: 80, targetPort: 'http' });
  });

  it('runs workers on WORKER_PORT with the same probes, and a PodDisruptionBudget each', () => {
    const objs = render({ worker: { replicas: 4 } });
    const w = find(objs, 'Deployment', 'dl-datalabs-worker')!;
    expect(w.spec.replicas).toBe(4);
    const c = w.spec.template.spec.containers[0];
    expect(c.args).toEqual(['worker']);
    expect(c.env).toEqual(expect.arrayContaining([{ name: 'WORKER_PORT', value: '9464' }]));
    expect(c.livenessProbe.httpGet.path).toBe('/healthz');
    expect(c.readinessProbe.httpGet.path).toBe('/readyz');
    expect(find(objs, 'PodDisruptionBudget', 'dl-datalabs-bot')!.spec).toMatchObject({ minAvailable: 1 });
    expect(find(objs, 'PodDisruptionBudget', 'dl-datalabs-worker')!.spec).toMatchObject({ maxUnavailable: 1 });
  });

  it('puts only the secrets given into the Secret, base64-encoded; existingSecret replaces it', () => {
    const objs = render({ secrets: { DATABASE_URL: 'postgres://u:p@pg:5432/dl', REDIS_URL: 'redis://redis:6379/0' } });
    const secret = find(objs, 'Secret', 'dl-datalabs')!;
    expect(Object.keys(secret.data!).sort()).toEqual(['DATABASE_URL', 'REDIS_URL']);
    expect(Buffer.from(secret.data!.DATABASE_URL, 'base64').toString()).toBe('postgres://u:p@pg:5432/dl');
    const own = render({ existingSecret: 'datalabs-prod' });
    expect(own.some((o) => o.kind === 'Secret')).toBe(false);
    expect(find(own, 'Deployment', 'dl-datalabs-bot')!.spec.template.spec.containers[0].envFrom[1]).toEqual({ secretRef: { name: 'datalabs-prod' } });
  });

  it('adds a schema-valid ServiceMonitor when asked, scraping /metrics of the bot and the workers', () => {
    const objs = render({ serviceMonitor: { enabled: true, labels: { release: 'kube-prometheus-stack' } } });
    const sm = find(objs, 'ServiceMonitor', 'dl-datalabs')!;
    expect(sm.metadata.labels!.release).toBe('kube-prometheus-stack');
    expect(sm.spec.endpoints).toEqual([{ port: 'http', path: '/metrics', interval: '30s', scrapeTimeout: '10s' }]);
    // Its selector picks both Services (bot and the headless worker one).
    const services = objs.filter((o) => o.kind === 'Service');
    expect(services).toHaveLength(2);
    for (const s of services) for (const [k, v] of Object.entries(sm.spec.selector.matchLabels as Record<string, string>)) expect(s.metadata.labels![k]).toBe(v);
    // And a bad interval is refused by the operator's schema.
    expect(() => render({ serviceMonitor: { enabled: true, interval: 'often' } })).toThrow();
  });

  it('drops the workers when disabled and lets serve leave answers to workers with bot.answer=false', () => {
    const objs = render({ worker: { enabled: false } });
    expect(objs.filter((o) => o.metadata.name.endsWith('-worker'))).toEqual([]);
    const noAnswer = render({ bot: { answer: false } });
    expect(find(noAnswer, 'Deployment', 'dl-datalabs-bot')!.spec.template.spec.containers[0].args).toEqual(['serve', '--port', '3000', '--no-answer']);
  });

  it('the schema validation is not vacuous: a string replica count and a missing image are refused', () => {
    expect(() => render({ bot: { replicas: 'two' } })).toThrow();
    const objs = helmTemplate(CHART, { release: 'dl' }).map((r) => r.object as unknown as Obj);
    const bot = structuredClone(find(objs, 'Deployment', 'dl-datalabs-bot')!);
    delete bot.spec.template.spec.containers[0].name;
    expect(() => new Deployment(bot as never).validate()).toThrow(/name/);
  });
});

describe('the template renderer (Go text/template subset)', () => {
  const renderOne = (src: string, values: Record<string, unknown> = {}) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-render-test-'));
    try {
      fs.mkdirSync(path.join(dir, 'templates'));
      fs.writeFileSync(path.join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: t\nversion: 1.0.0\nappVersion: "2"\n');
      fs.writeFileSync(path.join(dir, 'values.yaml'), YAML.stringify(values));
      fs.writeFileSync(path.join(dir, 'templates', 'x.yaml'), src);
      const { renderer, chart } = ChartRenderer.load(dir);
      return renderer.render({ Values: values, Release: { Name: 'r', Service: 'Helm' }, Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion } }).get('x.yaml')!;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };

  it('trims whitespace, pipes, nindents YAML and ranges over sorted keys as Go does', () => {
    expect(renderOne('a:\n  {{- range $k, $v := .Values.m }}\n  {{ $k }}: {{ $v | quote }}\n  {{- end }}\n', { m: { b: 2, a: 'x' } })).toBe('a:\n  a: "x"\n  b: "2"\n');
    expect(renderOne('r:\n  {{- toYaml .Values.r | nindent 2 }}', { r: { limits: { cpu: '1' } } })).toBe('r:\n  limits:\n    cpu: "1"');
    expect(renderOne('{{ if and .Values.a (not .Values.b) }}yes{{ else if .Values.b }}b{{ else }}no{{ end }}', { a: 1, b: 0 })).toBe('yes');
    expect(renderOne('{{ default "d" .Values.x }}-{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 3 }}', {})).toBe('d-r-t');
  });

  it('refuses what it does not implement instead of rendering it wrongly', () => {
    expect(() => renderOne('{{ .Values.x | upper }}', { x: 'a' })).toThrow(TemplateError);
    expect(() => renderOne('{{ tpl .Values.x . }}', { x: 'a' })).toThrow(/outside the supported subset/);
    expect(() => renderOne('{{ template "x" . }}', {})).toThrow(/outside the supported subset/);
    expect(() => renderOne('{{ if .Values.x }}open', { x: 1 })).toThrow(/missing \{\{ end \}\}/);
  });
});
