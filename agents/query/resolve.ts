/**
 * Completing a query once its figure is known: qualifiers dropped, distinct counts re-homed, counts through a fact
 * table, numeric comparisons resolved to columns, thresholds to HAVING or to a per-entity roll-up, and
 * "including …" values merged into the figure's default filter.
 */
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { measureByName, measureLabel } from './compiler.ts';
import type { ParsedQuestion } from './parser.ts';
import type { SemanticModel } from './semantic-model.ts';
import type { CompareOp, FilterSpec, MeasureSpec, SemanticQuery } from './semantic-query.ts';
import { stem } from './vocabulary.ts';
import type { Grain } from './time-phrases.ts';
import { dimensionOfColumn } from './compile-rows.ts';

const notUnderstood = (msg: string): never => { throw new DatalabsError('NOT_UNDERSTOOD', msg); };

export function baseTableOf(model: SemanticModel, spec: MeasureSpec): string {
  if (spec.kind === 'column') return spec.table;
  let m = measureByName(model, spec.name);
  while (m.agg === 'ratio') m = measureByName(model, m.numerator!);
  return m.table!;
}

/** "revenue from tablet users": a measure right after a value qualifies it; drop it when it would need another table. */
export function dropQualifiers(model: SemanticModel, q: SemanticQuery, p: ParsedQuestion): void {
  if (q.measures.length < 2 || !p.qualifiers.length) return;
  const tables = new Set(q.measures.map((m) => baseTableOf(model, m)));
  // Same table: only a later measure is a qualifier ("AOV of German customers"), never the first one asked for.
  const kept = q.measures.filter((m, i) => !(m.kind === 'measure' && p.qualifiers.includes(m.name) && (tables.size >= 2 || i > 0)));
  if (kept.length) { rowsOfQualifiers(model, q, q.measures.filter((m) => !kept.includes(m)), kept[0]); q.measures = kept; return; }
  // "mobile revenue from US users": every figure follows a value; the first one asked is the figure, the later ones
  // (the rows it is "from") qualify it.
  const first = q.measures[0];
  // "how many completed orders did enterprise users from the US place": a later count of a table the first figure's
  // rows join to names whose rows they are (the subject of the verb), as "from US users" does.
  const firstTable = baseTableOf(model, first);
  const whose = (m: MeasureSpec): boolean => m.kind === 'measure' && ((d) => d.agg === 'count' && !d.filter && !!d.table && d.table !== firstTable
    && (model.joins ?? []).some((j) => j.from === firstTable && j.to === d.table))(measureByName(model, m.name));
  const rest = q.measures.slice(1).filter((m) => !(m.kind === 'measure' && ((p.rowsFrom ?? []).includes(m.name) || (p.qualifiers.includes(m.name) && whose(m)))));
  if (rest.length < q.measures.length - 1) q.measures = [first, ...rest];
}

/**
 * "average duration of /pricing page views": a dropped qualifier that counts one value of a column of the figure's own
 * table (page views: event_type = page_view) names the rows the figure is over, as "average duration of page views" does.
 */
export function rowsOfQualifiers(model: SemanticModel, q: SemanticQuery, dropped: MeasureSpec[], figure: MeasureSpec): void {
  const table = baseTableOf(model, figure);
  for (const m of dropped) {
    if (m.kind !== 'measure') continue;
    const def = measureByName(model, m.name);
    const t = model.tables.find((x) => x.name === def.table);
    if (def.agg === 'ratio' || def.table !== table || !t) continue;
    for (const [column, v] of Object.entries(def.filter ?? {})) {
      if (JSON.stringify(t.defaultFilter?.[column]) === JSON.stringify(v)) continue;
      const dim = dimensionOfColumn(model, table, column);
      if (!dim || q.filters.some((f) => f.kind === 'dimension' && f.dimension === dim.name)) continue;
      q.filters.push({ kind: 'dimension', dimension: dim.name, values: (Array.isArray(v) ? v : [v]).map(String) });
    }
  }
}

/**
 * A distinct count of a lookup table's column in a period is counted over the fact table that has time (by its key);
 * so is one the question says of that table's rows ("how many distinct products were ordered / bought / have orders").
 */
