/**
 * The typed state the parser's stages share: the text still to read (`s`), what has been read so far (`out`),
 * and, after tokenising, the items the interpretation stages walk over.
 */
import type { SemanticModel } from '../semantic-model.ts';
import type { ChartHint, ColumnAgg, CompareOp, FilterSpec, MeasureSpec, PeriodSpec } from '../semantic-query.ts';
import type { Grain } from '../time-phrases.ts';
import { buildVocabulary, phraseKey, type Meaning, type Vocabulary } from '../vocabulary.ts';
import { FILLER } from '../words.ts';

/** A numeric comparison whose column is resolved once the measure's table is known. */
/** A threshold on a figure, resolved once the figure is known. */
export interface PendingThreshold { measure?: string; percent?: boolean; times?: boolean; /** "more than 1 category": the different values of this dimension per entity. */ distinct?: string; /** "active on 5 different days": the different days (weeks, months) per entity. */ distinctUnit?: Grain; op: CompareOp; value: number; text: string }

export interface PendingNumeric { word?: string; unit?: string; op: CompareOp; value: number }

export interface ParsedQuestion {
  measures: MeasureSpec[];
  dimensions: string[];
  filters: FilterSpec[];
  numeric: PendingNumeric[];
  /** HAVING-like comparisons on a measure ("more than 100 orders"); not supported yet. */
  measureComparisons: string[];
  /** Thresholds on a figure ("a refund rate above 10 percent", "more than 100 orders") or on rows per entity ("more than 1 times"). */
  thresholds: PendingThreshold[];
  /** "this week vs last week": a comparison of periods, kept when the answer is broken down again. */
  periodComparison?: boolean;
 /** "by what percentage did revenue grow": the change of the figure between two periods (absolute, or in percent). */
  change?: { percent: boolean; difference?: 1 | -1 };
  /** "running total of revenue by day", "cumulative signups": the series added up in time order. */
  cumulative?: boolean;
  /** "how much more … in May than in April": the difference asked, and the words naming the first period. */
  differenceOf?: { dir: 'more' | 'less'; first: string; firstEarlier?: boolean };
  /** "the last 10 days vs the 10 days before that": the period's two parts, a row each. */
  periodBlocks?: boolean;
  /** "compare mobile and desktop": dimensions split only because two or more of their values were named, not by name. */
  valueSplit?: string[];
  /** "customers who bought in both April and May": the entities with rows in each compared period, counted once. */
  inEachPeriod?: boolean;
  /** "the median instead of the average": the previous answer's figures of one aggregate, read with another. */
  aggSwap?: { from: ColumnAgg; to: ColumnAgg };
  /** "what's the total they've spent?" after "user 42: …": the key filter a pronoun carried over, said in "kept:". */
  referredKey?: string;
  /** "users active in April but not in May": the period the counted entities have no rows in (entity-sets.ts). */
  notInPeriod?: PeriodSpec;
  /** "… side by side in one row", "as columns": the compared periods as columns of one row. */
  periodColumns?: boolean;
  /** "vs last month": the period is only what the previous answer's period is compared with. */
  periodComparedTo?: boolean;
  /** "same for the week before", "the 10 days before that": the previous answer's period moved back (replaces it). */
  periodBefore?: { n: number; unit: Grain; shift?: boolean };
  /** "compared to the week before": the unit before the previous answer's period. */
  comparedToBefore?: Grain;
  /** "compare with the same day the week before": the previous answer's period and the same one a larger unit back. */
  sameBefore?: { unit: Grain; back: Grain; alone?: boolean };
  /** "including refunded orders": values added to the values a figure counts by default. */
  including: Array<{ dimension: string; value: string }>;
  /** "orders per customer": the entity measure (a distinct count) the first figure is counted per. */
  perEntity?: string;
  /** "weekends vs weekdays": named groups of one dimension's values, a row each. */
  valueGroups?: { dimension: string; groups: Array<{ label: string; values: string[] }> };
  /** "average daily revenue", "average orders per customer": the figure per period / entity, then aggregated. */
  rollup?: { agg: 'avg' | 'max' | 'min'; over: { entity: string } | { grain: Grain }; name: string };
  /** Phrased as a filter on the previous answer ("only …", "excluding …"): the nouns it names are what is filtered, not a new figure. */
  filterRefinement?: boolean;
  /** "what's the total over that period?": the previous answer's series or breakdown collapsed into one figure. */
  collapse?: boolean;
  /** "in seconds": the time unit a duration figure is shown in. */
  inUnit?: 'ms' | 's' | 'min' | 'h';
  /** Opens with "for" ("for refunded orders"): a figure that only counts one value may name a filter of the previous answer. */
  forOpener?: boolean;
  /** "same for checkout events": the question opens with "same … for" — the previous figure is kept, for other rows. */
  sameFor?: boolean;
  /** Figures read from a word that is also a value ("purchase": orders, or event type = purchase), by figure name. */
  measureValues?: Record<string, { dimension: string; value: string }>;
  period?: PeriodSpec;
  /** "on the 15th": the period is a day of the month with no month named (a follow-up reads it in the previous answer's month). */
  dayOfMonth?: number;
  grain?: Grain;
  /** "the average of those daily numbers", "the daily average": the previous series' buckets rolled up (agent.ts). */
  rollupOfPrevious?: { agg: 'avg' | 'max' | 'min'; grain?: import('../time-phrases.ts').Grain };
  /** Figures read after another one without being listed with it ("orders joined to users"): never another table's figure. */
  unlisted?: string[];
  /** "for the top one", "from the bottom 2 categories": the first rows of the previous answer's ranking (refer.ts). */
  topOfPrevious?: { n: number; order: 'asc' | 'desc'; noun?: string; text: string };
  /** "in the orders table", "demo.orders": the question names the stored table, as an audit of its rows does. */
  namesTable?: boolean;
  /** "distinct user_ids in the events table": the stored table named as where the figures are read (its columns first). */
  sourceTable?: string;
  /** "all three side by side", "all of them together": every value the thread named, not only the last two (`both`). */
  bothAll?: boolean;
  autoGrain?: boolean;
  order?: 'asc' | 'desc';
  /** "oldest quarter first", "newest first", "in chronological order": the order of a time series' periods (set with `order`, which holds without a series). */
  timeOrder?: 'asc' | 'desc';
  limit?: number;
  /** Values used as the counted noun ("how many checkouts", "logins by device"). */
  valueNouns?: Array<{ dimension: string; value: string }>;
  /** Dimensions introduced by by / per / each after the first one ("top product per category"): groups a limit applies within. */
  perDimensions?: string[];
  /** "which country …" with a singular noun: one row. */
  singular?: boolean;
  superlative?: 'asc' | 'desc';
  /** "what share of all of that month's active users is that": a share of every row of each group, not of the answer's. */
  ofWhole?: boolean;
  /** "best" / "worst": a judgement, read with the figure's good direction (`better` in the model) once it is known. */
  judged?: boolean;
  /** "list all of them", "no limit", "the full list": every row of a ranking, its row count dropped (a refinement). */
  allRows?: boolean;
  share?: 'fraction' | 'percent';
  /** "refunded orders as a % of all mobile orders", "share of mobile orders that were refunded": the words naming the share's part and its whole (parse/share-part.ts). */
  shareOf?: { part: Array<{ dimension: string; value: string }>; whole: Array<{ dimension: string; value: string }>; /** Figures the whole's words name ("orders"). */ wholeMeasures: string[] };
  /** "only", "just", "among", "within": the filters restrict the rows a share is taken over (none of them is the part). */
  restricts?: boolean;
  chart?: ChartHint;
  showSql?: boolean;
  /** "as a table", "show it as a chart": shown as the table / chart every answer has (changes nothing else). */
  display?: 'table' | 'chart';
  write?: boolean;
  future?: string;
  /** "between midnight and 6am UTC", "in PST": the time zone the question names (checked against the agent's zone). */
  zoneNamed?: string;
  /** Words that mean nothing in this model. */
  unknown: string[];
  /** Words not understood that were read as request phrasing and skipped ("please first process the orders"). */
  skipped?: string[];
  /** Something understood but not answerable (e.g. "median of sessions"): refused with this phrase. */
  unsupported?: string;
  /**
   * "added to cart yesterday but didn't buy", "… and also checked out": a second event of a verb dimension after the first
   * one read, that the same entities did (`has`) or did not do; the users of both are counted per entity (entity-sets.ts).
   */
  secondEvent?: { dimension: string; value: string; has: boolean; text: string };
  /** "that day", "the same week", "during that period", "then": the previous answer's period (soft: "then", ignored when there is none). */
  thatPeriod?: { text: string; unit?: Grain; soft?: boolean };
  /** "as a percentage of all mobile orders each day": the values said of the rows restrict them (never the counted value). */
  rateRowsNamed?: boolean;
  /** "make that a rate", "as a percentage", "what % is that": the previous figure as a rate (or a share). */
  asRate?: 'rate' | 'percent' | 'fraction';
  /** Opens with a grouping ("by category", "now per week", "split by device"): phrased as a refinement. */
  opensWithBreakdown?: boolean;
  /** Looks like a refinement of the previous answer. */
  followUp: boolean;
  /** "what's the refund rate?": a question asking for a figure (follow-up.ts); alone, it swaps the previous answer's figure. */
  asksFigure?: boolean;
  /** "also by device": add to the grouping instead of replacing it. */
  addDimensions: boolean;
  /** "by country instead of by week", "by device, not by day": the words naming what this message replaces. */
  replaces?: string;
  /** "show both", "each of them": the value just replaced and the one now filtered, one row each. */
  both?: boolean;
  /** "ok different question: …", "forget that. …": a new question; nothing of the previous answer is kept. */
  reset?: boolean;
  /** "compare with France", "vs mobile": a value named for a column already filtered is compared with it, a row each. */
  compareValues?: boolean;
  /** "and refunded too", "cancelled or refunded as well": a value named for a column already filtered is added to it. */
  addValues?: boolean;
  /** "add the average revenue per buyer", "also show revenue": the figures named join the previous answer's. */
  addMeasures?: boolean;
  clearFilters?: boolean;
  /** "drop the filter", "remove that condition" (one, not "all filters"): the filters the latest turn added, where known. */
  clearLastFilter?: boolean;
  clearPeriod?: boolean;
  /** "drop the mobile filter": kept filters this message removes, by dimension, or only one value of it (refused if there is none). */
  dropFilters?: Array<{ dimension: string; value?: string }>;
  /** "drop paid": values named after a removing word alone; excluded, or their kept filter dropped (agent). */
  dropOrExclude?: Array<{ dimension: string; value: string }>;
  /** "drop the device split": dimensions this message removes from the kept breakdown (refused if not in it). */
  dropDimensions?: string[];
  /** "DE and FR combined", "those two pages together": dimensions whose rows are pooled into one figure (no split). */
  pooledDims?: string[];
  /** "and the average price per category too": "too" said with a breakdown — a figure added when the breakdown is the answer's own. */
  tooWithBreakdown?: boolean;
  /** "did revenue drop yesterday vs the same day last week?": asked yes/no — both periods' values shown, a row each. */
  yesNo?: boolean;
  /** "most expensive first": the column a rank word of the model orders by (price) — its figure is the one sorted by. */
  orderColumn?: string;
  /** Dimensions whose filter is lifted ("all countries"). */
  clearDimensionFilters: string[];
  /** "drop the price filter": the previous answer's comparisons on these columns go. */
  clearColumnFilters?: string[];
  /** "for every channel": a row for each value of these dimensions — a kept filter on one value of them goes. */
  everyValueOf?: string[];
  /** Tables mentioned by entity words ("orders", "users"), for defaults. */
  entities: string[];
  /** "how many …" whose target was not a measure. */
  countIntent: boolean;
  /** "most common plan", "least frequent event type": ranked by how many rows have each value (a row count), not the default figure. */
  frequency?: boolean;
 /** "to date", "the same period last month": a comparison of a running period counts the same elapsed time of each. */
  likeForLike?: boolean;
  /** "users who never ordered", "products without any orders": rows of the first figure's table with no related rows. */
  never?: 'never' | 'without';
  /** "orders that reference a user_id that doesn't exist in users": rows whose key names no row of that table. */
  orphanOf?: { table: string; column: string };
  /** "in that category" when the previous answer ranks or lists categories: its rows' values (refer.ts). */
  valuesOf?: { dimension: string; query: import('../semantic-query.ts').SemanticQuery; label: string };
  /**
   * "which countries had no signups yesterday": the values of `dimension` (or the entities it names) with none of the
   * figure's rows, listed or (`count`) counted (no-rows.ts); an empty `dimension` is a form that is refused (with
   * `unlessNever`, only when no rows of another table with none of them are built instead).
   */
  noRows?: { dimension: string; text: string; count?: boolean; unlessNever?: boolean };
  /** "revenue we lost to refunds": the figure over the rows named after it. */
  lostTo?: boolean;
  /** "revenue from users who signed up this year": a period on the rows of another table the figure's rows join to. */
  related?: { table: string; period: PeriodSpec; label: string };
  /** "how much did we sell": the money measure. */
  howMuch?: boolean;
  /** Measures used as qualifiers right after a value ("tablet users"): dropped when they conflict. */
  qualifiers: string[];
  /** Qualifiers after a preposition and a value ("revenue from US users"): they name whose rows the first figure is over. */
  rowsFrom?: string[];
  empty: boolean;
}

