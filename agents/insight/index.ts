/** Anomalies and forecasts in chat: recognised by rule, resolved through the query agent's semantic model. */
export { createInsightResponder, type InsightAnswer, type InsightDeps, type InsightResponder } from './create-insight.ts';
export { recogniseInsight, type InsightIntent } from './recognise.ts';
export { searchDrivers, driverDimensions, type DriverSearch, type DriverValue } from './drivers.ts';
