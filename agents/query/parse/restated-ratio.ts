/**
 * "cancellation rate by device (cancelled / all orders)", "refund rate, i.e. refunds divided by all orders": a ratio
 * the question names, written out again as its numerator over its denominator, restates it and is read as said once.
 * Parts that are not the named ratio's own are left, and a lone slash is then refused as before (normalise.ts).
 */
import type { ModelMeasure } from '../semantic-model.ts';
import { phraseAlternation as alt, type ParseState } from './state.ts';

/**
 * A distinct count of a key ("purchasers": users, with a purchase event) called by the key's entity with the value its
 * rows have: "users with a purchase event", "users with any event" (and "users", "active users" for the plain one).
 */
function keyedNames(st: ParseState, m: ModelMeasure, bare = true): string[] {
  const table = st.model.tables.find((t) => t.name === m.table);
  const values = Object.values(m.filter ?? {}).filter((v): v is string => typeof v === 'string' && JSON.stringify(m.filter) !== JSON.stringify(table?.defaultFilter ?? {}));
  const key = m.agg === 'uniq' && m.column?.endsWith('_id') ? m.column.slice(0, -3) : undefined;
  const row = table?.entity?.[0] ?? table?.name.replace(/s$/, '');
  if (!key || !row) return [];
  return [`${key}s`, key].flatMap((n) => (Object.keys(m.filter ?? {}).length
    ? values.flatMap((v) => ['a', 'an', 'at least one', 'one'].flatMap((a) => [`${n} with ${a} ${v} ${row}`, `${n} with ${a} ${v}`]).concat(`${n} with ${v} ${row}s`))
    : [`${n} with any ${row}`, `${n} with an ${row}`, `${n} with a ${row}`, `${n} with at least one ${row}`, `${n} with one or more ${row}s`, `${n} with ${row}s`, ...(bare ? [`active ${n}`, n] : [])]));
}

/**
 * "active enterprise users in the last 30 days (enterprise-plan users with any event)": a distinct count the question
 * names, written out again as its key's entity with a row, restates it and is read once. Words before the restatement
 * go with it only when the question says them too ("enterprise-plan" after "enterprise").
 */
export function withoutRestatedDistinct(st: ParseState, s: string): string {
  for (const m of st.model.measures) {
    const keyed = keyedNames(st, m, false);
    if (!keyed.length) continue;
    const own = [m.name.replace(/_/g, ' '), ...(m.label ? [m.label] : []), ...(m.synonyms ?? [])];
    const hit = new RegExp(`\\b(?:${alt(keyed)})(?=\\s|$)`).exec(s);
    if (!hit) continue;
    let from = hit.index;
    const to = hit.index + hit[0].length;
    const without = (a: number): string => `${s.slice(0, a)} ${s.slice(to)}`;
    // The figure named elsewhere, its words maybe apart ("active enterprise users").
    const restWords = new Set(without(from).split(/[\s-]+/));
    if (!own.some((n) => n.split(/\s+/).every((w) => restWords.has(w)))) continue;
    // Words just before it go with it when the question says them too ("enterprise-plan users with an event").
    for (let k = 0; k < 2; k++) {
      const prev = /([a-z@~_-]+)\s+$/.exec(s.slice(0, from));
      if (!prev) break;
      const words = prev[1].split('-').filter(Boolean);
      const elsewhere = new Set(without(from - prev[0].length).split(/[\s-]+/));
      if (!words.every((w) => /^(?:the|all|those|these|ie|plan|channel|country|device)$/.test(w) || elsewhere.has(w))) break;
      from -= prev[0].length;
    }
    const rest = without(from);
    return rest;
  }
  return s;
}

