/**
 * The offline query agent: parse → complete or refine the semantic query →
 * compile. Refuses (NOT_UNDERSTOOD / NOT_SUPPORTED) rather than guessing.
 */
import { inEnglish } from './foreign-words.ts';
import { withSlips } from './words.ts';
import { withoutChatter } from './chatter.ts';
import { vocabularyOf } from './parse/state.ts';
import { DatalabsError, isDatalabsError } from '../../bot/contracts/errors.ts';
import { DEFAULT_MAX_ROWS } from './bounds.ts';
import { compileQuery, measureByName, measureLabel, type ColumnDisplay } from './compiler.ts';
import { parseQuestion, type ParsedQuestion } from './parser.ts';
import type { SemanticModel } from './semantic-model.ts';
import type { ChartHint, ConversationState, FilterSpec, MeasureSpec, SemanticQuery } from './semantic-query.ts';
import { autoGrainFor, isoDateTime } from './time-phrases.ts';
import { displayPeriod } from './calendar-words.ts';
import { answersWhen, capabilities, suggestRewordings } from './refusals.ts';
import { withoutCourtesy } from './courtesy.ts';
import { withRestatement, withoutKeyShown, withoutRestatedBracket } from './restated-bracket.ts';
import { withContextPeriod, withContextValues } from './context-period.ts';
import { opensToolLayout } from './explore-words.ts';
import { planNamedDefinition } from './parse/named-definition.ts';
import { listsRows, planRowListing } from './row-listing-plan.ts';
import { withHolidayDates } from './holidays.ts';
import { withListedRowsReferred, withPersonReferred } from './referred-rows.ts';
import { checkTimeZone, isZoneNamed, wallClock } from './time-zone.ts';
import { settleChange, settleCumulative, settleLikeForLike, settleNever } from './settle.ts';
import { referToPrevious } from './refer.ts';
import { keptFrom, refine, replacedOf, valueFilterOf, withReplacedFilterDropped, type Kept } from './refine-query.ts';
import { applyInEachPeriod, applyNotInPeriod, applySecondEvent, applyShareOfClause, applyShareOfEntities } from './entity-sets.ts';
import { applyNoRows } from './no-rows.ts';
import { answerRowsThreshold, replacedThreshold, thresholdOnAnswer } from './answer-rows-threshold.ts';
import { applyIncluding, applyRelated, baseTableOf, dimensionCanFilter, countThroughFact, dropQualifiers, rehomeEntityCount, rehomeDistinct, resolveNumeric, resolveThresholds } from './resolve.ts';
import { withFigureRatios } from './figure-ratios.ts';
import { withCohortOfPrevious, withOneRowNamed, withValueOfPrevious } from './cohort-of-previous.ts';
import { firstDimensionNoun, fresh, rollupOf } from './fresh-query.ts';
import { addedAsIncluded, asValueOfPrevious, withBothPeriodsNamed, withColumnsOfTableNamed, withRateOfPrevious, withValueSwapped } from './previous-figure.ts';

/** What the agent hands to the caller: SQL to run plus provenance and the next state. */
export interface AgentPlan {
  sql: string;
  /** Fully qualified tables read, e.g. demo.orders. */
  tables: string[];
  /** The period resolved to dates: from inclusive, to inclusive (a date, or a time when it ends now). */
  period?: { from: string; to: string; label: string };
  /** Fully qualified time column (demo.orders.order_time) for the freshness line. */
  timeColumn?: string;
  chartHint?: ChartHint;
  /** Per result column: its display name and format from the semantic model (rows keep exact values). */
  columns: ColumnDisplay[];
  /** The user only asked to see the SQL of the previous answer. */
  showSql?: boolean;
  /** Headline such as "Revenue by month, last 30 days". */
  title: string;
  /**
   * The filters and period carried over from earlier turns, as short text ("device = mobile", "last 30 days");
   * empty when the question was answered as asked (a new question keeps nothing). Also on `state.kept`.
   */
  kept: string[];
  /** When something was kept: the one line that says so ("kept: device = mobile — say 'all devices' to drop it"). Also on `state.keptNote`. */
  keptNote?: string;
  /** Plain JSON, stored per thread, passed back on the next turn. */
  state: ConversationState;
  /**
   * Where this reading rests on little (read-only, for callers that can ask another engine): words not understood
   * that were left out (request phrasing, a bracketed aside), and a figure the question did not name (taken as the
   * default of a grouping or table). Absent when the question was read whole and named what to measure.
   */
  unsure?: { skipped?: string[]; guessedFigure?: string };
}

export interface QueryAgent {
  /**
   * Throws DatalabsError NOT_UNDERSTOOD (what was not understood + what it can answer), NOT_SUPPORTED (write requests)
   * or BAD_INPUT (a row count, number or date out of range), always with a one-line message; never another error.
   * `timezone` (IANA, default UTC): time words are read on that zone's calendar ("yesterday" is the zone's
   * yesterday, from its midnight to the next), and rows are bucketed by day / week / month in that zone.
   */
  plan(question: string, ctx: { now: Date; state?: ConversationState; timezone?: string }): AgentPlan;
}

/** What a state (an answer's) carried over from earlier turns, and the one line that says so; empty when nothing. */
export function keptOfState(state: ConversationState | undefined): { kept: string[]; note?: string } {
  const kept = state?.version === 1 && Array.isArray(state.kept) ? state.kept.filter((k) => typeof k === 'string') : [];
  return kept.length && typeof state?.keptNote === 'string' ? { kept, note: state.keptNote } : { kept };
}

const notUnderstood = (msg: string): never => { throw new DatalabsError('NOT_UNDERSTOOD', msg); };

/**
 * Creates an agent over one or more semantic models (one per database). `maxRows` caps the row count a question
 * may ask for ("top N", "first N"); default 10,000.
 */
