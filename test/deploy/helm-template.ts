/**
 * `helm template` for this repository's chart, without helm: there is no helm
 * binary on these machines (Debian ships none) and no Go-template engine on
 * npm that covers what charts use (pipes, include, toYaml | nindent). This
 * renders a DOCUMENTED SUBSET of Go's text/template plus the Sprig/Helm
 * functions deploy/helm/datalabs uses, and THROWS on anything else, so a
 * template that steps outside the subset fails the test instead of rendering
 * wrongly:
 *
 *   actions     {{ pipeline }}, {{- … -}} trimming, {{/* comments *\/}}
 *   control     if / else if / else / end, with / else / end,
 *               range $k, $v := pipeline / range pipeline … end, define "name" … end
 *   values      .Values.a.b, .Release.Name / Namespace / Service, .Chart.Name / Version / AppVersion,
 *               . and $ (root), $var.path, "strings", numbers, true / false, ( pipeline )
 *   functions   include, default, quote, toYaml, toString, nindent, indent, trunc, trimSuffix,
 *               contains, printf (%s %d %v only), b64enc, sha256sum, and, or, not, eq, ne
 *
 * Not covered (a real `helm template` run still differs here): everything else
 * of Sprig, `tpl`, `.Files`, `.Capabilities`, `lookup`, `required`, subcharts,
 * value schema files, and Go's exact number formatting (integers and plain
 * floats only). Chart.yaml and values.yaml are read as Helm reads them;
 * `--set`-style overrides are a deep merge of an object given by the test.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

type Ctx = Record<string, unknown>;
type Scope = { dot: unknown; root: Ctx; vars: Map<string, unknown> };

interface TextNode { kind: 'text'; text: string }
interface ActionNode { kind: 'action'; pipe: string }
interface IfNode { kind: 'if' | 'with'; branches: Array<{ cond: string | null; body: Node[] }> }
interface RangeNode { kind: 'range'; keyVar?: string; valueVar?: string; pipe: string; body: Node[]; elseBody: Node[] }
type Node = TextNode | ActionNode | IfNode | RangeNode;

export class TemplateError extends Error {}

/** Splits a template into text and actions, applying `{{-` / `-}}` whitespace trimming and dropping comments. */
function lex(src: string, file: string): Array<{ text: string } | { action: string }> {
  const out: Array<{ text: string } | { action: string }> = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      out.push({ text: src.slice(i) });
      break;
    }
    let text = src.slice(i, open);
    const close = src.indexOf('}}', open);
    if (close < 0) throw new TemplateError(`${file}: unclosed action at ${open}`);
    let inner = src.slice(open + 2, close);
    let end = close + 2;
    if (inner.startsWith('-') && /\s/.test(inner[1] ?? '')) {
      text = text.replace(/\s+$/, '');
      inner = inner.slice(1);
    }
    if (inner.endsWith('-') && /\s/.test(inner[inner.length - 2] ?? '')) {
      inner = inner.slice(0, -1);
      const m = /^\s*/.exec(src.slice(end))!;
      end += m[0].length;
    }
    out.push({ text });
    inner = inner.trim();
    if (!(inner.startsWith('/*') && inner.endsWith('*/'))) out.push({ action: inner });
    i = end;
  }
  return out;
}

