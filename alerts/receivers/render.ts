/**
 * A notification as a platform-neutral `Reply`: the headline (rule, state,
 * value vs threshold or baseline), the labels that matter, a chart of the
 * recent window with the breach marked, and the buttons (Acknowledge, Snooze
 * 1h / 1d, Mute this series, Resolve, Show SQL). The same text and chart go
 * into the email.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Reply, ReplyButton, ReplyImage } from '../../bot/contracts/chat.ts';
import { renderPng } from '../../renderers/render-png.ts';
import { CHART_FONT } from '../../renderers/vega-spec.ts';
import type { Alert, Notification } from '../lifecycle/index.ts';

/** The recent window of a rule, for the chart. */
export interface AlertWindow {
  title: string;
  points: Array<{ t: number; value: number | null; firing: boolean }>;
  threshold?: number;
  /** The rule's query (Show SQL), as written or as the pipeline ran it. */
  sql?: string;
}

export type WindowProvider = (n: Notification) => Promise<AlertWindow | undefined>;

const fmt = (v: number | null | undefined): string => {
  if (v === null || v === undefined) return 'no data';
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1000 ? v.toLocaleString('en-US', { maximumFractionDigits: 2 }) : String(Number(v.toPrecision(4)));
};

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

function stateWord(n: Notification, a: Alert): string {
  if (n.kind === 'resolved' || a.state === 'resolved') return 'RESOLVED';
  if (a.state === 'nodata') return 'NO DATA';
  if (a.state === 'error') return 'ERROR';
  return n.kind === 'repeat' ? 'STILL FIRING' : 'FIRING';
}

/** One line per alert: state, value, threshold / baseline. */
export function alertLine(n: Notification, a: Alert): string {
  const name = a.labels.alertname ?? a.ruleId;
  const which = Object.entries(a.seriesLabels ?? {}).map(([k, v]) => `${k} = ${v}`).join(', ');
  const parts = [`${stateWord(n, a)}: ${name}${which ? ` (${which})` : ''}`];
  if (a.state === 'error') parts.push(a.error ?? 'evaluation failed');
  else parts.push(`value ${fmt(a.value)}${a.threshold !== undefined ? ` vs threshold ${fmt(a.threshold)}` : ''}${a.baseline !== undefined ? ` vs baseline ${fmt(a.baseline)}` : ''}`);
  parts.push(a.state === 'resolved' && a.endsAt ? `resolved ${iso(a.endsAt)} (since ${iso(a.startsAt)})` : `since ${iso(a.startsAt)}`);
  return parts.join(' — ');
}

export function headline(n: Notification): string {
  const first = n.alerts[0];
  if (!first) return `Alert ${n.kind}`;
  const more = n.alerts.length > 1 ? ` (+${n.alerts.length - 1} more)` : '';
  return alertLine(n, first) + more;
}

/** The buttons of a notice; a value is `<rule id>:<fingerprint>` (opaque, ≤ 64 characters). */
export function alertButtons(n: Notification): ReplyButton[] {
  const a = n.alerts[0];
  if (!a) return [];
  const value = `${a.ruleId}:${a.fingerprint}`.slice(0, 64);
  const b = (actionId: ReplyButton['actionId'], label: string): ReplyButton => ({ actionId, label, value });
  const resolved = n.kind === 'resolved';
  return [
    ...(resolved ? [] : [b('alert_ack', 'Acknowledge'), b('alert_snooze_1h', 'Snooze 1h'), b('alert_snooze_1d', 'Snooze 1d'), b('alert_mute', 'Mute this series'), b('alert_resolve', 'Resolve')]),
    b('alert_show_sql', 'Show SQL'),
  ];
}

/** The chart of the recent window: the value line, the threshold dashed, firing periods in red. */
export async function renderAlertChart(w: AlertWindow, size = { width: 900, height: 360 }): Promise<ReplyImage | undefined> {
  const values = w.points.filter((p) => p.value !== null && Number.isFinite(p.value));
  if (values.length === 0) return undefined;
  const data = values.map((p) => ({ t: new Date(p.t).toISOString(), value: p.value, state: p.firing ? 'breach' : 'ok' }));
  const layers: object[] = [
    { mark: { type: 'line', color: '#4c78a8', strokeWidth: 2 }, encoding: { x: { field: 't', type: 'temporal', title: null }, y: { field: 'value', type: 'quantitative', title: null } } },
    {
      mark: { type: 'point', filled: true, size: 60 },
      encoding: {
        x: { field: 't', type: 'temporal' },
        y: { field: 'value', type: 'quantitative' },
        color: { field: 'state', type: 'nominal', scale: { domain: ['ok', 'breach'], range: ['#4c78a8', '#e45756'] }, legend: null },
      },
    },
  ];
  if (w.threshold !== undefined) {
    layers.push({ data: { values: [{ threshold: w.threshold }] }, mark: { type: 'rule', color: '#e45756', strokeDash: [6, 4] }, encoding: { y: { field: 'threshold', type: 'quantitative' } } });
  }
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: size.width - 80,
    height: size.height - 70,
    title: { text: w.title, font: CHART_FONT, fontSize: 16 },
    config: { font: CHART_FONT, background: 'white' },
    data: { values: data },
    layer: layers,
  } as unknown as TopLevelSpec;
  const png = await renderPng(spec);
  const breaches = values.filter((p) => p.firing).length;
  const alt = `${w.title}: ${values.length} periods, ${breaches} breaching${w.threshold !== undefined ? `, threshold ${fmt(w.threshold)}` : ''}; latest ${fmt(values[values.length - 1].value)}.`;
  return { png, alt, width: size.width, height: size.height };
}

/** The notice as a Reply (chart optional: a notice without one still says everything in text). */
export function notificationReply(n: Notification, extra: { chart?: ReplyImage; sql?: string } = {}): Reply {
  const lines = n.alerts.slice(1, 10).map((a) => `• ${alertLine(n, a)}`);
  const summary = n.alerts[0]?.annotations.summary;
  return {
    text: [headline(n), ...(summary ? [summary] : []), ...lines].join('\n'),
    ...(extra.chart ? { image: extra.chart } : {}),
    buttons: alertButtons(n),
    footer: `rule ${n.alerts[0]?.labels.alertname ?? ''} · ${n.kind} · ${iso(n.createdAt)}`,
  };
}
