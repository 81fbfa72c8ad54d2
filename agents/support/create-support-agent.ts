/**
 * The support agent: answers questions about the product itself — how to set
 * up alerts, what a measure means, which tables there are — from the README,
 * the command help and the workspace's semantic model. Offline it retrieves
 * (BM25) and quotes the best sentences with the command to use; with a phraser
 * (Claude) the same passages are rephrased into one answer. It never runs SQL:
 * the table list is the workspace's allow-list, resolved by the caller.
 */
import type { Logger } from '../../bot/contracts/logger.ts';
import type { SemanticModel } from '../query/semantic-model.ts';
import { measureLabel, modelDocs, type SupportDoc } from './knowledge.ts';
import { createSupportIndex, queryWeights, terms, type Hit, type SupportIndex } from './retrieve.ts';
import { supportKind, type SupportKind } from './route.ts';

/** What one workspace may see: its readable tables and the models of its databases. */
export interface SupportScope {
  /** Fully qualified tables the workspace may read (its allow-list, resolved), e.g. `demo.orders`. */
  tables: readonly string[];
  /** Semantic models of the databases it may read. */
  models: readonly SemanticModel[];
  /** Workspace name, for the catalogue answer. */
  workspaceName?: string;
  /** False when the person may not ask in the workspace: its tables and measures are not shown. Default true. */
  mayRead?: boolean;
}

/** The answer to a catalogue or definition question from someone who may not read the workspace. */
const NO_ROLE = 'You hold no role in this workspace that may ask questions, so I cannot show its tables or measures. An admin can give you one with /datalabs admin grant <user> viewer.';

export interface SupportAnswer {
  text: string;
  kind: SupportKind;
  /** The command the answer points to, when there is one (`/alert …`, `/datalabs admin grant …`). */
  command?: string;
  /** Titles of the passages the answer is drawn from. */
  sources: string[];
  engine: 'offline' | 'claude';
}

/** Rewrites an offline answer from its passages (Claude); throws when it cannot. */
export interface SupportPhraser {
  phrase(input: { question: string; kind: SupportKind; draft: SupportAnswer; passages: SupportDoc[] }): Promise<string>;
}

export interface SupportAgent {
  /** Answers a support question for a workspace's scope. */
  answer(question: string, scope: SupportScope): Promise<SupportAnswer>;
  /** True when the text is a support question (the routing rule). */
  matches(text: string): boolean;
}

export interface SupportAgentDeps {
  /** README, command and help passages (knowledge.ts builds them). */
  docs: readonly SupportDoc[];
  phraser?: SupportPhraser;
  logger?: Logger;
}

const MAX_SENTENCES = 3;
const MAX_CHARS = 700;

