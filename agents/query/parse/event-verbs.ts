/**
 * Verbs of events ("how many purchased", "viewed the pricing page") read as the value they name, and a second event
 * negated or added after one ("added to cart but didn't buy"), refused. Read in the normalise stage.
 */
import { phraseKey, stem } from '../vocabulary.ts';
import { FILLER } from '../words.ts';
import { escapeRe, type ParseState } from './state.ts';

/**
 * "how many unique users viewed the pricing page", "how many purchased?": a verb the model declares for a value
 * (`verbs` of a dimension) names that value when its subject is who did it ("how many", a noun of the dimension's
 * `verbMeasure` or of the entity that measure counts); it is written as the stored value, and "how many" alone gets
 * the measure's noun. After any other subject ("customers who bought") the verb stays a word of no meaning.
 */
export function withEventVerbs(st: ParseState, s: string): string {
  for (const d of st.model.dimensions) {
    if (!d.verbs || !d.verbMeasure) continue;
    const m = st.model.measures.find((x) => x.name === d.verbMeasure);
    if (!m) continue;
    const nouns = new Set<string>([m.name.replace(/_/g, ' '), ...(m.label ? [m.label] : []), ...(m.synonyms ?? [])]);
    const [ownTable] = (d.columns ?? []).map((c) => c.split('.')[0]);
    // Nouns of the entity the measure counts ("people", "members"): who did it is that measure ("how many people logged
    // in" counts active users, as "how many users logged in" does), not a count of the entity's own rows.
    const entityNouns = new Set<string>();
    for (const j of st.model.joins ?? []) {
      if (j.from !== ownTable || !m.column || !Object.keys(j.on).includes(m.column)) continue;
      for (const e of st.model.tables.find((t) => t.name === j.to)?.entity ?? []) for (const n of [e, `${e}s`]) if (!nouns.has(n)) entityNouns.add(n);
    }
    for (const n of entityNouns) nouns.add(n);
    const subject = [...nouns].sort((a, b) => b.length - a.length).map(escapeRe).join('|');
    const whoOf = (subj: string): string => (/^how\s+many$/.test(subj) ? `${subj} ${m.label ?? m.name.replace(/_/g, ' ')}` : entityNouns.has(subj) ? (m.label ?? m.name.replace(/_/g, ' ')) : subj);
    // "how many users did a page view, add to cart, checkout, purchase": a doing verb before a list of the values.
    const valueWords = [...(d.values ?? []).map((v) => [v, v]), ...Object.entries(d.valueSynonyms ?? {})]
      .map(([w, v]) => [w.toLowerCase().split(/[\s_-]+/).map(escapeRe).join('[\\s_-]+'), v] as const).sort((a, b) => b[0].length - a[0].length);
    const valueAlt = valueWords.map(([w]) => `${w}s?`).join('|');
    const one = `(?:(?:a|an|the)\\s+)?(?:${valueAlt})(?:\\s+(?:event|step)s?)?`;
    const didRe = new RegExp(`\\b(how\\s+many|${subject})(\\s+(?:who|that))?\\s+(?:did|do|does|had|have|has|performed|triggered|made|completed|reached|hit)\\s+(${one}(?:\\s+(?:(?:and|or|then)\\s+)?(?:->\\s+)?${one})*)(?![\\w-])`, 'g');
    s = s.replace(didRe, (_whole: string, subj: string, link: string | undefined, list: string) => {
      const who = whoOf(subj);
      const picked: string[] = [];
      for (let rest = list; rest.trim();) {
        const hit = valueWords.map(([w, v]) => [new RegExp(`^\\s*(?:(?:and|or|then)\\s+)?(?:->\\s+)?(?:(?:a|an|the)\\s+)?${w}s?(?:\\s+(?:event|step)s?)?(?![\\w-])`).exec(rest), v] as const).find(([x]) => x);
        if (!hit) return _whole;
        picked.push(`@v~${d.name}~${hit[1]}`);
        rest = rest.slice(hit[0]![0].length);
      }
      return `${who}${link ?? ''} ${picked.join(' ')} `;
    });
    // "how many users hit / reached each funnel step": a doing verb before each value of the dimension (named by its
    // name or a synonym) is the measure by that dimension, as "how many users did each step" is.
    const dimWords = [d.name.replace(/_/g, ' '), ...(d.synonyms ?? [])].sort((a, b) => b.length - a.length).map((w) => w.split(/[\s_]+/).map(escapeRe).join('\\s+')).join('|');
    s = s.replace(new RegExp(`\\b(how\\s+many|${subject})(\\s+(?:who|that))?\\s+(?:did|do|does|had|have|has|performed|triggered|made|completed|reached|hit)\\s+(?=(?:each|every|per)\\s+(?:${dimWords})\\b)`, 'g'), (_whole: string, subj: string, link: string | undefined) => {
      const who = whoOf(subj);
      return `${who}${link ?? ''} `;
    });
    const filler = '(?:something|anything|stuff|items?|an\\s+item|it|them)\\s+';
    // "how many users bought something": a verb that is also another table's action (orders: bought) names this
    // dimension's value only where the question is about these rows (another of its values or verbs, or "events");
    // alone it is left to that table, whose figure counts who did it (buyers).
    const actionsOfOther = new Set(st.model.tables.filter((t) => t.name !== ownTable).flatMap((t) => t.actions ?? []));
    const otherWords = [...valueWords.map(([w]) => w), ...Object.keys(d.verbs).filter((v) => !actionsOfOther.has(v)).map((v) => v.split(/\s+/).map(escapeRe).join('\\s+')), 'events?'];
    const aboutTheseRows = (text: string, value: string): boolean => otherWords.some((w) => {
      const hit = new RegExp(`\\b(?:${w})\\b`).exec(text);
      return !!hit && (d.verbs?.[hit[0]] ?? d.valueSynonyms?.[hit[0]] ?? hit[0]) !== value;
    }) || /\bevents?\b/.test(text);
    for (const [verb, value] of Object.entries(d.verbs).sort((a, b) => b[0].length - a[0].length)) {
      const words = verb.trim().split(/\s+/).map(escapeRe);
      const verbRe = words[0] + (words.length > 1 ? `\\s+(?:${filler})?${words.slice(1).join('\\s+')}` : '');
      const re = new RegExp(`\\b(how\\s+many|${subject})(\\s+(?:who|that)(?:\\s+(?:have|has|had|did))?|\\s+(?:have|has|had|did))?\\s+${verbRe}\\b`, 'g');
      s = s.replace(re, (whole: string, subj: string, link: string | undefined, at: number, text: string) => {
        // "how many users bought electronics": the object is of another table, whose own figure counts them.
        if (namesOtherTable(st, text.slice(at + whole.length), ownTable)) return whole;
        if (actionsOfOther.has(verb) && !aboutTheseRows(text, value)) return whole;
        const who = whoOf(subj);
        return `${who}${link ?? ''} @v~${d.name}~${value} `;
      });
    }
    // "users who never checked out", "signed up but never signed in": after "never" the verb names its value, whatever
    // the subject (the agent builds the rows with none of them: settleNever).
    // Not after another event of it (a second event: refused above), nor a verb of another table's rows ("never bought").
    const otherRows = st.model.tables.filter((t) => t.name !== ownTable).flatMap((t) => [t.name, ...(t.actions ?? []), ...(t.entity ?? [])]);
    const ofOther = (verb: string): boolean => verb.split(/\s+/).some((w) => otherRows.some((o) => w === o || stem(w).startsWith(stem(o)) || w.replace(/(?:ed|d)$/, '') === o));
    for (const [verb, value] of Object.entries(d.verbs).sort((a, b) => b[0].length - a[0].length)) {
      if (s.includes(`@v~${d.name}~`) || ofOther(verb)) continue;
      const verbRe = verb.trim().split(/\s+/).map(escapeRe).join('\\s+');
      s = s.replace(new RegExp(`\\b(never|not\\s+ever)\\s+((?:have|has|had|did|do|does)\\s+)?${verbRe}\\b`, 'g'), (_w: string, never: string, aux: string | undefined) => `${never} ${aux ?? ''}@v~${d.name}~${value} `);
    }
    // "how many users added to cart, checked out, and purchased": verbs of the same dimension listed after one read
    // so share its subject.
    const verbAlt = Object.keys(d.verbs).sort((a, b) => b.length - a.length).map((v) => v.trim().split(/\s+/).map(escapeRe).join('\\s+')).join('|');
    const listed = new RegExp(`(@v~${escapeRe(d.name)}~\\S+)\\s+(?:(?:and|or|then)\\s+)?(${verbAlt})\\b`);
    for (let m = listed.exec(s); m; m = listed.exec(s)) {
      const verb = m[2].replace(/\s+/g, ' ');
      const value = Object.entries(d.verbs).find(([v]) => v.trim().replace(/\s+/g, ' ') === verb)?.[1];
      if (!value) break;
      s = `${s.slice(0, m.index)}${m[1]} @v~${d.name}~${value} ${s.slice(m.index + m[0].length)}`;
    }
    // "added to cart yesterday but didn't buy", "viewed a page but did not add to cart", "and also checked out": a second
    // event of the dimension, negated or added, after one was read (any form of its verb, or a value's name) asks for
    // the users of one event with or without the other, which one filter cannot say; refused, never dropped.
    // "sessions that had an add_to_cart event but no purchase event": a value named as an event had, before a second one.
    if (!s.includes(`@v~${d.name}~`)) {
      // "users who had both an add_to_cart and a purchase event": the first, and also the second.
      const words = valueWords.map(([w]) => w).join('|');
      const both = new RegExp(`\\b(?:had|has|have|with|having|did|contained|contain|contains|containing|included|include|includes|including)\\s+both\\s+(?:an?\\s+)?(${words})(?:\\s+events?)?\\s+and\\s+(?:an?\\s+)?(${words})(?:\\s+events?)?\\b`);
      const valueOfWord = (v: string): string => valueWords.find(([w]) => new RegExp(`^(?:${w})$`).test(v))?.[1] ?? v;
      s = s.replace(both, (_w: string, a: string, b: string) => `@v~${d.name}~${valueOfWord(a)} and also ${b} `);
      const had = new RegExp(`\\b(?:had|has|have|with|having)\\s+(?:an?|any|at\\s+least\\s+one)\\s+(${valueWords.map(([w]) => w).join('|')})(?:\\s+events?)?(?=\\s+(?:but|and|yet)\\s+(?:no|not|never|didn'?t|did\\s+not|also)\\b)`);
      s = s.replace(had, (_w: string, v: string) => `@v~${d.name}~${valueOfWord(v)} `);
    }
    if (s.includes(`@v~${d.name}~`)) {
      const forms = new Set<string>();
      const valueOfForm = new Map<string, string>();
      const valueOf = (v: string): string => d.verbs?.[v] ?? d.valueSynonyms?.[v] ?? v;
      for (const v of [...Object.keys(d.verbs), ...Object.keys(d.valueSynonyms ?? {}), ...(d.values ?? [])]) {
        for (const f of verbForms(v)) { forms.add(f); if (!valueOfForm.has(f.replace(/[\s_]+/g, ' '))) valueOfForm.set(f.replace(/[\s_]+/g, ' '), valueOf(v)); }
      }
      const formAlt = [...forms].sort((a, b) => b.length - a.length).map((f) => f.split(/[\s_]+/).map(escapeRe).join('[\\s_]+')).join('|');
      const neg = new RegExp(`@v~${escapeRe(d.name)}~\\S+.*?\\b(?<tail>(?:(?:but|and|yet|or)\\s+)?(?:(?:they|then)\\s+)?(didn'?t|did\\s+not|never|not|haven'?t|have\\s+not|hasn'?t|has\\s+not|also|then|no)\\s+(?:(?:also|ever|go\\s+on\\s+to|actually)\\s+)?(?:${filler})?(${formAlt})(?:\\s+events?)?)(?=\\s|$|[?.!,])`, 'd');
      const two = neg.exec(s);
      // "but didn't buy", "and also checked out": the same entities with or without the second event (entity-sets.ts);
      // "then" (an order of events) and a second one after a first that was not read are refused.
      const second = two ? valueOfForm.get(two[3].replace(/[\s_]+/g, ' ')) : undefined;
      if (two && second && !st.out.secondEvent && !/^then$/.test(two[2])) {
        const [at, end] = two.indices!.groups!.tail;
        st.out.secondEvent = { dimension: d.name, value: second, has: two[2] === 'also', text: s.slice(at, end).trim() };
        s = `${s.slice(0, at)} ${s.slice(end)}`;
      } else if (two) st.out.unsupported ??= `${two[2]} ${two[3]} after another event (users of one event with or without another)`;
    }
    // "users who viewed the pricing page and purchased": another verb of the dimension, left after one was read, asks for
    // rows that did both (a sequence of events), which one filter cannot say; refused rather than read as a filler word.
    const left = s.includes(`@v~${d.name}~`) ? new RegExp(`(?:^|\\s)(${verbAlt})(?=\\s|$)`).exec(s) : null;
    if (left) st.out.unsupported ??= `${left[1]} after another event (rows that did two events)`;
  }
  return s;
}

