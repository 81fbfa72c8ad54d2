/**
 * Labels, fingerprints and label matchers — the vocabulary every stage shares.
 *
 * Semantics follow Prometheus/Alertmanager: a label that is absent reads as the
 * empty string, regular expressions are fully anchored (`^(?:re)$`), and a
 * fingerprint is a stable hash of a sorted label set (here: of the rule id and
 * the series labels, so two rules with the same series never share one).
 */
import { createHash } from 'node:crypto';

/** A label set: label name → value. Order never matters. */
export type Labels = Readonly<Record<string, string>>;

/** The four Alertmanager matcher operators. */
export type MatchOp = '=' | '!=' | '=~' | '!~';

/** One label matcher, e.g. `{ name: 'severity', op: '=~', value: 'crit|warn' }`. */
export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
}

const SEP = '\u00ff';

/** Label names of `labels`, sorted (byte order), the canonical order for hashing and keys. */
export function sortedNames(labels: Labels): string[] {
  return Object.keys(labels).sort();
}

/** A canonical, printable form of a label set: `{a="1",b="2"}` with names sorted. */
export function formatLabels(labels: Labels): string {
  return `{${sortedNames(labels).map((n) => `${n}=${JSON.stringify(labels[n])}`).join(',')}}`;
}

/** A short stable hash (16 hex digits of SHA-256) of the given parts. */
export function stableHash(...parts: string[]): string {
  return createHash('sha256').update(parts.join(SEP)).digest('hex').slice(0, 16);
}

/**
 * The fingerprint of one alert series: a stable hash of the rule id and the
 * series labels sorted by name. Independent of label insertion order and of the
 * rule's static labels (those may be edited without losing the series' state).
 */
export function fingerprint(ruleId: string, seriesLabels: Labels): string {
  const parts = [ruleId];
  for (const n of sortedNames(seriesLabels)) parts.push(n, seriesLabels[n]);
  return stableHash(...parts);
}

const regexCache = new Map<string, RegExp>();

function anchored(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`, 'u');
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

/** Whether one matcher accepts `labels` (absent label = empty string). */
export function matches(m: Matcher, labels: Labels): boolean {
  const v = labels[m.name] ?? '';
  switch (m.op) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return anchored(m.value).test(v);
    case '!~':
      return !anchored(m.value).test(v);
  }
}

/** Whether every matcher accepts `labels` (an empty list accepts everything). */
export function matchesAll(ms: readonly Matcher[], labels: Labels): boolean {
  return ms.every((m) => matches(m, labels));
}

/**
 * Parses `name<op>"value"` (quotes optional), e.g. `severity!="info"` or
 * `team=~db|infra`. Throws a one-line error on anything else, or on a regular
 * expression that does not compile.
 */
export function parseMatcher(text: string): Matcher {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/.exec(text);
  if (!m) throw new Error(`bad matcher ${JSON.stringify(text)}: expected name=value, name!=value, name=~regex or name!~regex`);
  let value = m[3];
  if (value.startsWith('"')) {
    try {
      value = JSON.parse(value) as string;
    } catch {
      throw new Error(`bad matcher ${JSON.stringify(text)}: unterminated quoted value`);
    }
  }
  const op = m[2] as MatchOp;
  if (op === '=~' || op === '!~') {
    try {
      anchored(value);
    } catch {
      throw new Error(`bad matcher ${JSON.stringify(text)}: invalid regular expression`);
    }
  }
  return { name: m[1], op, value };
}

/** Matchers in printable form, e.g. `{severity="crit",team=~"db"}`. */
export function formatMatchers(ms: readonly Matcher[]): string {
  return `{${ms.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`).join(',')}}`;
}
