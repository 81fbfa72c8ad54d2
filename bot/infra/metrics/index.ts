export { createMetrics, METRIC_NAMES, type CreateMetricsOptions, type PromMetrics } from './create-metrics.ts';
export { instrumentWarehouse } from './instrument-warehouse.ts';
export { createReadiness, dependencyReadiness, redisPing, type DependencyStatus, type Readiness, type ReadinessCheck, type ReadinessReport } from './readiness.ts';