export function createQueryAgent(opts: { models: SemanticModel[]; maxRows?: number }): QueryAgent {
  if (opts.models.length === 0) throw new DatalabsError('CONFIG_INVALID', 'the query agent needs at least one semantic model');
  // Each model with the ratios of its figures it does not define ("revenue divided by units"): figure-ratios.ts.
  const models = opts.models.map(withFigureRatios);
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  if (!Number.isSafeInteger(maxRows) || maxRows < 1) throw new DatalabsError('CONFIG_INVALID', `the query agent's maxRows must be a whole number of 1 or more, got ${String(opts.maxRows)}`);
  const agent: QueryAgent = {
    plan(question, ctx) {
      try {
        // "Good morning! … Thanks a lot!": courtesy around the question asks for nothing (courtesy.ts).
        // "nur DE und FR", "jetzt die refund rate, nach device": everyday words of another language, in English (foreign-words.ts).
        question = withoutCourtesy(withSlips(inEnglish(question, models.map((m) => vocabularyOf(m).vocab))));
        // "repeat purchase rate - share of buyers w/ 2+ orders": a figure's name and its definition (parse/named-definition.ts).
        // "Orders — Summarize: Sum of Revenue by …": a table's name opening a BI tool's layout is no figure's name.
        const named = opensToolLayout(models, question) ? undefined : planNamedDefinition(models, question, (q, fresh) => agent.plan(q, fresh ? { ...ctx, state: undefined } : ctx));
        if (named) return named;
        // In a zone, everything reads the zone's wall clock; the compiler turns the bounds back into UTC instants.
        const tz = checkTimeZone(ctx.timezone);
        const instant = ctx.now;
        ctx = { ...ctx, now: tz ? wallClock(ctx.now, tz) : ctx.now };
        // "valentine's day", "black friday 2024": the dates those days are (holidays.ts).
        question = withHolidayDates(question, ctx.now);
        // "A campaign ran on 16 May. Break down that day's signups by channel.": the context's day (context-period.ts).
        question = withContextPeriod(question, ctx.now, (t) => models.map((m) => parseQuestion(m, t, ctx.now, { maxRows }))) ?? question;
        // "Is the checkout page slower than the cart page? Show … on each of the two.": the two values named before it.
        question = withContextValues(question, (t) => models.map((m) => parseQuestion(m, t, ctx.now, { maxRows }))) ?? question;
        // "just the 3 countries with the highest rate" after a cancellation rate: that rate (previous-figure.ts).
        const before = ctx.state?.version === 1 ? ctx.state.query : undefined;
        for (const model of models) if (model.name === before?.model) question = withBothPeriodsNamed(withRateOfPrevious(model, question, before), before);
        // "top 5 orders by revenue yesterday", "the 10 most recent signups": the rows themselves (row-listing-plan.ts).
        // "refunded orders (sum of revenue on orders with status refunded)": a bracket restating the question goes.
        for (const model of question.includes('(') ? models : []) question = withoutRestatedBracket(question, (t) => parseQuestion(model, t, ctx.now, { maxRows }), model);
        // "…? like what fraction of all completed orders …", "…, i.e. the highest average …": the question said again.
        if (models.length === 1) question = withRestatement(question, (t) => parseQuestion(models[0], t, ctx.now, { maxRows }));
        // "top 5 customers by revenue — user ids": the key the answer shows already, named at the end.
        if (models.length === 1) question = withoutKeyShown(models[0], question, (t) => parseQuestion(models[0], t, ctx.now, { maxRows }));
        const listing = planRowListing(models, question, ctx, maxRows, tz);
        if (listing) return listing;
        // After a listing, a new question starts afresh; "that order" / "those orders" still names the listed rows.
        const listed = ctx.state?.version === 1 && ctx.state.query.rows ? ctx.state.query : undefined;
        if (listed) ctx = { ...ctx, state: undefined };
        // "how many of them also placed an order?" after a count of signups: those rows, said as a clause (cohort-of-previous.ts).
        const prevQuery = ctx.state?.version === 1 ? ctx.state.query : undefined;
        const cohortModel = prevQuery && models.find((m) => m.name === prevQuery.model);
        const cohort = cohortModel ? withCohortOfPrevious(question, cohortModel, prevQuery, ctx.now) : undefined;
        if (cohort) question = cohort;
        if (cohortModel && prevQuery) question = withOneRowNamed(withValueOfPrevious(question, cohortModel, prevQuery), cohortModel, prevQuery);
        const parsed = models.map((model) => ({ model, p: parseQuestion(model, question, ctx.now, { maxRows }) }));
        // "ok different question: …", "forget that. …": nothing of the previous answer is kept.
        const state = parsed.some((x) => x.p.reset) ? undefined : ctx.state;
        const prev = state?.version === 1 ? state.query : undefined;
        const score = (x: { model: SemanticModel; p: ParsedQuestion }): number => x.p.measures.length * 2 + x.p.dimensions.length + x.p.filters.length
          - x.p.unknown.length * 3 + (prev && prev.model === x.model.name ? 0.5 : 0);
        let best = parsed.reduce((a, b) => (score(b) > score(a) ? b : a));
        // Chatter around the question (asides, remarks, who asks, statements beside it) is read without (chatter.ts).
        const chatter = withoutChatter(best.model, best.p, question, (t) => parseQuestion(best.model, t, ctx.now, { maxRows }));
        best = { model: best.model, p: chatter.p };
        const aside = chatter.aside;
        // "oh wait, one more!! the biggest order and which product was it? it's for the intro slide": rows, once the chatter is gone.
        const rowsAsked = chatter.question !== question ? { question: chatter.question, aside } : chatter.rows;
        const rows = rowsAsked && planRowListing(models, rowsAsked.question, ctx, maxRows, tz);
        if (rows) return rowsAsked.aside.length ? { ...rows, unsure: { skipped: rowsAsked.aside } } : rows;
        question = chatter.question;
        // "6am UTC": naming the zone times are read in changes nothing; another zone would need another calendar.
        const zone = best.p.zoneNamed;
        if (zone && !isZoneNamed(zone, tz, instant)) {
          notUnderstood(`I read times in ${tz ?? 'UTC'} only (the workspace's time zone): "${zone}" names another zone, which I cannot read times in here; ask without it for ${tz ?? 'UTC'} times.`);
        }
        if (listed && listed.model === best.model.name) best = { ...best, p: withListedRowsReferred(best.model, best.p, listed, question) };
        const same = prev && prev.model === best.model.name;
        const plan = planWith(best.model, best.p, question, ctx.now, same ? prev : undefined, maxRows, same ? state : undefined, tz);
        // "list them with their prices", "show me the products over $100": the rows themselves, which an aggregate is not.
        listsRows(best.model, question, plan.state.query);
        plan.state.added = addedFilters(plan.state.query, same ? prev : undefined, same ? state : undefined);
        if (!plan.state.added.length) delete plan.state.added;
        const skipped = [...new Set([...(best.p.skipped ?? []), ...aside])];
        const p = best.p;
        const inherited = same && JSON.stringify(plan.state.query.measures) === JSON.stringify(prev.measures);
        const guessed = !p.measures.length && !inherited && !p.entities.length && !p.countIntent && !p.howMuch && !p.valueNouns?.length && !plan.showSql;
        if (skipped.length || guessed) plan.unsure = { ...(skipped.length ? { skipped } : {}), ...(guessed ? { guessedFigure: plan.state.query.measures.map((m) => (m.kind === 'measure' ? m.name : `${m.agg}(${m.column})`)).join(', ') } : {}) };
        return plan;
      } catch (err) {
        throw asRefusal(err);
      }
    },
  };
  return agent;
}

