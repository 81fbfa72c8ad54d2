export { chooseChart, type ChartChoice, type ChartKind } from './chart-choice.ts';
export { buildChartSpec, type SpecOptions } from './vega-spec.ts';
export { renderPng } from './render-png.ts';
export { renderChart, type RenderedChart, type RenderChartOptions } from './render-chart.ts';
export { formatTable, type TextTableOptions } from './text-table.ts';
export { toCsv } from './csv.ts';
export { abbreviateNumber, formatNumber, formatValue, formatTime } from './format.ts';
export { describeChart } from './alt-text.ts';
export { columnRole, isNumericType, isTimeType } from './column-kinds.ts';
