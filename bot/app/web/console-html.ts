/**
 * Server-side HTML of the sign-in page and the workspace console. No scripts
 * at all: every action is a plain form (POST with the session's CSRF token),
 * the history search a GET form (paged: `before=<id>`). Times are shown in the
 * workspace's time zone (UTC when unset), and labelled with it. Styles in /web/static/answer.css and
 * console.css; laid out to read on a phone (tables scroll in their own box).
 */
import type { ConsoleView, StoredLogin } from '../../core/web/index.ts';
import type { AuditEntry, HistoryEntry, Member, SavedQuery } from '../../contracts/workspace.ts';
import { escapeHtml, stampIn } from './answer-html.ts';

const stamp = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')}`;
const clip = (s: string, n: number) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
};

function head(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)} · Data Labs</title>
<link rel="stylesheet" href="/web/static/answer.css">
<link rel="stylesheet" href="/web/static/console.css">
</head>`;
}

/** The page a login link opens: who is signing in where, and one button (a POST, so link previews never use the link). */
export function renderLoginPage(login: StoredLogin, workspaceName: string, action: string): string {
  const who = login.user.name ? `${login.user.name} (${login.user.platform}:${login.user.userId})` : `${login.user.platform}:${login.user.userId}`;
  return `${head(`Sign in to ${workspaceName}`)}
<body>
<header class="top"><p class="brand">Data Labs</p></header>
<main class="narrow">
<h1>Sign in to ${escapeHtml(workspaceName)}</h1>
<p>You asked for this link in chat. Signing in opens the workspace console as <strong>${escapeHtml(who)}</strong>. The link works once and until ${escapeHtml(stamp(login.expiresAt))} UTC.</p>
<form method="post" action="${escapeHtml(action)}">
<button type="submit" class="primary">Sign in</button>
</form>
</main>
</body>
</html>
`;
}

/** After logout. */
export function renderSignedOut(): string {
  return `${head('Signed out')}
<body>
<header class="top"><p class="brand">Data Labs</p></header>
<main class="narrow">
<h1>Signed out</h1>
<p>Send <code>/datalabs web</code> in chat to sign in again.</p>
</main>
</body>
</html>
`;
}

/** A message at the top of the console after an action (status or error). */
export interface Flash {
  kind: 'ok' | 'error';
  text: string;
  /** An Open link (a run's answer page). */
  link?: { label: string; url: string };
}

export function renderConsole(view: ConsoleView, opts: { csrf: string; flash?: Flash }): string {
  const base = `/w/${view.workspace.id}`;
  const csrf = `<input type="hidden" name="csrf" value="${escapeHtml(opts.csrf)}">`;
  const nav = [
    ['history', 'History'],
    ...(view.saved ? [['saved', 'Saved queries']] : []),
    ...(view.alerts ? [['alerts', 'Alerts']] : []),
    ...(view.admin ? [['members', 'Members'], ['audit', 'Audit log']] : []),
  ]
    .map(([id, label]) => `<li><a href="#${id}">${label}</a></li>`)
    .join('');
  return `${head(`${view.workspace.name} console`)}
<body>
<header class="top">
<p class="brand">Data Labs</p>
<p class="meta">Workspace <strong>${escapeHtml(view.workspace.name)}</strong> · ${escapeHtml(view.user.label)} · <span class="role">${view.user.role}</span> · <span class="zone">times in ${escapeHtml(view.timezone)}</span></p>
<form method="post" action="/logout" class="logout">${csrf}<button type="submit">Sign out</button></form>
</header>
<main>
<h1>${escapeHtml(view.workspace.name)}</h1>
<nav aria-label="Sections"><ul class="sections">${nav}</ul></nav>
${flash(opts.flash)}
${history(view, base)}
${view.saved ? saved(view.saved, base, csrf) : ''}
${view.alerts ? alerts(view.alerts, base, csrf, view.timezone) : ''}
${view.admin ? admin(view.admin, view.timezone) : ''}
</main>
</body>
</html>
`;
}

function flash(f: Flash | undefined): string {
  if (!f) return '';
  const link = f.link ? ` <a class="button" href="${escapeHtml(f.link.url)}">${escapeHtml(f.link.label)}</a>` : '';
  return f.kind === 'error' ? `<p class="flash error-flash" role="alert">${escapeHtml(f.text)}</p>` : `<p class="flash" role="status">${escapeHtml(f.text)}${link}</p>`;
}

function history(view: ConsoleView, base: string): string {
  const h = view.history;
  const rows = h.entries.map((e) => historyRow(e, view.timezone)).join('\n');
  const what = h.query ? ` matching “${h.query}”` : '';
  const summary = h.entries.length ? `${h.before === null ? 'newest' : 'older'} ${h.entries.length}${what}` : '';
  const q = h.query ? `q=${encodeURIComponent(h.query)}&` : '';
  const pages = [
    ...(h.before !== null ? [`<a href="${base}${h.query ? `?q=${encodeURIComponent(h.query)}` : ''}">Newest</a>`] : []),
    ...(h.older !== null ? [`<a href="${base}?${q}before=${h.older}" rel="next">Older entries</a>`] : []),
  ];
  const pager = pages.length ? `<nav aria-label="History pages" class="pager">${pages.join(' ')}</nav>` : '';
  return `<section aria-labelledby="history">