/** The filters of `q` this turn put there; none: those the previous turn added that are still there (ConversationState.added). */
function addedFilters(q: SemanticQuery, prev: SemanticQuery | undefined, prevState: ConversationState | undefined): FilterSpec[] {
  const key = (f: FilterSpec): string => JSON.stringify(f);
  const before = new Set((prev?.filters ?? []).map(key));
  const mine = q.filters.filter((f) => !before.has(key(f)));
  if (mine.length) return mine;
  const now = new Set(q.filters.map(key));
  return (prevState?.added ?? []).filter((f) => now.has(key(f)));
}

/**
 * Whatever went wrong while reading a question ends as a one-line DatalabsError: the agent's own refusals keep
 * their code (flattened to one line), anything unexpected (a RangeError from an odd number or date…) becomes
 * NOT_UNDERSTOOD without its stack, the original kept as `cause` for the log.
 */
function asRefusal(err: unknown): DatalabsError {
  if (isDatalabsError(err)) {
    if (!/[\r\n]/.test(err.message)) return err;
    return new DatalabsError(err.code, err.message.replace(/\s+/g, ' ').trim(), { cause: err });
  }
  return new DatalabsError('NOT_UNDERSTOOD', 'I could not read that question: check its numbers and dates (row counts from 1 up, dates as YYYY-MM-DD from 1970 on) and ask again.', { cause: err });
}