export function createSupportAgent(deps: SupportAgentDeps): SupportAgent {
  const index = createSupportIndex(deps.docs);
  const modelIndexes = new WeakMap<readonly SemanticModel[], Map<string, { docs: SupportDoc[]; index: SupportIndex }>>();

  function modelIndex(scope: SupportScope): { docs: SupportDoc[]; index: SupportIndex } {
    const key = [...scope.tables].sort().join(',');
    let byTables = modelIndexes.get(scope.models);
    if (!byTables) modelIndexes.set(scope.models, (byTables = new Map()));
    let hit = byTables.get(key);
    if (!hit) {
      const readable = new Set(scope.tables);
      const docs = modelDocs(scope.models, (t) => readable.has(t));
      hit = { docs, index: createSupportIndex(docs) };
      byTables.set(key, hit);
    }
    return hit;
  }

  async function answer(question: string, scope: SupportScope): Promise<SupportAnswer> {
    const kind = supportKind(question) ?? 'how-to';
    let offline: { answer: SupportAnswer; passages: SupportDoc[] };
    if (scope.mayRead === false && kind !== 'how-to') return { text: NO_ROLE, kind, command: '/datalabs admin grant <user> viewer', sources: [], engine: 'offline' };
    if (kind === 'catalog') offline = catalog(question, scope);
    else if (kind === 'definition') offline = definition(question, scope);
    else {
      // "/help refund rate": a bare measure or dimension name is a definition question.
      const named = scope.mayRead !== false ? exactModelDoc(question.replace(/[?!.]+$/, ''), scope, modelIndex(scope).docs) : undefined;
      offline = named ? definition(`what does ${question.replace(/[?!.]+$/, '')} mean`, scope) : howTo(question, scope);
    }
    if (!deps.phraser || !offline.passages.length) return offline.answer;
    try {
      const text = (await deps.phraser.phrase({ question, kind, draft: offline.answer, passages: offline.passages })).trim();
      if (!text) return offline.answer;
      return { ...offline.answer, text: withCommand(text, offline.answer.command), engine: 'claude' };
    } catch (err) {
      deps.logger?.warn({ err }, 'support answer could not be phrased by the model; answering offline');
      return offline.answer;
    }
  }

  function catalog(question: string, scope: SupportScope): { answer: SupportAnswer; passages: SupportDoc[] } {
    const q = question.toLowerCase();
    const { docs } = modelIndex(scope);
    const readable = new Set(scope.tables);
    const where = scope.workspaceName ? `Workspace "${scope.workspaceName}"` : 'This workspace';
    if (!scope.tables.length) {
      const text = `${where} cannot read any table yet. An admin adds one with /datalabs admin allow <database> or <database.table>.`;
      return { answer: { text, kind: 'catalog', command: '/datalabs admin allow <database[.table]>', sources: ['allow-list'], engine: 'offline' }, passages: [] };
    }
    if (/\b(measures?|metrics?|kpis?)\b/.test(q)) {
      const measures = scope.models.flatMap((m) => m.measures.filter((x) => !x.hidden && docs.some((d) => d.id === `measure:${m.database}.${x.name}`)).map((x) => measureLabel(x)));
      const text = measures.length
        ? `Measures you can ask about: ${measures.join(', ')}. Ask "what does <measure> mean?" for a definition, or /ask ${measures[0].toLowerCase()} by month.`
        : `${where} has no semantic model with measures; ask with SQL: /sql SELECT … FROM ${scope.tables[0]}.`;
      return { answer: { text, kind: 'catalog', command: measures.length ? `/ask ${measures[0].toLowerCase()} by month` : '/sql SELECT …', sources: ['semantic model'], engine: 'offline' }, passages: docs.filter((d) => d.id.startsWith('measure:')) };
    }
    if (/\b(dimensions?)\b/.test(q)) {
      const dims = docs.filter((d) => d.id.startsWith('dimension:'));
      const text = dims.length ? `You can break results down by: ${dims.map((d) => d.title.replace(/ \(dimension\)$/, '')).join(', ')}. For example /ask revenue by ${dims[0].title.replace(/ \(dimension\)$/, '').toLowerCase()}.` : `${where} has no dimensions in its semantic model.`;
      return { answer: { text, kind: 'catalog', command: dims.length ? `/ask revenue by ${dims[0].title.replace(/ \(dimension\)$/, '').toLowerCase()}` : undefined, sources: ['semantic model'], engine: 'offline' }, passages: dims };
    }
    const lines: string[] = [];
    const named = scope.tables.find((t) => new RegExp(`\\b${t.split('.')[1]}\\b`, 'i').test(question));
    if (/\b(columns?|fields?)\b/.test(q) && named) {
      const model = scope.models.find((m) => m.database === named.split('.')[0]);
      const table = model?.tables.find((t) => t.table === named);
      if (table) lines.push(`${named} has the columns ${table.columns.map((c) => c.name).join(', ')}.`);
    }
    const byDb = new Map<string, string[]>();
    for (const t of [...readable].sort()) {
      const [db, name] = t.split('.');
      byDb.set(db, [...(byDb.get(db) ?? []), name]);
    }
    if (!lines.length) lines.push(`${where} can read ${scope.tables.length} table${scope.tables.length === 1 ? '' : 's'}: ${[...byDb].map(([db, names]) => `${names.map((n) => `${db}.${n}`).join(', ')}`).join('; ')}.`);
    const measures = scope.models.flatMap((m) => m.measures.filter((x) => !x.hidden && docs.some((d) => d.id === `measure:${m.database}.${x.name}`)).map((x) => measureLabel(x)));
    if (measures.length) lines.push(`Measures defined over them: ${measures.slice(0, 12).join(', ')}${measures.length > 12 ? ', …' : ''}.`);
    const first = scope.tables[0];
    const command = measures.length ? `/ask ${measures[0].toLowerCase()} by month` : `/sql SELECT * FROM ${first} LIMIT 10`;
    lines.push(`Ask in plain words (${command}) or send SQL (/sql SELECT * FROM ${first} LIMIT 10).`);
    const text = lines.join('\n');
    return { answer: { text, kind: 'catalog', command, sources: ['allow-list', ...(measures.length ? ['semantic model'] : [])], engine: 'offline' }, passages: [{ id: 'catalog', source: 'model', title: 'Tables', text }] };
  }

  function definition(question: string, scope: SupportScope): { answer: SupportAnswer; passages: SupportDoc[] } {
    const term = definedTerm(question);
    const own = modelIndex(scope);
    const exact = term ? exactModelDoc(term, scope, own.docs) : undefined;
    const hits = exact ? [{ doc: exact, score: 1 }] : own.index.search(term ?? question, { limit: 3 });
    // A model entry whose name the question shares a word with; else the README ("what does freshness mean").
    const best = hits[0];
    if (best && (exact || sharesNameWord(term ?? question, best.doc))) {
      const doc = best.doc;
      const text = `${doc.text}${doc.command ? `\nTry: ${doc.command}` : ''}`;
      return { answer: { text, kind: 'definition', command: doc.command, sources: [`semantic model: ${doc.title}`], engine: 'offline' }, passages: [doc] };
    }
    const fromDocs = howTo(term ?? question, scope, 'definition');
    if (fromDocs.passages.length) return fromDocs;
    const measures = scope.models.flatMap((m) => m.measures.filter((x) => !x.hidden).map(measureLabel));
    const text = `"${term ?? question}" is not defined in this workspace's semantic model.${measures.length ? ` Its measures are: ${measures.join(', ')}.` : ''}`;
    return { answer: { text, kind: 'definition', sources: [], engine: 'offline' }, passages: [] };
  }

  function howTo(question: string, scope: SupportScope, kind: SupportKind = 'how-to'): { answer: SupportAnswer; passages: SupportDoc[] } {
    const subjectWords = dataWords(scope);
    const hits = index.search(question, { limit: 6, subjectWords });
    if (!hits.length) {
      const text = 'I could not find that in the documentation. /help lists what I can do; the README has the rest.';
      return { answer: { text, kind, command: '/help', sources: [], engine: 'offline' }, passages: [] };
    }
    const top = hits[0];
    const chosen: Hit[] = [top];
    // A second passage only when it covers a word of the question the first does not.
    const qTerms = new Set(terms(question));
    const covered = new Set(terms(`${top.doc.title} ${top.doc.text}`));
    const second = hits.find((h) => h !== top && h.score >= top.score * 0.6 && h.doc.source !== top.doc.source && terms(`${h.doc.title} ${h.doc.text}`).some((t) => qTerms.has(t) && !covered.has(t)));
    if (second) chosen.push(second);
    const { weights } = queryWeights(question, subjectWords);
    const budget = Math.floor(MAX_CHARS / chosen.length);
    const sentences = chosen.flatMap((h) => bestSentences(h.doc.text, weights, chosen.length > 1 ? 2 : MAX_SENTENCES, budget));
    let text = sentences.join(' ');
    if (text.length > MAX_CHARS) text = text.slice(0, MAX_CHARS - 1).replace(/\s+\S*$/, '') + '…';
    const command = chosen.map((h) => h.doc.command).find(Boolean);
    const sources = [...new Set(chosen.map((h) => sourceLabel(h.doc)))];
    return { answer: { text: withCommand(`${text}\n(${sources.join('; ')})`, command), kind, command, sources, engine: 'offline' }, passages: hits.slice(0, 4).map((h) => h.doc) };
  }

  return { answer, matches: (text) => supportKind(text) !== undefined };
}

