/**
 * Which messages the support agent answers instead of the query agent: a rule
 * over the text, never a model. Questions about the product ("how do I set up
 * alerts?", "what does refund rate mean?", "which tables are there?") are
 * support; everything else — "what is the total revenue?", "which plan has the
 * most users?", "how many orders…" — stays a data question.
 */

/** What kind of support question the text is. */
export type SupportKind = 'how-to' | 'definition' | 'catalog';

/** Words that name the catalogue of what can be asked about. */
const CATALOG_NOUN = String.raw`(?:tables?|databases?|data ?sets?|schemas?|columns?|fields?|measures?|metrics?|dimensions?|kpis?)`;

/** The product's own things (not data): what a how-to question with a vague verb is about. */
const PRODUCT_NOUN = String.raw`(?:alerts?|notifications?|notices?|reports?|history|saved|invites?|invitations?|access|help|emails?|webhooks?|workspaces?|roles?|usage|budget)`;

const HOW_TO = [
  // "how do I set up alerts?", "how can we invite someone", "how should I export a CSV"
  /^(?:and\s+|so\s+|ok(?:ay)?,?\s+)?how\s+(?:do|can|could|should|would)\s+(?:i|we|you|one|my\s+team)\b/i,
  /^(?:and\s+|so\s+|ok(?:ay)?,?\s+)?how\s+to\b/i,
  // "where do I see my saved queries", "where can I find the SQL" — a place in the product, reached by a verb of
  // finding or doing; "where do we rank on Google" asks about the world, not the product.
  /^where\s+(?:do|can|should)\s+(?:i|we)\s+(?:see|find|get|look|go|set|change|configure|manage|view|check|turn|add|invite|export|download|save|access|edit|open|click|put|enter|type|ask|paste|read|mute|pause)\b/i,
  // "is it possible to …", "can I invite …", "can you explain how alerts work"
  /^(?:is\s+it\s+possible\s+to|can\s+(?:i|we)\s+(?:set|invite|add|create|save|export|schedule|connect|use|change|share|delete|remove|pause|mute|snooze|grant|revoke|bind|link))\b/i,
  // "can I get alerts by email", "can we see our saved queries" — but "can I get revenue by month" is a data question:
  // get / see / run / send are product questions only about the product's own things.
  new RegExp(String.raw`^can\s+(?:i|we)\s+(?:get|see|run|send)\b(?:\s+\S+){0,3}?\s+${PRODUCT_NOUN}\b`, 'i'),
  /^(?:help\s+(?:me\s+)?(?:with|on|about)|i\s+need\s+help\s+(?:with|on))\b/i,
  /^what\s+can\s+(?:i|you|we)\s+(?:do|ask)\b/i,
  /^what\s+(?:commands?|can\s+this\s+bot)\b/i,
];

const DEFINITION = [
  // "what does refund rate mean?", "what do active users mean"
  /^what\s+(?:does|do)\s+.+\s+(?:mean|stand\s+for|measure|include|count)\s*\??$/i,
  // "what is meant by AOV", "what's the definition of conversion rate", "meaning of sessions"
  /\b(?:what\s+is\s+meant\s+by|definition\s+of|meaning\s+of|define)\b/i,
  // "how is refund rate calculated / computed / defined / measured"
  /^how\s+(?:is|are)\s+.+\s+(?:calculated|computed|defined|measured|counted|worked\s+out)\s*\??$/i,
  // "what is refund rate defined as", "what counts as an active user"
  /^what\s+(?:is|are)\s+.+\s+defined\s+as\b/i,
  /^what\s+counts\s+as\b/i,
];

const CATALOG = [
  // "which tables are there?", "what tables can I query", "what metrics do you have"
  new RegExp(String.raw`^(?:which|what)\s+(?:\w+\s+)?${CATALOG_NOUN}\b(?!\s+(?:has|had|have|with|of)\s+the\s+(?:most|least|highest|lowest))`, 'i'),
  // "list the tables", "show me the measures", "show tables"
  new RegExp(String.raw`^(?:list|show)(?:\s+me)?(?:\s+(?:the|all|your|available))*\s+${CATALOG_NOUN}\b`, 'i'),
  // "what data do you have", "what data is there", "what can I ask about"
  /^what\s+data\s+(?:do|is|are|can)\b/i,
  /^what\s+(?:questions\s+)?can\s+i\s+ask(?:\s+about)?\b/i,
];

/**
 * The kind of support question `text` is, or undefined for a data question
 * (and for SQL, commands and empty text).
 */
export function supportKind(text: string): SupportKind | undefined {
  const t = text.trim().replace(/\s+/g, ' ');
  if (!t || t.length > 300 || /^\//.test(t) || /^\(?\s*(?:select|with)\b/i.test(t)) return undefined;
  if (DEFINITION.some((re) => re.test(t))) return 'definition';
  if (CATALOG.some((re) => re.test(t))) return 'catalog';
  if (HOW_TO.some((re) => re.test(t))) return 'how-to';
  return undefined;
}

/** True when the support agent, not the query agent, answers `text`. */
export function isSupportQuestion(text: string): boolean {
  return supportKind(text) !== undefined;
}