function planWith(model: SemanticModel, p: ParsedQuestion, question: string, now: Date, prev: SemanticQuery | undefined, maxRows: number, prevState?: ConversationState, tz?: string): AgentPlan {
  if (p.empty) notUnderstood(`The question is empty. ${capabilities(model)}`);
  if (p.write) throw new DatalabsError('NOT_SUPPORTED', 'I only read data: changing data or tables (delete, update, insert, drop…) is not supported here.');
  if (p.future) notUnderstood(`I cannot answer about the future ("${p.future}"): the data ends now. ${capabilities(model)}`);
  if (p.unknown.length) {
    const words = [...new Set(p.unknown)];
    const tries = suggestRewordings(model, question, words, (q) => {
      const pq = parseQuestion(model, q, now, { maxRows });
      if (pq.unknown.length || pq.unsupported || pq.future || pq.write || pq.empty) throw new Error('no');
      const plan = planWith(model, pq, q, now, undefined, maxRows);
      // "when was the very refund?" (the question without "first") reads as a count of refunds: a rewording that asks
      // "when" is offered only when its answer is a time (a series over time, or the first / last time of rows).
      if (/^\W*when\b/i.test(q) && !answersWhen(model, plan.state.query)) throw new Error('no');
    });
    // A number not read: say what would make it readable (a column of the model compared with it).
    const col = words.some((w) => /^-?\d/.test(w)) ? model.tables.flatMap((t) => t.columns).find((c) => c.type === 'number') : undefined;
    const hint = col ? `I read a number only as a period, a row count or a comparison, as in "a ${col.name.replace(/_/g, ' ')} of N" or "${col.name.replace(/_/g, ' ')} over N".` : '';
    notUnderstood(`I did not understand ${words.map((w) => `"${w}"`).join(', ')}.${tries.length ? ` Try: ${tries.map((t) => `"${t}"`).join('; ')}.` : ''} ${hint || capabilities(model)}`);
  }
  if (p.unsupported) notUnderstood(`I cannot answer "${p.unsupported}" with this model: it defines no such figure. ${capabilities(model)}`);
  // "revenue over all orders regardless of status, and the revenue (completed only)": every value of a column and only
  // some of them, for one figure named twice — two figures of one name, which one answer does not tell apart.
  const only = !p.restricts ? undefined : p.filters.find((f) => f.kind === 'dimension' && !f.negate && p.including.some((x) => x.dimension === f.dimension && !f.values.includes(x.value)));
  if (only && only.kind === 'dimension') notUnderstood(`The question asks for all ${only.dimension.replace(/_/g, ' ')} values and only ${only.values.join(', ')} at once: ask for one at a time, as in "revenue including all statuses" and then "only ${only.values[0]}".`);
  if (p.measureComparisons.length) notUnderstood(`Filtering groups by a measure ("${p.measureComparisons[0]}") is not supported yet. ${capabilities(model)}`);

  if (prev) p = withValueSwapped(model, p, prev, now);
  // "more than 3 times?" after "customers who bought more than once": the count of rows each counts, said anew (a bare
  // number there replaces the threshold, answer-rows-threshold.ts).
  const times = p.thresholds.length === 1 ? p.thresholds[0] : undefined;
  if (prev?.rollup?.having && times?.times && !times.measure && !times.distinct && !times.distinctUnit && !p.measures.length && !p.dimensions.length) {
    p = { ...p, thresholds: [], numeric: [...p.numeric, { op: times.op, value: times.value }] };
  }
  const ownParts = p.dimensions.length + p.filters.length + p.numeric.length > 0 || !!p.period || !!p.grain || !!p.comparedToBefore || !!p.sameBefore || !!p.periodBefore || !!p.change
    || p.limit !== undefined || !!p.asRate || (!!p.thatPeriod && !p.thatPeriod.soft) || !!p.chart || !!p.cumulative || !!p.clearFilters || !!p.clearPeriod || p.clearDimensionFilters.length > 0 || !!p.clearColumnFilters?.length || !!p.dropFilters?.length || !!p.dropDimensions?.length || !!p.pooledDims?.length || !!p.share || !!p.order || !!p.allRows || !!p.inUnit || !!p.collapse || p.including.length > 0 || !!p.related
    || (!!p.both && (!!prev?.replacedValues || !!prev?.replacedPeriod)) || !!p.rollupOfPrevious || !!p.aggSwap;
  const hasContent = p.measures.length > 0 || ownParts;
  // "what's the refund rate?", "what's the AOV there?": a question naming only a figure of the previous answer's table
  // asks it of the same rows (filters, period, breakdown kept); with a period, filter or breakdown of its own ("and
  // what's revenue in the last 30 days?") it asks afresh (follow-up.ts).
  const figureAlone = !!prev && !!p.asksFigure && !ownParts && p.measures.length === 1 && !p.related && !p.thresholds.length && !p.superlative && !p.rollup && !p.perEntity
    && !p.differenceOf && !p.reset && prev.measures.every((m) => baseTableOf(model, m) === baseTableOf(model, p.measures[0]));
  if ((p.showSql || p.display) && prev && p.measures.length === 0 && p.dimensions.length === 0 && p.filters.length === 0 && !p.period && !p.grain) {
    // Showing the SQL changes nothing: what the previous answer kept still stands.
    const plan = finish(model, prev, !!p.showSql, maxRows, [], tz);
    const before = keptOfState(prevState);
    if (before.kept.length) {
      plan.kept = before.kept;
      plan.state.kept = plan.kept;
      if (before.note) { plan.keptNote = before.note; plan.state.keptNote = before.note; }
    }
    return plan;
  }
  // "that day", "make that a rate", "by category" with nothing before it: what the message refers to (refer.ts).
  p = referToPrevious(model, p, prev, question);
  p = addedAsIncluded(model, p, prev);
  if (p.showSql && !prev && !hasContent) notUnderstood('There is no previous answer to show the SQL of. Ask a question first.');
  // A message that names its own measure is a new question unless it is phrased as a refinement ("now revenue",
  // "same but orders") or only re-ranks the previous breakdown by it ("top 3 by orders": a ranking with nothing to rank).
  if (prev) p = withColumnsOfTableNamed(model, asValueOfPrevious(model, p, prev), prev);
  // "drop the filter" after "checkout events per day" → "only mobile": the filter the latest turn added goes, not all.
  if (prev && p.clearLastFilter && prevState?.added?.length) {
    const added = new Set(prevState.added.map((f) => JSON.stringify(f)));
    const left = prev.filters.filter((f) => !added.has(JSON.stringify(f)));
    if (left.length && left.length < prev.filters.length) { prev = { ...prev, filters: left }; p = { ...p, clearFilters: false }; }
  }
  // "drop paid" after "only paid": the kept filter goes; otherwise the value is excluded.
  if (prev && p.dropOrExclude?.length) {
    const kept = p.dropOrExclude.filter((x) => prev.filters.some((f) => f.kind === 'dimension' && !f.negate && f.dimension === x.dimension && f.values.includes(x.value)));
    if (kept.length === p.dropOrExclude.length) {
      p = { ...p, filters: p.filters.filter((f) => !(f.kind === 'dimension' && f.negate && kept.some((k) => k.dimension === f.dimension))), dropFilters: [...(p.dropFilters ?? []), ...kept] };
    }
  }
  p = thresholdOnAnswer(model, p, question, prev);
  const reRanks = !!prev && (prev.dimensions.length > 0 || !!prev.grain) && (p.limit !== undefined || !!p.superlative || !!p.order || !!p.allRows)
    && p.dimensions.length === 0 && !p.grain && p.entities.every((e) => p.measures.some((m) => baseTableOf(model, m) === e));
  // "checkout events on both days": both of what the conversation named, whatever figure is asked of them.
  const bothNamed = !!p.both && (!!prev?.replacedValues || !!prev?.replacedPeriod);
  const followUp = !!prev && (p.measures.length === 0 || p.followUp || reRanks || figureAlone || bothNamed) && hasContent;
  // "only those who signed up in 2025" after customers with 2+ orders: rows narrowed by what another table's rows did —
  // refused rather than read as a new figure of that table.
  if (followUp && prev && p.measures.length && /\b(?:those|these|them|the\s+ones)\s+(?:who|that|which)\b/i.test(question)
    && p.measures.every((m) => prev.measures.every((x) => baseTableOf(model, x) !== baseTableOf(model, m)))) {
    notUnderstood(`"${question.trim().slice(0, 60)}" narrows the rows by what ${baseTableOf(model, p.measures[0])} records, and I narrow an answer only by its own columns: ask the whole question in one, as in "customers with 2+ orders who signed up in 2025".`);
  }
  if (!followUp && prev) p = withPersonReferred(model, p, prev, question);
  if (!followUp) return shape(model, fresh(model, p, question), p, question, false, maxRows, prev, tz, now);
  // "revenue on each of those two days" after checkout events: a figure of another table keeps the previous answer's
  // days and the filters it can have; one on a column its rows do not have (event type) was the other figure's own.
  // Not "only cancelled orders" / "only users from …": a narrowing names rows to keep, and keeps every filter.
  // "and their revenue", "the revenue of those" after "how many refunded orders …": the figure of those rows; the
  // previous figure's own value (status = refunded) filters the new one, which would otherwise count its default rows.
  if (followUp && prev!.measures.length === 1 && p.measures.length && /\b(?:their|its|of\s+(?:those|these|them|it))\b/i.test(question)) {
    const own = valueFilterOf(model, prev!.measures[0], { ...prev!, measures: p.measures });
    const said = (f: FilterSpec): boolean => own?.kind === 'dimension' && f.kind === 'dimension' && f.dimension === own.dimension;
    if (own && !p.filters.some(said) && !prev!.filters.some(said)) p = { ...p, filters: [...p.filters, own] };
  }
  // "total quantity instead of the average" after "avg quantity by category" → "only refunded orders": the same column
  // with the other aggregate, over the same rows — not the model's figure of that name (units sold: completed orders).
  if (followUp && p.measures.length === 1 && prev!.measures.length === 1 && prev!.measures[0].kind === 'column' && p.measures[0].kind === 'measure' && /\b(?:instead|rather\s+than)\b/i.test(question)) {
    const was = prev!.measures[0], md = measureByName(model, p.measures[0].name);
    if (md.table === was.table && md.column === was.column && (md.agg === 'sum' || md.agg === 'avg' || md.agg === 'min' || md.agg === 'max') && md.agg !== was.agg) {
      p = { ...p, measures: [{ ...was, agg: md.agg }] };
    }
  }
  const otherTable = !!prev && !p.filterRefinement && p.measures.length > 0 && p.measures.every((m) => prev.measures.every((x) => baseTableOf(model, x) !== baseTableOf(model, m)));
  const base = otherTable ? { ...prev!, filters: prev!.filters.filter((f) => f.kind !== 'dimension' || p.measures.every((m) => dimensionCanFilter(model, f.dimension, m))) } : prev!;
  try {
    const q = refine(model, base, withReplacedFilterDropped(model, p, base, now), replacedOf(model, p, now), /\binstead\b/i.test(question), /^\W*(?:(?:ok|okay|so|and)\W+)?now\b/i.test(question));
    // "sessions per active user instead": a figure per entity (or per period) swapped in is rolled up as asked.
    if (p.rollup && p.measures.length) q.rollup = rollupOf(model, p.rollup);
    // "whats the average of those daily numbers?": the series' buckets rolled up into one figure.
    if (p.rollupOfPrevious) {
      const r = p.rollupOfPrevious, m = q.measures[0];
      if (!q.grain || (r.grain && r.grain !== q.grain) || q.measures.length !== 1 || m.kind !== 'measure' || q.rollup || q.dimensions.length) {
        notUnderstood(`"${question.trim().slice(0, 60)}" rolls up a series of one figure by ${r.grain ?? 'day, week or month'}, and the previous answer is not one: ask it with its figure, as in "average daily revenue last month".`);
      }
      q.rollup = rollupOf(model, { agg: r.agg, over: { grain: q.grain! }, name: (m as { name: string }).name });
      delete q.grain;
    }
    return shape(model, q, p, question, true, maxRows, prev, tz, now);
  } catch (err) {
    // A refinement that cannot apply changes nothing: say so, so the next message is read against the last answer.
    if (!isDatalabsError(err) || /previous answer stands/.test(err.message)) throw err;
    throw new DatalabsError(err.code, `${err.message.replace(/\s+/g, ' ').trim().replace(/[.;:,]$/, '')} — nothing was changed, the previous answer stands.`, { cause: err });
  }
}

