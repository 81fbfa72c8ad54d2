/**
 * The first / last row of a table: "when was the most recent order", "latest signup" (the min / max of its time
 * column), and a figure of that one row ("latest order revenue"), refused. Read in the normalise stage.
 */
import { phraseKey } from '../vocabulary.ts';
import { escapeRe, type ParseState } from './state.ts';
import { withValueOfOneRow } from './row-value.ts';

/**
 * "when did the first user sign up?", "when was the most recent order": the first / last row of a table (named by an
 * entity noun) is the min / max of its time column (the value of one such row: row-value.ts); a verb right after the noun that names the table's own row count
 * ("sign up" = signups of users) asks for nothing more.
 */
export function withFirstOrLastRow(st: ParseState, s: string): string {
  for (const t of st.model.tables) {
    if (!t.time) continue;
    // The table's nouns, and the one-word names of a figure counting all its rows ("signup" for users).
    const counts = st.model.measures.filter((m) => m.table === t.name && m.agg === 'count' && !m.filter && !m.column)
      .flatMap((m) => [m.name, ...(m.synonyms ?? [])]).filter((w) => /^[a-z]+$/.test(w)).map((w) => w.replace(/s$/, ''));
    // "the first refund", "the last cancellation": the one-word name of a figure counting the rows of one value of a
    // column ("refunds" = orders of status refunded) is the table's noun with that value ("refunded order").
    // A figure whose filter is the table's default ("orders" = completed orders) names the table's rows, read over all.
    const own = new Set([...(t.entity ?? []), t.name.replace(/s$/, ''), ...counts]);
    const isDefault = (f: Record<string, unknown>): boolean => JSON.stringify(f) === JSON.stringify(t.defaultFilter ?? {});
    const valued = new Map(st.model.measures.filter((m) => m.table === t.name && m.agg === 'count' && !m.column && m.filter && !isDefault(m.filter))
      .flatMap((m) => {
        const f = Object.values(m.filter ?? {});
        if (f.length !== 1 || typeof f[0] !== 'string') return [];
        return [m.name, ...(m.synonyms ?? [])].filter((w) => /^[a-z]+$/.test(w)).map((w) => [w.replace(/s$/, ''), f[0] as string] as const);
      }).filter(([w, v]) => !own.has(w) && valuesOf(st, t.name, v)));
    const nouns = [...new Set([...own, ...valued.keys()])].map(escapeRe).join('|');
    // "when did we get our first completed order", "time / date of the last refund": a subject and a verb of receiving may stand before it, and values of
    // the table's columns between the superlative and the noun say whose rows (read after it, as "for <values>").
    const got = '(?:(?:we|i|you|they)\\s+(?:get|got|receive|received|see|saw|have|had|take|took)\\s+)?';
    const vals = `((?:(?:@v~\\S+|[a-z][a-z0-9_/'-]*)\\s+){0,2}?)`;
    const re = new RegExp(`\\b(?:when\\s+(?:did|was|were|is|has|have)\\s+${got}|(?:time|date|timestamp|datetime)\\s+of\\s+)(?:the\\s+|our\\s+|my\\s+|their\\s+|his\\s+|her\\s+|its\\s+)?(?:very\\s+)?(first|earliest|oldest|last|latest|newest|most\\s+recent)\\s+${vals}(${nouns})s?\\b(?:\\s+(?:happen|happened|occur|occurred|take\\s+place|took\\s+place)\\b)?((?:\\s+[a-z]+){0,2})`);
    // "latest signup", "the most recent order?": the superlative and one singular noun, no figure, is the same time.
    const bare = new RegExp(`^\\s*(?:(?:what|which)\\s+(?:was|is)\\s+|show\\s+(?:me\\s+)?)?(?:the\\s+|our\\s+|my\\s+)?(?:very\\s+)?(latest|newest|most\\s+recent)\\s+${vals}(${nouns})\\b((?:\\s+(?:in|on|during|since|this|last|yesterday|today)\\b[^?]*)?)\\s*[?.!]?\\s*$`);
    const m = re.exec(s) ?? bare.exec(s);
    if (!m) {
      // "latest order revenue", "revenue of the most recent order", "what was the last order worth": a figure of the
      // one row a superlative of time names is that row's value, not a figure over rows; refused naming the word.
      const one = new RegExp(`\\b(first|earliest|oldest|last|latest|newest|most\\s+recent)\\s+${vals}(${nouns})\\b(?!\\s*s\\b)`).exec(s);
      if (one && (!one[2].trim() || valuesOf(st, t.name, one[2])) && !/^\s*(?:(?:[a-z]+\s+){0,3})?(?:\d|hour|day|week|month|quarter|year)/.test(s.slice(one.index + one[0].length))) {
        // "latest order revenue", "what did the last order from Japan cost": the value of a number column the words name.
        const rowValue = withValueOfOneRow(st, t.name, s, one.index, one[0].length, one[1], [one[2].trim(), valued.get(one[3]) ?? ''].filter(Boolean).join(' '), one[3]);
        if (rowValue !== undefined) { s = rowValue; continue; }
        st.out.unsupported ??= `${one[1]} ${one[3]} (the value of one ${one[3]}: I answer figures over rows, not one row's value)`;
        // "what was the last order worth": the word of a row's value after it asks for nothing more.
        s = `${s.slice(0, one.index)} ${s.slice(one.index + one[1].length, one.index + one[0].length)}${s.slice(one.index + one[0].length).replace(/^\s+worth\b/, ' ')}`;
      }
      continue;
    }
    if (m[2].trim() && !valuesOf(st, t.name, m[2])) continue;
    const agg = /^(?:first|earliest|oldest)$/.test(m[1]) ? 'min' : 'max';
    const whose = [m[2].trim(), valued.get(m[3]) ?? ''].filter(Boolean).join(' ');
    let rest = m[4];
    const words = rest.trim().split(/\s+/).filter(Boolean);
    for (const n of [2, 1]) {
      if (words.length < n) continue;
      const ms = st.vocab.phrases.get(phraseKey(words.slice(0, n).join(' '))) ?? [];
      const own = ms.some((x) => x.t === 'measure' && st.model.measures.find((y) => y.name === x.name && y.table === t.name && y.agg === 'count'));
      if (own) { rest = ` ${words.slice(n).join(' ')}`; break; }
    }
    s = `${s.slice(0, m.index)} ${agg} ${t.time} of ${t.name}${whose ? ` for ${whose}` : ''}${rest}${s.slice(m.index + m[0].length)}`;
  }
  return s;
}

/** Whether every word of `words` is a value of a dimension with a column in `table`. */
export function valuesOf(st: ParseState, table: string, words: string): boolean {
  return words.trim().split(/\s+/).every((w) => {
    const code = /^@v~([^~]+)~/.exec(w);
    const dims = code ? [code[1]] : (st.vocab.phrases.get(phraseKey(w)) ?? []).flatMap((x) => (x.t === 'value' ? [x.dimension] : []));
    return dims.length > 0 && dims.some((d) => st.model.dimensions.find((x) => x.name === d)?.columns?.some((c) => c.startsWith(`${table}.`)));
  });
}
