/**
 * What the bot measures, as a small contract: core, agents and alerts record
 * through it and never see the metrics library. The one implementation
 * (bot/infra/metrics/create-metrics.ts) keeps Prometheus metrics in a
 * registry that `/metrics` serves. Every dependency on it is optional: code
 * built without one (CLI one-offs, unit tests) records nothing.
 */

/** Which engine wrote an answer's SQL: the offline parser, Claude, or none (the user sent SQL). */
export type AnswerEngine = 'offline' | 'claude' | 'sql';

/** How a question, an ack or a notification ended. */
export type MetricOutcome = 'ok' | 'error';

/** Where a question came from: a chat platform, or `cli` for asks outside a chat (CLI, alerts). */
export type MetricPlatform = string;

export interface Metrics {
  /** One question answered (or failed) end to end in the answerer: engine, platform, seconds from ask to answer. */
  observeQuestion(e: { engine: AnswerEngine; platform: MetricPlatform; outcome: MetricOutcome; durationMs: number }): void;
  /** One inbound message acknowledged: from the core's `receive` to recorded and queued (the adapter acks right after). */
  observeAck(e: { platform: MetricPlatform; outcome: MetricOutcome; durationMs: number }): void;
  /** One ClickHouse read: wall time and, when the engine reported it, the rows it read. */
  observeWarehouseQuery(e: { outcome: MetricOutcome; durationMs: number; rowsRead?: number }): void;
  /** One chart drawn (or failed): wall time including the worker hand-off. */
  observeChartRender(e: { outcome: MetricOutcome; durationMs: number }): void;
  /** A queued answer job started: how long its message waited since it arrived. */
  observeJobAge(e: { ageMs: number }): void;
  /** Jobs waiting in the answer queue, read at each scrape (`name`: the queue). Replaces an earlier source of that name. */
  trackQueueDepth(name: string, depth: () => Promise<number>): void;
  /** One alert evaluation: how late it started after its tick was due, and how it ended. */
  observeAlertEvaluation(e: { lagMs: number; outcome: 'ok' | 'error' | 'retry' | 'gone' }): void;
  /** Alert notifications by delivery outcome (counted per notification). */
  countNotifications(e: { outcome: 'sent' | 'retrying' | 'failed'; count: number }): void;
  /** Tokens and estimated cost of one LLM answer (Claude), by model. */
  countLlmUsage(e: { model: string; inputTokens: number; outputTokens: number; cacheReadTokens?: number; cacheCreationTokens?: number; costUsd: number }): void;
}
