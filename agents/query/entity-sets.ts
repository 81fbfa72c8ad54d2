/**
 * Entities picked by which rows they have, counted or as a share:
 *
 * - "how many users added to cart yesterday but didn't buy", "users who logged in but never checked out", "of the users
 *   who added to cart last week, what share also purchased": per entity (the key of a verb dimension's table, e.g.
 *   events.user_id) over the rows in the period and filters, `HAVING countIf(first) > 0 AND countIf(second) = 0`
 *   (or `> 0`), then the entities counted — or the share of those with the first event that have (not) the second.
 * - "of the users who signed up in March, what fraction have ever placed a completed order": the share of a relative
 *   clause's entities (users in their own period) that some row counted by the figure refers to —
 *   `countIf(key IN (SELECT fk FROM orders WHERE …)) / count()`.
 *
 * Each is built only when every part of the question has its place in it; anything else is refused with the reason.
 */
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { measureByName, measureLabel, sqlNumber, sqlString, timeLiteral, type CompiledQuery } from './compiler.ts';
import type { ParsedQuestion } from './parser.ts';
import { nextUnit, parseStamp, unitStart } from './calendar-words.ts';
import { baseTableOf, distinctKeyOf, distinctUnitsPerEntity } from './resolve.ts';
import type { ModelFilter, SemanticModel } from './semantic-model.ts';
import { vocabularyOf } from './parse/state.ts';
import { phraseKey } from './vocabulary.ts';
import type { FilterSpec, MeasureSpec, PeriodSpec, SemanticQuery } from './semantic-query.ts';

const notUnderstood = (msg: string): never => { throw new DatalabsError('NOT_UNDERSTOOD', msg); };
type DimFilter = Extract<FilterSpec, { kind: 'dimension' }>;

/** What the question's parts leave that the entity sets cannot hold: a breakdown, a time series, a ranking, a threshold. */
function extraParts(q: SemanticQuery): string | undefined {
  if (q.dimensions.length) return `a breakdown by ${q.dimensions.join(', ').replace(/_/g, ' ')}`;
  if (q.grain) return `a series by ${q.grain}`;
  if (q.rollup || q.having?.length) return 'a figure per entity';
  if (q.change || q.cumulative || q.comparePeriods || q.compareValues) return 'a comparison';
  return undefined;
}

/**
 * "added to cart yesterday but didn't buy": the figure becomes the count of the verb dimension's entities that have the
 * first event (the filter the first verb left) and have, or have not, the second; with a share asked ("what share also
 * purchased"), the share of the first event's entities that have (not) the second.
 */
export function applySecondEvent(model: SemanticModel, q: SemanticQuery, p: ParsedQuestion): void {
  const ev = p.secondEvent;
  if (!ev) return;
  const refuse = (why: string): never => notUnderstood(`I cannot answer the users of one event ${ev.has ? 'and' : 'without'} another ("${ev.text}"): ${why}`);
  const d = model.dimensions.find((x) => x.name === ev.dimension);
  const measure = d?.verbMeasure ? model.measures.find((x) => x.name === d.verbMeasure) : undefined;
  const table = (d?.columns ?? [])[0]?.split('.')[0];
  if (!d || !measure || !table || measure.table !== table || measure.agg !== 'uniq' || !measure.column) return refuse('the model defines no count of who did an event.');
  const first = q.filters.find((f): f is DimFilter => f.kind === 'dimension' && f.dimension === d.name && !f.negate);
  if (!first) return refuse(`no first ${(d.label ?? d.name).replace(/_/g, ' ')} was read.`);
  if (first.values.includes(ev.value)) return refuse(`the second event is the first one (${ev.value}).`);
  // The figure asked counts who did it: the verb's own measure, a distinct count of its key, or the rows of the table that key refers to.
  const key = measure.column;
  const entityTable = (model.joins ?? []).find((j) => j.from === table && Object.keys(j.on).length === 1 && Object.keys(j.on)[0] === key)?.to;
  const ok = q.measures.length === 1 && q.measures.every((m) => {
    if (m.kind === 'column') return m.agg === 'uniq' && m.table === table && m.column === key;
    const def = measureByName(model, m.name);
    // "sessions with an add_to_cart event but no purchase event": a distinct count of another key of the table counts those.
    return def.name === measure.name || (def.agg === 'uniq' && def.table === table && !!def.column && !def.filter && !def.grain)
      || (def.agg === 'count' && !def.filter && def.table === entityTable);
  });
  if (!ok) return refuse(`${q.measures.map((m) => measureLabel(model, m)).join(' and ')} is not a count of who did them.`);
  const extra = extraParts(q);
  if (extra) return refuse(`${extra} of them is not built.`);
  if (q.related) return refuse(`"${q.related.label}" with it is not built.`);
  const counted = q.measures[0].kind === 'measure' ? measureByName(model, q.measures[0].name) : undefined;
  const otherKey = counted && counted.agg === 'uniq' && counted.table === table && counted.column !== key ? counted : undefined;
  q.measures = [{ kind: 'measure', name: (otherKey ?? measure).name }];
  q.filters = q.filters.filter((f) => f !== first);
  q.eventSets = { dimension: d.name, first: first.values, second: ev.value, has: ev.has, ...(q.share ? { share: q.share } : {}) };
  delete q.share;
}

