/**
 * Which words of a share name its part and which its whole: "refunded orders as a % of all mobile orders" (part before
 * "as a share of", whole after it), "share of mobile orders that were refunded each day" (whole after "share of", part
 * after the verb saying what became of those rows). The words stay in the text, as every other stage reads them; the
 * values each side names are kept, and the agent (share-of-part.ts) takes the part's as the condition of the share.
 */
import { phraseKey } from '../vocabulary.ts';
import type { ParseState } from './state.ts';
import { dimensionOfColumn } from '../compile-rows.ts';

const SHARE = String.raw`(?:share|shares|percentage|percent|pct|fraction|proportion)`;
/** "<part> as a share of <whole>". */
const AS_SHARE_OF = new RegExp(String.raw`^(.*?)\s(?:as|in)\s+(?:an?\s+|the\s+)?${SHARE}\s+of\s+(.+)$`);
/** "share of <whole> that were / got <part>", "share of revenue (that came) from US and DE". */
const SHARE_OF_THAT = new RegExp(String.raw`\b${SHARE}\s+of\s+(.+?)\s+(?:(?:that|which)\s+)?(?:were|was|got|get|gets|are|is|have\s+been|has\s+been|had\s+been|ended\s+up|end\s+up|came|come|comes|coming|from)\s+(.+)$`);
/** "of <whole>, what share (of them) are <part>" (what they are; "have placed an order" is rows of another table: entity-sets.ts). */
const OF_WHOLE_FIRST = new RegExp(String.raw`^\s*of\s+(?:all\s+)?(?:the\s+|those\s+)?(.+?)\s+(?:what|which)\s+${SHARE}\s+(?:of\s+them\s+)?(?:are|were|is|was)\s+(.+)$`);
/** Where the part's words end: a grouping, a period or another clause. */
const PART_END = /\s(?:by|per|each|every|broken|split|grouped|over|during|since|between|last|this|in\s+the|for\s+the|but)\b.*$/;

/** The figures the words name, word by word ("orders"). */
const measuresNamed = (st: ParseState, text: string): string[] => [...text.matchAll(/\S+/g)].map((w) => st.vocab.phrases.get(phraseKey(w[0]))?.[0]).flatMap((m) => (m?.t === 'measure' ? [m.name] : []));

export type NamedValue = { dimension: string; value: string };

export function sharePartStage(st: ParseState): void {
  const s = st.s.replace(/[,;:]/g, ' ');
  // "of the users who came in through referral, what percentage are on a paid plan": the whole first.
  const of = OF_WHOLE_FIRST.exec(s);
  if (of) {
    const partValues = valuesNamed(st, of[2].replace(PART_END, ''));
    if (partValues.length) st.out.shareOf = { part: partValues, whole: valuesNamed(st, of[1]), wholeMeasures: measuresNamed(st, of[1]) };
    return;
  }
  const as = AS_SHARE_OF.exec(s);
  // "cancelled orders by category as a share of all orders": of each category's orders, or of all of them? Not read here.
  const [part, whole] = as && as[1].trim() ? (/\b(?:by|per|each|every)\b/.test(as[1]) ? [] : [as[1], as[2]]) : ((m) => (m ? [m[2].replace(PART_END, ''), m[1]] : []))(SHARE_OF_THAT.exec(s));
  if (part === undefined || whole === undefined) return;
  const partValues = valuesNamed(st, part);
  if (partValues.length) st.out.shareOf = { part: partValues, whole: valuesNamed(st, whole), wholeMeasures: measuresNamed(st, whole) };
}

/**
 * The values of dimensions the words name, longest phrase first: a value ("mobile", "refunded"), or a figure that counts
 * one value of a column its table does not count by default ("refunds": status = refunded).
 */
function valuesNamed(st: ParseState, text: string): NamedValue[] {
  const { model, vocab } = st;
  const words = text.split(/\s+/).filter(Boolean);
  const out: NamedValue[] = [];
  for (let i = 0; i < words.length;) {
    // A value read from a code ("@v~country~jp" for JP).
    const coded = /^@v~([^~]+)~(.+)$/.exec(words[i]);
    if (coded) {
      const hit = [...vocab.codes.values()].find((c) => c.dimension === coded[1] && c.value.toLowerCase() === coded[2].toLowerCase());
      out.push({ dimension: coded[1], value: hit?.value ?? coded[2] });
      i++;
      continue;
    }
    let n = Math.min(vocab.maxWords, words.length - i);
    for (; n > 0; n--) if (vocab.phrases.has(phraseKey(words.slice(i, i + n).join(' ')))) break;
    if (n === 0) { i++; continue; }
    const m = vocab.phrases.get(phraseKey(words.slice(i, i + n).join(' ')))![0];
    // "a paid plan (starter, growth …)": a value of one column before another column's name names that column's values.
    const next = words[i + n] ? vocab.phrases.get(phraseKey(words[i + n]))?.[0] : undefined;
    if (m.t === 'value' && next?.t === 'dimension' && next.name !== m.dimension) { i += n; continue; }
    if (m.t === 'value') out.push(...(m.values ?? [m.value]).map((value) => ({ dimension: m.dimension, value })));
    else if (m.t === 'measure') {
      const md = model.measures.find((x) => x.name === m.name);
      const table = model.tables.find((t) => t.name === md?.table);
      const own = Object.entries(md?.filter ?? {}).filter(([k, v]) => typeof v === 'string' && table?.defaultFilter?.[k] !== v);
      const dim = own.length === 1 ? dimensionOfColumn(model, table!.name, own[0][0]) : undefined;
      if (dim) out.push({ dimension: dim.name, value: own[0][1] as string });
    }
    i += n;
  }
  return out;
}
