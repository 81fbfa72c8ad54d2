/**
 * A label before a list of value codes: "only APAC: JP, VN, SG, AU and IN", "my APAC markets (JP, VN, SG, AU and IN)".
 * A word the model does not know, named by the list after it, asks for nothing beyond the list; read on the raw question
 * before the normalise stage lower-cases it.
 */
import { escapeRe, type ParseState } from './state.ts';

/** Drops the unknown label words (up to two before a bracketed list) in front of a list of two or more codes. */
export function withoutListLabels(st: ParseState, question: string): string {
  const codeAlt = [...st.vocab.codes.keys()].map(escapeRe).join('|');
  if (!codeAlt) return question;
  const known = (w: string): boolean => st.known.has(w.toLowerCase());
  const list = `(?:(?:${codeAlt})\\s*(?:,|&|\\band\\b|\\bor\\b)\\s*)+(?:${codeAlt})(?![A-Za-z])`;
  return question.replace(new RegExp(`\\b([A-Za-z][A-Za-z-]*)\\s*:\\s*(?=${list})`, 'g'), (whole: string, word: string) => (known(word) ? whole : ' '))
    .replace(new RegExp(`\\b([A-Za-z][A-Za-z-]*)(\\s+[A-Za-z][A-Za-z-]*)?\\s*\\((?=\\s*${list}\\s*\\))`, 'g'), (whole: string, a: string, b: string | undefined) => {
      const words = [a, ...(b ? [b.trim()] : [])];
      return words.some((w) => !known(w)) ? ` ${words.filter(known).join(' ')} (` : whole;
    });
}