/**
 * "of the users who signed up in March, what fraction have placed an order": the figure (a count of another table's rows,
 * with its filters and period) becomes the condition, and the clause's entities (in the clause's period) the whole.
 */
export function applyShareOfClause(model: SemanticModel, q: SemanticQuery, p: ParsedQuestion): void {
  const r = p.related!;
  const label = q.measures.map((m) => measureLabel(model, m)).join(' and ');
  const refuse = (why: string): never => notUnderstood(`"${r.label}" with a share asks the fraction of those ${r.table} that have ${label}: ${why} Ask "how many ${r.label}" and the count of them with ${label} separately.`);
  if (q.measures.length !== 1 || q.measures[0].kind !== 'measure') return refuse('that needs one count of rows.');
  const m = q.measures[0];
  const def = measureByName(model, m.name);
  if (def.agg !== 'count' && def.agg !== 'uniq') return refuse(`${label} is not a count of rows.`);
  const table = baseTableOf(model, m);
  if (table === r.table) return refuse(`I read no rows of another table that they have (${label} counts the ${r.table} themselves).`);
  const join = (model.joins ?? []).find((j) => j.from === table && j.to === r.table && Object.keys(j.on).length === 1);
  if (!join) return refuse(`the model declares no join from ${table} to ${r.table}.`);
  const extra = extraParts(q);
  if (extra) return refuse(`${extra} of them is not built.`);
  // Each filter must be of the figure's rows alone: a column the entities have too ("users from Germany") could be either.
  for (const f of q.filters) {
    if (f.kind === 'numeric') { if (f.table !== table) return refuse(`${f.column.replace(/_/g, ' ')} is not a column of ${table}.`); continue; }
    const cols = model.dimensions.find((x) => x.name === f.dimension)?.columns ?? [];
    if (!cols.some((c) => c.startsWith(`${table}.`))) return refuse(`${f.dimension.replace(/_/g, ' ')} is not a column of ${table}.`);
    if (cols.some((c) => c.startsWith(`${r.table}.`))) return refuse(`${f.dimension.replace(/_/g, ' ')} could be of the ${r.table} or of their ${table}.`);
  }
  const whole = model.measures.find((x) => x.table === r.table && x.agg === 'count' && !x.filter && !x.hidden);
  if (!whole) return refuse(`the model defines no count of ${r.table}.`);
  // "express the January figure as a fraction of all users who signed up in January": the clause's period said again
  // is the entities', not a period of their rows.
  const rowsPeriod = q.period && !(q.period.from === r.period.from && q.period.to === r.period.to) ? q.period : undefined;
  q.shareWith = { measure: m, filters: q.filters, ...(rowsPeriod ? { period: rowsPeriod } : {}), share: q.share ?? 'fraction' };
  q.measures = [{ kind: 'measure', name: whole.name }];
  q.filters = [];
  q.period = r.period;
  delete q.related;
  delete q.share;
}