/** Words that only make sense after an answer: "… instead" at the end, "same period …" / "same dates but …" at the start. */
const LEANS_ON_PREVIOUS = /\s*,?\s*\binstead\s*[.!?]*\s*$|^\W*(?:(?:ok|okay|and|so|now)\W+)?(?:the\s+)?same\s+(?:period|timeframe|time\s+frame|time\s+range|range|dates|window)(?:\s+but)?\b\s*,?/i;

/**
 * Words that name the previous answer itself: "narrow that to …", "limit it to …", "do the same for …", "the same metric
 * split by …", "just the people in Japan". With no answer before them (or after a refused one) they are refused: read
 * alone they would answer a question nobody asked.
 */
const REFERS_TO_PREVIOUS = /\b(?:narrow|limit|restrict|filter|scope|cut)\s+(?:that|this|it|those|these|them)(?:\s+(?:down|back))?\s+(?:to|by|for)\b|\b(?:do|run|repeat)\s+(?:the\s+)?same\s+(?:thing\s+)?(?:for|with|but|on|over)\b|\b(?:the\s+)?same\s+(?:metric|figure|measure|number|kpi|analysis|query|calculation|breakdown)\b|^\W*(?:(?:lovely|great|thanks|thank\s+you|ok|okay|and|so|now|perfect|cool)\W+)*(?:just|only)\s+(?:the\s+)?(?:people|ones|folks)\b/i;