/** Builds the node tree; `define` blocks go to `defines`. */
function parse(src: string, file: string, defines: Map<string, Node[]>): Node[] {
  const tokens = lex(src, file);
  let pos = 0;
  function block(stopAt: string[]): { nodes: Node[]; stop: string } {
    const nodes: Node[] = [];
    while (pos < tokens.length) {
      const t = tokens[pos++];
      if ('text' in t) {
        if (t.text) nodes.push({ kind: 'text', text: t.text });
        continue;
      }
      const a = t.action;
      const word = /^(\w+)\b/.exec(a)?.[1] ?? '';
      if (word === 'end' || word === 'else') {
        if (!stopAt.length) throw new TemplateError(`${file}: unexpected {{ ${a} }}`);
        return { nodes, stop: a };
      }
      if (word === 'if' || word === 'with') {
        const branches: IfNode['branches'] = [];
        let cond: string | null = a.slice(word.length).trim();
        for (;;) {
          const r = block(['end', 'else']);
          branches.push({ cond, body: r.nodes });
          if (r.stop === 'end') break;
          const rest = r.stop.slice(4).trim();
          if (rest.startsWith('if ') && word === 'if') cond = rest.slice(3).trim();
          else if (rest === '') cond = null;
          else throw new TemplateError(`${file}: unsupported {{ ${r.stop} }}`);
          if (cond === null) {
            const last = block(['end']);
            branches.push({ cond: null, body: last.nodes });
            break;
          }
        }
        nodes.push({ kind: word, branches });
        continue;
      }
      if (word === 'range') {
        const spec = a.slice(5).trim();
        const m = /^(\$\w+)\s*,\s*(\$\w+)\s*:=\s*(.+)$/.exec(spec) ?? /^(\$\w+)\s*:=\s*(.+)$/.exec(spec);
        const node: RangeNode = { kind: 'range', pipe: spec, body: [], elseBody: [] };
        if (m && m.length === 4) Object.assign(node, { keyVar: m[1], valueVar: m[2], pipe: m[3] });
        else if (m) Object.assign(node, { valueVar: m[1], pipe: m[2] });
        const r = block(['end', 'else']);
        node.body = r.nodes;
        if (r.stop !== 'end') node.elseBody = block(['end']).nodes;
        nodes.push(node);
        continue;
      }
      if (word === 'define') {
        const name = /^define\s+"([^"]+)"$/.exec(a)?.[1];
        if (!name) throw new TemplateError(`${file}: bad define: ${a}`);
        defines.set(name, block(['end']).nodes);
        continue;
      }
      if (['template', 'block', 'break', 'continue'].includes(word)) throw new TemplateError(`${file}: {{ ${word} }} is outside the supported subset`);
      nodes.push({ kind: 'action', pipe: a });
    }
    if (stopAt.length) throw new TemplateError(`${file}: missing {{ end }}`);
    return { nodes, stop: '' };
  }
  return block([]).nodes;
}