export function rehomeDistinct(model: SemanticModel, q: SemanticQuery, question = ''): void {
  const words = question.toLowerCase().match(/[a-z]+/g) ?? [];
  const namesRows = (table: string): boolean => {
    const t = model.tables.find((x) => x.name === table);
    const nouns = [table, ...(t?.entity ?? [])];
    return words.some((w) => nouns.some((e) => w === e || w === `${e}s` || (/ed$/.test(w) && (w.slice(0, -2) === e || w.slice(0, -1) === e))) || !!t?.actions?.includes(w));
  };
  q.measures = q.measures.map((m) => {
    if (m.kind !== 'column' || m.agg !== 'uniq') return m;
    const t = model.tables.find((x) => x.name === m.table)!;
    const otherBase = q.measures.find((x) => x !== m && !(x.kind === 'column' && x.agg === 'uniq'));
    const wantTable = otherBase ? baseTableOf(model, otherBase) : undefined;
    if (t.time && !wantTable) return m;
    if (wantTable === t.name) return m;
    const j = (model.joins ?? []).find((x) => x.to === t.name && (wantTable ? x.from === wantTable : !!model.tables.find((y) => y.name === x.from)?.time));
    if (!j || (!q.period && !q.grain && !wantTable && q.dimensions.length === 0 && !namesRows(j.from))) return m;
    const from = model.tables.find((y) => y.name === j.from)!;
    if (from.columns.some((c) => c.name === m.column)) return { ...m, table: from.name };
    const [fromKey, toKey] = Object.entries(j.on)[0];
    const key = t.columns[0]?.name === toKey && ['name', 'title'].includes(m.column) || m.column === toKey;
    return key ? { kind: 'column', agg: 'uniq', table: from.name, column: fromKey } : m;
  });
}

/**
 * "how many distinct users had a refunded order": a distinct count of an entity (active users: users in events) with a
 * filter its table has no column for is the same count in the table that has it (customers: users in orders), when
 * that table counts the same key and the question names its rows; joining would not reach it.
 */
export function rehomeEntityCount(model: SemanticModel, q: SemanticQuery, question: string): void {
  if (q.measures.length !== 1 || q.measures[0].kind !== 'measure') return;
  // Only when the question names that table's rows ("a refunded order"): a verb of another table's rows is not moved.
  const words = new Set(question.toLowerCase().match(/[a-z]+/g) ?? []);
  const names = (table: string): boolean => [table, ...(model.tables.find((t) => t.name === table)?.entity ?? [])].some((e) => words.has(e) || words.has(`${e}s`));
  const md = measureByName(model, q.measures[0].name);
  if (md.agg !== 'uniq' || !md.table || !md.column) return;
  const colsOf = (name: string): string[] => model.dimensions.find((d) => d.name === name)?.columns ?? [];
  const missing = q.filters.filter((f) => f.kind === 'dimension' && !colsOf(f.dimension).some((c) => c.startsWith(`${md.table}.`)));
  if (!missing.length) return;
  const other = model.measures.find((m) => m.agg === 'uniq' && m.column === md.column && m.table && m.table !== md.table && !m.hidden && names(m.table)
    && missing.every((f) => f.kind === 'dimension' && colsOf(f.dimension).some((c) => c.startsWith(`${m.table}.`))));
  if (other) q.measures = [{ kind: 'measure', name: other.name }];
}

/**
 * "ipad users this week", "how many users bought electronics": the rows of a lookup table (users, products) filtered
 * or grouped by a column only a table referring to it has. Joining would count that table's rows instead, so count
 * the distinct keys in the referring table: events first when it has the columns (active users), else orders.
 */