/** Completes a fresh or refined query (defaults, grain, distinct counts) and compiles it. */
function shape(model: SemanticModel, q: SemanticQuery, p: ParsedQuestion, question: string, followUp: boolean, maxRows: number, prev: SemanticQuery | undefined, tz?: string, now?: Date): AgentPlan {
  // "only users who came from email" opening a thread (after a refused question): the rows of an answer there is not.
  // "only counting orders from this year": which rows an answer counts, said of an answer there is not.
  const onlyRows = (p.followUp && !p.countIntent && !p.howMuch && /^\W*(?:only|just)\s+(?:the\s+)?[a-z]+\s+(?:who|that|which|whose)\b/i.test(question))
    || /^\W*(?:(?:and|but|now)\s+)?(?:only|just)\s+count(?:ing)?\s+(?:the\s+)?[a-z]+\b/i.test(question);
  if ((q.measures.length === 0 || onlyRows) && p.filterRefinement && !prev) {
    // "exclude books" with no answer before it (or after a refused one): it filters an answer there is not.
    const figure = model.measures.find((m) => !m.hidden);
    const example = onlyRows && q.measures.length ? question.trim().replace(/^\W*(?:(?:and|but|now)\s+)?(?:only|just)\s+(?:count(?:ing)?\s+)?/i, 'how many ') : `${figure ? `${figure.label ?? figure.name.replace(/_/g, ' ')} ` : ''}${question.trim()}`;
    notUnderstood(`"${question.trim().slice(0, 80)}" filters an answer, and there is no answer before it to filter; ask it with its figure, as in "${example.slice(0, 80)}".`);
  }
  // "revenue instead", "same period but as refund rate" with no answer before it (or after a refused one): it changes
  // an answer there is not; answered alone it would be a guess at the rest.
  if (!prev && REFERS_TO_PREVIOUS.test(question)) {
    notUnderstood(`"${question.trim().slice(0, 80)}" refers to an answer, and there is no answer before it; ask the whole question, with its figure and period, as in "revenue by country last month".`);
  }
  if (!prev && LEANS_ON_PREVIOUS.test(question)) {
    notUnderstood(`"${question.trim().slice(0, 80)}" changes an answer, and there is no answer before it to change; ask the whole question, as in "${question.trim().replace(LEANS_ON_PREVIOUS, ' ').replace(/^\s*(?:but\s+)?as\s+(?:an?\s+|the\s+)?/i, '').replace(/\s+/g, ' ').trim().slice(0, 50)} last month".`);
  }
  // "which country is user 1500 based in?", "what plan is account 777 on?": facts of the one row a key names are its
  // table's breakdown, counted (one row).
  if (q.measures.length === 0 && q.dimensions.length > 0 && !p.measures.length) {
    const key = p.numeric.find((n) => n.op === '=' && !!n.word);
    const t = key ? model.tables.find((x) => x.columns.find((c) => c.type === 'id')?.name === key.word && (x.entity ?? []).length > 0) : undefined;
    const count = t ? model.measures.find((m) => m.table === t.name && m.agg === 'count' && !m.filter && !m.hidden) : undefined;
    if (count && q.dimensions.every((d) => model.dimensions.find((x) => x.name === d)?.columns?.some((c) => c.startsWith(`${t!.name}.`)))) {
      q.measures = [{ kind: 'measure', name: count.name }];
      resolveNumeric(model, q, p);
    }
  }
  if (q.measures.length === 0) {
    notUnderstood(`I did not find what to measure in "${question.trim().slice(0, 80)}". ${capabilities(model)}`);
  }
  // "which category is the worst?" of a figure where lower is better (a refund rate): the worst is the highest.
  const judged = p.judged && q.order && q.measures[0]?.kind === 'measure' ? model.measures.find((m) => m.name === (q.measures[0] as { name: string }).name) : undefined;
  if (judged?.better === 'lower') q.order = q.order === 'asc' ? 'desc' : 'asc';
  rowsOfCountBesideRate(model, q);
  // "which countries had no signups yesterday": the values with none of the rows (no-rows.ts), or refused.
  if (p.noRows && !p.noRows.unlessNever && !followUp) applyNoRows(model, q, p);
  else if (p.never && !followUp) settleNever(model, q, p, question);
  if (p.noRows?.unlessNever && !followUp && !q.without) applyNoRows(model, q, p);
  // "of the paid users, what share placed an order": the share of those entities with a row of the figure (entity-sets.ts).
  applyShareOfEntities(model, q, p, question);
  dropQualifiers(model, q, p);
  // "users with an add_to_cart, a checkout and a purchase event, one row, three columns": the listed values of the one
  // breakdown as a figure each (the figure with that value of its own), side by side in one row.
  const listed = q.dimensions.length === 1 && !q.grain && !q.comparePeriods && q.measures.length === 1 && q.measures[0].kind === 'measure' && !q.measures[0].own
    ? q.filters.find((f): f is Extract<FilterSpec, { kind: 'dimension' }> => f.kind === 'dimension' && !f.negate && f.dimension === q.dimensions[0] && f.values.length >= 2) : undefined;
  if (q.periodColumns && listed && !q.order && !q.limit && !q.share && !q.valueGroups && model.dimensions.find((d) => d.name === listed.dimension)?.columns?.length) {
    const m = q.measures[0] as Extract<MeasureSpec, { kind: 'measure' }>;
    q.measures = listed.values.map((v) => ({ kind: 'measure', name: m.name, own: [{ dimension: listed.dimension, values: [v] }] }));
    q.filters = q.filters.filter((f) => f !== listed);
    q.dimensions = [];
    delete q.periodColumns;
  }
  rehomeDistinct(model, q, question);
  p = replacedThreshold(model, q, p, followUp ? prev : undefined);
  p = answerRowsThreshold(model, q, p, question, followUp ? prev : undefined);
  resolveNumeric(model, q, p);
  applyRelated(model, q, p);
  // "of the users who signed up in March, what fraction have placed an order": the share's whole is the clause's
  // entities (users with or without orders), not the figure's rows; a share of those rows would be a wrong number.
  const clauseNoun = p.related?.label.split(/\s+/)[0] ?? '';
  const wholeIsClause = !!clauseNoun && new RegExp(`\\bof\\s+(?:the\\s+|those\\s+|all\\s+)?${clauseNoun}\\s+(?:who|that|which)\\b`, 'i').test(question);
  // "how many users who signed up in March have ordered at least twice": a count per entity over another table's rows
  // would limit those rows by the clause's period (orders in March), not the entities; refused until it is built.
  if (p.related && (q.rollup || p.rollup || p.thresholds?.some((t) => t.times))) notUnderstood(`"${p.related.label}" with a figure per ${p.related.table.replace(/s$/, '')} limits the ${p.related.table}, not their rows of other tables; I cannot build that yet: ask "how many ${p.related.label}" on its own.`);
  // (entity-sets.ts: countIf(key IN (SELECT fk FROM … )) / count() over the clause's entities, or refused with the reason.)
  if (p.share && p.related && wholeIsClause) applyShareOfClause(model, q, p);
  applySecondEvent(model, q, p);
  const figure = JSON.stringify(q.measures);
  countThroughFact(model, q);
  rehomeEntityCount(model, q, question);
  // "how many products per category" → "only mobile": products have no device; counting the products ordered on
  // mobile instead would change the figure without saying so.
  if (followUp && prev && JSON.stringify(q.measures) !== figure && JSON.stringify(prev.measures) === figure) {
    notUnderstood(`${measureLabel(model, prev.measures[0])} cannot be filtered or split that way: its table has no such column; ask it as a new question instead.`);
  }
  applyIncluding(model, q, p);
  resolveThresholds(model, q, p, question);
  applyInEachPeriod(model, q, p, question);
  applyNotInPeriod(model, q, p);
  for (const m of q.measures) {
    if (m.kind === 'measure') {
      const grain = measureByName(model, m.name).grain;
      // "MAU by month" → "now DAU for the last 7 days": a figure of its own grain swapped for another's takes its own.
      const ownBefore = followUp && !!prev?.grain && !p.grain && prev.measures.some((pm) => pm.kind === 'measure' && measureByName(model, pm.name).grain === prev.grain);
      if (grain && ((!q.grain && !followUp) || (ownBefore && q.grain === prev!.grain))) q.grain = grain;
    }
  }
  if (p.autoGrain && !q.grain) q.grain = autoGrainFor(q.period ? { from: new Date(`${q.period.from}Z`), to: new Date(`${q.period.to}Z`), toInclusive: false, label: '' } : undefined);
  // "did signups grow last week vs the week before?": both weeks a row, each with its change (settle.ts).
  if (q.change && p.yesNo && !q.change.difference) q.change = { ...q.change, rows: true };
  if (q.change) settleChange(q);
  if (q.cumulative) settleCumulative(model, q);
  // A change, or a comparison asked "to date" / "for the same period", with a running last period compares like with like.
  // A difference asked ("how many more … this week than last week") takes each period as named, unless asked like for like.
  if (q.comparePeriods && q.grain && q.period?.toInclusive && (q.change && !q.change.difference && !q.change.rows || p.likeForLike) && q.sameElapsed === undefined) settleLikeForLike(q);
  // "when was the most recent order", "first signup": the time of the last / first row is of the rows up to now, as every
  // period ends now (a table can hold rows stamped later than now: loaded ahead, or clocks ahead).
  // Asked of the table itself ("the latest order_time in the orders table"), it is what the table holds, later rows too.
  // A follow-up of such an answer over every row ("add the earliest event_time as well") keeps its rows.
  const timeEnd = (m: MeasureSpec): boolean => m.kind === 'column' && ((m.agg === 'max' || m.agg === 'min') && model.tables.find((t) => t.name === m.table)?.time === m.column || m.agg === 'last' || m.agg === 'first');
  const wholeTableBefore = followUp && !!prev && !prev.period && prev.measures.some(timeEnd);
  if (now && !q.period && !p.namesTable && !wholeTableBefore && q.measures.some(timeEnd)) {
    q.period = { from: '1970-01-01 00:00:00', openStart: true, to: isoDateTime(now), toInclusive: true, label: 'up to now' };
  }
  const shaped = q.dimensions.length > 0 || !!q.grain;
  // "refund rate as a percentage": a rate is a share of its own whole, shown in percent (compiler.ts).
  const rate = q.measures.length === 1 && q.measures[0].kind === 'measure' && measureByName(model, q.measures[0].name).agg === 'ratio';
  // "share of mobile orders": a share of one filtered figure against itself is always 100 %.
  const oneValue = q.filters.length === 1 && q.filters[0].kind === 'dimension' && q.measures.length === 1 && !q.rollup
    && (q.measures[0].kind === 'column' ? q.measures[0].agg === 'sum' || q.measures[0].agg === 'uniq' : ['sum', 'count', 'uniq'].includes(measureByName(model, q.measures[0].name).agg));
  if (q.share && !shaped && !q.rollup && !oneValue && !q.sharePart && !rate && q.filters.length > 0) notUnderstood(`A share needs a breakdown to compare against; ask for it by ${q.filters[0].kind === 'dimension' ? q.filters[0].dimension.replace(/_/g, ' ') : 'a dimension'}. ${capabilities(model)}`);
  // "revenue last month as a percentage": one figure as a share of itself is always 100 %.
  if (q.share && !shaped && !q.rollup && !q.sharePart && !rate && !q.filters.length && !q.compareValues && !q.comparePeriods) notUnderstood(`A percentage of what? ${measureLabel(model, q.measures[0])} is one figure here, 100 % of itself: ask for a breakdown ("… by device") or the share of a part ("share of revenue from mobile"). ${capabilities(model)}`);
  // "top 5 mobile by revenue": a row count asked with nothing to rank would answer one total as if ranked.
  if (!shaped && !followUp && p.limit !== undefined && p.limit > 1 && !q.rollup && !q.change) notUnderstood(`I read "top ${p.limit}" but nothing to rank ${p.limit} of: name the rows, as in "top ${p.limit} ${firstDimensionNoun(model)} by ${measureLabel(model, q.measures[0]).toLowerCase()}".`);
  // "biggest revenue of completed orders": a superlative of a sum or count with nothing to rank would answer the total as
  // if it were the biggest of something; a max / min figure or a single row ("biggest single order") is already one.
  const totalOnly = q.measures.length > 0 && q.measures.every((m) => (m.kind === 'column' ? m.agg === 'sum' : ['sum', 'count'].includes(measureByName(model, m.name).agg)));
  if (!shaped && !followUp && p.superlative && p.limit === undefined && !q.rollup && !q.change && !q.share && totalOnly) {
    notUnderstood(`A ${p.superlative === 'desc' ? 'highest / biggest / most' : 'lowest / smallest / least'} needs rows to rank, and the question names none: name them, as in "${firstDimensionNoun(model)} with the ${p.superlative === 'desc' ? 'highest' : 'lowest'} ${measureLabel(model, q.measures[0]).toLowerCase()}".`);
  }
  if (!shaped) { delete q.order; delete q.limit; delete q.limitBy; }
  // Figures of two tables side by side only when they were asked as a list ("signups and orders"): a figure read from
  // a word that says something else ("revenue by plan (orders joined to users)") is refused as before.
  const tablesOf = new Set(q.measures.map((m) => baseTableOf(model, m)));
  const stray = tablesOf.size > 1 ? q.measures.find((m) => m.kind === 'measure' && (p.unlisted ?? []).includes(m.name)) : undefined;
  if (stray) notUnderstood(`${q.measures.map((m) => measureLabel(model, m)).join(' and ')} come from different tables (${[...tablesOf].join(', ')}); ask for them one at a time, or as a list ("${measureLabel(model, q.measures[0])} and ${measureLabel(model, stray)}")`);
  // A figure asked with values of its own ("US orders" beside revenue) is answered as asked or refused, never merged away.
  const lost = p.measures.find((m) => m.kind === 'measure' && m.own?.length && !q.measures.some((x) => JSON.stringify(x) === JSON.stringify(m)));
  if (lost) notUnderstood(`I cannot answer "${measureLabel(model, lost)}" beside ${p.measures.filter((m) => JSON.stringify(m) !== JSON.stringify(lost)).map((m) => `"${measureLabel(model, m)}"`).join(' and ') || 'the rest'} in one answer of this kind; ask for it on its own.`);
  const referred: Kept[] = p.referredKey ? [{ text: p.referredKey, drop: 'remove the filters' }] : [];
  return finish(model, q, !!p.showSql, maxRows, [...(followUp ? keptFrom(model, prev!, q, p) : []), ...referred], tz);
}

