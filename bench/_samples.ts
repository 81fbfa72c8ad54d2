import fs from 'node:fs';
import type { Column } from '../bot/types/warehouse.ts';
import { renderChart } from '../renderers/index.ts';
const c = (name: string, type: string): Column => ({ name, type });
const months = Array.from({ length: 13 }, (_, i) => { const d = new Date(Date.UTC(2024, 5 + i, 1)); return d.toISOString().slice(0, 10); });
const cases: Record<string, [Column[], unknown[][], string, any?]> = {
  line: [[c('month', 'Date'), c('sum(revenue)', 'Float64')], months.map((m, i) => [m, 900_000 + i * 30_000 + (i === 11 ? 200_000 : 0)]), 'Revenue by month over the last year'],
  daily: [[c('day', "DateTime('UTC')"), c('orders', 'UInt64')], Array.from({ length: 365 }, (_, i) => [new Date(Date.UTC(2024, 6, 1) + i * 864e5).toISOString().slice(0, 19).replace('T', ' '), Math.round(800 + i + 200 * Math.sin(i / 7))]), 'Orders per day'],
  multiline: [[c('month', 'Date'), c('country', 'LowCardinality(String)'), c('revenue', 'Float64')], months.flatMap((m, i) => ['US', 'GB', 'DE', 'FR', 'IN', 'BR', 'JP', 'VN', 'SG', 'AU', 'CA', 'MX'].map((k, j) => [m, k, (12 - j) * 10000 + i * 1000 * (j % 3)])), 'Revenue by country by month'],
  bar: [[c('product', 'String'), c('revenue', 'Float64')], Array.from({ length: 30 }, (_, i) => [`Product number ${i} with a long name`, 2_000_000 / (i + 1)]), 'Top products by revenue'],
  grouped: [[c('channel', 'String'), c('device', 'String'), c('revenue', 'Float64')], ['organic', 'paid', 'email', 'referral', 'social'].flatMap((ch, i) => ['desktop', 'mobile', 'tablet'].map((d, j) => [ch, d, 100_000 * (i + 1) + j * 30_000])), 'Revenue by channel and device'],
  heatmap: [[c('country', 'String'), c('event_type', 'String'), c('n', 'UInt64')], ['US', 'GB', 'DE', 'FR', 'IN', 'BR', 'JP', 'VN', 'SG', 'AU'].flatMap((k, i) => ['page_view', 'signup', 'login', 'add_to_cart', 'checkout', 'purchase', 'x1', 'x2'].map((e, j) => [k, e, (i + 1) * (j + 1) * 1234])), 'Events by country and type'],
  big: [[c('sum(revenue)', 'Float64')], [[12_345_678.9]], 'Total revenue last month'],
};
const only = process.argv.slice(2);
for (const [name, [cols, rows, title, hint]] of Object.entries(cases)) {
  if (only.length && !only.includes(name)) continue;
  const r = await renderChart(cols, rows, { title, hint, onError: (e) => console.error(name, e) });
  if (!r) { console.log(name, 'null'); continue; }
  fs.writeFileSync(`/tmp/charts-sample/${name}.png`, r.png);
  console.log(name, r.kind, r.alt);
}