<h2 id="history">${h.all ? 'History' : 'Your history'} <span class="count">${escapeHtml(summary)}</span></h2>
<form method="get" action="${base}" role="search" class="controls">
<label for="q">Search history</label>
<input id="q" name="q" type="search" value="${escapeHtml(h.query)}" maxlength="200" autocomplete="off">
<button type="submit">Search</button>
${h.query ? `<a href="${base}">Clear</a>` : ''}
</form>
${
  h.entries.length
    ? `<div class="table-wrap"><table id="history-table">
<caption class="visually-hidden">Query history, newest first</caption>
<thead><tr><th scope="col">#</th><th scope="col">When (${escapeHtml(view.timezone)})</th><th scope="col">Who</th><th scope="col">Question or SQL</th><th scope="col">Result</th></tr></thead>
<tbody>
${rows}
</tbody>
</table></div>
${pager}`
    : `<p>${h.query ? 'Nothing matches.' : 'No queries yet.'}</p>${pager}`
}
</section>`;
}

function historyRow(e: HistoryEntry, zone: string): string {
  const result = e.outcome === 'ok' ? `${e.rowCount ?? 0} row${e.rowCount === 1 ? '' : 's'}` : `${e.outcome}${e.errorCode ? ` ${e.errorCode}` : ''}`;
  const text = e.kind === 'sql' ? `<code>${escapeHtml(clip(e.question, 200))}</code>` : escapeHtml(clip(e.question, 200));
  return `<tr><td class="num">${e.id}</td><td class="when">${stampIn(e.createdAt, zone)}</td><td>${escapeHtml(e.userName ?? `${e.platform}:${e.userId}`)}${e.origin === 'chat' ? '' : ` <span class="muted">(${e.origin})</span>`}</td><td class="wrap">${text}</td><td>${escapeHtml(result)}</td></tr>`;
}

function saved(s: NonNullable<ConsoleView['saved']>, base: string, csrf: string): string {
  const rows = s.queries.map((q) => savedRow(q, base, csrf, s.canSave)).join('\n');
  const templates = s.templates.length
    ? `<h3>Templates</h3><ul class="templates">${s.templates
        .map((t) => `<li><form method="post" action="${base}/saved/run" class="inline">${csrf}<input type="hidden" name="name" value="${escapeHtml(t.name)}"><button type="submit" aria-label="Run template ${escapeHtml(t.name)}">Run</button></form> <strong>${escapeHtml(t.name)}</strong> — ${escapeHtml(t.title)}</li>`)
        .join('')}</ul>`
    : '';
  return `<section aria-labelledby="saved">
