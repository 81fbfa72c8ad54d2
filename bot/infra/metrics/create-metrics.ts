/**
 * The Metrics contract on prom-client: one registry per process, served by
 * `/metrics` (bot/infra/http). Names follow Prometheus conventions (base units:
 * seconds, `_total` counters). The Grafana dashboard and the alert rules in
 * deploy/ use exactly the names in METRIC_NAMES; test/metrics checks both
 * against a live scrape.
 */
import client from 'prom-client';
import type { Metrics } from '../../contracts/metrics.ts';

/** Latency buckets for user-facing work, in seconds (10 ms … 60 s). */
const ANSWER_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60];
/** Acks must be fast (Slack gives 3 s): finer buckets below a second. */
const ACK_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];
/** Acks observed together at most this many at a time (see `ack`). */
const ACK_BATCH = 4096;
/** Row counts read per query. */
const ROWS_BUCKETS = [0, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

/** Every metric this module registers (without histogram suffixes), plus the HTTP counter of bot/infra/http. */
export const METRIC_NAMES = {
  question: 'datalabs_question_duration_seconds',
  ack: 'datalabs_ack_duration_seconds',
  warehouseQuery: 'datalabs_clickhouse_query_duration_seconds',
  warehouseRows: 'datalabs_clickhouse_rows_read',
  warehouseRowsTotal: 'datalabs_clickhouse_rows_read_total',
  chart: 'datalabs_chart_render_duration_seconds',
  queueDepth: 'datalabs_queue_depth',
  jobAge: 'datalabs_queue_job_age_seconds',
  alertLag: 'datalabs_alert_evaluation_lag_seconds',
  alertEvaluations: 'datalabs_alert_evaluations_total',
  notifications: 'datalabs_alert_notifications_total',
  llmTokens: 'datalabs_llm_tokens_total',
  llmCost: 'datalabs_llm_cost_usd_total',
  httpRequests: 'datalabs_http_requests_total',
} as const;

export interface PromMetrics extends Metrics {
  readonly registry: client.Registry;
}

export interface CreateMetricsOptions {
  /** Also collect Node's default process metrics (CPU, memory, event-loop lag; default true). */
  defaults?: boolean;
  /** Labels on every series (e.g. `{ role: 'worker' }`). */
  labels?: Record<string, string>;
}

export function createMetrics(opts: CreateMetricsOptions = {}): PromMetrics {
  const registry = new client.Registry();
  if (opts.labels) registry.setDefaultLabels(opts.labels);
  if (opts.defaults !== false) client.collectDefaultMetrics({ register: registry, prefix: '' });
  const registers = [registry];
  const question = new client.Histogram({ name: METRIC_NAMES.question, help: 'Questions from ask to answer, by engine (offline, claude, sql), platform and outcome', labelNames: ['engine', 'platform', 'outcome'], buckets: ANSWER_BUCKETS, registers });
  // Acks come in bursts of hundreds, each observed on the ack path: they are kept as plain numbers and observed
  // when the histogram is read (a scrape), or every ACK_BATCH of them, so prom-client's per-call label hashing is
  // not on that path.
  const ackWaiting = new Map<string, { labels: { platform: string; outcome: string }; seconds: number[] }>();
  let ackWaitingCount = 0;
  const observeWaitingAcks = (h: client.Histogram): void => {
    for (const w of ackWaiting.values()) {
      for (const v of w.seconds) h.observe(w.labels, v);
      w.seconds.length = 0;
    }
    ackWaitingCount = 0;
  };
  const ack: client.Histogram = new client.Histogram({
    name: METRIC_NAMES.ack,
    help: 'Inbound messages from receive to recorded and queued (the adapter acks right after), by platform and outcome',
    labelNames: ['platform', 'outcome'],
    buckets: ACK_BUCKETS,
    registers,
    collect() {
      observeWaitingAcks(this);
    },
  });
  const query = new client.Histogram({ name: METRIC_NAMES.warehouseQuery, help: 'ClickHouse reads, wall time, by outcome', labelNames: ['outcome'], buckets: ANSWER_BUCKETS, registers });
  const rows = new client.Histogram({ name: METRIC_NAMES.warehouseRows, help: 'Rows ClickHouse read per successful query', buckets: ROWS_BUCKETS, registers });
  const rowsTotal = new client.Counter({ name: METRIC_NAMES.warehouseRowsTotal, help: 'Rows ClickHouse read, all successful queries', registers });
  const chart = new client.Histogram({ name: METRIC_NAMES.chart, help: 'Chart renders (vega-lite to PNG), by outcome', labelNames: ['outcome'], buckets: ANSWER_BUCKETS, registers });
  const jobAge = new client.Histogram({ name: METRIC_NAMES.jobAge, help: 'Age of a message when its answer job starts (time waiting in the queue)', buckets: ANSWER_BUCKETS, registers });
  const alertLag = new client.Histogram({ name: METRIC_NAMES.alertLag, help: 'How late an alert evaluation started after its tick was due', buckets: ANSWER_BUCKETS, registers });
  const alertEvaluations = new client.Counter({ name: METRIC_NAMES.alertEvaluations, help: 'Alert evaluations by outcome (ok, error, retry, gone)', labelNames: ['outcome'], registers });
  const notifications = new client.Counter({ name: METRIC_NAMES.notifications, help: 'Alert notifications by delivery outcome (sent, retrying, failed)', labelNames: ['outcome'], registers });
  const llmTokens = new client.Counter({ name: METRIC_NAMES.llmTokens, help: 'LLM tokens by model and kind (input, output, cache_read, cache_creation)', labelNames: ['model', 'kind'], registers });
  const llmCost = new client.Counter({ name: METRIC_NAMES.llmCost, help: 'Estimated LLM cost in USD by model (list prices)', labelNames: ['model'], registers });

  const depthSources = new Map<string, () => Promise<number>>();
  new client.Gauge({
    name: METRIC_NAMES.queueDepth,
    help: 'Jobs waiting in the answer queue (waiting, delayed and running), read at scrape time',
    labelNames: ['queue'],
    registers,
    async collect() {
      this.reset();
      for (const [name, depth] of depthSources) {
        // A queue that cannot be read (Redis down) leaves its series out of this scrape rather than failing it.
        const n = await depth().catch(() => undefined);
        if (n !== undefined) this.set({ queue: name }, n);
      }
    },
  });

  // Outcome labels are pre-created so that rate() and the alert rules see zeros, not absent series.
  for (const outcome of ['sent', 'retrying', 'failed']) notifications.inc({ outcome }, 0);
  for (const outcome of ['ok', 'error', 'retry', 'gone']) alertEvaluations.inc({ outcome }, 0);

  const seconds = (ms: number) => Math.max(0, ms) / 1000;
  return {
    registry,
    observeQuestion: (e) => question.observe({ engine: e.engine, platform: e.platform, outcome: e.outcome }, seconds(e.durationMs)),
    observeAck(e) {
      const k = `${e.platform} ${e.outcome}`;
      let w = ackWaiting.get(k);
      if (!w) ackWaiting.set(k, (w = { labels: { platform: e.platform, outcome: e.outcome }, seconds: [] }));
      w.seconds.push(seconds(e.durationMs));
      if (++ackWaitingCount >= ACK_BATCH) observeWaitingAcks(ack);
    },
    observeWarehouseQuery(e) {
      query.observe({ outcome: e.outcome }, seconds(e.durationMs));
      if (e.outcome === 'ok' && e.rowsRead !== undefined) {
        rows.observe(Math.max(0, e.rowsRead));
        rowsTotal.inc(Math.max(0, e.rowsRead));
      }
    },
    observeChartRender: (e) => chart.observe({ outcome: e.outcome }, seconds(e.durationMs)),
    observeJobAge: (e) => jobAge.observe(seconds(e.ageMs)),
    trackQueueDepth: (name, depth) => void depthSources.set(name, depth),
    observeAlertEvaluation(e) {
      alertEvaluations.inc({ outcome: e.outcome });
      if (e.outcome !== 'gone') alertLag.observe(seconds(e.lagMs));
    },
    countNotifications: (e) => {
      if (e.count > 0) notifications.inc({ outcome: e.outcome }, e.count);
    },
    countLlmUsage(e) {
      const add = (kind: string, n: number | undefined) => {
        if (n && n > 0) llmTokens.inc({ model: e.model, kind }, n);
      };
      add('input', e.inputTokens);
      add('output', e.outputTokens);
      add('cache_read', e.cacheReadTokens);
      add('cache_creation', e.cacheCreationTokens);
      if (e.costUsd > 0) llmCost.inc({ model: e.model }, e.costUsd);
    },
  };
}