/** Removes "<numerator> / <denominator>" (or "divided by", "over", "out of") after a ratio of the model named in `s`. */
export function withoutRestatedRatio(st: ParseState, s: string): string {
  const { model } = st;
  const namesOf = (name: string): string[] => {
    const m = model.measures.find((x) => x.name === name);
    if (!m) return [];
    const table = model.tables.find((t) => t.name === m.table);
    // A count of one value of a column is also called by the value ("cancelled" for cancellations).
    const values = Object.values(m.filter ?? {}).filter((v): v is string => typeof v === 'string' && JSON.stringify(m.filter) !== JSON.stringify(table?.defaultFilter ?? {}));
    const nouns = m.agg === 'count' && table ? [table.name, ...(table.entity ?? []).flatMap((e) => [e, `${e}s`])] : [];
    const own = [m.name.replace(/_/g, ' '), ...(m.label ? [m.label] : []), ...(m.synonyms ?? [])];
    // A distinct count of a key ("purchasers": users, with a purchase event) is also called by the key's entity, with the
    // value its rows have: "users with a purchase event", "users with any event".
    return [...own, ...keyedNames(st, m), ...values.flatMap((v) => [v, ...nouns.map((n) => `${v} ${n}`)]), ...(m.filter && values.length === 0 ? [] : nouns)];
  };
  for (const r of model.measures) {
    if (r.agg !== 'ratio' || !r.numerator || !r.denominator) continue;
    const named = [r.name.replace(/_/g, ' '), ...(r.label ? [r.label] : []), ...(r.synonyms ?? [])];
    if (!new RegExp(`\\b(?:${alt(named)})\\b`).test(s)) continue;
    const num = namesOf(r.numerator), den = namesOf(r.denominator);
    if (!num.length || !den.length) continue;
    // "(refunded / all mobile orders)" for mobile orders' refund rate: a value of the question's filter may be said again.
    const values = model.dimensions.flatMap((d) => d.values ?? []).filter((v) => new RegExp(`\\b${v.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\b`).test(s));
    const build = (value: string): RegExp => new RegExp(`(?:^|\\s)(?:(?:the\\s+)?(?:number|count)\\s+of\\s+)?${value}(?:${alt(num)})\\s+(?:\\/|divided\\s+by|over|out\\s+of)\\s+(?:(?:all|total|the|every|their|its)\\s+){0,2}(?:(?:number|count)\\s+of\\s+)?(?:(?:all|the)\\s+)?${value}(?:${alt(den)})(?=\\s|$)`);
    for (const parts of [build('()'), ...(values.length ? [build(`(?:(${alt(values)})\\s+)?`)] : [])]) {
      const hit = parts.exec(s);
      if (!hit) continue;
      const rest = `${s.slice(0, hit.index)} ${s.slice(hit.index + hit[0].length)}`;
      // A value said in the restatement only ("refund rate by device (refunded / mobile orders)") is not the question's: left.
      if ([hit[1], hit[2]].every((v) => !v || new RegExp(`\\b${v.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\b`).test(rest))) return rest;
    }
  }
  return s;
}

const singular = (w: string): string => w.replace(/(?:es|s)$/, '');
const sameWords = (a: string, b: string): boolean => {
  const x = a.trim().split(/\s+/).map(singular), y = b.trim().split(/\s+/).map(singular);
  return x.length === y.length && x.every((w, i) => w === y[i]);
};

/**
 * "average number of sessions per active user (sessions divided by active users)", "orders per customer (orders /
 * customers)": a figure per entity written out again as the figure over the entities restates it; read once. Written
 * with other words than the question's own it is left, and refused as before.
 */
