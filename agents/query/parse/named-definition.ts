/**
 * "repeat purchase rate - share of buyers w/ 2+ orders", "AOV: revenue / orders": a figure's name, a dash or a colon, and
 * its definition. The definition is answered when it is answerable and agrees with the name; a name the model knows is
 * answered as itself when its definition cannot be read but names only what the figure counts; a name and a definition
 * that disagree ("refund rate - share of orders that were cancelled") are refused, never one of them picked.
 */
import { DatalabsError } from '../../../bot/contracts/errors.ts';
import type { SemanticModel } from '../semantic-model.ts';
import { phraseKey, stem, type Meaning, type Vocabulary } from '../vocabulary.ts';
import { FILLER } from '../words.ts';
import { vocabularyOf } from './state.ts';

/** What a plan shows of itself for this check (the agent's AgentPlan). */
interface PlanLike { sql: string; unsure?: { guessedFigure?: string }; state: { query: { model: string } } }

/** Words that start a question or announce one: a dash or colon after them is no figure's name ("quick q - …"). */
const NOT_A_NAME = new Set(['q', 'qq', 'question', 'quick', 'one', 'topic', 'ok', 'okay', 'hey', 'hi', 'so', 'different', 'new', 'another', 'forget',
  'funnel', 'for', 'by', 'per', 'in', 'on', 'during', 'over', 'last', 'this', 'since', 'from', 'between', 'vs', 'versus', 'today', 'yesterday',
  'show', 'what', 'how', 'which', 'who', 'when', 'why', 'where', 'please', 'pls', 'and', 'also', 'now', 'then', 'same', 'compare', 'top', 'only',
  // "orders with quantity = 3": a condition on rows, not a figure's name.
  'with', 'without', 'whose', 'having', 'than',
  // "users table: count by plan": a table named before its query.
  'table', 'tables']);
/** Head nouns of a figure's name: a name that ends in one is a figure even when the model does not know it. */
const FIGURE_HEADS = /^(?:rate|ratio|share|percentage|percent|pct|fraction|proportion|value|count|number|total|average|avg|mean|revenue|sales|aov|arpu|ltv|gmv|score|frequency|index|margin|churn|retention)$/;
/** Words of a name that say the figure is a ratio. */
const RATIO_WORDS = /^(?:rate|ratio|share|percentage|percent|pct|fraction|proportion|conversion)$/;
/** Words of a name that say entities with more than one row. */
const REPEAT_WORDS = /^(?:repeat|repeated|returning|recurring|loyal)$/;
/** Words of a name or definition that say nothing about what is counted. */
const NEUTRAL = new Set(['total', 'number', 'count', 'sum', 'amount', 'all', 'overall', 'divided', 'over', 'per', 'by', '/', '+', 'x', 'times', 'out',
  'figure', 'metric', 'kpi', 'avg', 'average', 'mean', 'rate', 'ratio', 'share', 'percentage', 'percent', 'pct', 'fraction', 'proportion', 'as', 'aka']);

