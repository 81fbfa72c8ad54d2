/**
 * A label before a list of value codes: "only APAC: JP, VN, SG, AU and IN", "my APAC markets (JP, VN, SG, AU and IN)".
 * A word the model does not know, named by the list after it, asks for nothing beyond the list; read on the raw question
 * before the normalise stage lower-cases it.
 */
import { escapeRe, type ParseState } from './state.ts';
import { phraseKey } from '../vocabulary.ts';

/**
 * Drops the unknown label words in front of a list of two or more codes ("APAC: …", up to three words before a bracketed
 * list, "APAC means …", "APAC = …"); a label so defined names the same set wherever else it is said ("total APAC revenue
 * … APAC means JP, VN, SG, AU and IN"), so it is dropped there too, the list's values filtering the question.
 */
export function withoutListLabels(st: ParseState, question: string): string {
  const codeAlt = [...st.vocab.codes.keys()].map(escapeRe).join('|');
  if (!codeAlt) return question;
  const known = (w: string): boolean => st.known.has(w.toLowerCase());
  const list = `(?:(?:${codeAlt})\\s*(?:,|&|/|\\+|\\band\\b|\\bor\\b)\\s*)+(?:${codeAlt})(?![A-Za-z])`;
  const labels = new Set<string>();
  const label = (w: string): boolean => { if (known(w)) return false; labels.add(w.toLowerCase()); return true; };
  let s = question.replace(new RegExp(`\\b([A-Za-z][A-Za-z0-9-]*)\\s*(?::|=|\\b(?:means|meaning|is|are|refers\\s+to|stands\\s+for)\\b:?)\\s*(?=${list})`, 'g'), (whole: string, word: string) => (label(word) ? ' ' : whole))
    // "APAC (JP, VN, SG, AU and IN combined)": words that only say the values are taken together.
    .replace(new RegExp(`\\(\\s*(${list})\\s*(combined|together|in\\s+total|total|only|as\\s+one(?:\\s+group)?)\\s*\\)`, 'g'), '($1) $2')
    // "(JP/VN/SG/AU/IN)": codes between slashes are a list, not a path.
    .replace(new RegExp(list, 'g'), (l: string) => l.replace(/\s*\/\s*/g, ', '))
    .replace(new RegExp(`\\b([A-Za-z][A-Za-z0-9-]*)(\\s+[A-Za-z][A-Za-z0-9-]*)?(\\s+[A-Za-z][A-Za-z0-9-]*)?\\s*\\((?=\\s*${list}\\s*\\))`, 'g'), (whole: string, a: string, b: string | undefined, c: string | undefined) => {
      const words = [a, ...(b ? [b.trim()] : []), ...(c ? [c.trim()] : [])];
      if (!words.some((w) => !known(w))) return whole;
      for (const w of words) if (!known(w)) labels.add(w.toLowerCase());
      return ` ${words.filter(known).join(' ')} (`;
    });
  for (const w of labels) s = s.replace(new RegExp(`(?<![A-Za-z0-9-])${escapeRe(w)}(?![A-Za-z0-9-])`, 'gi'), ' ');
  return s;
}

/** An identifier the model does not know as a phrase ("last_10_days", "that_day"): a name a column is to be given. */
function isColumnLabel(st: ParseState, item: string): boolean {
  const w = item.trim();
  // One identifier ("last_10_days") or one plain word ("recent") that names nothing of the model.
  return /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/i.test(w) && !st.vocab.phrases.has(phraseKey(w.replace(/_/g, ' '))) && !st.vocab.phrases.has(phraseKey(w))
    && !st.vocab.codes.has(w);
}

/**
 * The columns an answer should have, listed: "columns: category, average list price, average order value", "(columns:
 * month, revenue, refunded amount)", "one row, columns: last_10_days, prior_10_days", "two columns (that_day,
 * day_before)". The word "columns" asks for nothing; a listed identifier the model does not know is the name a column is
 * to be given, read as nothing; the other items are the question's own words, read as said.
 */
export function withoutColumnLabels(st: ParseState, question: string): string {
  const items = (list: string): string[] => list.split(/\s*,\s*|\s+(?:and|&)\s+/).filter((x) => x.trim());
  // Words before the list that name a figure or a breakdown: then a list of the question's own words restates them, which
  // the closing layout clause reads (shape-clause.ts); the list alone is the question when nothing before names either.
  const namesFigure = (text: string): boolean => {
    const words = text.toLowerCase().split(/[^a-z0-9_]+/).filter(Boolean);
    return words.some((w, i) => [w, `${w} ${words[i + 1] ?? ''}`].some((k) => (st.vocab.phrases.get(phraseKey(k)) ?? []).some((x) => x.t === 'measure' || x.t === 'dimension' || x.t === 'column')));
  };
  return question
    .replace(/\b(?:(?:with|return|returning|output|give|show)\s+)?(?:the\s+)?(?:(?:two|three|four|five|six|\d)\s+)?(?:columns?|cols?)\s*(?::|\u2014|\u2013|-(?=\s))\s*([^.;:()?!\n]*)/gi, (whole: string, list: string, at: number) => {
      if (!items(list).some((x) => isColumnLabel(st, x)) && namesFigure(question.slice(0, at))) return whole;
      const kept = items(list).filter((x) => !isColumnLabel(st, x));
      return kept.length ? ` ${kept.join(', ')} ` : ' ';
    })
    .replace(/\b((?:(?:two|three|four|five|six|\d)\s+)?(?:columns?|cols?))\s*\(([^()]*)\)/gi, (whole: string, cols: string, list: string) => (
      items(list).length > 0 && items(list).every((x) => isColumnLabel(st, x)) ? ` ${cols} ` : whole));
}