export function countThroughFact(model: SemanticModel, q: SemanticQuery): void {
  if (q.measures.length !== 1 || q.measures[0].kind !== 'measure') return;
  const md = measureByName(model, q.measures[0].name);
  const base = md.table ? model.tables.find((t) => t.name === md.table) : undefined;
  if (!base || md.agg !== 'count' || md.filter || base.defaultMeasure !== md.name) return;
  const needed: Array<string[]> = [];
  for (const name of [...q.dimensions, ...q.filters.filter((f) => f.kind === 'dimension').map((f) => (f as { dimension: string }).dimension)]) {
    const d = model.dimensions.find((x) => x.name === name);
    if (d && !d.expr) needed.push(d.columns ?? []);
    else if (d?.table) { const t = model.tables.find((x) => x.name === d.table); if (t?.time) needed.push([`${t.name}.${t.time}`]); }
  }
  for (const f of q.filters) if (f.kind === 'numeric') needed.push([`${f.table}.${f.column}`]);
  const reachFrom = (table: string): Set<string> => new Set([table, ...(model.joins ?? []).filter((j) => j.from === table).map((j) => j.to)]);
  const covers = (table: string): boolean => { const r = reachFrom(table); return needed.every((cols) => cols.some((c) => r.has(c.split('.')[0]))); };
  if (covers(base.name)) return;
  const facts = (model.joins ?? []).filter((j) => j.to === base.name && Object.keys(j.on).length === 1 && covers(j.from));
  const unfilteredUniq = (j: { from: string; on: Record<string, string> }): boolean => model.measures.some((m) => m.table === j.from && m.agg === 'uniq' && m.column === Object.keys(j.on)[0] && !m.filter);
  const j = facts.find(unfilteredUniq) ?? facts[0];
  if (!j) return;
  const fk = Object.keys(j.on)[0];
  const defaultFilter = JSON.stringify(model.tables.find((t) => t.name === j.from)?.defaultFilter ?? {});
  const named = model.measures.find((m) => m.table === j.from && m.agg === 'uniq' && m.column === fk && !m.grain && JSON.stringify(m.filter ?? {}) === defaultFilter);
  q.measures = [named ? { kind: 'measure', name: named.name } : { kind: 'column', agg: 'uniq', table: j.from, column: fk }];
}

/** Units that name an amount of money ("$60", "60 dollars"). */
export const MONEY_UNIT = /^(?:usd|dollars?|bucks)$/;

/** The key a distinct count counts (customers → orders.user_id), when the figure is one. */
export function distinctKeyOf(model: SemanticModel, m: MeasureSpec): { table: string; column: string } | undefined {
  if (m.kind === 'column') return m.agg === 'uniq' ? { table: m.table, column: m.column } : undefined;
  const def = measureByName(model, m.name);
  return def.agg === 'uniq' && def.column && def.table ? { table: def.table, column: def.column } : undefined;
}

/** Whether no value meets both comparisons of one column ("< 30" and ">= 30"). */
function disjoint(a: { op: string; value: number }, b: { op: string; value: number }): boolean {
  const below = (x: { op: string }): boolean => x.op === '<' || x.op === '<=';
  const above = (x: { op: string }): boolean => x.op === '>' || x.op === '>=';
  const [lo, hi] = above(a) && below(b) ? [a, b] : above(b) && below(a) ? [b, a] : [undefined, undefined];
  if (!lo || !hi) return false;
  return lo.value > hi.value || (lo.value === hi.value && (lo.op === '>' || hi.op === '<'));
}

export function resolveNumeric(model: SemanticModel, q: SemanticQuery, p: ParsedQuestion): void {
  if (!p.numeric.length) return;
  const first = q.measures[0];
  const baseName = first.kind === 'column' ? first.table : (() => {
    let m = measureByName(model, first.name);
    while (m.agg === 'ratio') m = measureByName(model, m.numerator!);
    return m.table!;
  })();
  const reachable = [baseName, ...(model.joins ?? []).filter((j) => j.from === baseName).map((j) => j.to)];
  const numericColumns = reachable.flatMap((t) => model.tables.find((x) => x.name === t)!.columns.filter((c) => c.type === 'number').map((c) => ({ table: t, c })));
  const find = (word?: string): { table: string; c: { name: string; unit?: string } } | undefined => {
    if (!word) return undefined;
    const w = stem(word.toLowerCase());
    return numericColumns.find(({ c }) => stem(c.name) === w || (c as { synonyms?: string[] }).synonyms?.some((s) => stem(s) === w));
  };
  // "user_id = 15": a key column, on the figure's own table first.
  const keyColumns = reachable.flatMap((t) => model.tables.find((x) => x.name === t)!.columns.filter((c) => c.type === 'id').map((c) => ({ table: t, c })));
  for (const n of p.numeric) {
    let target = find(n.word) ?? find(n.unit) ?? (n.op === '=' && n.word ? keyColumns.find(({ c }) => c.name === n.word!.toLowerCase()) : undefined);
    let value = n.value;
    if (!target && n.unit && MONEY_UNIT.test(n.unit)) target = numericColumns.find(({ c }) => c.unit === 'usd');
    if (!target && n.unit && /^(ms|milliseconds?|seconds?|secs?)$/.test(n.unit)) target = numericColumns.find(({ c }) => c.unit === 'ms');
    if (!target && !n.unit && !n.word) target = numericColumns.find(({ c }) => c.unit === 'usd');
    if (!target) notUnderstood(`I could not tell which number "${n.word ?? ''} ${n.op} ${n.value} ${n.unit ?? ''}" compares.`);
    if (n.unit && /^(seconds?|secs?)$/.test(n.unit) && target!.c.unit === 'ms') value = n.value * 1000;
    const f: FilterSpec = { kind: 'numeric', table: target!.table, column: target!.c.name, op: n.op, value };
    // The same comparison said anew replaces it; so does one no row could meet together with a kept one ("and for
    // products priced $30 or more" after "under $30": the other side, asked instead — both would be nothing).
    q.filters = q.filters.filter((x) => !(x.kind === 'numeric' && x.column === f.column && (x.op === f.op || disjoint(x, f))));
    q.filters.push(f);
  }
}