export type Item =
  | { k: 'term'; meanings: Meaning[]; text: string; plural: boolean; i: number }
  | { k: 'sig'; w: string; i: number }
  /** A superlative of a column ("cheapest" → price ascending). */
  | { k: 'rank'; dir: 'asc' | 'desc'; table: string; column: string; text: string; i: number };

/** What every stage reads and writes. */
export interface ParseState {
  model: SemanticModel;
  vocab: Vocabulary;
  /** Words the model or the filler list knows (not typo-corrected). */
  known: Set<string>;
  now: Date;
  maxRows: number;
  /** The question text still to be read; each stage consumes the phrases it understands. */
  s: string;
  out: ParsedQuestion;
  /** How many sentences the question as written has ("Is X busier than Y? Show me … on each." has two). */
  sentences?: number;
  /** Set by a stage when nothing more is to be read (empty question, write request). */
  done?: boolean;
  /** After tokenising: the tokens (typo-corrected) and the raw words. */
  tokens: string[];
  raw: string[];
  items: Item[];
}

export type Stage = (st: ParseState) => void;

/** A word as a literal part of a regular expression. */
export const escapeRe = (w: string): string => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A regex alternation of phrases (no duplicates, case folded, longest first), their words joined by spaces or underscores. */
export const phraseAlternation = (phrases: string[]): string => [...new Set(phrases.map((w) => w.toLowerCase()))].sort((a, b) => b.length - a.length)
  .map((w) => w.split(/[\s_]+/).map(escapeRe).join('[\\s_]+')).join('|');

