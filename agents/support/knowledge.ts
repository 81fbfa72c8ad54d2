/**
 * What the support agent knows, as small passages: the README cut at its
 * headings, paragraphs and table rows; the chat commands and their usage lines;
 * and, per workspace, the semantic model's measures and dimensions and the
 * tables the workspace may read.
 */
import type { CommandSpec } from '../../bot/contracts/commands.ts';
import type { ModelDimension, ModelMeasure, SemanticModel } from '../query/semantic-model.ts';
import { dimensionValues } from '../query/semantic-model.ts';

/** One passage the agent can retrieve and quote. */
export interface SupportDoc {
  /** Stable id, e.g. `readme:CLI:ask`, `command:alert`, `measure:demo.refund_rate`. */
  id: string;
  /** Where it comes from, shown under the answer. */
  source: 'readme' | 'command' | 'help' | 'model';
  /** Heading path or name, e.g. "Chat platforms and workspaces". */
  title: string;
  text: string;
  /** The command this passage is about, when it is about one (`/alert …`, `datalabs workspace invite`). */
  command?: string;
}

/** Strips markdown emphasis, links and code ticks, keeping the words. */
export function plainText(md: string): string {
  return md
    .replace(/^```\w*$/gm, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\\\|/g, '|')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first command a passage names in code ticks: `/alert …`, `datalabs workspace invite`, `npx datalabs seed`. */
export function commandIn(md: string): string | undefined {
  for (const m of md.matchAll(/`([^`]+)`/g)) {
    const c = m[1].trim();
    if (/^\/[a-z]/.test(c) || /^(?:npx\s+)?datalabs\s+[a-z]/.test(c) || /^npm\s+(?:start|test|run)\b/.test(c)) return c.replace(/^npx\s+/, '');
  }
  const slash = /(?:^|\s)(\/(?:ask|sql|help|datalabs|history|rerun|save|saved|unsave|run|alert|alerts)\b[^.;,)]*)/.exec(md);
  return slash ? slash[1].trim() : undefined;
}

/**
 * README passages: one per paragraph, list item and table row, titled by the
 * headings above it (and by a bold lead such as "**Alerts.**" or a table row's
 * first cell). Code blocks are kept with the paragraph before them.
 */
export function readmeDocs(markdown: string, source: SupportDoc['source'] = 'readme'): SupportDoc[] {
  const docs: SupportDoc[] = [];
  const headings: string[] = [];
  let block: string[] = [];
  let inFence = false;
  let tableHeader: string[] | null = null;
  const push = (title: string, md: string) => {
    const text = plainText(md);
    if (text.length < 12) return;
    docs.push({ id: `${source}:${docs.length}`, source, title, text, command: commandIn(md) });
  };
  const flush = () => {
    if (!block.length) return;
    const md = block.join('\n');
    block = [];
    // A code block belongs to the passage before it (the one that introduces it).
    const prev = docs[docs.length - 1];
    if (/^```/.test(md.trim()) && prev && prev.source === source && prev.title.startsWith(headings.join(' › '))) {
      prev.text = `${prev.text} ${plainText(md)}`;
      prev.command ??= commandIn(md.replace(/^```\w*$/gm, '').trim().split('\n').map((l) => `\`${l.replace(/\s+#.*$/, '')}\``).join('\n'));
      return;
    }
    const lead = /^\*\*([^*]+?)\.?\*\*/.exec(md.trim());
    const title = [...headings, ...(lead ? [lead[1]] : [])].join(' › ');
    push(title || 'README', md);
  };
  for (const raw of markdown.split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (/^```/.test(line)) {
      inFence = !inFence;
      block.push(line);
      continue;
    }
    if (inFence) {
      block.push(line);
      continue;
    }
    const h = /^(#{1,4})\s+(.*)$/.exec(line);
    if (h) {
      flush();
      tableHeader = null;
      const depth = h[1].length;
      headings.splice(Math.max(0, depth - 2));
      if (depth >= 2) headings.push(plainText(h[2]));
      continue;
    }
    if (/^\|/.test(line)) {
      flush();
      const cells = splitRow(line);
      if (cells.every((c) => /^:?-{2,}:?$/.test(c))) continue;
      if (!tableHeader) {
        tableHeader = cells;
        continue;
      }
      const first = plainText(cells[0] ?? '');
      // A "to … | in chat" table reads as "To do X: how"; other tables as "first — header: cell — …".
      const lead = /^(\w+)\s*…$/.exec(tableHeader[0] ?? '');
      const body = lead
        ? `${lead[1][0].toUpperCase()}${lead[1].slice(1)} ${cells[0]}: ${cells.slice(1).join(' — ')}`
        : cells.map((c, i) => (tableHeader && tableHeader[i] && i > 0 ? `${tableHeader[i]}: ${c}` : c)).join(' — ');
      // The CLI table names commands without the program: `seed …` is `datalabs seed …`.
      const code = /`([^`]+)`/.exec(cells[0] ?? '')?.[1];
      const command = /^command$/i.test(tableHeader[0] ?? '') && code ? `datalabs ${code.replace(/\\\|/g, '|')}` : commandIn(cells[0] ?? '') ?? commandIn(line);
      docs.push({ id: `${source}:${docs.length}`, source, title: [...headings, first].join(' › '), text: plainText(body), command });
      continue;
    }
    tableHeader = null;
    if (!line.trim()) {
      flush();
      continue;
    }
    // A list item starts its own passage.
    if (/^\s*[-*]\s+/.test(line) && block.length && !/^\s*[-*]\s+/.test(block[0] ?? '')) flush();
    else if (/^\s*[-*]\s+/.test(line)) flush();
    block.push(line);
  }
  flush();
  return docs;
}

/** Cells of a markdown table row (escaped pipes `\|` stay inside a cell). */
function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  const body = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\' && body[i + 1] === '|') {
      cur += '\\|';
      i++;
    } else if (body[i] === '|') {
      cells.push(cur.trim());
      cur = '';
    } else cur += body[i];
  }
  cells.push(cur.trim());
  return cells;
}