/** "revenue including refunded orders": the figure's default values of that column plus the ones named. */
export function applyIncluding(model: SemanticModel, q: SemanticQuery, p: ParsedQuestion): void {
  for (const inc of p.including) {
    const d = model.dimensions.find((x) => x.name === inc.dimension);
    // The figure's parts (a ratio's numerator and denominator) and the filter each keeps on that column.
    const partsOf = (m: MeasureSpec): { base?: SemanticModel['tables'][number]; col?: string; parts: Array<Record<string, unknown> | undefined>; filtered: Array<Record<string, unknown> | undefined> } => {
      const base = model.tables.find((t) => t.name === baseTableOf(model, m));
      const col = (d?.columns ?? []).find((c) => c.startsWith(`${base?.name}.`))?.split('.')[1];
      const parts: Array<Record<string, unknown> | undefined> = [];
      const walk = (spec: MeasureSpec): void => {
        if (spec.kind === 'column') { parts.push(base?.defaultFilter); return; }
        const def = measureByName(model, spec.name);
        if (def.agg === 'ratio') { walk({ kind: 'measure', name: def.numerator! }); walk({ kind: 'measure', name: def.denominator! }); } else parts.push(def.filter);
      };
      walk(m);
      return { base, col, parts, filtered: col ? parts.filter((f) => f?.[col] !== undefined) : [] };
    };
    // "all orders and revenue, including everything": the figure that filters on that column (the first one that does).
    const m = q.measures.find((x) => partsOf(x).filtered.length > 0) ?? q.measures[0];
    const { base, col, parts, filtered } = partsOf(m);
    // The figure already counts every value of that column: including one more changes nothing.
    if (!filtered.length) continue;
    const filter = filtered[0], current = filter![col!] as string | string[];
    // Only a figure over the table's default rows (completed orders) widens; a ratio or a figure that counts one value by
    // definition (refunds) would change meaning, so it is refused rather than read as a narrower or unchanged figure.
    const odd = parts.find((f) => JSON.stringify(f ?? {}) !== JSON.stringify(base?.defaultFilter ?? {}));
    if (odd !== undefined || parts.some((f) => f === undefined)) {
      const own = (odd ?? filter)?.[col!];
      notUnderstood(`I cannot add ${inc.value} to ${measureLabel(model, m)}: by its definition it counts ${own === undefined ? `every ${col}` : `only ${col} = ${Array.isArray(own) ? own.join(', ') : String(own)}`}, so that would be another figure; ask for the figures you want by name.`);
    }
    const existing = q.filters.find((f): f is Extract<FilterSpec, { kind: 'dimension' }> => f.kind === 'dimension' && f.dimension === inc.dimension && !f.negate);
    const values = existing ? existing.values : (Array.isArray(current) ? current : [current]).map(String);
    const merged = [...new Set([...values, inc.value])];
    // The filter is the whole question's: another figure must count those rows too (one over the same default rows, or
    // one over every value when every value is then included).
    for (const x of q.measures) {
      if (x === m) continue;
      const o = partsOf(x);
      const same = o.col === col && o.parts.every((f) => JSON.stringify(f ?? {}) === JSON.stringify(base?.defaultFilter ?? {}));
      const every = o.filtered.length === 0 && (d?.values ?? []).every((v) => merged.includes(v) || p.including.some((i) => i.dimension === inc.dimension && i.value === v));
      if (!same && !every) notUnderstood(`I cannot add ${inc.value} to ${measureLabel(model, m)} beside ${measureLabel(model, x)}: the rows would change for both; ask for them one at a time.`);
    }
    q.filters = q.filters.filter((f) => f !== existing);
    q.filters.push({ kind: 'dimension', dimension: inc.dimension, values: merged });
  }
}