<h2 id="saved">Saved queries <span class="count">${s.queries.length}</span></h2>
${
  s.queries.length
    ? `<div class="table-wrap"><table id="saved-table">
<caption class="visually-hidden">Saved queries: run, rename or delete</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Question or SQL</th><th scope="col">Actions</th></tr></thead>
<tbody>
${rows}
</tbody>
</table></div>`
    : '<p>No saved queries yet: save an answer in chat with <code>/save &lt;name&gt;</code>.</p>'
}
${templates}
</section>`;
}

function savedRow(q: SavedQuery, base: string, csrf: string, canSave: boolean): string {
  const n = escapeHtml(q.name);
  const id = `rename-${q.id}`;
  const actions = [
    `<form method="post" action="${base}/saved/run" class="inline">${csrf}<input type="hidden" name="name" value="${n}"><button type="submit" aria-label="Run ${n}">Run</button></form>`,
    ...(canSave
      ? [
          `<form method="post" action="${base}/saved/rename" class="inline rename">${csrf}<input type="hidden" name="name" value="${n}"><label for="${id}" class="visually-hidden">New name for ${n}</label><input id="${id}" name="to" required maxlength="64" pattern="[a-z0-9][a-z0-9_.\\-]{0,63}" placeholder="new name"><button type="submit" aria-label="Rename ${n}">Rename</button></form>`,
          `<form method="post" action="${base}/saved/delete" class="inline">${csrf}<input type="hidden" name="name" value="${n}"><button type="submit" class="danger" aria-label="Delete ${n}">Delete</button></form>`,
        ]
      : []),
  ].join(' ');
  return `<tr data-name="${n}"><th scope="row">${n}</th><td class="wrap">${q.kind === 'sql' ? `<code>${escapeHtml(clip(q.sql ?? q.question, 200))}</code>` : escapeHtml(clip(q.question, 200))}</td><td class="actions">${actions}</td></tr>`;
}

/** Pause or Resume (by its state) and Delete, for whoever may manage the rule: chat's `/alert <verb> <name>`. */
function ruleActions(r: NonNullable<ConsoleView['alerts']>['rules'][number], base: string, csrf: string): string {
  if (!r.canManage) return '<span class="muted">admins and its creator</span>';
  const n = escapeHtml(r.name);
  const form = (verb: string, label: string, cls = '') =>
    `<form method="post" action="${base}/alerts/${verb}" class="inline">${csrf}<input type="hidden" name="name" value="${n}"><button type="submit"${cls ? ` class="${cls}"` : ''} aria-label="${label} ${n}">${label}</button></form>`;
  return [r.state === 'paused' ? form('resume', 'Resume') : form('pause', 'Pause'), form('delete', 'Delete', 'danger')].join(' ');
}

function alerts(a: NonNullable<ConsoleView['alerts']>, base: string, csrf: string, zone: string): string {
  const rules = a.rules
    .map(
      (r) =>
        `<tr data-rule="${escapeHtml(r.name)}"><th scope="row">${escapeHtml(r.name)}</th><td>${r.kind}</td><td><span class="state state-${r.state}">${r.state}</span>${r.value === null ? '' : ` ${escapeHtml(String(r.value))}`}</td><td class="wrap">${escapeHtml(clip(r.what, 160))}</td><td>${escapeHtml(r.every)}</td><td class="actions">${ruleActions(r, base, csrf)}</td></tr>`,
    )
    .join('\n');
  const notices = a.notices.map((n) => `<li><span class="muted">${stampIn(n.at, zone)}</span> ${escapeHtml(n.kind)} · ${escapeHtml(n.rules.join(', '))}${n.summary ? ` · ${escapeHtml(clip(n.summary, 120))}` : ''} · ${escapeHtml(n.status)}</li>`).join('\n');
  return `<section aria-labelledby="alerts">
<h2 id="alerts">Alerts <span class="count">${a.rules.length} rule${a.rules.length === 1 ? '' : 's'}</span></h2>
${
  a.rules.length
    ? `<div class="table-wrap"><table id="alerts-table">
<caption class="visually-hidden">Alert rules and their state: pause, resume or delete</caption>
<thead><tr><th scope="col">Rule</th><th scope="col">Kind</th><th scope="col">State</th><th scope="col">What</th><th scope="col">Every</th><th scope="col">Actions</th></tr></thead>
<tbody>
${rules}
</tbody>
</table></div>`
    : '<p>No alert rules yet: <code>/alert &lt;question&gt; above &lt;number&gt;</code> in chat, or the Alert me button under an answer.</p>'
}
<h3>Recent notices <span class="count">times in ${escapeHtml(zone)}</span></h3>
${a.notices.length ? `<ul class="notices">${notices}</ul>` : '<p>No notices yet.</p>'}
</section>`;
}

function admin(a: NonNullable<ConsoleView['admin']>, zone: string): string {
  const members = a.members.map(memberRow).join('\n');
  const audit = a.audit.map((e) => auditRow(e, zone)).join('\n');
  return `<section aria-labelledby="members">
<h2 id="members">Members <span class="count">${a.members.length}</span></h2>
<p class="muted">Read-only: change roles in chat with <code>/datalabs admin grant &lt;user&gt; &lt;role&gt;</code>.</p>
<div class="table-wrap"><table id="members-table">
<caption class="visually-hidden">Members and their roles</caption>
<thead><tr><th scope="col">#</th><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Chat identities</th></tr></thead>
<tbody>
${members}
</tbody>
</table></div>
</section>
<section aria-labelledby="audit">
<h2 id="audit">Audit log <span class="count">latest ${a.audit.length}</span></h2>
<div class="table-wrap"><table id="audit-table">
<caption class="visually-hidden">Audit log, newest first</caption>
<thead><tr><th scope="col">#</th><th scope="col">When (${escapeHtml(zone)})</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Detail</th></tr></thead>
<tbody>
${audit}
</tbody>
</table></div>
</section>`;
}

function memberRow(m: Member): string {
  return `<tr><td class="num">${m.id}</td><td>${escapeHtml(m.displayName ?? '(no name)')}</td><td>${m.role}</td><td>${escapeHtml(m.identities.map((i) => `${i.platform}:${i.userId}`).join(', '))}</td></tr>`;
}

function auditRow(e: AuditEntry, zone: string): string {
  const detail = JSON.stringify(e.detail);
  return `<tr><td class="num">${e.id}</td><td class="when">${stampIn(e.createdAt, zone)}</td><td>${escapeHtml(e.actor)}</td><td>${escapeHtml(e.action)}</td><td class="wrap"><code>${escapeHtml(detail === '{}' ? '' : clip(detail, 200))}</code></td></tr>`;
}