/**
 * "of all the users who signed up through paid, what percentage have made a completed order", "of the paid users, what
 * share placed an order": the share's whole is the entities named after "of" (with their own filters), the part those
 * of them that some row counted by the figure refers to. A filter is the entities' when it is a column of theirs alone,
 * or said in the "of …" clause; the figure's when a column of its rows alone; otherwise refused as ambiguous.
 * Returns whether the question was read so (the query is changed in place).
 */
export function applyShareOfEntities(model: SemanticModel, q: SemanticQuery, p: ParsedQuestion, question: string): boolean {
  if (!p.share || p.related || p.secondEvent || q.measures.length < 1 || q.measures.length > 2) return false;
  // The clause: from "of" to the comma or the question word ("of the users on the enterprise plan, what share …").
  const of = /\bof\s+(?:all\s+)?(?:the\s+|those\s+|our\s+)?([^,?;]{1,80}?)(?=\s*[,;]|\s+(?:what|how\s+many)\b)/i.exec(question);
  if (!of) return false;
  const words = of[1].toLowerCase().split(/\s+/).filter(Boolean);
  const nounAt = words.findIndex((w, i) => i < 4 && model.tables.some((t) => [t.name, ...(t.entity ?? [])].some((e) => e === w || `${e}s` === w)));
  if (nounAt < 0) return false;
  const entity = model.tables.find((t) => [t.name, ...(t.entity ?? [])].some((e) => e === words[nounAt] || `${e}s` === words[nounAt]))!;
  // The whole: the entities' own count, named ("users … orders") or not ("of the users from Germany, what share are
  // customers"); the figure: the other measure.
  const isWhole = (x: MeasureSpec): boolean => x.kind === 'measure' && !x.own && ((d) => d.table === entity.name && d.agg === 'count' && !d.filter)(measureByName(model, x.name));
  const wholeAt = q.measures.findIndex(isWhole);
  if (q.measures.length === 2 ? wholeAt < 0 : wholeAt >= 0) return false;
  const whole: MeasureSpec | undefined = wholeAt >= 0 ? q.measures[wholeAt] : ((d) => (d ? { kind: 'measure', name: d.name } : undefined))(model.measures.find((d) => d.table === entity.name && d.agg === 'count' && !d.filter && !d.hidden));
  const m = q.measures.length === 2 ? q.measures[1 - wholeAt] : q.measures[0];
  if (!whole || m.kind !== 'measure' || m.own) return false;
  const def = measureByName(model, m.name);
  const table = baseTableOf(model, m);
  if (table === entity.name || (def.agg !== 'count' && def.agg !== 'uniq')) return false;
  const label = measureLabel(model, m);
  const refuse = (why: string): never => notUnderstood(`"${of[0].trim()}" with a share asks the fraction of those ${entity.name} that have ${label}: ${why}`);
  if (!(model.joins ?? []).some((j) => j.from === table && j.to === entity.name && Object.keys(j.on).length === 1)) return refuse(`the model declares no join from ${table} to ${entity.name}.`);
  const extra = extraParts(q);
  if (extra) return refuse(`${extra} of them is not built.`);
  // A value said in the clause ("paid", "Germany"), as the vocabulary reads its words and pairs of words.
  const { vocab } = vocabularyOf(model);
  const said = words.flatMap((w, i) => [w, `${w} ${words[i + 1] ?? ''}`]).flatMap((k) => vocab.phrases.get(phraseKey(k.trim())) ?? []);
  const theirs: FilterSpec[] = [], figure: FilterSpec[] = [];
  for (const f of q.filters) {
    if (f.kind === 'numeric') { (f.table === entity.name ? theirs : f.table === table ? figure : refuse(`${f.column.replace(/_/g, ' ')} is a column of neither.`)).push(f); continue; }
    const cols = model.dimensions.find((x) => x.name === f.dimension)?.columns ?? [];
    const onEntity = cols.some((c) => c.startsWith(`${entity.name}.`)), onFigure = cols.some((c) => c.startsWith(`${table}.`));
    const inClause = said.some((x) => x.t === 'value' && x.dimension === f.dimension && f.values.includes(x.value));
    if (onEntity && (!onFigure || inClause)) theirs.push(f);
    else if (onFigure && !onEntity) figure.push(f);
    else refuse(`${f.dimension.replace(/_/g, ' ')} could be of the ${entity.name} or of their ${table}; say which ("${entity.name} from …" or "${table} from …").`);
  }
  q.shareWith = { measure: m, filters: figure, ...(q.period ? { period: q.period } : {}), share: q.share ?? 'fraction' };
  q.measures = [whole];
  q.filters = theirs;
  delete q.period;
  delete q.share;
  return true;
}