/**
 * "which countries have a refund rate above 10 %": a threshold on a figure filters the groups (HAVING);
 * "customers who ordered more than once", "users with at least 3 orders": counted per entity, then the entities counted.
 */
export function resolveThresholds(model: SemanticModel, q: SemanticQuery, p: ParsedQuestion, question = ''): void {
  if (!p.thresholds.length) return;
  const main = q.measures[0];
  const mainDef = main.kind === 'measure' ? measureByName(model, main.name) : undefined;
  for (const t of p.thresholds) {
    const key = distinctKeyOf(model, main);
    if (t.distinct) { distinctPerEntity(model, q, t as typeof t & { distinct: string }, key, question); continue; }
    if (t.distinctUnit) { distinctUnitsPerEntity(model, q, { ...t, distinctUnit: t.distinctUnit }, key, question); continue; }
    // "users who ordered more than once": a count of a table's rows (users) counted per row of a table that refers to it.
    // "users with at least 2 orders", "users with more than 30 events": the named figure per referring row's key.
    const namedOf = t.measure ? measureByName(model, t.measure) : undefined;
    const namedTable = namedOf && namedOf.agg !== 'ratio' && namedOf.name !== mainDef?.name ? namedOf.table : undefined;
    const referring = !key && (t.times || namedTable) ? referringKey(model, main, t, question, (tb) => !namedTable || tb === namedTable) : undefined;
    if (referring) {
      const fact = model.tables.find((x) => x.name === referring.table);
      const c = namedTable ? namedOf : model.measures.find((x) => x.table === referring.table && x.agg === 'count' && JSON.stringify(x.filter ?? {}) === JSON.stringify(fact?.defaultFilter ?? {}));
      if (!c) notUnderstood(`I cannot count "${t.text}": the model defines no count of ${referring.table} rows to compare.`);
      q.measures = [{ kind: 'measure', name: c!.name }];
      q.rollup = { per: referring, agg: 'count', having: { op: t.op, value: t.value }, alias: (main as { name: string }).name, label: mainDef!.label ?? mainDef!.name.replace(/_/g, ' ') };
      continue;
    }
    const named = t.measure ? measureByName(model, t.measure) : undefined;
    // Per entity: the rows (or the named figure) per distinct key of the figure asked for.
    if (key && (t.times || (named && named.name !== mainDef?.name && named.agg !== 'ratio' && baseTableOf(model, { kind: 'measure', name: named.name }) === key.table))) {
      let per: MeasureSpec | undefined = named ? { kind: 'measure', name: named.name } : undefined;
      if (!per) {
        const filter = JSON.stringify(mainDef?.filter ?? model.tables.find((x) => x.name === key.table)?.defaultFilter ?? {});
        const c = model.measures.find((x) => x.table === key.table && x.agg === 'count' && JSON.stringify(x.filter ?? {}) === filter);
        if (!c) notUnderstood(`I cannot count "${t.text}": the model defines no count of ${key.table} rows to compare.`);
        per = { kind: 'measure', name: c!.name };
      }
      const label = main.kind === 'measure' ? (mainDef?.label ?? mainDef!.name.replace(/_/g, ' ')) : `distinct ${main.column.replace(/_/g, ' ')}`;
      const alias = main.kind === 'measure' ? main.name : `distinct_${main.column}`;
      q.measures = [per];
      q.rollup = { per: key, agg: 'count', having: { op: t.op, value: t.value }, alias, label };
      continue;
    }
    let target: MeasureSpec | undefined = named ? { kind: 'measure', name: named.name } : undefined;
    if (!target && t.percent) {
      target = q.measures.find((m) => m.kind === 'measure' && measureByName(model, m.name).format === 'percent');
    }
    if (!target) return notUnderstood(`I could not tell which figure "${t.text}" compares: name it, as in "a refund rate above 10%".`);
    if (q.dimensions.length === 0 && !q.grain) {
      return notUnderstood(`"${t.text}" compares a figure, which needs something to compare across: ask for it by a breakdown, such as "which countries have …".`);
    }
    const def = target.kind === 'measure' ? measureByName(model, target.name) : undefined;
    const value = def?.format === 'percent' && (t.percent || t.value > 1) ? t.value / 100 : t.value;
    if (!q.measures.some((m) => JSON.stringify(m) === JSON.stringify(target))) q.measures.push(target);
    (q.having ??= []).push({ measure: target, op: t.op, value });
  }
}