/** Compiles `q` as read in zone `tz` (absent: UTC; the query keeps its zone in the state). */
function finish(model: SemanticModel, q: SemanticQuery, showSql: boolean, maxRows: number, kept: Kept[], tz?: string): AgentPlan {
  if (tz) q = { ...q, timezone: tz };
  else if (q.timezone) { q = { ...q }; delete q.timezone; }
  const compiled = compileQuery(model, q, { maxRows });
  const plan: AgentPlan = {
    sql: compiled.sql,
    tables: compiled.tables,
    title: compiled.title,
    chartHint: compiled.chartHint,
    columns: compiled.columns,
    kept: kept.map((k) => k.text),
    state: { version: 1, query: q, columns: compiled.columns },
  };
  if (kept.length) {
    const drops = [...new Set(kept.map((k) => `'${k.drop}'`))];
    plan.keptNote = `kept: ${plan.kept.join(', ')} — say ${drops.length > 1 ? `${drops.slice(0, -1).join(', ')} or ${drops[drops.length - 1]}` : drops[0]} to drop ${kept.length > 1 ? 'them' : 'it'}`;
    plan.state.kept = plan.kept;
    plan.state.keptNote = plan.keptNote;
  }
  if (compiled.timeColumn) plan.timeColumn = compiled.timeColumn;
  if (q.period) plan.period = displayPeriod(q.period);
  if (showSql) plan.showSql = true;
  return plan;
}