export function withoutRestatedPerEntity(s: string): string {
  // The entity after "per" in one or two words ("per active user"; "per customer" before "(orders / customers)").
  for (const perRe of [/\b((?:[a-z]+\s+){0,2}?[a-z]+)\s+per\s+((?:[a-z]+\s+)?[a-z]+)\b/, /\b((?:[a-z]+\s+){0,2}?[a-z]+)\s+per\s+([a-z]+)\b/]) {
    const per = perRe.exec(s);
    if (!per) return s;
    const rest = s.slice(per.index + per[0].length);
    if (/\s(?:total|all|the|distinct|unique|number)$/.test(per[2])) continue;
    const ratio = /(?:^|\s)((?:(?:the|total|all|number\s+of|count\s+of)\s+)*(?:[a-z]+\s+){0,2}?[a-z]+)\s*(?:\/|\s(?:divided\s+by|over)\s)\s*((?:(?:the|distinct|unique|number\s+of|count\s+of)\s+)*(?:[a-z]+\s+)?[a-z]+)(?=\s|$)/.exec(rest);
    if (!ratio) continue;
    // "how many events do we log per session … total events / distinct sessions": the counting words of the restatement
    // ("total", "distinct", "number of") say nothing more; its figure is among the words of the clause before "per".
    const bare = (x: string): string => x.replace(/^(?:(?:the|total|all|number\s+of|count\s+of|distinct|unique|different)\s+)+/, '');
    const clause = s.slice(0, per.index + per[1].length).split(/[.?!;:,]/).pop()!.trim().split(/\s+/).slice(-8);
    const numOk = clause.some((_w, i) => clause.slice(i).some((_x, j) => sameWords(clause.slice(i, i + j + 1).join(' '), bare(ratio[1]))));
    const denWords = per[2].split(/\s+/);
    // The denominator in two words or in its first one ("distinct sessions   just one number": "sessions").
    const counting = /^(?:(?:the|distinct|unique|number\s+of|count\s+of)\s+)*/.exec(ratio[2])![0];
    const said = ratio[2].slice(counting.length).split(/\s+/);
    const den = [said.join(' '), said[0]].find((d) => denWords.some((_w, i) => sameWords(denWords.slice(0, i + 1).join(' '), d)) || sameWords(per[2], d));
    if (!numOk || den === undefined) continue;
    const at = per.index + per[0].length + ratio.index;
    const end = at + ratio[0].length - ratio[2].length + counting.length + ratio[2].slice(counting.length).indexOf(den) + den.length;
    return `${s.slice(0, at)} ${s.slice(end)}`;
  }
  return s;
}

const AGG_WORDS: Record<string, string[]> = { sum: ['sum', 'total'], avg: ['average', 'avg', 'mean'], min: ['minimum', 'min'], max: ['maximum', 'max'], count: ['count', 'number'] };

/**
 * "units sold instead (sum of quantity)", "AOV (average of revenue)": a figure of the model the question names, written
 * out again as its aggregate of its column, restates it and is read as said once.
 */
export function withoutRestatedAggregate(st: ParseState, s: string): string {
  for (const m of st.model.measures) {
    if (!m.column || !AGG_WORDS[m.agg]) continue;
    const col = st.model.tables.find((x) => x.name === m.table)?.columns.find((c) => c.name === m.column);
    // The figure said by its own names, or by its column's ("refunded amount (sum of revenue of refunded orders)").
    const named = [m.name.replace(/_/g, ' '), ...(m.label ? [m.label] : []), ...(m.synonyms ?? []), ...(m.agg === 'sum' ? col?.synonyms ?? [] : [])];
    if (!new RegExp(`\\b(?:${alt(named)})\\b`).test(s)) continue;
    const columnNames = [m.column, m.column.replace(/_/g, ' '), ...(col?.synonyms ?? [])];
    // "… (sum of revenue on the refunded orders)": the rows it is over may be said too, with a value the question has.
    const t = st.model.tables.find((x) => x.name === m.table);
    const rows = t ? [t.name, ...(t.entity ?? []).flatMap((e) => [e, `${e}s`])] : [];
    const over = rows.length ? `(?:\\s+(?:on|of|over|for|from|across|in)\\s+(?:the\\s+|all\\s+|those\\s+)?(?:([a-z]+)\\s+)?(?:${alt(rows)}))?` : '';
    // Not a running total ("running total of revenue … the cumulative revenue"): that is another figure, read later.
    const restated = new RegExp(`(?:^|\\s)(?<!\\b(?:running|cumulative|cumulated|accumulated)\\s+)(?:the\\s+)?(?:${AGG_WORDS[m.agg].join('|')})\\s+(?:of\\s+)?(?:the\\s+|all\\s+)?(?:${alt(columnNames)})(?:\\s+column)?${over}(?=\\s|$)`);
    const hit = restated.exec(s);
    // Only beside the figure's name said elsewhere: the restatement alone is the question's figure.
    const rest = hit ? `${s.slice(0, hit.index)} ${s.slice(hit.index + hit[0].length)}` : '';
    // A word before the rows ("refunded") goes with them only when the question says it too.
    if (hit && new RegExp(`\\b(?:${alt(named)})\\b`).test(rest) && (!hit[1] || new RegExp(`\\b${hit[1]}\\b`).test(rest))) return rest;
  }
  return s;
}
