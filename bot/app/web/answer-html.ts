/**
 * Server-side HTML of the answer page and the plain error pages. No inline
 * scripts or styles (the page's Content-Security-Policy forbids them): the
 * chart spec travels in a `<script type="application/json">` data block, which
 * is never executed, and the behaviour is in /web/static/answer.js.
 */
import type { AnswerPage } from '../../core/web/index.ts';
import { columnDecimals, columnTitle, formatCell, isNumericType } from '../../../renderers/index.ts';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe inside a `<script type="application/json">` block (no `</script>`, no `<!--`). */
function jsonBlock(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
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
  const numeric = page.columns.map((c) => isNumericType(c.type));
  const decimals = page.columns.map((c, i) => (numeric[i] ? columnDecimals(c.type, page.rows.map((r) => r[i])) : 0));
  const headers = page.columns
    .map((c, i) => `<th scope="col" data-type="${numeric[i] ? 'number' : 'text'}"><button type="button" class="sort" data-col="${i}">${escapeHtml(columnTitle(c))}<span class="dir" aria-hidden="true"></span></button></th>`)
    .join('');
  const body = page.rows
    .map((r) => `<tr>${page.columns.map((c, i) => `<td${numeric[i] ? ' class="num"' : ''} data-v="${escapeHtml(sortKey(r[i]))}">${escapeHtml(formatCell(r[i], c, { decimals: decimals[i] }))}</td>`).join('')}</tr>`)
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
<header class="top"><p class="brand">Data Labs</p><p class="meta">Answer asked in ${escapeHtml(page.platform)} · ${escapeHtml(page.answeredAt.toISOString().replace('T', ' ').slice(0, 16))} UTC · link valid until ${escapeHtml(page.expiresAt.toISOString().slice(0, 10))}</p></header>
<main>
<h1>${escapeHtml(page.title)}</h1>
<nav class="downloads" aria-label="Downloads">
<a class="button" href="/a/${id}.csv?${q}" download>Download CSV</a>
${page.spec ? `<a class="button" href="/a/${id}.png?${q}" download>Download PNG</a>` : ''}
</nav>
${chart}
<section class="result" aria-labelledby="table-h">
<h2 id="table-h">Result <span class="count">${page.rows.length.toLocaleString('en-US')} row${page.rows.length === 1 ? '' : 's'}${page.truncated ? ' (cut at the row limit)' : ''}</span></h2>
<div class="controls">
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
<p>Answered ${escapeHtml(page.answeredAt.toISOString().replace('T', ' ').slice(0, 16))} UTC · the rows on this page read ${escapeHtml(page.ranAt.toISOString().replace('T', ' ').slice(0, 19))} UTC by the same SQL, through the workspace's SQL guard</p>
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
    .map((t) => `<li><span class="who">${escapeHtml(t.userName ?? 'someone')} · ${escapeHtml(t.at.toISOString().replace('T', ' ').slice(0, 16))} UTC</span> ${t.kind === 'sql' ? `<code>${escapeHtml(t.text)}</code>` : `<q>${escapeHtml(t.text)}</q>`}</li>`)
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
