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

/** "what fraction have placed at least one completed order": a share of entities with at least one row of something. */
const SHARE_AT_LEAST_ONE = /\b((?:what|which)\s+(?:fraction|share|percent|percentage|proportion|pct)\b.*?\b(?:have|has|had|did)\b(?:\s+(?:ever|already|actually))?(?:\s+[a-z]+)?)\s+(?:at\s+least\s+(?:one|1)|one\s+or\s+more|1\s+or\s+more)\s+(?=[a-z@])/;

/** "how many users who signed up in 2024 have placed at least one completed order": the users who placed one. */
const COUNT_AT_LEAST_ONE = /\b((?:how\s+many|number\s+of|count\s+of)\s+[a-z]+\b.*?\b(?:(?:have|has|had|did)\b(?:\s+(?:ever|already|actually))?\s+[a-z]+|placed|made|bought|ordered|purchased))\s+(?:at\s+least\s+(?:one|1)|one\s+or\s+more|1\s+or\s+more)\s+(?=[a-z@])/;

/**
 * The share of entities that have at least one row of something is the share that have one: "at least one" there
 * is written "a" ("of the users who signed up in the last 90 days, what fraction have placed at least one completed
 * order" reads as "… have placed a completed order"). Elsewhere "at least one" stays a count condition.
 */
export function withShareOfAtLeastOne(s: string): string {
  return s.replace(SHARE_AT_LEAST_ONE, '$1 a ').replace(COUNT_AT_LEAST_ONE, '$1 a ');
}
