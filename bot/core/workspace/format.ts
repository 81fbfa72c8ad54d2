/** Plain-text lines for workspace replies (history, members, audit, saved queries). */
import type { AuditEntry, HistoryEntry, Member, SavedQuery, Workspace } from '../../contracts/workspace.ts';
import type { QueryTemplate } from './templates.ts';

const stamp = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');
const clip = (s: string, n: number) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
};

export function describeAllowList(ws: Workspace): string {
  const all = [...ws.allowedDatabases.map((d) => `${d}.*`), ...ws.allowedTables];
  return all.length ? all.join(', ') : 'nothing yet (an admin runs /datalabs admin allow <database>)';
}

export function formatHistory(entries: HistoryEntry[]): string {
  if (!entries.length) return 'No queries yet.';
  return entries
    .map((e) => {
      const who = e.userName ?? `${e.platform}:${e.userId}`;
      const result = e.outcome === 'ok' ? `${e.rowCount ?? 0} rows` : `${e.outcome}${e.errorCode ? ` ${e.errorCode}` : ''}`;
      const ms = e.durationMs === null ? '' : ` · ${e.durationMs} ms`;
      const how = e.origin === 'chat' ? '' : ` (${e.origin})`;
      return `#${e.id} ${stamp(e.createdAt)} ${who}${how}: ${e.kind === 'sql' ? 'SQL ' : ''}${clip(e.question, 80)} → ${result}${ms}`;
    })
    .join('\n');
}

export function formatMember(m: Member): string {
  const ids = m.identities.map((i) => `${i.platform}:${i.userId}`).join(', ');
  return `#${m.id} ${m.role} ${m.displayName ?? '(no name)'}${ids ? ` (${ids})` : ''}`;
}

export function formatAudit(entries: AuditEntry[]): string {
  if (!entries.length) return 'The audit log is empty.';
  return entries
    .map((e) => {
      const detail = JSON.stringify(e.detail);
      return `#${e.id} ${stamp(e.createdAt)} ${e.actor} ${e.action}${detail === '{}' ? '' : ` ${clip(detail, 160)}`}`;
    })
    .join('\n');
}

export function formatSaved(saved: SavedQuery[], templates: readonly QueryTemplate[]): string {
  const lines: string[] = [];
  lines.push(saved.length ? 'Saved queries:' : 'No saved queries yet (save an answer with /save <name>).');
  for (const q of saved) lines.push(`• ${q.name}: ${q.kind === 'sql' ? 'SQL ' : ''}${clip(q.question, 80)}`);
  if (templates.length) lines.push(`Templates: ${templates.map((t) => `${t.name} (${t.title})`).join(', ')}`);
  lines.push('Run one with /run <name>.');
  return lines.join('\n');
}

/** A saved-query name from a question: `revenue by month` → `revenue-by-month`. */
export function slugName(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug || 'query';
}
