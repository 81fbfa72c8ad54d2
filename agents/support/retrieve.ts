/**
 * Retrieval over the support passages: Okapi BM25 over light-stemmed words,
 * the title counted twice, with a few product synonyms added to the query
 * ("invite" also looks for "grant" and "member"). Small, exact and offline.
 */
import type { SupportDoc } from './knowledge.ts';

const STOP = new Set(
  'a an the and or of to in on at for by with from as is are was were be been being do does did doing i we you he she they it its this that these those my our your me us can could should would will shall may might must how what which who whom where when why there here any some all each every into onto about up down out over under again then than so such not no nor only own same too very just also if but else please get got have has had one someone somebody thing things way ways use using want need like make datalabs'.split(' '),
);

/** Query words that should also find the product's own words for them. */
const EXPAND_WORDS: Record<string, string[]> = {
  invite: ['invite', 'grant', 'member', 'role', 'setup'],
  add: ['grant', 'member'],
  teammate: ['member', 'grant', 'user'],
  colleague: ['member', 'grant', 'user'],
  people: ['member', 'grant', 'user'],
  permission: ['role', 'grant', 'admin', 'analyst', 'viewer'],
  access: ['role', 'grant', 'allow'],
  alert: ['alert', 'notice', 'rule', 'condition'],
  notify: ['alert', 'notice'],
  notification: ['alert', 'notice'],
  warn: ['alert'],
  monitor: ['alert', 'anomaly'],
  schedule: ['every', 'schedule', 'alert'],
  set: ['setup', 'create'],
  setup: ['setup', 'create'],
  create: ['setup', 'create'],
  connect: ['clickhouse_url', 'clickhouse', 'url'],
  export: ['export', 'csv'],
  download: ['export', 'csv'],
  csv: ['export', 'csv'],
  chart: ['chart', 'png'],
  graph: ['chart'],
  plot: ['chart'],
  sql: ['sql', 'select'],
  query: ['sql', 'select', 'question'],
  save: ['save', 'saved'],
  bookmark: ['save', 'saved'],
  history: ['history', 'rerun'],
  past: ['history'],
  previous: ['history', 'rerun'],
  email: ['email', 'smtp_url'],
  mute: ['mute', 'snooze', 'silences', 'pause'],
  stop: ['pause', 'delete'],
  remove: ['delete', 'revoke', 'disallow', 'unsave'],
  delete: ['delete', 'unsave', 'revoke'],
  table: ['table', 'allow', 'database'],
  database: ['database', 'allow'],
  security: ['guard', 'read-only', 'allow'],
  safe: ['guard', 'read-only'],
  refine: ['refine', 'follow'],
  follow: ['refine', 'follow'],
  model: ['model', 'semantic'],
  metric: ['measure', 'model'],
  anomaly: ['anomaly', 'spike'],
  spike: ['anomaly', 'spike'],
  install: ['setup', 'install'],
  deploy: ['serve', 'replica', 'helm'],
  scale: ['replica', 'scale'],
  seed: ['seed', 'demo'],
};

/** EXPAND_WORDS keyed and valued by stems. */
const EXPAND: ReadonlyMap<string, string[]> = new Map(Object.entries(EXPAND_WORDS).map(([k, v]) => [stem(k), v.flatMap((x) => terms(x))]));