/** One passage per chat command, linking its usage. */
export function commandDocs(commands: readonly CommandSpec[]): SupportDoc[] {
  return commands.map((c) => {
    const usage = `/${c.name}${c.text ? ` <${c.text.option}>` : ''}`;
    const example = c.text ? ` For example: /${c.name} ${c.text.example}` : '';
    return { id: `command:${c.name}`, source: 'command' as const, title: `/${c.name}`, text: `/${c.name}: ${c.description}.${example}`, command: c.text ? `/${c.name} ${c.text.example}` : usage };
  });
}

/** Passages from usage lines (`{ grant: '/datalabs admin grant <user> …' }`), each linking its command. */
export function usageDocs(usage: Readonly<Record<string, string>>, title = 'Usage'): SupportDoc[] {
  return Object.entries(usage).map(([name, line]) => ({ id: `help:${name}`, source: 'help' as const, title: `${title}: ${name}`, text: `${name}: ${line}`, command: line.split(/\s{2,}\(/)[0].trim() }));
}

/** Passages from help text: one per line. */
export function helpDocs(text: string, title = '/help'): SupportDoc[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length >= 12)
    .map((l, i) => ({ id: `help:${title}:${i}`, source: 'help' as const, title, text: l, command: commandIn(l) }));
}

/** A measure's name as people say it. */
export function measureLabel(m: ModelMeasure): string {
  return m.displayName ?? (m.label ? m.label[0].toUpperCase() + m.label.slice(1) : m.name.replace(/_/g, ' '));
}

function filterText(filter: ModelMeasure['filter']): string {
  if (!filter) return '';
  const parts = Object.entries(filter).map(([col, v]) => (Array.isArray(v) ? `${col} in (${v.map((x) => `'${x}'`).join(', ')})` : `${col} = '${v}'`));
  return parts.length ? ` where ${parts.join(' and ')}` : '';
}

/** How a non-ratio measure is computed, in words and SQL-ish terms. */
function baseDefinition(model: SemanticModel, m: ModelMeasure): string {
  const table = model.tables.find((t) => t.name === m.table);
  const fq = table?.table ?? `${model.database}.${m.table}`;
  const where = filterText(m.filter);
  switch (m.agg) {
    case 'count':
      return `the number of rows of ${fq}${where}`;
    case 'uniq':
      return `the number of distinct ${m.column} in ${fq}${where}`;
    case 'sum':
      return `the sum of ${fq}.${m.column}${where}`;
    case 'avg':
      return `the average of ${fq}.${m.column}${where}`;
    case 'min':
      return `the smallest ${fq}.${m.column}${where}`;
    case 'max':
      return `the largest ${fq}.${m.column}${where}`;
    default:
      return `${m.agg}(${m.column ?? ''})`;
  }
}