const inList = (column: string, values: string[]): string => (values.length === 1 ? `${column} = ${sqlString(values[0])}` : `${column} IN (${values.map(sqlString).join(', ')})`);

/** The WHERE conditions of filters on one table's own columns (no join), and its period. */
export function whereOf(model: SemanticModel, q: SemanticQuery, table: string, filters: FilterSpec[], period: PeriodSpec | undefined): string[] {
  const t = model.tables.find((x) => x.name === table)!;
  const out: string[] = [];
  for (const f of filters) {
    if (f.kind === 'numeric') {
      if (f.table !== table) notUnderstood(`${f.column.replace(/_/g, ' ')} is not a column of ${table}`);
      out.push(`${f.column} ${f.op} ${sqlNumber(f.value)}`);
      continue;
    }
    const d = model.dimensions.find((x) => x.name === f.dimension);
    const own = d?.columns?.find((c) => c.startsWith(`${table}.`))?.split('.')[1];
    const expr = own ?? (d?.expr && !d.table && t.time ? d.expr.replace(/\{time\}/g, t.time) : undefined);
    if (!expr) return notUnderstood(`${f.dimension.replace(/_/g, ' ')} is not a column of ${table}`);
    const numeric = !own && f.values.every((v) => /^\d{1,4}$/.test(v));
    const lit = (v: string): string => (numeric ? String(Number(v)) : sqlString(v));
    out.push(f.values.length === 1 ? `${expr} ${f.negate ? '!=' : '='} ${lit(f.values[0])}` : `${expr} ${f.negate ? 'NOT IN' : 'IN'} (${f.values.map(lit).join(', ')})`);
  }
  if (period) {
    if (!t.time) notUnderstood(`${table} has no time column for ${period.label}`);
    if (!period.openStart) out.push(`${t.time} >= ${timeLiteral(q, period.from)}`);
    out.push(`${t.time} ${period.toInclusive ? '<=' : '<'} ${timeLiteral(q, period.to)}`);
    if (period.parts?.length) notUnderstood('two separate periods with it are not built');
  }
  return out;
}

