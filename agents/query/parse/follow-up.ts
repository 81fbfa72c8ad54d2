/**
 * Whether a message is phrased as a refinement of the previous answer ("now…", "same but…", "and by…", "only…",
 * "what about revenue", "… instead", "how many products is that per category?"). A message that names its own
 * measure starts a new query unless it is phrased so (the agent decides; a message without a measure refines the
 * previous answer anyway).
 *
 * "and" / "also" / "what about" mark a refinement only when what follows is a bare part of a query ("and by country",
 * "and only mobile", "and revenue?", "what about Germany"). Followed by a whole question of its own ("and what's total
 * revenue in the last 30 days?", "ok, and how many refunds were there last week?") or by a total of a figure ("what
 * about total revenue"), the message asks afresh: nothing of the previous answer is kept.
 */

/**
 * Words that open a refinement, after an optional "ok" / "so" / "then"; "split the revenue by device", "break the
 * orders down by plan": a figure said with "the" after a verb that splits it is the previous answer's.
 */
const REFINE_OPENER = /^\s*(?:(?:ok|okay|so|then|and then|please|pls|kindly|(?:could|can|would)\s+you(?:\s+please)?)\b[\s,]*)*(now|only|just|and|also|plus|what about|how about|same|but|make it|switch|change|instead|what if|exclude|excluding|without|remove|drop|show it|as a|as an|break it|split it|break (?:that|this|those|these)|split (?:that|this|those|these)|(?:split|break(?:\s+(?:down|out|up))?|slice|segment|cut)\s+the|do it|same thing)\b/;

/** Words at the end that say the rest is kept ("revenue instead", "by device too", "event count instead, all event types"). */
const KEEP_TAIL = /\b(instead|as well|too)(?:\s+(?:and\s+|with\s+)?(?:all|every|any)\s+[a-z_]+(?:\s+[a-z_]+)?)?\s*$/;

/** "page views per session then", "aov then — one number": a figure asked "then", of what the thread has so far. */
const THEN_TAIL = /\s(?:then)\s*[,\u2014\u2013-]?\s*(?:(?:as\s+)?(?:one|a|1|single|just\s+(?:one|a))\s+(?:number|value|figure|row)\s*)?[?.!]*\s*$/;

/** "how many products is that per category?", "what share of those", "what was their total value?": a figure asked of the previous answer's rows. */
const OF_PREVIOUS_ROWS = /\b(?:is|are|was|were)\s+(?:that|those|these)\b(?!\s+[a-z]+s?\b\s*(?:that|which|who))|\b(?:of|among|from)\s+(?:those|them|these)\s*(?:[?.!,]|$|\b(?:by|per|in|for)\b)|^\s*(?:(?:and|so|ok|okay)\s+)?(?:(?:what|how\s+much)\s+(?:is|s|was|were|are)\s+)?their\b/;

/**
 * "the top products there", "top 3 products in that category", "for those countries": a place or a value of the
 * previous answer pointed at (not a period: "that day" is read on its own; not "were there", "there is").
 */
const POINTS_AT_PREVIOUS = /\b(?:in|for|from|of|within|at|across)\s+(?:that|those|the\s+same)\s+(?!(?:day|date|week|month|quarter|year|period|time|hour|range|window)s?\b)[a-z_]+|(?<!\b(?:is|are|was|were|be|been|being|hi|hey|hello|get|got|out|in)\s+)\bthere\b(?!\s+(?:is|are|was|were|be|been|have|has|had|will|would|s)\b)/;

/** "which countries did those organic signups come from?": a question asked of the rows the previous answer counted. */
const ASKED_OF_THOSE = /\b(?:did|do|does|were|are|was|is|have|had|has)\s+(?:those|these|the\s+same)\s+[a-z@]/;

/** Words that point back at the previous answer's rows or period ("for those months", "that day", "the same"). */
const POINTS_BACK = /\b(?:those|these|them|that|it|same|then)\b/;

/**
 * After "and" / "also" / "plus": a question word with its verb ("what is", "what was", "which were", "how many … were
 * there", "how much did …") opens a whole question of its own.
 */
const WHOLE_QUESTION = /^(?:what|which)\s+(?:is|are|was|were|will\s+be|would\s+be)\b|^how\s+(?:much|many)\b(?:\s+[a-z0-9_@~'-]+){0,4}?\s+(?:is|are|was|were|did|do|does|have|has|had)\b/;

/** After "what about" / "how about": the total of a figure ("what about total revenue", "how about the overall orders"). */
const TOTAL_OF = /^(?:the\s+)?(?:total|overall|combined|grand\s+total(?:\s+of)?)\s+(?!(?:over|for|across|in|during|of)\b)[a-z@]/;

/**
 * "what's the refund rate?", "what is the AOV there?", "how much is revenue then?": a question asking for a figure.
 * Naming nothing else (no period, filter, breakdown or row count of its own: the agent checks), it asks that figure of
 * the previous answer's rows, as "what about AOV" does; a total ("what's the total revenue") asks afresh.
 */
const ASKS_FIGURE = /^\s*(?:(?:ok|okay|so|then|and|but|hmm|right|great|thanks|cool)\b[\s,]*)*(?:what|how\s+much|how\s+many)\s+(?:is|s|was|are|were|would\s+be|will\s+be)\b/;
/**
 * "how many refunds were there?", "and how many cancellations?", "how many orders did we get?", "and how many units were
 * sold?": a count of rows (or an amount: "how much units was sold") named
 * by their noun and nothing else is a question asking for a figure, as "what's the refund rate?" is.
 */
const ASKS_COUNT = /^\s*(?:(?:ok|okay|so|then|and|but|hmm|right|great|thanks|cool)\b[\s,]*)*how\s+(?:many|much)\s+(?:[a-z@~_'-]+\s+)?[a-z@~_'-]+(?:\s+(?:(?:were|are|was|is)\s+there|(?:did|do|have)\s+we\s+(?:get|have|had|see|got|receive)|(?:were|are|was|is|got|have\s+been|has\s+been)\s+(?:sold|bought|placed|made|ordered|shipped|returned|refunded|cancell?ed|purchased|completed|received)))?\s*[?.!]*\s*$/;
const ASKS_TOTAL = /\b(?:total|overall|combined|altogether|all\s+time|in\s+all|whole|entire|grand)\b/;

/** Whether `s` (a normalised message) is a question asking for a figure, not for its total (see ASKS_FIGURE). */
export function asksForFigure(s: string): boolean {
  return (ASKS_FIGURE.test(s) || ASKS_COUNT.test(s)) && !ASKS_TOTAL.test(s);
}

/** Whether `s` (a normalised message) is phrased as a refinement of the previous answer. */
export function phrasedAsRefinement(s: string): boolean {
  if (KEEP_TAIL.test(s) || THEN_TAIL.test(s) || OF_PREVIOUS_ROWS.test(s) || POINTS_AT_PREVIOUS.test(s) || (ASKED_OF_THOSE.test(s) && !ASKS_TOTAL.test(s))) return true;
  const open = REFINE_OPENER.exec(s);
  if (!open) return false;
  const rest = s.slice(open.index + open[0].length).replace(/^[\s,]+/, '');
  if (POINTS_BACK.test(rest)) return true;
  if (/^(?:and|also|plus)$/.test(open[1]) && WHOLE_QUESTION.test(rest)) return false;
  if (/^(?:what|how) about$/.test(open[1]) && TOTAL_OF.test(rest)) return false;
  return true;
}