/**
 * "users who ordered more than once", "users with events on more than 3 pages": the figure counts a table's rows (users);
 * each is counted by the key of a table that refers to it (orders.user_id, events.user_id) — the one the question's verb
 * or noun names when several could ("ordered" → orders), among those `fits` accepts. Only for "more than" / "at least" a
 * positive number: an entity with no rows there is then rightly never counted.
 */
function referringKey(model: SemanticModel, main: MeasureSpec, t: { op: CompareOp; value: number }, question: string, fits: (table: string) => boolean): { table: string; column: string } | undefined {
  const def = main.kind === 'measure' ? measureByName(model, main.name) : undefined;
  const positive = (t.op === '>' && t.value >= 0) || (t.op === '>=' && t.value >= 1);
  if (!def || def.agg !== 'count' || def.filter || !def.table || !positive) return undefined;
  let refs = (model.joins ?? []).filter((j) => j.to === def.table && Object.keys(j.on).length === 1 && fits(j.from));
  if (refs.length > 1) {
    const words = question.toLowerCase().match(/[a-z]+/g) ?? [];
    refs = refs.filter((j) => {
      const x = model.tables.find((tb) => tb.name === j.from);
      return [j.from, ...(x?.entity ?? [])].some((e) => words.some((w) => stem(w).startsWith(stem(e)) || w.replace(/(?:ed|d)$/, '') === e));
    });
  }
  return refs.length === 1 ? { table: refs[0].from, column: Object.keys(refs[0].on)[0] } : undefined;
}

/**
 * "buyers who purchased from more than one category", "users with events on more than 3 pages": the different values of
 * a dimension per entity (uniqExact of its column over the entity's rows, HAVING … ), then the entities counted. The
 * entity is the figure's distinct key (customers: orders.user_id), or, for a count of a table's rows (users), the key of
 * a table that refers to it and holds the column (events.user_id) — only for "more than" / "at least" a positive number,
 * as an entity with no rows there is then never counted. The column is the key table's own, or one a declared join from
 * it reaches (a product's category).
 */
function distinctPerEntity(model: SemanticModel, q: SemanticQuery, t: { distinct: string; op: CompareOp; value: number; text: string }, key: { table: string; column: string } | undefined, question: string): void {
  const main = q.measures[0];
  const mainDef = main.kind === 'measure' ? measureByName(model, main.name) : undefined;
  const d = model.dimensions.find((x) => x.name === t.distinct);
  const word = (d?.label ?? t.distinct).replace(/_/g, ' ');
  const refuse = (why: string): never => notUnderstood(`I cannot count "${t.text}" (the different ${word} values for each one): ${why}`);
  if (!d || !d.columns?.length) return refuse(`${word} is not a column of a table.`);
  const columnFrom = (table: string): { of: string; column: string } | undefined => {
    const cols = d.columns!.map((c) => c.split('.') as [string, string]);
    const own = cols.find(([tb]) => tb === table);
    if (own) return { of: own[0], column: own[1] };
    const via = cols.find(([tb]) => (model.joins ?? []).some((j) => j.from === table && j.to === tb));
    return via ? { of: via[0], column: via[1] } : undefined;
  };
  const positive = (t.op === '>' && t.value >= 0) || (t.op === '>=' && t.value >= 1);
  const per = key ?? referringKey(model, main, t, question, (table) => !!columnFrom(table));
  if (!per) return refuse(`${measureLabel(model, main)} is not a count of something (customers, users) that has ${word} values${positive ? '' : ' (and one with none would not be counted)'}.`);
  // The entity's rows are those the figure counts: its own filter must be its table's default rows.
  const base = model.tables.find((x) => x.name === per!.table);
  if (key && JSON.stringify(mainDef?.filter ?? base?.defaultFilter ?? {}) !== JSON.stringify(base?.defaultFilter ?? {})) return refuse(`${measureLabel(model, main)} counts only some ${per.table} rows.`);
  const at = columnFrom(per.table);
  if (!at) return refuse(`no declared join reaches ${d.columns.join(' / ')} from ${per.table}.`);
  const label = main.kind === 'measure' ? (mainDef?.label ?? mainDef!.name.replace(/_/g, ' ')) : `distinct ${main.column.replace(/_/g, ' ')}`;
  const alias = main.kind === 'measure' ? main.name : `distinct_${main.column}`;
  q.measures = [{ kind: 'column', agg: 'uniq', table: per.table, column: at.column, ...(at.of !== per.table ? { of: at.of } : {}) }];
  q.rollup = { per, agg: 'count', having: { op: t.op, value: t.value }, alias, label };
}