/** SQL of `eventSets`: the entities with the first event and with / without the second, counted or as a share. */
export function compileEventSets(model: SemanticModel, q: SemanticQuery): CompiledQuery {
  const e = q.eventSets!;
  const extra = extraParts(q);
  if (extra) notUnderstood(`the users of one event with or without another cannot have ${extra}`);
  const measure = measureByName(model, (q.measures[0] as { name: string }).name);
  const table = model.tables.find((x) => x.name === measure.table)!;
  const d = model.dimensions.find((x) => x.name === e.dimension);
  const col = d?.columns?.find((c) => c.startsWith(`${table.name}.`))?.split('.')[1];
  if (!col || !measure.column) return notUnderstood(`${e.dimension} is not a column of ${table.name}`);
  const key = measure.column;
  const where = whereOf(model, q, table.name, q.filters, q.period);
  const second = `countIf(${inList(col, [e.second])}) ${e.has ? '> 0' : '= 0'}`;
  const inner = [`SELECT ${key}${e.share ? `, ${second} AS second_event` : ''}`, `FROM ${table.table}`, ...(where.length ? [`WHERE ${where.join('\n  AND ')}`] : []),
    `GROUP BY ${key}`, `HAVING countIf(${inList(col, e.first)}) > 0${e.share ? '' : ` AND ${second}`}`];
  const alias = e.share ? 'share' : measure.name;
  const value = e.share ? 'countIf(second_event) / count()' : 'count()';
  const lines = [`SELECT ${value} AS ${alias}${e.share === 'percent' ? `, 100 * ${value} AS percent` : ''}`, `FROM (\n${inner.map((l) => `  ${l}`).join('\n')}\n)`];
  const who = measure.label ?? measure.name.replace(/_/g, ' ');
  const title = `${e.share ? `Share of ${who} with ${e.first.join(' or ')} that ${e.has ? 'also had' : 'had no'} ${e.second}` : `${who[0].toUpperCase()}${who.slice(1)} with ${e.first.join(' or ')} ${e.has ? 'and' : 'but no'} ${e.second}`}${q.period ? `, ${q.period.label}` : ''}`;
  return {
    sql: lines.join('\n'),
    columns: [{ name: alias, displayName: e.share ? 'Share' : measure.displayName ?? who, format: e.share ? 'percent' : 'integer' },
      ...(e.share === 'percent' ? [{ name: 'percent', displayName: 'Percent', format: 'decimal(1)' }] : [])],
    tables: [table.table],
    ...(table.time ? { timeColumn: `${table.table}.${table.time}` } : {}),
    title,
    chartHint: q.chart ?? 'big-number',
  };
}

/** SQL of `shareWith`: the share of the entities (in their period) that a row counted by the figure refers to. */
export function compileShareWith(model: SemanticModel, q: SemanticQuery): CompiledQuery {
  const s = q.shareWith!;
  const extra = extraParts(q);
  if (extra) notUnderstood(`a share of entities with ${measureLabel(model, s.measure)} cannot have ${extra}`);
  const whole = measureByName(model, (q.measures[0] as { name: string }).name);
  const entity = model.tables.find((x) => x.name === whole.table)!;
  const def = s.measure.kind === 'measure' ? measureByName(model, s.measure.name) : undefined;
  const otherName = def?.table;
  const other = model.tables.find((x) => x.name === otherName);
  const join = (model.joins ?? []).find((j) => j.from === otherName && j.to === entity.name && Object.keys(j.on).length === 1);
  if (!def || !other || !join) return notUnderstood(`no join from the rows of ${s.measure.kind === 'measure' ? s.measure.name : s.measure.table} to ${entity.name}`);
  const [fk, pk] = Object.entries(join.on)[0];
  // The figure's own filter (completed orders), a column of it replaced where the question names that column.
  const named = new Set(s.filters.flatMap((f) => (f.kind === 'dimension' && !f.negate
    ? (model.dimensions.find((x) => x.name === f.dimension)?.columns ?? []).filter((c) => c.startsWith(`${other.name}.`)).map((c) => c.split('.')[1]) : [])));
  const own: ModelFilter = Object.fromEntries(Object.entries(def.filter ?? {}).filter(([k]) => !((def.overridableBy ?? []).includes(k) && named.has(k))));
  const cond = [...Object.entries(own).map(([k, v]) => inList(k, (Array.isArray(v) ? v : [v]).map(String))), ...whereOf(model, q, other.name, s.filters, s.period)];
  const where = whereOf(model, q, entity.name, q.filters, q.period);
  const value = `countIf(${pk} IN (SELECT ${fk} FROM ${other.table}${cond.length ? ` WHERE ${cond.join(' AND ')}` : ''})) / count()`;
  const lines = [`SELECT ${value} AS share${s.share === 'percent' ? `, 100 * ${value} AS percent` : ''}`, `FROM ${entity.table}`, ...(where.length ? [`WHERE ${where.join('\n  AND ')}`] : [])];
  const who = whole.label ?? whole.name.replace(/_/g, ' ');
  return {
    sql: lines.join('\n'),
    columns: [{ name: 'share', displayName: 'Share', format: 'percent' }, ...(s.share === 'percent' ? [{ name: 'percent', displayName: 'Percent', format: 'decimal(1)' }] : [])],
    tables: [entity.table, other.table],
    ...(entity.time ? { timeColumn: `${entity.table}.${entity.time}` } : {}),
    title: `Share of ${who} with ${measureLabel(model, s.measure)}${q.period ? `, ${who} of ${q.period.label}` : ''}`,
    chartHint: q.chart ?? 'big-number',
  };
}

