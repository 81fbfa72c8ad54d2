/**
 * "how many seconds do people spend on the pricing page?", "how long do users stay on /checkout": a question of how
 * much time something takes asks the average of the model's time-spent column, in the unit named. Read in the
 * normalise stage; the words it writes ("average time spent in seconds") are the model's (a column synonym).
 */
import type { ParseState } from './state.ts';

const UNITS = String.raw`(milliseconds?|ms|seconds?|secs?|minutes?|mins?|hours?|hrs?)`;
// Who spends it: people, not a thing ("how many seconds does a page view take" is left as written).
const WHO = String.raw`(?:\s+(?:(?:the\s+)?(?:average|typical)\s+)?(?:people|persons?|users?|customers?|visitors?|shoppers?|buyers?|folks|someone|somebody|they|we|you|(?:a|an|each|every|one)\s+(?:user|visitor|customer|person|shopper|buyer)))?`;
const VERB = String.raw`(?:spend|spent|stay|stayed|take|took|last|lasted|remain|remained)`;

/** Rewrites the question into "average time spent [in <unit>]" when the model has a column people call "time spent". */
export function withTimeSpent(st: ParseState, s: string): string {
  const spent = st.model.tables.some((t) => t.columns.some((c) => (c.synonyms ?? []).includes('time spent')));
  if (!spent) return s;
  const out = s
    .replace(new RegExp(String.raw`\b(?:on\s+average\s*,?\s*)?how\s+(?:many|much)\s+${UNITS}\s+(?:do|does|did)${WHO}\s+${VERB}\b(?:\s+on\s+average)?`), (_m, unit: string) => ` average time spent in ${unit} `)
    // "which page do people spend the longest on?", "… the least time on, on average": ranked by the average (the most
    // time without "on average" may be the total, and is left as written).
    .replace(new RegExp(String.raw`\b(?:do|does|did)${WHO}\s+${VERB}\s+(?:the\s+)?(?:(longest|shortest)(?:\s+(?:time|amount\s+of\s+time))?(?:\s+(?:on|in|at|with))?(?:\s+on\s+average)?|(most|least)\s+time(?:\s+(?:on|in|at|with))?\s+on\s+average)(?=\s|$|[?.!,])`),
      (_m, long?: string, most?: string) => ` has the ${/^(?:longest|most)/.test(long ?? most ?? '') ? 'highest' : 'lowest'} average time spent `)
    .replace(new RegExp(String.raw`\b(?:on\s+average\s*,?\s*)?how\s+long\s+(?:do|does|did)${WHO}\s+${VERB}\b(?:\s+on\s+average)?`), ' average time spent ');
  // "how long do people spend on /pricing, on average": the average is said once.
  return out !== s && /\baverage time spent\b/.test(out) ? out.replace(/(\baverage time spent\b.*?)\s+on\s+(?:an?\s+)?average\b/, '$1 ') : out;
}
