export { backtestRule, evaluateLatest, summarizeBacktest, DEFAULT_BACKTEST_DAYS, type BacktestResult, type BacktestOptions, type Firing } from './backtest.ts';
export { evaluatePeriods, baselineStart, type PeriodEvaluation, type PeriodState } from './evaluate.ts';
export { fetchSeries, fetchFreshness, parseChTime, type SeriesSource, type SeriesAnswer, type Series } from './series.ts';
export { checkRuleQuery } from './check-rule.ts';
