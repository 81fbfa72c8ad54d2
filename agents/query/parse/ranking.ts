/** Stage 5, ranking and limits: column superlatives ("the 5 cheapest"), top / bottom N, "limit to N". */
import { DatalabsError } from '../../../bot/contracts/errors.ts';
import { checkRowCount } from '../bounds.ts';
import { phraseKey, stem } from '../vocabulary.ts';
import { ASC_WORDS } from '../words.ts';
import type { ParseState } from './state.ts';

/** A row count as written after top / first / limit: any number-like token, validated afterwards. */
export const COUNT = '(-?\\d[\\d.]*(?:e[-+]?\\d+)?)(?![\\w.])';

const UP = '(?:top|best|highest|biggest|largest|most|greatest)';
const DOWN = '(?:bottom|worst|lowest|smallest|least|fewest)';
/** "the best and worst country", "top 3 and bottom 3", "highest and lowest revenue" after which: both ends of a ranking. */
const BOTH_ENDS = new RegExp(`\\b(?:${UP}(?:\\s+\\d+)?\\s+(?:and|&|or|\\/|as\\s+well\\s+as)\\s+(?:the\\s+)?${DOWN}|${DOWN}(?:\\s+\\d+)?\\s+(?:and|&|or|\\/|as\\s+well\\s+as)\\s+(?:the\\s+)?${UP})\\b`);

export function rankingStage(st: ParseState): void {
  const { out, vocab, maxRows } = st;
  let s = st.s;
  // A ranking shows one end: both at once were answered as the last end named alone (a wrong answer), so refused.
  const both = BOTH_ENDS.exec(s);
  if (both) throw new DatalabsError('NOT_UNDERSTOOD', `"${both[0]}" asks both ends of a ranking at once; I rank one way at a time: ask for the top, then "and the bottom?".`);
  // "limit it to 5 rows", "cap the results at 10", "cut the list down to the top 3": the row limit of the previous answer.
  s = s.replace(new RegExp(`\\b(?:limit|cap|restrict|cut|trim|truncate|reduce|shorten)\\s+(?:it|this|that|them|the\\s+(?:results?|list|table|rows|answer|output|ranking))\\s+(?:down\\s+)?(?:to|at)\\s+(?:the\\s+)?(?:top\\s+|first\\s+)?${COUNT}(?:\\s+(?:rows?|results?|lines?|items?|entries|records))?`, 'g'),
    (m: string, n: string) => { out.limit = checkRowCount(n, m, maxRows); return ' '; });
  // Superlatives of a column ("cheapest", "most expensive") become rank tokens; "the 5 cheapest" is a limit.
  if (vocab.ranks.size) {
    const words = [...vocab.ranks.keys()].sort((a, b) => b.length - a.length).map((w) => w.replace(/ /g, '\\s+'));
    // "which category is the cheapest on average": the lowest average of the column the word ranks by.
    s = s.replace(new RegExp(`\\b(${words.join('|')})\\s*,?\\s+(?:on\\s+average|on\\s+avg|in\\s+average)\\b`, 'g'), (_m, w: string) => {
      const r = vocab.ranks.get(w.replace(/\s+/g, ' '))!;
      return ` ${r.dir === 'asc' ? 'lowest' : 'highest'} average ${r.column.replace(/_/g, ' ')} `;
    });
    s = s.replace(new RegExp(`\\b(${words.join('|')})\\b`, 'g'), (w: string) => {
      const r = vocab.ranks.get(w.replace(/\s+/g, ' '))!;
      return ` @rank~${r.dir}~${r.table}~${r.column}~${w.replace(/\s+/g, '_')} `;
    });
    // "the 10 cheapest products with their price": the column ranked by is shown with the rows; said again, it asks nothing more.
    s = s.replace(/(@rank~(?:asc|desc)~[^~\s]+~([^~\s]+)~\S+\s+[a-z]+)\s*,?\s+(?:with|showing|plus|including|incl\.?)\s+(?:their|its|the)\s+([a-z_]+(?:\s+[a-z_]+)?)\s*(?=[?.!,;]|$)/, (whole: string, head: string, column: string, said: string) =>
      (said.replace(/\s+/g, '_') === column || (vocab.phrases.get(phraseKey(said)) ?? []).some((m) => m.t === 'column' && m.column === column) ? `${head} ` : whole));
    s = s.replace(new RegExp(`(?<![\\w.])${COUNT}\\s+(?=@rank~(asc|desc)~[^~\\s]*~[^~\\s]*~(\\S+))`, 'g'), (_m, n: string, dir: 'asc' | 'desc', word: string) => {
      out.order = dir; out.limit = checkRowCount(n, `${n} ${word.replace(/_/g, ' ')}`, maxRows); return ' ';
    });
  }

  // Top / bottom N, limits.
  s = s.replace(new RegExp(`\\b(top|best|highest|biggest|largest|leading|greatest|most|bottom|worst|lowest|smallest|least|fewest)\\s+${COUNT}`, 'g'), (m: string, w: string, n: string) => {
    out.order = ASC_WORDS.has(w) ? 'asc' : 'desc'; out.limit = checkRowCount(n, m, maxRows); if (w === 'best' || w === 'worst') out.judged = true; return ' ';
  });
  s = s.replace(new RegExp(`(?<![\\w.])${COUNT}\\s+(best|biggest|largest|highest|top|leading|worst|smallest|lowest|least)\\b`, 'g'), (m: string, n: string, w: string) => {
    out.order = ASC_WORDS.has(w) ? 'asc' : 'desc'; out.limit = checkRowCount(n, m, maxRows); if (w === 'best' || w === 'worst') out.judged = true; return ' ';
  });
  // "which 3 products … the most revenue": a count right after which / what is how many rows to show.
  s = s.replace(new RegExp(`\\b(which|what)\\s+${COUNT}(?=\\s+[a-z])`, 'g'), (m: string, w: string, n: string) => { out.limit = checkRowCount(n, m, maxRows); return ` ${w} `; });
  // "the 3 categories with the most orders": a count before a grouping noun, in a question that ranks.
  if (/\b(most|least|highest|lowest|biggest|largest|smallest|fewest|best|worst|top|bottom|greatest|leading)\b/.test(s) && out.limit === undefined) {
    s = s.replace(new RegExp(`(?<![\\w.$-])${COUNT}\\s+(?=([a-z]+))`), (m: string, n: string, noun: string) => {
      const ms = vocab.phrases.get(stem(noun)) ?? [];
      if (!ms.some((x) => x.t === 'dimension' || x.t === 'entity') || stem(noun) === noun) return m;
      out.limit = checkRowCount(n, m, maxRows); return ' ';
    });
  }
  // "make it 10", "just 3 please": a message that is only a row count changes how many rows the ranking shows.
  // "only 2024" is a year (a period), not 2024 rows.
  s = s.replace(new RegExp(`^\\s*(?:(?:ok|okay|now|and|then)\\s+)?(?:make\\s+(?:it|that)|change\\s+(?:it|that)\\s+to|just|only|show\\s+me)\\s+(?!(?:19|20)\\d\\d\\b)${COUNT}(?:\\s+(?:please|pls|instead|rows))?\\s*$`), (m: string, n: string) => { out.limit = checkRowCount(n, m.trim(), maxRows); return ' '; });
  s = s.replace(new RegExp(`\\b(?:limit(?:\\s+to)?|first|only\\s+show|show\\s+only)\\s+${COUNT}`, 'g'), (m: string, n: string) => { out.limit = checkRowCount(n, m, maxRows); return ' '; });
  st.s = s;
}
