/**
 * The plan of `datalabs alerts apply`: rules in the files against rules in
 * the store. Added (new name), changed (same name, different rule — the keys
 * that differ are named), removed (a rule that came from files and is no
 * longer in them; rules made elsewhere, e.g. in chat, are never removed by
 * files), unchanged. A paused rule stays paused when its file changes.
 */
import type { RuleFile } from './rule.ts';

export interface StoredRuleLike {
  name: string;
  spec: RuleFile;
  state: 'active' | 'paused';
  sourceFile: string | null;
}

export interface RuleDiff<S extends StoredRuleLike = StoredRuleLike> {
  added: Array<{ name: string; spec: RuleFile; file: string }>;
  changed: Array<{ name: string; spec: RuleFile; file: string; stored: S; keys: string[] }>;
  removed: S[];
  unchanged: Array<{ name: string; file: string; stored: S }>;
}

/** JSON with keys sorted, so equal rules compare equal whatever the key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export function diffRules<S extends StoredRuleLike>(desired: Array<{ name: string; spec: RuleFile; file: string }>, stored: S[]): RuleDiff<S> {
  const byName = new Map(stored.map((s) => [s.name.toLowerCase(), s]));
  const out: RuleDiff<S> = { added: [], changed: [], removed: [], unchanged: [] };
  const wanted = new Set<string>();
  for (const d of desired) {
    const key = d.name.toLowerCase();
    wanted.add(key);
    const s = byName.get(key);
    if (!s) {
      out.added.push(d);
      continue;
    }
    const a = d.spec as Record<string, unknown>;
    const b = s.spec as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => canonicalJson(a[k]) !== canonicalJson(b[k])).sort();
    if (keys.length || s.sourceFile !== d.file) out.changed.push({ ...d, stored: s, keys: keys.length ? keys : ['file'] });
    else out.unchanged.push({ name: d.name, file: d.file, stored: s });
  }
  for (const s of stored) if (!wanted.has(s.name.toLowerCase()) && s.sourceFile !== null) out.removed.push(s);
  return out;
}