const dataWordCache = new WeakMap<readonly SemanticModel[], Set<string>>();

/** Stems of the words that name the data in a scope's models (measures, dimensions, tables and their synonyms). */
function dataWords(scope: SupportScope): Set<string> {
  let words = dataWordCache.get(scope.models);
  if (!words) {
    words = new Set<string>();
    for (const m of scope.models) {
      const names = [
        ...m.measures.flatMap((x) => [x.name.replace(/_/g, ' '), x.label, x.displayName, ...(x.synonyms ?? [])]),
        ...m.dimensions.flatMap((d) => [d.name.replace(/_/g, ' '), d.label, d.displayName, ...(d.synonyms ?? [])]),
        ...m.tables.map((t) => t.name),
      ];
      for (const n of names) if (n) for (const t of terms(n)) words.add(t);
    }
    // Words of the product itself stay task words even when a model uses them too.
    for (const keep of ['alert', 'chart', 'export', 'csv', 'sql', 'table', 'model', 'workspac', 'user', 'member', 'access', 'histori', 'save']) words.delete(keep);
    dataWordCache.set(scope.models, words);
  }
  return words;
}

/** Appends "Command: …" unless the text names the command already. */
function withCommand(text: string, command: string | undefined): string {
  if (!command) return text;
  const stem = command.split(/\s+</)[0];
  return text.includes(stem) ? text : `${text}\nCommand: ${command}`;
}

