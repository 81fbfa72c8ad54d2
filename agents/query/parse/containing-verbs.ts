/**
 * "sessions that included a purchase", "sessions containing an add to cart", "days which had at least one refund":
 * a verb of containing between a noun and "a / an / any / at least one <thing>" says "with a <thing>". Read as
 * "with", the rows are those with that value (as "sessions with a purchase" is read); "included" was otherwise taken
 * as "including", which adds a value to a figure, and the question was refused or misread.
 */
const CONTAINING = /\b(?:(?:that|which|who)\s+)?(?:included|includes|include|contained|contains|contain|containing|involved|involves|involving|featured|features|featuring)\s+(a|an|any|at\s+least\s+one|one\s+or\s+more)\b(?=\s+[a-z@])/g;

/** The text with a verb of containing and its article written as "with a". */
export function withContainingVerbs(s: string): string {
  // "at least one" / "one or more" before the thing mean the same as "a" here.
  return s.replace(CONTAINING, ' with a ');
}