/** Lower-cased, light-stemmed words of a text (no stop words). */
export function terms(text: string): string[] {
  const out: string[] = [];
  // "set up" is "setup" (the command's word), whichever way it is written.
  for (const raw of text.toLowerCase().replace(/\bset[\s-]+up\b/g, 'setup').match(/[a-z0-9_][a-z0-9_'-]*/g) ?? []) {
    const w = raw.replace(/'s$/, '').replace(/^-+|-+$/g, '');
    if (!w || STOP.has(w) || w.length < 2) continue;
    out.push(stem(w));
  }
  return out;
}

/** A light suffix stripper: enough to meet "alerts"/"alerting", "invited"/"invite", "queries"/"query". */
export function stem(w: string): string {
  if (w.length <= 3) return w;
  let s = w;
  if (s.endsWith('ies') && s.length > 4) s = s.slice(0, -3) + 'i';
  else if (s.endsWith('sses')) s = s.slice(0, -2);
  else if (s.endsWith('s') && !s.endsWith('ss') && !s.endsWith('us')) s = s.slice(0, -1);
  if (s.endsWith('ing') && s.length > 5) s = s.slice(0, -3);
  else if (s.endsWith('ed') && s.length > 4) s = s.slice(0, -2);
  if (s.endsWith('e') && s.length > 4) s = s.slice(0, -1);
  if (s.endsWith('y') && s.length > 3) s = s.slice(0, -1) + 'i';
  return s;
}

export interface Hit {
  doc: SupportDoc;
  score: number;
}

export interface SearchOptions {
  limit?: number;
  filter?: (doc: SupportDoc) => boolean;
  /**
   * Stems that name the data rather than the task (measure and dimension words: "revenue", "country"): in
   * "how do I get notified when revenue drops" the task is the notification, so they weigh less.
   */
  subjectWords?: ReadonlySet<string>;
}

export interface SupportIndex {
  readonly size: number;
  /** The best passages for a query, best first; only those sharing a word the user said. */
  search(query: string, opts?: SearchOptions): Hit[];
}

/** Weight of a word the user said that names the data, not the task. */
const SUBJECT_WEIGHT = 0.3;

/**
 * What each stem of a query weighs: words the user said 1 (data words 0.3), the product's own words for
 * them 0.5 ("invite" also looks for "grant").
 */
export function queryWeights(query: string, subjectWords?: ReadonlySet<string>): { weights: Map<string, number>; said: Set<string> } {
  const said = new Set(terms(query));
  const weights = new Map<string, number>();
  for (const w of said) weights.set(w, subjectWords?.has(w) ? SUBJECT_WEIGHT : 1);
  for (const w of said) for (const s of EXPAND.get(w) ?? []) if (!weights.has(s)) weights.set(s, 0.5);
  return { weights, said };
}

const K1 = 1.2;
const B = 0.75;

/** Builds a BM25 index over `docs` (title words count twice). */
export function createSupportIndex(docs: readonly SupportDoc[]): SupportIndex {
  const bags = docs.map((d) => {
    const words = [...terms(d.title), ...terms(d.title), ...terms(d.text)];
    const tf = new Map<string, number>();
    for (const w of words) tf.set(w, (tf.get(w) ?? 0) + 1);
    return { tf, length: words.length };
  });
  const df = new Map<string, number>();
  for (const b of bags) for (const w of b.tf.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const avg = bags.reduce((s, b) => s + b.length, 0) / Math.max(1, bags.length);
  const idf = (w: string) => {
    const n = df.get(w) ?? 0;
    return Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
  };

  function search(query: string, opts: SearchOptions = {}): Hit[] {
    const { weights, said } = queryWeights(query, opts.subjectWords);
    // When every word said names data ("revenue"), a passage needs one of them; else a task word or its product words.
    const subjectOnly = [...said].every((w) => (weights.get(w) ?? 0) < 0.5);
    const hits: Hit[] = [];
    bags.forEach((bag, i) => {
      const doc = docs[i];
      if (opts.filter && !opts.filter(doc)) return;
      let score = 0;
      let own = 0;
      for (const [w, weight] of weights) {
        const f = bag.tf.get(w);
        if (!f) continue;
        score += weight * idf(w) * ((f * (K1 + 1)) / (f + K1 * (1 - B + (B * bag.length) / avg)));
        // A passage must share a word of the task (said or one of its product words), not only a data word.
        if (subjectOnly ? said.has(w) : weight >= 0.5) own++;
      }
      if (score > 0 && own > 0) hits.push({ doc, score });
    });
    hits.sort((a, b) => b.score - a.score);
    return hits.slice(0, opts.limit ?? 5);
  }

  return { size: docs.length, search };
}