/** Forms of an event verb or value ("bought" -> buy, "added to cart" -> add to cart, "logged in" -> log in). */
function verbForms(v: string): string[] {
  const [first, ...rest] = v.trim().toLowerCase().split(/[\s_]+/);
  const irregular: Record<string, string[]> = { bought: ['buy', 'buys', 'buying'], saw: ['see'], seen: ['see'], made: ['make'] };
  const heads = new Set<string>([first, ...(irregular[first] ?? [])]);
  const stem = /ed$/.test(first) ? first.slice(0, -2) : undefined;
  if (stem) {
    heads.add(stem).add(`${stem}e`);
    if (/([bcdfglmnprstvz])\1$/.test(stem)) heads.add(stem.slice(0, -1));
    if (/i$/.test(stem)) heads.add(`${stem.slice(0, -1)}y`);
  }
  return [...heads].map((h) => [h, ...rest].join(' '));
}

/** Whether the words name a value or grouping that has no column on `table` (a category of orders, not of events). */
function namesOtherTable(st: ParseState, text: string, table: string | undefined): boolean {
  const words = text.split(/[^a-z0-9_/'-]+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    for (const len of [1, 2, 3]) {
      if (i + len > words.length) continue;
      const phrase = words.slice(i, i + len).join(' ');
      if (len === 1 && FILLER.has(phrase)) continue;
      for (const m of st.vocab.phrases.get(phraseKey(phrase)) ?? []) {
        if (m.t !== 'value' && m.t !== 'dimension') continue;
        const name = m.t === 'value' ? m.dimension : m.name;
        const d = st.model.dimensions.find((x) => x.name === name);
        if (d?.columns?.length && !d.columns.some((c) => c.split('.')[0] === table)) return true;
      }
    }
  }
  return false;
}