/** The name and the definition a question written as "<name> - <definition>" or "<name>: <definition>" holds. */
export function splitNamedDefinition(question: string): { name: string; definition: string } | undefined {
  // "How many repeat buyers do we have, i.e. customers with more than one order?": the name asked, then what it means.
  const asked = /^\s*(how\s+many|what\s+(?:is|are|was|were)|what's)\s+(?:the\s+|our\s+)?([a-z][a-z' ]{0,60}?)(?:\s+(?:do|did)\s+we\s+have|\s+(?:are|were)\s+there)?\s*,?\s+(?:i\.?\s?e\.?|that\s+is|meaning|namely|aka|a\.k\.a\.)\s*,?\s+(.+?)\s*[?.!]*\s*$/i.exec(question);
  if (asked) return splitNamedDefinition(`${asked[2]} - ${asked[1]} ${asked[3]}`);
  const m = /^\s*([a-z][a-z' ]{0,60}?)\s*(?:\s[-\u2013\u2014]\s|:\s|\s[-\u2013\u2014]{2}\s|\s=\s)\s*(.+?)\s*$/i.exec(question);
  if (!m) return undefined;
  const words = m[1].toLowerCase().trim().split(/\s+/);
  if (words.length > 5 || words.some((w) => NOT_A_NAME.has(w))) return undefined;
  // "… = 3 by country": a number after the sign compares, it defines nothing.
  if (!/[a-z]/i.test(m[2]) || /^\$?\d/.test(m[2].trim())) return undefined;
  return { name: m[1].trim(), definition: m[2].trim() };
}

/**
 * Plans "<name> - <definition>" with `plan` (the agent on one question): undefined when the question is not of that
 * form, or when neither half can be read (the whole question is then read as usual). Throws when they disagree.
 */
export function planNamedDefinition<P extends PlanLike>(models: SemanticModel[], question: string, plan: (q: string, fresh: boolean) => P): P | undefined {
  // (Both halves are read as questions of their own: a definition says what it computes, whatever was asked before.)
  const split = splitNamedDefinition(question);
  if (!split) return undefined;
  const nameWords = words(split.name);
  const attempt = (q: string, fresh: boolean): { p?: P; err?: unknown } => { try { return { p: plan(q, fresh) }; } catch (err) { return { err }; } };
  const named = attempt(split.name, true);
  const known = named.p && !named.p.unsure?.guessedFigure ? named.p : undefined;
  if (!known && !FIGURE_HEADS.test(nameWords.at(-1) ?? '')) return undefined;
  const defined = attempt(split.definition, true);
  const def = defined.p && !defined.p.unsure?.guessedFigure ? defined.p : undefined;
  const model = models.find((x) => x.name === (def ?? known)?.state.query.model);
  if (!model) return undefined;
  const { vocab } = vocabularyOf(model);
  if (def) {
    if (known) {
      if (sameFigure(known.sql, def.sql)) return known;
      return disagree(split, `"${split.name}" is a figure of its own, which "${split.definition}" does not compute`);
    }
    const odd = nameWords.find((w) => !covers(model, vocab, w, def.sql));
    if (odd) return disagree(split, `"${odd}" in the name is not what the definition computes`);
    return def;
  }
  if (known) {
    const defWords = words(split.definition);
    const odd = defWords.find((w) => !covers(model, vocab, w, known.sql));
    if (!odd) return known;
    // A definition that names no figure ("revenue - only mobile") is read with the name, as one question.
    if (!defWords.some((w) => vocabHas(vocab, w))) return undefined;
    return disagree(split, `the definition names "${odd}", which "${split.name}" does not count`);
  }
  return undefined;
}

function disagree(split: { name: string; definition: string }, why: string): never {
  throw new DatalabsError('NOT_UNDERSTOOD', `The name "${split.name}" and the definition "${split.definition}" disagree: ${why}. Ask for the definition alone, or for the figure by its name.`);
}

const words = (t: string): string[] => t.toLowerCase().replace(/(^|\s)w\/(?=\s|\w)/g, '$1with ').replace(/[^a-z0-9/+%' ]+/g, ' ').replace(/'s\b/g, '').split(/\s+/).filter(Boolean);

/** The tables a plan's SQL reads and the values it names. */
function factsOf(sql: string): { tables: Set<string>; values: Set<string>; ratio: boolean; perEntity?: { op: string; n: number } } {
  const select = /^\s*SELECT\s+([\s\S]*?)\s+FROM\s/i.exec(sql)?.[1] ?? '';
  const per = /countIf\(\w+\s*(>=|>)\s*(\d+)\)/.exec(select);
  return {
    tables: new Set([...sql.matchAll(/\bdemo\.([a-z_]+)/g)].map((x) => x[1])),
    values: new Set([...sql.matchAll(/'([^']*)'/g)].map((x) => x[1].toLowerCase())),
    ratio: /\s\/\s/.test(select),
    ...(per ? { perEntity: { op: per[1], n: Number(per[2]) } } : {}),
  };
}

/** Two plans compute the same figure: the first one's select list is within the second's and they read the same rows. */
function sameFigure(a: string, b: string): boolean {
  const parts = (sql: string): { exprs: string[]; rest: string } => {
    const m = /^\s*SELECT\s+([\s\S]*?)\s+(FROM\s[\s\S]*)$/i.exec(sql.replace(/\s+/g, ' '));
    const exprs = (m?.[1] ?? '').split(/,\s*(?![^()]*\))/).map((x) => x.replace(/\s+AS\s+\w+$/i, '').trim());
    return { exprs, rest: m?.[2] ?? sql };
  };
  // Whole counts: "> 1" is ">= 2".
  const whole = (sql: string): string => sql.replace(/(\w+) > (\d+)(?=\s*\)|\s*$)/g, (_m, c: string, n: string) => `${c} >= ${Number(n) + 1}`);
  const x = parts(whole(a)), y = parts(whole(b));
  return x.rest === y.rest && x.exprs.every((e) => y.exprs.includes(e));
}

/** Whether a word of one half names something the other half's SQL computes (or nothing at all). */
function covers(model: SemanticModel, vocab: Vocabulary, w: string, sql: string): boolean {
  if (FILLER.has(w) || NEUTRAL.has(w) || /^\d+\+?$|^\+$/.test(w)) return true;
  const f = factsOf(sql);
  if (RATIO_WORDS.test(w) && !vocabHas(vocab, w)) return f.ratio;
  if (REPEAT_WORDS.test(w)) return !!f.perEntity && (f.perEntity.op === '>' ? f.perEntity.n >= 1 : f.perEntity.n >= 2);
  const meanings = [...(vocab.phrases.get(phraseKey(w)) ?? []), ...(vocab.phrases.get(stem(w)) ?? [])];
  if (!meanings.length) return false;
  // A table is read, or its rows are counted through their key in another table's rows ("users" in uniqExact(user_id)).
  const read = (t: string): boolean => f.tables.has(t) || (m0(t) !== undefined && new RegExp(`\\b${m0(t)}\\b`).test(sql));
  const m0 = (t: string): string | undefined => model.tables.find((x) => x.name === t)?.columns.find((c) => c.type === 'id')?.name;
  return meanings.some((m) => tablesOf(model, m).some((t) => f.tables.has(t) || (m.t === 'entity' && read(t))) && (m.t !== 'value' || f.values.has(m.value.toLowerCase()) || (m.values ?? []).some((v) => f.values.has(v.toLowerCase()))));
}

const vocabHas = (vocab: Vocabulary, w: string): boolean => (vocab.phrases.get(phraseKey(w)) ?? []).some((m) => m.t === 'measure');

/** The tables a meaning of the vocabulary is about. */
function tablesOf(model: SemanticModel, m: Meaning): string[] {
  if (m.t === 'entity' || m.t === 'column') return [m.table];
  if (m.t === 'measure') {
    const d = model.measures.find((x) => x.name === m.name);
    if (!d) return [];
    const parts = d.agg === 'ratio' ? [d.numerator, d.denominator].map((n) => model.measures.find((x) => x.name === n)?.table) : [d.table];
    return parts.filter((t): t is string => !!t);
  }
  const dim = model.dimensions.find((x) => x.name === (m.t === 'value' ? m.dimension : m.name));
  return (dim?.columns ?? []).map((c) => c.split('.')[0]);
}