/**
 * "users active on 5 or more different days", "customers who ordered in at least 3 different weeks": the different time
 * buckets of the entity's rows (uniqExact(toDate(time)) per key, HAVING … ), then the entities counted. The entity is the
 * figure's distinct key (active users: events.user_id; customers: orders.user_id over completed orders), or for a count
 * of a table's rows (users) the key of the one table with a time column that refers to it and the question names.
 */
export function distinctUnitsPerEntity(model: SemanticModel, q: SemanticQuery, t: { distinctUnit: Grain; op: CompareOp; value: number; text: string }, key: { table: string; column: string } | undefined, question: string): void {
  const main = q.measures[0];
  const mainDef = main.kind === 'measure' ? measureByName(model, main.name) : undefined;
  const refuse = (why: string): never => notUnderstood(`I cannot count "${t.text}" (the different ${t.distinctUnit}s each one has rows on): ${why}`);
  const timeOf = (table: string): string | undefined => model.tables.find((x) => x.name === table)?.time;
  const positive = (t.op === '>' && t.value >= 0) || (t.op === '>=' && t.value >= 1);
  const per = key ?? referringKey(model, main, t, question, (table) => !!timeOf(table));
  if (!per) return refuse(`${measureLabel(model, main)} is not a count of something (customers, users) with rows in time${positive ? '' : ' (and one with none would not be counted)'}.`);
  const base = model.tables.find((x) => x.name === per.table);
  if (key && JSON.stringify(mainDef?.filter ?? base?.defaultFilter ?? {}) !== JSON.stringify(base?.defaultFilter ?? {})) return refuse(`${measureLabel(model, main)} counts only some ${per.table} rows.`);
  const time = timeOf(per.table);
  if (!time) return refuse(`${per.table} has no time column.`);
  const label = main.kind === 'measure' ? (mainDef?.label ?? mainDef!.name.replace(/_/g, ' ')) : `distinct ${main.column.replace(/_/g, ' ')}`;
  const alias = main.kind === 'measure' ? main.name : `distinct_${main.column}`;
  q.measures = [{ kind: 'column', agg: 'uniq', table: per.table, column: time, bucket: t.distinctUnit }];
  q.rollup = { per, agg: 'count', having: { op: t.op, value: t.value }, alias, label };
}

/**
 * "what about refunded?" after cancellations: a value for the column a figure counts one value of (its own filter, not
 * overridable) swaps the figure for the one of the same shape counting that value (refunds), or, when none is defined
 * or both are asked ("and refunded too"), for the same figure over every value with the values as a filter
 * (status IN (cancelled, refunded)). Returns the message's filters still to apply.
 */
export function replaceValueFigure(model: SemanticModel, q: SemanticQuery, p: ParsedQuestion): FilterSpec[] {
  let rest = p.filters;
  q.measures = q.measures.map((m) => {
    if (m.kind !== 'measure') return m;
    const md = measureByName(model, m.name);
    const entries = Object.entries(md.filter ?? {});
    if (md.agg === 'ratio' || !md.table || entries.length !== 1) return m;
    const [col, own] = entries[0];
    if (typeof own !== 'string' || (md.overridableBy ?? []).includes(col)) return m;
    const f = rest.find((x): x is Extract<FilterSpec, { kind: 'dimension' }> => x.kind === 'dimension' && !x.negate
      && !!model.dimensions.find((d) => d.name === x.dimension)?.columns?.includes(`${md.table}.${col}`));
    if (!f) return m;
    const values = p.addValues ? [...new Set([own, ...f.values])] : f.values;
    const sameShape = (x: typeof md): boolean => x.table === md.table && x.agg === md.agg && x.column === md.column;
    const one = values.length === 1 ? model.measures.find((x) => sameShape(x) && JSON.stringify(x.filter ?? {}) === JSON.stringify({ [col]: values[0] })) : undefined;
    if (one) { rest = rest.filter((x) => x !== f); return { kind: 'measure', name: one.name }; }
    const every = model.measures.find((x) => sameShape(x) && Object.keys(x.filter ?? {}).length === 0);
    if (!every) return m;
    rest = rest.map((x) => (x === f ? { ...f, values } : x));
    return { kind: 'measure', name: every.name };
  });
  return rest;
}