/** One sentence defining a measure from its model entry (ratios spelled out one level down). */
export function defineMeasure(model: SemanticModel, m: ModelMeasure): string {
  const label = measureLabel(m);
  const byName = new Map(model.measures.map((x) => [x.name, x]));
  let def: string;
  if (m.agg === 'ratio') {
    const num = byName.get(m.numerator ?? '');
    const den = byName.get(m.denominator ?? '');
    def = `${label} = ${num ? measureLabel(num) : m.numerator} ÷ ${den ? measureLabel(den) : m.denominator}`;
    const parts = [num, den].filter((x): x is ModelMeasure => Boolean(x) && x!.agg !== 'ratio').map((x) => `${measureLabel(x)} is ${baseDefinition(model, x)}`);
    if (parts.length) def += ` (${parts.join('; ')})`;
  } else def = `${label} is ${baseDefinition(model, m)}`;
  if (m.grain) def += `, per ${m.grain}`;
  if (m.format === 'percent') def += ', shown as a percentage';
  if (m.unit) def += `, in ${m.unit}`;
  def += '.';
  if (m.overridableBy?.length) def += ` A question that names a ${m.overridableBy.join(' or ')} counts those instead.`;
  const also = (m.synonyms ?? []).filter((s) => s.toLowerCase() !== label.toLowerCase()).slice(0, 6);
  if (also.length) def += ` Also understood as: ${also.join(', ')}.`;
  return def;
}

/** One sentence describing a dimension: where it comes from and a few of its values. */
export function defineDimension(model: SemanticModel, d: ModelDimension): string {
  const label = d.displayName ?? d.label ?? d.name.replace(/_/g, ' ');
  const where = d.columns?.length ? `the column ${d.columns.map((c) => qualify(model, c)).join(' / ')}` : `${d.expr?.replace('{time}', 'the time column')}`;
  const values = dimensionValues(d).slice(0, 10);
  let def = `${label[0].toUpperCase()}${label.slice(1)} (a way to break results down or filter) is ${where}.`;
  if (values.length) def += ` Values include ${values.join(', ')}.`;
  const also = (d.synonyms ?? []).slice(0, 5);
  if (also.length) def += ` Also understood as: ${also.join(', ')}.`;
  return def;
}

function qualify(model: SemanticModel, ref: string): string {
  const [t, c] = ref.split('.');
  const table = model.tables.find((x) => x.name === t);
  return table ? `${table.table}.${c}` : ref;
}

/**
 * Passages from the semantic models of the databases a workspace may read:
 * each measure's definition and each dimension's meaning. Tables outside
 * `readable` (fully qualified) and the measures over them are left out.
 */
export function modelDocs(models: readonly SemanticModel[], readable: (table: string) => boolean): SupportDoc[] {
  const docs: SupportDoc[] = [];
  for (const model of models) {
    const tableOk = new Map(model.tables.map((t) => [t.name, readable(t.table)]));
    const measureOk = (m: ModelMeasure, seen = new Set<string>()): boolean => {
      if (seen.has(m.name)) return false;
      seen.add(m.name);
      if (m.agg !== 'ratio') return tableOk.get(m.table ?? '') === true;
      const parts = [m.numerator, m.denominator].map((n) => model.measures.find((x) => x.name === n));
      return parts.every((p) => p && measureOk(p, seen));
    };
    for (const m of model.measures) {
      if (!measureOk(m)) continue;
      const label = measureLabel(m);
      docs.push({ id: `measure:${model.database}.${m.name}`, source: 'model', title: `${label} (measure)`, text: defineMeasure(model, m), command: `/ask ${(m.label ?? m.name.replace(/_/g, ' ')).toLowerCase()} by month` });
    }
    for (const d of model.dimensions) {
      const cols = d.columns ?? [];
      if (cols.length && !cols.some((c) => tableOk.get(c.split('.')[0]))) continue;
      if (d.rowsOf) continue;
      docs.push({ id: `dimension:${model.database}.${d.name}`, source: 'model', title: `${d.displayName ?? d.label ?? d.name} (dimension)`, text: defineDimension(model, d) });
    }
  }
  return docs;
}
