/**
 * The bot's Grafana dashboard and Prometheus alert rules, checked offline for
 * what Grafana and Prometheus need: the dashboard's fields (uid, panels with
 * ids, grid positions, data source and targets with refIds), every PromQL
 * expression parsed by Prometheus's own grammar (@prometheus-io/lezer-promql),
 * the panels the issue asks for; the rules file as a PrometheusRule spec
 * against the Prometheus Operator's schema, each rule's fields. That the names
 * they query are exported is checked against a live scrape in
 * test/metrics/serve-metrics.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { promqlMetricNames } from '../metrics/exposition.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Target { refId: string; expr: string; datasource: { type: string; uid: string } }
interface Panel { id: number; type: string; title: string; gridPos: { x: number; y: number; w: number; h: number }; datasource?: { type: string; uid: string }; targets?: Target[] }
interface Dashboard { uid: string; title: string; schemaVersion: number; panels: Panel[]; templating: { list: Array<{ name: string; type: string }> } }
interface Rule { alert?: string; record?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> }

const dashboard = JSON.parse(fs.readFileSync(path.join(ROOT, 'deploy/grafana/dashboards/datalabs-bot.json'), 'utf8')) as Dashboard;
const rulesFile = YAML.parse(fs.readFileSync(path.join(ROOT, 'deploy/prometheus/datalabs-rules.yaml'), 'utf8')) as { groups: Array<{ name: string; rules: Rule[] }> };
/** Grafana's variables as what they stand for, so Prometheus's grammar can read the query. */
const promql = (e: string) => e.replaceAll('$__rate_interval', '1m').replaceAll('$job', '.*');

describe('deploy/grafana/dashboards/datalabs-bot.json', () => {
  const queries = dashboard.panels.filter((p) => p.type !== 'row');

  it('has what Grafana needs to load it: uid, title, schema version, unique panel ids on the grid, data sources and refIds', () => {
    expect(dashboard.uid).toBe('datalabs-bot');
    expect(dashboard.uid.length).toBeLessThanOrEqual(40);
    expect(dashboard.title).toBeTruthy();
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of dashboard.panels) {
      expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
      expect(p.gridPos.w * p.gridPos.h, p.title).toBeGreaterThan(0);
    }
    expect(dashboard.templating.list.map((v) => `${v.type}:${v.name}`)).toEqual(['datasource:datasource', 'query:job']);
    for (const p of queries) {
      expect(p.datasource, p.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      const refIds = p.targets!.map((t) => t.refId);
      expect(new Set(refIds).size, p.title).toBe(refIds.length);
    }
  });

  it('every query is valid PromQL', () => {
    for (const p of queries) for (const t of p.targets!) expect(() => promqlMetricNames(promql(t.expr)), `${p.title}: ${t.expr}`).not.toThrow();
    // And the grammar does refuse a broken one.
    expect(() => promqlMetricNames('sum(rate(datalabs_ack_duration_seconds_count[5m])')).toThrow(/syntax error/);
  });

  it('shows p50 / p95 / p99 of question latency, ack latency, queue depth and errors', () => {
    const exprs = (title: RegExp) => queries.filter((p) => title.test(p.title)).flatMap((p) => p.targets!.map((t) => t.expr));
    const question = exprs(/^Question latency p50/);
    for (const q of ['0.5', '0.95', '0.99']) expect(question.some((e) => e.startsWith(`histogram_quantile(${q},`) && e.includes('datalabs_question_duration_seconds_bucket'))).toBe(true);
    expect(exprs(/by engine/).join()).toMatch(/sum by \(le, engine\)/);
    expect(exprs(/by platform/).join()).toMatch(/sum by \(le, platform\)/);
    const ack = exprs(/^Ack latency p50/);
    for (const q of ['0.5', '0.95', '0.99']) expect(ack.some((e) => e.startsWith(`histogram_quantile(${q},`) && e.includes('datalabs_ack_duration_seconds_bucket'))).toBe(true);
    expect(exprs(/queue depth/i).join()).toContain('datalabs_queue_depth');
    expect(exprs(/error/i).join()).toMatch(/outcome="error"/);
    expect(exprs(/error/i).join()).toMatch(/status=~"5\.\."/);
  });
});

describe('deploy/prometheus/datalabs-rules.yaml', () => {
  const rules = rulesFile.groups.flatMap((g) => g.rules);

  it('is a valid rule-groups spec (the Prometheus Operator schema for PrometheusRule)', () => {
    expect(() => new PrometheusRule({ metadata: { name: 'datalabs' }, spec: rulesFile as never }).validate()).not.toThrow();
    // Not vacuous: a duration the schema refuses.
    const bad = structuredClone(rulesFile);
    bad.groups[0].rules[0].for = 'two minutes';
    expect(() => new PrometheusRule({ metadata: { name: 'datalabs' }, spec: bad as never }).validate()).toThrow(/for/);
  });

  it('has alerts with unique names, parsable PromQL, a severity, a summary and a description', () => {
    expect(rules.length).toBeGreaterThanOrEqual(10);
    const names = rules.map((r) => r.alert);
    expect(names.every(Boolean)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    for (const r of rules) {
      expect(() => promqlMetricNames(r.expr), r.alert).not.toThrow();
      expect(['critical', 'warning', 'info'], r.alert).toContain(r.labels?.severity);
      expect(r.annotations?.summary, r.alert).toBeTruthy();
      expect(r.annotations?.description, r.alert).toBeTruthy();
      if (r.for) expect(r.for).toMatch(/^\d+[smh]$/);
    }
  });

  it('alerts on slow acks, slow answers, errors, the queue backlog, alert lag and failed notifications', () => {
    const named = (n: string) => rules.find((r) => r.alert === n)?.expr ?? '';
    expect(promqlMetricNames(named('DatalabsAckLatencyHigh'))).toEqual(['datalabs_ack_duration_seconds_bucket']);
    expect(promqlMetricNames(named('DatalabsQuestionLatencyHigh'))).toEqual(['datalabs_question_duration_seconds_bucket']);
    expect(promqlMetricNames(named('DatalabsQuestionErrorsHigh'))).toContain('datalabs_question_duration_seconds_count');
    expect(promqlMetricNames(named('DatalabsQueueBacklog'))).toEqual(['datalabs_queue_depth']);
    expect(promqlMetricNames(named('DatalabsAlertEvaluationLag'))).toEqual(['datalabs_alert_evaluation_lag_seconds_bucket']);
    expect(promqlMetricNames(named('DatalabsNotificationsFailing'))).toEqual(['datalabs_alert_notifications_total']);
  });
});