function sourceLabel(doc: SupportDoc): string {
  if (doc.source === 'readme') return `README › ${doc.title}`;
  if (doc.source === 'command') return `command ${doc.title}`;
  if (doc.source === 'model') return `semantic model: ${doc.title}`;
  return doc.title;
}

/** The sentences of `text` that share the most (weighted) words with the question, in their order. */
function bestSentences(text: string, weights: Map<string, number>, max: number, maxChars: number): string[] {
  const sentences = text.split(/(?<=[.!?:])\s+(?=[A-Z/"`(])/).filter((s) => s.trim());
  if (sentences.length <= max && text.length <= maxChars) return sentences;
  // A sentence that names a command (what to do) wins a tie.
  const scored = sentences.map((s, i) => ({ s, i, score: [...new Set(terms(s))].reduce((sum, t) => sum + (weights.get(t) ?? 0), 0) + (/(?:^|\s)\/[a-z]/.test(s) ? 0.5 : 0) }));
  // Best first while they fit in maxChars (the best one always), then in the text's order.
  const keep: typeof scored = [];
  let used = 0;
  for (const x of [...scored].sort((a, b) => b.score - a.score || a.i - b.i)) {
    if (keep.length >= max) break;
    if (keep.length && used + x.s.length > maxChars) continue;
    keep.push(x);
    used += x.s.length + 1;
  }
  return keep.sort((a, b) => a.i - b.i).map((x) => x.s);
}

/** "what does refund rate mean?" → "refund rate"; "how is AOV calculated" → "AOV". */
export function definedTerm(question: string): string | undefined {
  const q = question.trim().replace(/[?!.]+$/, '');
  const patterns = [
    /^what\s+(?:does|do)\s+(?:the\s+|a\s+|an\s+)?(.+?)\s+(?:mean|stand\s+for|measure|include|count)$/i,
    /\bwhat\s+is\s+meant\s+by\s+(?:the\s+|a\s+|an\s+)?(.+)$/i,
    /\b(?:definition|meaning)\s+of\s+(?:the\s+|a\s+|an\s+)?(.+)$/i,
    /\bdefine\s+(?:the\s+|a\s+|an\s+)?(.+)$/i,
    /^how\s+(?:is|are)\s+(?:the\s+|a\s+|an\s+)?(.+?)\s+(?:calculated|computed|defined|measured|counted|worked\s+out)$/i,
    /^what\s+(?:is|are)\s+(?:the\s+|a\s+|an\s+)?(.+?)\s+defined\s+as$/i,
    /^what\s+counts\s+as\s+(?:the\s+|a\s+|an\s+)?(.+)$/i,
  ];
  for (const re of patterns) {
    const m = re.exec(q);
    if (m?.[1]) return m[1].replace(/^["'`]|["'`]$/g, '').trim();
  }
  return undefined;
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/** The model passage whose measure or dimension is named exactly (name, label, display name or synonym). */
function exactModelDoc(term: string, scope: SupportScope, docs: SupportDoc[]): SupportDoc | undefined {
  const t = norm(term);
  const singular = t.replace(/s$/, '');
  const said = (names: (string | undefined)[]) => names.some((n) => n && (norm(n) === t || norm(n) === singular || norm(n).replace(/s$/, '') === singular));
  for (const model of scope.models) {
    for (const m of model.measures) {
      const doc = docs.find((d) => d.id === `measure:${model.database}.${m.name}`);
      if (doc && said([m.name.replace(/_/g, ' '), m.label, m.displayName, ...(m.synonyms ?? [])])) return doc;
    }
    for (const d of model.dimensions) {
      const doc = docs.find((x) => x.id === `dimension:${model.database}.${d.name}`);
      if (doc && said([d.name.replace(/_/g, ' '), d.label, d.displayName, ...(d.synonyms ?? [])])) return doc;
    }
  }
  return undefined;
}

function sharesNameWord(term: string, doc: SupportDoc): boolean {
  const t = new Set(terms(term));
  return terms(doc.title).some((w) => t.has(w));
}

