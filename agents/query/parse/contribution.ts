/**
 * "how much money did refunded orders account for", "revenue that cancelled orders brought in", "sales US users made":
 * an amount, then rows of a table (an entity noun of the model, with up to three words naming which) and a verb saying
 * the rows produced it. The rows say what the amount is over, as "revenue of refunded orders" does: the clause is
 * rewritten to "of <rows>", so "account" here is a verb, never the users noun ("accounts", "new accounts").
 */
import { phraseKey } from '../vocabulary.ts';
import type { ParseState } from './state.ts';

const VERB = String.raw`(?:account(?:s|ed)?\s+for|(?:bring|brings|brought|bringing)\s+in|(?:make|makes|made|generate|generates|generated|earn|earns|earned|produce|produces|produced|represent|represents|represented)\b(?!\s+(?:a|an|any|one|more|up|of)\b))`;
const AUX = /^(?:did|do|does|that|which|have|has|had|will|would)$/;

const escapeRe = (w: string): string => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function withRowsThatProduced(st: ParseState, s: string): string {
  const nouns = [...new Set(st.model.tables.flatMap((t) => [t.name, ...(t.entity ?? [])]).flatMap((n) => [n.replace(/s$/, ''), `${n.replace(/s$/, '')}s`]))];
  const re = new RegExp(String.raw`\b(${nouns.map(escapeRe).join('|')})\s+(?:have\s+|has\s+|had\s+)?${VERB}`);
  const m = re.exec(s);
  if (!m) return s;
  // An amount: a summed figure ("money", "revenue", "units sold") or a number column ("order value") of the model.
  const amount = (phrase: string): boolean => (st.vocab.phrases.get(phraseKey(phrase)) ?? []).some((x) => x.t === 'column'
    || (x.t === 'measure' && st.model.measures.find((y) => y.name === x.name)?.agg === 'sum'));
  const words = s.slice(0, m.index).trim().split(/\s+/).filter(Boolean);
  let k = words.length;
  while (k > 0 && words.length - k < 3 && !AUX.test(words[k - 1]) && !amount(words[k - 1]) && !(k > 1 && amount(`${words[k - 2]} ${words[k - 1]}`))) k--;
  const which = words.slice(k);
  const before = words.slice(0, k > 0 && AUX.test(words[k - 1]) ? k - 1 : k);
  const named = before.some((w, i) => amount(w) || (i + 1 < before.length && amount(`${w} ${before[i + 1]}`)));
  if (!named) return s;
  return `${before.join(' ')} of ${[...which, m[1]].join(' ')} ${s.slice(m.index + m[0].length)}`;
}