/**
 * "how many orders were refunded and what was the refund rate?": the value said of the count's rows ("were refunded")
 * is that figure's own, not a filter on the rate beside it — over refunded orders alone a refund rate is always 1.
 * Applies when a listed rate's numerator is limited to exactly that value of the filtered column.
 */
function rowsOfCountBesideRate(model: SemanticModel, q: SemanticQuery): void {
  for (const m of q.measures) {
    const md = m.kind === 'measure' ? model.measures.find((x) => x.name === m.name) : undefined;
    const num = md?.agg === 'ratio' && md.numerator ? model.measures.find((x) => x.name === md.numerator) : undefined;
    const [col, v] = Object.entries(num?.filter ?? {})[0] ?? [];
    if (!num?.table || col === undefined || Object.keys(num.filter ?? {}).length !== 1) continue;
    const dim = model.dimensions.find((d) => d.columns?.includes(`${num.table}.${col}`));
    const f = q.filters.find((x) => x.kind === 'dimension' && x.dimension === dim?.name && !x.negate && x.values.length === 1 && x.values[0] === String(v));
    const counts = q.measures.filter((x) => x !== m && x.kind === 'measure' && !x.own && model.measures.find((y) => y.name === x.name)?.table === num.table
      && model.measures.find((y) => y.name === x.name)?.agg === 'count');
    if (!f || f.kind !== 'dimension' || !dim || counts.length !== 1) continue;
    q.filters = q.filters.filter((x) => x !== f);
    q.measures = q.measures.map((x) => (x === counts[0] && x.kind === 'measure' ? { ...x, own: [{ dimension: dim.name, values: [...f.values] }] } : x));
  }
}