/** Splits a pipeline into commands and each command into terms (strings, parentheses kept whole). */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
      out.push(s.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if (c === '(') {
      let depth = 0;
      let j = i;
      for (; j < s.length; j++) {
        if (s[j] === '"') {
          j++;
          while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
        } else if (s[j] === '(') depth++;
        else if (s[j] === ')' && --depth === 0) break;
      }
      out.push(s.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if (c === '|') {
      out.push('|');
      i++;
      continue;
    }
    let j = i;
    while (j < s.length && !/[\s|()]/.test(s[j])) j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

export function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

function lookup(base: unknown, pathParts: string[], expr: string): unknown {
  let v = base;
  for (const p of pathParts) {
    if (v === null || v === undefined) return undefined;
    if (typeof v !== 'object') throw new TemplateError(`can't evaluate field ${p} in ${expr}`);
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

function goString(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') throw new TemplateError(`cannot print a map or list as text: ${JSON.stringify(v).slice(0, 80)}`);
  return String(v);
}

export class ChartRenderer {
  private readonly defines = new Map<string, Node[]>();

  constructor(private readonly templates: Map<string, Node[]>) {}

  static load(chartDir: string): { renderer: ChartRenderer; chart: Ctx; values: Ctx } {
    const chart = YAML.parse(fs.readFileSync(path.join(chartDir, 'Chart.yaml'), 'utf8')) as Ctx;
    const values = YAML.parse(fs.readFileSync(path.join(chartDir, 'values.yaml'), 'utf8')) as Ctx;
    const dir = path.join(chartDir, 'templates');
    const templates = new Map<string, Node[]>();
    const renderer = new ChartRenderer(templates);
    for (const f of fs.readdirSync(dir).sort()) {
      const src = fs.readFileSync(path.join(dir, f), 'utf8');
      if (f.endsWith('.tpl')) parse(src, f, renderer.defines);
      else if (f.endsWith('.yaml') || f.endsWith('.yml')) templates.set(f, parse(src, f, renderer.defines));
      else if (f !== 'NOTES.txt') throw new TemplateError(`templates/${f}: not a template helm renders (.yaml, .yml, _*.tpl, NOTES.txt)`);
    }
    return { renderer, chart, values };
  }

  /** Every template rendered with `values`, as `{ file: text }`. */
  render(ctx: { Values: Ctx; Release: Ctx; Chart: Ctx }): Map<string, string> {
    const out = new Map<string, string>();
    for (const [file, nodes] of this.templates) {
      try {
        out.set(file, this.exec(nodes, { dot: ctx, root: ctx as Ctx, vars: new Map() }));
      } catch (err) {
        throw new TemplateError(`templates/${file}: ${(err as Error).message}`);
      }
    }
    return out;
  }

  private exec(nodes: Node[], scope: Scope): string {
    let s = '';
    for (const n of nodes) {
      if (n.kind === 'text') s += n.text;
      else if (n.kind === 'action') s += goString(this.pipeline(n.pipe, scope));
      else if (n.kind === 'if' || n.kind === 'with') {
        for (const b of n.branches) {
          if (b.cond === null) {
            s += this.exec(b.body, scope);
            break;
          }
          const v = this.pipeline(b.cond, scope);
          if (truthy(v)) {
            s += this.exec(b.body, n.kind === 'with' ? { ...scope, dot: v } : scope);
            break;
          }
        }
      } else if (n.kind === 'range') {
        const v = this.pipeline(n.pipe, scope);
        const entries: Array<[unknown, unknown]> = Array.isArray(v) ? v.map((x, i) => [i, x]) : v && typeof v === 'object' ? Object.keys(v).sort().map((k) => [k, (v as Ctx)[k]]) : [];
        if (!entries.length) s += this.exec(n.elseBody, scope);
        for (const [k, x] of entries) {
          const vars = new Map(scope.vars);
          if (n.keyVar) vars.set(n.keyVar, k);
          if (n.valueVar) vars.set(n.valueVar, x);
          s += this.exec(n.body, { ...scope, dot: x, vars });
        }
      }
    }
    return s;
  }

  private pipeline(src: string, scope: Scope): unknown {
    const terms = splitTerms(src);
    const cmds: string[][] = [[]];
    for (const t of terms) {
      if (t === '|') cmds.push([]);
      else cmds[cmds.length - 1].push(t);
    }
    let value: unknown;
    cmds.forEach((cmd, i) => {
      if (!cmd.length) throw new TemplateError(`empty command in: ${src}`);
      value = this.command(cmd, scope, i === 0 ? undefined : { value });
    });
    return value;
  }

  private command(cmd: string[], scope: Scope, piped?: { value: unknown }): unknown {
    const [head, ...rest] = cmd;
    if (/^[a-zA-Z]\w*$/.test(head) && !['true', 'false', 'nil'].includes(head)) {
      const args = rest.map((a) => this.term(a, scope));
      if (piped) args.push(piped.value);
      return this.call(head, args, scope);
    }
    if (rest.length || piped) throw new TemplateError(`${head} is not a function: ${cmd.join(' ')}`);
    return this.term(head, scope);
  }

  private term(t: string, scope: Scope): unknown {
    if (t.startsWith('"')) return JSON.parse(t) as string;
    if (t.startsWith('(')) return this.pipeline(t.slice(1, -1), scope);
    if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
    if (t === 'true' || t === 'false') return t === 'true';
    if (t === 'nil') return null;
    if (t === '.') return scope.dot;
    if (t.startsWith('.')) return lookup(scope.dot, t.slice(1).split('.'), t);
    if (t === '$') return scope.root;
    if (t.startsWith('$.')) return lookup(scope.root, t.slice(2).split('.'), t);
    if (t.startsWith('$')) {
      const [name, ...p] = t.split('.');
      if (!scope.vars.has(name)) throw new TemplateError(`undefined variable ${name}`);
      return lookup(scope.vars.get(name), p, t);
    }
    throw new TemplateError(`unsupported term: ${t}`);
  }

  private call(fn: string, args: unknown[], scope: Scope): unknown {
    const want = (n: number) => {
      if (args.length !== n) throw new TemplateError(`${fn} takes ${n} arguments, got ${args.length}`);
    };
    switch (fn) {
      case 'include': {
        want(2);
        const body = this.defines.get(String(args[0]));
        if (!body) throw new TemplateError(`no template "${String(args[0])}" defined`);
        return this.exec(body, { dot: args[1], root: scope.root, vars: new Map() });
      }
      case 'default':
        want(2);
        return truthy(args[1]) ? args[1] : args[0];
      case 'quote':
        want(1);
        return JSON.stringify(goString(args[0]));
      case 'toString':
        want(1);
        return goString(args[0]);
      case 'toYaml':
        want(1);
        return args[0] === undefined || args[0] === null ? 'null' : YAML.stringify(args[0], { lineWidth: 0 }).replace(/\n$/, '');
      case 'nindent':
      case 'indent': {
        want(2);
        const pad = ' '.repeat(Number(args[0]));
        const text = goString(args[1]).split('\n').map((l) => pad + l).join('\n');
        return fn === 'nindent' ? `\n${text}` : text;
      }
      case 'trunc':
        want(2);
        return goString(args[1]).slice(0, Number(args[0]));
      case 'trimSuffix': {
        want(2);
        const [suffix, s] = [goString(args[0]), goString(args[1])];
        return suffix && s.endsWith(suffix) ? s.slice(0, -suffix.length) : s;
      }
      case 'contains':
        want(2);
        return goString(args[1]).includes(goString(args[0]));
      case 'printf': {
        const [format, ...rest] = args;
        let k = 0;
        return goString(format).replace(/%[sdv%]/g, (m) => (m === '%%' ? '%' : goString(rest[k++])));
      }
      case 'b64enc':
        want(1);
        return Buffer.from(goString(args[0])).toString('base64');
      case 'sha256sum':
        want(1);
        return crypto.createHash('sha256').update(goString(args[0])).digest('hex');
      case 'and':
        return args.reduce((a, b) => (truthy(a) ? b : a));
      case 'or':
        return args.reduce((a, b) => (truthy(a) ? a : b));
      case 'not':
        want(1);
        return !truthy(args[0]);
      case 'eq':
        want(2);
        return args[0] === args[1];
      case 'ne':
        want(2);
        return args[0] !== args[1];
      default:
        throw new TemplateError(`function "${fn}" is outside the supported subset`);
    }
  }
}

function isObject(v: unknown): v is Ctx {
  return Boolean(v) && typeof v === 'object' && !Array.isArray(v);
}

/** Helm's values merge: maps merged key by key, anything else replaced. */
export function mergeValues(base: Ctx, over: Ctx): Ctx {
  const out: Ctx = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObject(v) && isObject(out[k]) ? mergeValues(out[k] as Ctx, v) : v;
  return out;
}

/** `helm template <release> <chartDir> [--namespace ns] [-f overrides]`: the manifests, one object per YAML document. */
export function helmTemplate(chartDir: string, opts: { release?: string; namespace?: string; values?: Ctx } = {}): Array<{ file: string; object: Ctx }> {
  const { renderer, chart, values } = ChartRenderer.load(chartDir);
  const rendered = renderer.render({
    Values: mergeValues(values, opts.values ?? {}),
    Release: { Name: opts.release ?? 'release-name', Namespace: opts.namespace ?? 'default', Service: 'Helm', IsInstall: true, IsUpgrade: false },
    Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion },
  });
  const out: Array<{ file: string; object: Ctx }> = [];
  for (const [file, text] of rendered) {
    for (const doc of YAML.parseAllDocuments(text)) {
      if (doc.errors.length) throw new TemplateError(`templates/${file} renders invalid YAML: ${doc.errors[0].message}\n${text}`);
      const object = doc.toJS() as Ctx | null;
      if (object) out.push({ file, object });
    }
  }
  return out;
}
