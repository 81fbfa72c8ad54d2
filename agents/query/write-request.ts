/**
 * Whether a message asks to change data or schema ("delete the refunded orders", "drop the users table") rather than
 * to read it; such a message is refused before anything is parsed (parse/normalise.ts). Words about the answer itself
 * ("drop the filter", "add a column for orders") and nouns ("the biggest drop in revenue") are not requests to write.
 */
export function isWriteRequest(text: string): boolean {
  const s = text.replace(/\b(?:add(?:s|ed|ing)?\s+to\s+(?:the\s+)?(?:cart|basket))\b/g, ' cart-add ');
  // Words about the answer, not the data: "drop the filter", "add a column for orders", "add the number of orders".
  const refinement = /\b(filters?|conditions?|limit|grouping|group by|breakdown|split|splits|segmentation|period|date range|time range|chart|graph|sql|column from the (chart|table|result)|columns? (for|with|showing)|(number|count|total|sum|average|avg|share|percentage) of|(one|a) row (per|each|for)|rows? per|as well|of each|for each|next to|alongside|beside)\b/;
  if (/\b(delete|truncate|insert|alter|wipe|erase|purge|destroy|overwrite|grant|revoke|upsert)\b/.test(s)) return true;
  // "drop the orders table", "drop users"; not the noun ("a drop should come out negative", "the biggest drop in revenue").
  // "the patch drop", "the price drop": a noun before "drop" makes it a noun too.
  const dropNoun = /\b(?:the|a|an|this|that|our|any)\s+[a-z]+\s+drops?\b(?!\s+(?:table|tables|database|schema|column|view|index|the|all|every|from)\b)|\b(?:a|an|the|any|each|every|this|that|no|big|bigger|biggest|sharp|sudden|largest|small|huge|steep|revenue|sales)\s+drops?\b(?!\s+(?:table|tables|database|schema|column|view|index))|\bdrops?\s+(?:in|of|from|should|was|is|would|will|shows?|appears?)\b/;
  if (/\bdrop\b/.test(s) && !refinement.test(s) && !dropNoun.test(s)) return true;
  const m = /^\s*(?:please\s+)?(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?(update|modify|set|rename|create|add|remove|change|replace|edit|reset|cancel|refund|merge|move|copy|write|save|store|import|load|upload)\s+(.*)$/.exec(s);
  if (!m) return false;
  if (/^(cancel|refund)$/.test(m[1]) && !/^(all|the|order|orders|this|that|every|#?\d)\b/.test(m[2])) return false;
  if (refinement.test(m[2])) return false;
  return /\b(table|tables|column|columns|row|rows|record|records|order|orders|user|users|product|products|event|events|price|prices|status|data|database|entry|entries|value|values|index|view|schema)\b/.test(m[2]);
}
