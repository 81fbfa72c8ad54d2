export { chooseChart, planChart, CHART_KINDS, KIND_PHRASES, MAX_PIE_SLICES, type ChartChoice, type ChartKind, type ChartPlan } from './chart-choice.ts';
export { prepareChartData, looksAdditive, OTHER, type ChartData, type ChartPoint, type ChartDataOptions } from './chart-data.ts';
export { buildChartSpec, specFromData, axisLabelExpr, ABBREVIATE_EXPR, CHART_FONT, type SpecOptions } from './vega-spec.ts';
export { renderPng } from './render-png.ts';
export { renderChart, type RenderedChart, type RenderChartOptions } from './render-chart.ts';
export { formatTable, type TextTableOptions } from './text-table.ts';
export { toCsv } from './csv.ts';
export {
  abbreviateNumber,
  columnDecimals,
  columnTitle,
  compactFormatter,
  formatCell,
  formatCurrency,
  formatDecimal,
  formatInteger,
  formatNumber,
  formatPercent,
  formatTime,
  formatValue,
  humanizeName,
  parseFormat,
  withUnit,
  type FormatKind,
  type ParsedFormat,
} from './format.ts';
export { bucketLabel, clampToNow, findPartialPeriods, partialMarkOf, type PartialMark, type PartialOptions, type PartialPeriods } from './periods.ts';
export { calendarPeriod, humanTitle, pluralize, type TitleContext } from './titles.ts';
export { parseTime, detectGranularity, type TimeGranularity } from './time.ts';
export { describeChart, describeData } from './alt-text.ts';
export { columnRole, isNumericType, isTimeType } from './column-kinds.ts';
export { createChartPool, createInlineChartRenderer, type ChartRenderer } from './chart-pool.ts';
