/**
 * Before the time stage, a period inside a relative clause about the rows of another table: "revenue from users who
 * signed up this year", "orders of customers that registered last month". The clause names a table by its entity
 * noun and its own event by a count measure of that table (signups count users by their signup time); the period
 * after it limits those rows by that table's time column, reached through a declared join (resolve.ts), not the
 * figure's own period.
 */
import { extractTime, isoDateTime } from '../time-phrases.ts';
import { withRowVerbs } from './row-verbs.ts';
import type { ModelTable, SemanticModel } from '../semantic-model.ts';
import type { ParseState } from './state.ts';

const escape = (w: string): string => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');

/**
 * The events of a table's own rows: the names of its count measures with no filter that do not start with its noun
 * ("signups": signed up, registered, joined).
 */
export function rowEventWords(model: SemanticModel, t: ModelTable): string[] {
  const nouns = [t.name, ...(t.entity ?? [])].map((n) => n.replace(/s$/, ''));
  return model.measures.filter((m) => m.table === t.name && m.agg === 'count' && !m.filter)
    .flatMap((m) => [m.label ?? m.name.replace(/_/g, ' '), ...(m.synonyms ?? [])]).filter((v) => !nouns.some((n) => v.startsWith(n)));
}

export function relatedStage(st: ParseState): void {
  const { model } = st;
  for (const t of model.tables) {
    if (!t.time) continue;
    const nouns = [t.name, ...(t.entity ?? [])].map((n) => n.replace(/s$/, ''));
    const verbs = rowEventWords(model, t);
    if (!verbs.length) continue;
    const re = new RegExp(`\\b(?:${nouns.map(escape).join('|')})s?\\s+(?:who|that|which)\\s+(?:have\\s+|has\\s+|had\\s+|did\\s+)?(?:${verbs.sort((a, b) => b.length - a.length).map(escape).join('|')})\\b(.*)$`);
    const m = re.exec(st.s);
    if (!m) continue;
    // The period is the words right after the verb ("… signed up this year place last month": "this year" only).
    const words = m[1].trim().split(/\s+/).filter(Boolean);
    let time: ReturnType<typeof extractTime> | undefined, used = 0;
    for (let k = 1; k <= Math.min(words.length, 8); k++) {
      const tk = extractTime(words.slice(0, k).join(' '), st.now);
      if (tk.period && !tk.rest.trim() && !tk.grain && !tk.comparison && !tk.comparedTo && !tk.future && !tk.secondPeriod) { time = tk; used = k; }
    }
    if (!time?.period) continue;
    // "users who signed up this year": the clause as written, its period named as the label.
    const clause = m[0].slice(0, m[0].length - m[1].length).trim();
    st.out.related = {
      table: t.name,
      period: { from: isoDateTime(time.period.from), to: isoDateTime(time.period.to), toInclusive: time.period.toInclusive, label: time.period.label },
      label: `${clause} ${time.period.label}`,
    };
    const head = st.s.slice(0, m.index), rest = words.slice(used).join(' ');
    // "how many users who signed up last month …": the noun is what is counted, and stays to be read as that figure;
    // elsewhere it only says whose rows the figure is over ("revenue from users who …"), counted when nothing else is.
    // "how many users who signed up last month have placed an order": with the clause read, the verb after the noun
    // asks for those of them with such rows (parse/row-verbs.ts), as it does right after the noun.
    // "how many of the VN users who signed up in March …": values said of the noun stay with it.
    if (/\b(?:how\s+many|number\s+of|count\s+of|count|#)\s*(?:of\s+(?:the|those|these|our|all\s+the)\s+)?(?:@v~\S+\s+){0,3}$/.test(head)) st.s = withRowVerbs(st, `${head} ${m[0].split(/\s+/)[0]} ${rest} `);
    else { st.out.entities.push(t.name); st.s = `${head} ${rest} `; }
    return;
  }
}