/**
 * "revenue from users who signed up this year": the clause's period limits the figure's rows by the related table's
 * time column, through a declared join from the figure's table; on the figure's own table it is simply the period.
 */
export function applyRelated(model: SemanticModel, q: SemanticQuery, p: ParsedQuestion): void {
  const r = p.related;
  if (!r) return;
  const bases = new Set(q.measures.map((m) => baseTableOf(model, m)));
  const base = [...bases][0];
  if (bases.size === 1 && base === r.table) {
    if (q.period && JSON.stringify(q.period) !== JSON.stringify(r.period)) notUnderstood(`two periods ("${r.label}" and "${q.period.label}") for the same ${r.table}; ask for one.`);
    q.period = r.period;
    return;
  }
  const join = (model.joins ?? []).find((j) => j.from === base && j.to === r.table);
  if (bases.size !== 1) return notUnderstood(`${q.measures.map((m) => measureLabel(model, m)).join(' and ')} come from different tables (${[...bases].join(', ')}); ask for them one at a time`);
  if (!join) return notUnderstood(`I cannot limit ${q.measures.map((m) => measureLabel(model, m)).join(' and ')} to "${r.label}": the semantic model declares no join from ${base} to ${r.table}.`);
  q.related = { table: r.table, period: r.period, label: r.label };
}

/**
 * "drop the mobile filter", "drop the device split": the kept filter on that dimension, or that dimension of the
 * breakdown, goes; naming one the previous answer does not have is refused, saying what it has.
 */
export function dropParts(model: SemanticModel, q: SemanticQuery, p: ParsedQuestion): void {
  const label = (d: string): string => (model.dimensions.find((x) => x.name === d)?.label ?? d).replace(/_/g, ' ');
  for (const { dimension: d, value } of p.dropFilters ?? []) {
    const f = q.filters.find((x): x is Extract<FilterSpec, { kind: 'dimension' }> => x.kind === 'dimension' && x.dimension === d && (!value || x.values.includes(value)));
    if (!f) {
      const has = q.filters.map((x) => (x.kind === 'dimension' ? `${label(x.dimension)} ${x.negate ? 'not ' : ''}${x.values.join(', ')}` : x.column.replace(/_/g, ' ')));
      notUnderstood(`the previous answer has no ${value ?? label(d)} filter to drop (${has.length ? `its filters: ${has.join('; ')}` : 'it has no filters'})`);
    }
    // "drop the US filter" on US and GB: only that value goes.
    const rest = value ? f!.values.filter((v) => v !== value) : [];
    q.filters = q.filters.flatMap((x) => (x !== f ? [x] : rest.length ? [{ ...f!, values: rest }] : []));
    if (q.compareValues === d && rest.length < 2) delete q.compareValues;
  }
  // "DE and FR combined" after "revenue by country": those rows as one figure, the split by country dropped.
  for (const d of p.pooledDims ?? []) if (!p.dimensions.includes(d)) q.dimensions = q.dimensions.filter((x) => x !== d);
  for (const d of p.dropDimensions ?? []) {
    if (!q.dimensions.includes(d)) notUnderstood(`the previous answer is not split by ${label(d)} (${q.dimensions.length ? `it is split by ${q.dimensions.map(label).join(', ')}` : 'it has no breakdown'})`);
    q.dimensions = q.dimensions.filter((x) => x !== d);
    if (q.compareValues === d) delete q.compareValues;
    delete q.limitBy;
  }
}

/** Whether a filter on dimension `d` could change figure `m`: a column of it on the figure's table or one it joins to. */
export function dimensionCanFilter(model: SemanticModel, d: string, m: MeasureSpec | undefined): boolean {
  const dim = model.dimensions.find((x) => x.name === d);
  if (!dim || !m || dim.expr) return true;
  const table = baseTableOf(model, m);
  const reach = new Set([table, ...(model.joins ?? []).filter((j) => j.from === table).map((j) => j.to)]);
  return (dim.columns ?? []).some((c) => reach.has(c.split('.')[0]));
}