/** Index of the token just after an item. */
export const itemEnd = (x: Item): number => x.i + (x.k === 'term' ? x.text.split(' ').length : 1);

const vocabCache = new WeakMap<SemanticModel, { vocab: Vocabulary; known: Set<string> }>();

export function vocabularyOf(model: SemanticModel): { vocab: Vocabulary; known: Set<string> } {
  let v = vocabCache.get(model);
  if (!v) {
    const vocab = buildVocabulary(model);
    const known = new Set<string>([...FILLER]);
    for (const key of vocab.phrases.keys()) for (const w of key.split(' ')) known.add(w);
    v = { vocab, known };
    vocabCache.set(model, v);
  }
  return v;
}

/**
 * The tables a text names by their rows', figures' or columns' words ("users", "revenue", "list price"), each word
 * and each pair of words looked up in the model's vocabulary: which tables' rows or figures a question is about.
 */
export function tablesNamed(st: Pick<ParseState, 'vocab' | 'model'>, text: string): Set<string> {
  const words = text.split(/\s+/).filter(Boolean);
  const out = new Set<string>();
  words.forEach((w, i) => {
    for (const k of [w, `${w} ${words[i + 1] ?? ''}`]) {
      const meanings = st.vocab.phrases.get(phraseKey(k)) ?? [];
      // A column word names its table only when no other table has a column of that name ("list price", not "user id").
      const columnTables = new Set(meanings.flatMap((m) => (m.t === 'column' ? [m.table] : [])));
      for (const m of meanings) {
        const table = m.t === 'entity' || (m.t === 'column' && columnTables.size === 1) ? m.table : m.t === 'measure' ? st.model.measures.find((x) => x.name === m.name)?.table : undefined;
        if (table) out.add(table);
      }
    }
  });
  return out;
}

export function emptyParsed(): ParsedQuestion {
  return {
    measures: [], dimensions: [], filters: [], numeric: [], measureComparisons: [], thresholds: [], including: [], unknown: [], followUp: false, addDimensions: false,
    clearDimensionFilters: [], entities: [], countIntent: false, qualifiers: [], empty: false,
  };
}