/**
 * "how many customers bought something in both April and May", "users who ordered both last week and this week": the
 * entities with rows in each of the compared periods, counted once — per entity the different periods (months, weeks)
 * it has rows in, kept when that is all of them (HAVING uniqExact(bucket) >= N over the periods' rows). Each period must
 * be one whole unit of the comparison (a month, a week); anything else is refused.
 */
export function applyInEachPeriod(model: SemanticModel, q: SemanticQuery, p: ParsedQuestion, question: string): void {
  if (!p.inEachPeriod) return;
  const refuse = (why: string): never => notUnderstood(`I cannot count who had rows in each of the periods: ${why}`);
  const period = q.period;
  if (!q.comparePeriods || !q.grain || !period || q.grain === 'hour') return refuse('name two or more whole periods of one kind, as in "customers who bought in both April and May".');
  const grain = q.grain;
  const spans = period.parts ?? [{ from: period.from, to: period.to, toInclusive: period.toInclusive }];
  const buckets = new Set<number>();
  for (const s of spans) {
    const from = parseStamp(s.from), to = parseStamp(s.to);
    if (unitStart(from, grain).getTime() !== from.getTime()) return refuse(`${period.label} does not start at a ${grain}'s start.`);
    for (let b = from; b.getTime() < to.getTime() || (s.toInclusive && b.getTime() === to.getTime()); b = nextUnit(b, grain)) buckets.add(b.getTime());
  }
  if (buckets.size < 2) return refuse(`${period.label} is one ${grain}.`);
  if (q.dimensions.length) return refuse('a breakdown of them is not built.');
  delete q.comparePeriods; delete q.grain;
  distinctUnitsPerEntity(model, q, { distinctUnit: grain, op: '>=', value: buckets.size, text: `in each of ${period.label}` }, distinctKeyOf(model, q.measures[0]), question);
}

/**
 * "users active in April but not in May", "customers who ordered last month but not this month": the entities the
 * figure counts distinct in the question's period that have none of the figure's rows (its table, its own filter and the
 * question's filters on that table) in the other period — the key kept out of those rows' keys (`q.without`).
 */
export function applyNotInPeriod(model: SemanticModel, q: SemanticQuery, p: ParsedQuestion): void {
  const other = p.notInPeriod;
  if (!other) return;
  const refuse = (why: string): never => notUnderstood(`I cannot count who had rows ${q.period ? `in ${q.period.label} ` : ''}but none in ${other.label}: ${why}`);
  if (!q.period) return refuse('name the first period too, as in "users active in April but not in May".');
  if (q.measures.length !== 1 || q.grain || q.comparePeriods || q.share || q.rollup || q.without) return refuse('ask for one count of customers or users, as in "how many users were active in April but not in May".');
  const m = q.measures[0];
  const def = m.kind === 'measure' ? measureByName(model, m.name) : undefined;
  const distinct = m.kind === 'column' ? m.agg === 'uniq' : def?.agg === 'uniq' && !!def.column && !def.grain;
  if (!distinct) return refuse(`${measureLabel(model, m)} is not a count of people or accounts.`);
  const table = baseTableOf(model, m);
  const onTable = q.filters.filter((f): f is Extract<FilterSpec, { kind: 'dimension' }> => f.kind === 'dimension'
    && (model.dimensions.find((d) => d.name === f.dimension)?.columns ?? []).some((c) => c.startsWith(`${table}.`)));
  q.without = { measure: m, ...(onTable.length ? { filters: onTable } : {}), period: other };
}
