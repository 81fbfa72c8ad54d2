/**
 * Server-side HTML of the answer page and the plain error pages. No inline
 * scripts or styles (the page's Content-Security-Policy forbids them): the
 * chart spec travels in a `<script type="application/json">` data block, which
 * is never executed, and the behaviour is in /web/static/answer.js.
 */
import type { AnswerPage } from '../../core/web/index.ts';
import { columnDecimals, columnTitle, findPartialPeriods, formatCell, isNumericType, partialMarkOf } from '../../../renderers/index.ts';
import { formatDecimals } from '../../../renderers/format.ts';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe inside a `<script type="application/json">` block (no `</script>`, no `<!--`). */
function jsonBlock(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const zoned = new Map<string, Intl.DateTimeFormat>();
/** `2026-03-01 11:00` (with `seconds`, `11:00:05`) in `timeZone`, an IANA zone the runtime knows (the core checked it). */
export function stampIn(d: Date, timeZone: string, opts: { seconds?: boolean } = {}): string {
  const key = `${timeZone}|${opts.seconds ? 's' : ''}`;
  let f = zoned.get(key);
  if (!f) zoned.set(key, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', ...(opts.seconds ? { second: '2-digit' } : {}), hourCycle: 'h23' })));
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}${opts.seconds ? `:${p.second}` : ''}`;
}

function head(title: string, extraCss = true): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)} · Data Labs</title>
${extraCss ? '<link rel="stylesheet" href="/web/static/answer.css">' : ''}
</head>`;
}

/** A raw cell value for sorting: numbers as numbers, everything else as text. */
function sortKey(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function renderAnswerPage(page: AnswerPage): string {
  const q = escapeHtml(page.query);
  const id = encodeURIComponent(page.answerId);
  const zone = page.timezone;
  const at = (d: Date, seconds = false) => `${stampIn(d, zone, { seconds })} ${zone}`;
  // As the chat's table: display names for headers, each column in its semantic format (the same decimals down
  // a column), an incomplete period marked; `data-v` keeps the exact value for sorting (the CSV keeps it too).
  const numeric = page.columns.map((c) => isNumericType(c.type));
  const decimals = page.columns.map((c, i) => {
    if (!numeric[i]) return undefined;
    const values = page.rows.map((r) => r[i]);
    return formatDecimals(c, values) ?? columnDecimals(c.type, values);
  });
  const partial = page.rows.length > 1 ? findPartialPeriods(page.columns, page.rows, page.partial) : undefined;
  const cellText = (value: unknown, i: number) => {
    const text = formatCell(value, page.columns[i], { decimals: decimals[i] });
    const mark = partial?.column === i ? partialMarkOf(partial, value) : undefined;
    return mark ? `${text} (${mark})` : text;
  };
  const headers = page.columns
    .map((c, i) => `<th scope="col" data-type="${numeric[i] ? 'number' : 'text'}" data-name="${escapeHtml(c.name)}"><button type="button" class="sort" data-col="${i}">${escapeHtml(columnTitle(c))}<span class="dir" aria-hidden="true"></span></button></th>`)
    .join('');
  const body = page.rows
    .map((r) => `<tr>${page.columns.map((_, i) => `<td${numeric[i] ? ' class="num"' : ''} data-v="${escapeHtml(sortKey(r[i]))}">${escapeHtml(cellText(r[i], i))}</td>`).join('')}</tr>`)
    .join('\n');
  const chart = page.spec
    ? `<section class="chart" aria-labelledby="chart-h">
<h2 id="chart-h">Chart</h2>
<figure>
<div id="chart" class="chart-box" role="img" aria-label="${escapeHtml(page.chartAlt ?? 'chart')}"></div>
<figcaption>${escapeHtml(page.chartAlt ?? '')}</figcaption>
</figure>
<script type="application/json" id="chart-spec">${jsonBlock(page.spec)}</script>
</section>`
    : '';
  return `${head(page.title)}
<body>
<header class="top"><p class="brand">Data Labs</p><p class="meta">Answer asked in ${escapeHtml(page.platform)} · <time datetime="${page.answeredAt.toISOString()}">${escapeHtml(at(page.answeredAt))}</time> · link valid until <time datetime="${page.expiresAt.toISOString()}">${escapeHtml(at(page.expiresAt))}</time></p></header>
<main>
<h1>${escapeHtml(page.title)}</h1>
<nav class="downloads" aria-label="Downloads">
<a class="button" href="/a/${id}.csv?${q}" download>Download CSV</a>
${page.spec ? `<a class="button" href="/a/${id}.png?${q}" download>Download PNG</a>` : ''}
</nav>
${chart}
<section class="result" aria-labelledby="table-h">
<h2 id="table-h">Result <span class="count">${page.rows.length.toLocaleString('en-US')} row${page.rows.length === 1 ? '' : 's'}${page.truncated ? ' (cut at the row limit)' : ''}</span></h2>
${partial ? `<p class="note">${escapeHtml(partial.note[0]!.toUpperCase() + partial.note.slice(1))}.</p>
` : ''}<div class="controls">
<label for="filter">Filter rows</label>
<input id="filter" type="search" autocomplete="off" placeholder="Type to filter">
<p id="status" class="status" role="status" aria-live="polite"></p>
</div>
<div class="table-wrap">
<table id="result">
<caption class="visually-hidden">${escapeHtml(page.title)}: sort by a column with its header button</caption>
<thead><tr>${headers}</tr></thead>
<tbody>
${body}
</tbody>
</table>
</div>
<div id="pager" class="pager" hidden>
<button type="button" id="prev">Previous</button>
<span id="page-label"></span>
<button type="button" id="next">Next</button>
</div>
</section>
${conversation(page)}
<section class="sql" aria-labelledby="sql-h">
<h2 id="sql-h">SQL</h2>
<button type="button" id="copy-sql" class="button" hidden>Copy SQL</button>
<pre><code id="sql-text">${escapeHtml(page.sql)}</code></pre>
</section>
</main>
<footer class="provenance">
<p>${escapeHtml(page.footer)}</p>
<p>Answered ${escapeHtml(at(page.answeredAt))} · the rows on this page read ${escapeHtml(at(page.ranAt, true))} by the same SQL, through the workspace's SQL guard</p>
</footer>
<script src="/web/vendor/vega.min.js"></script>
<script src="/web/vendor/vega-lite.min.js"></script>
<script src="/web/vendor/vega-embed.min.js"></script>
<script src="/web/static/answer.js"></script>
</body>
</html>
`;
}

/** The questions that led to the answer, oldest first. */
function conversation(page: AnswerPage): string {
  if (page.conversation.length === 0) return '';
  const items = page.conversation
    .map((t) => `<li><span class="who">${escapeHtml(t.userName ?? 'someone')} · ${escapeHtml(`${stampIn(t.at, page.timezone)} ${page.timezone}`)}</span> ${t.kind === 'sql' ? `<code>${escapeHtml(t.text)}</code>` : `<q>${escapeHtml(t.text)}</q>`}</li>`)
    .join('\n');
  return `<section class="conversation" aria-labelledby="conv-h">
<h2 id="conv-h">Conversation</h2>
<ol>
${items}
</ol>
</section>`;
}

/** A plain error page (403, 404): one sentence, no detail about why. */
export function renderErrorPage(status: number, title: string, sentence: string): string {
  return `${head(title)}
<body>
<main class="error">
<h1>${status} · ${escapeHtml(title)}</h1>
<p>${escapeHtml(sentence)}</p>
</main>
</body>
</html>
`;
}
