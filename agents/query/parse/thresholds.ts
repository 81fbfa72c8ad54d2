/**
 * Stage 4, thresholds: numeric comparisons ("orders over $500", "between 2 and 4 items") become pending numeric
 * filters (their column is resolved once the measure's table is known); a comparison of a measure
 * ("more than 100 orders") is a threshold on the measure.
 */
import { checkComparedValue, NUMBER_SOURCE } from '../bounds.ts';
import type { CompareOp } from '../semantic-query.ts';
import { stem } from '../vocabulary.ts';
import { rewriteComparisons } from '../words.ts';
import type { ParseState } from './state.ts';

const NUMBER = `(${NUMBER_SOURCE})`;
const CMP: Array<[string, CompareOp]> = [
  ['more than', '>'], ['greater than', '>'], ['larger than', '>'], ['bigger than', '>'], ['higher than', '>'], ['longer than', '>'],
  ['over', '>'], ['above', '>'], ['exceeding', '>'], ['exceeds', '>'], ['in excess of', '>'],
  ['at least', '>='], ['no less than', '>='], ['minimum of', '>='], ['or more', '>='],
  ['less than', '<'], ['fewer than', '<'], ['lower than', '<'], ['smaller than', '<'], ['shorter than', '<'], ['under', '<'], ['below', '<'],
  ['at most', '<='], ['no more than', '<='], ['up to', '<='], ['maximum of', '<='],
  ['exactly', '='], ['equal to', '='], ['equals', '='], ['equal', '='],
];
const CMP_RE = new RegExp(`(?:\\b([a-z_]+)\\s+(?:is\\s+|are\\s+|was\\s+|were\\s+|of\\s+)?)?\\b(${CMP.map(([w]) => w.replace(/ /g, '\\s+')).join('|')})\\s+${NUMBER}(?:\\s*(usd|dollars?|bucks|items?|units?|pieces?|ms|milliseconds?|seconds?|secs?|[a-z_]+))?`, 'g');
const BETWEEN_RE = new RegExp(`(?:\\b([a-z_]+)\\s+)?\\bbetween\\s+${NUMBER}(?:\\s*(?:usd|dollars?|bucks|items?|units?|pieces?|ms|milliseconds?|seconds?|secs?)\\b)?\\s+and\\s+${NUMBER}(?:\\s*(usd|dollars?|bucks|items?|units?|pieces?|ms|milliseconds?|seconds?|secs?|[a-z_]+))?`, 'g');
export const UNIT_WORDS = /^(usd|dollars?|bucks|items?|units?|pieces?|ms|milliseconds?|seconds?|secs?)$/;

export function thresholdStage(st: ParseState): void {
  const { out, vocab } = st;
  let s = st.s;
  const measureWord = (w: string | undefined): boolean => !!w && (vocab.phrases.get(stem(w)) ?? []).some((m) => m.t === 'measure') && !UNIT_WORDS.test(w)
    && !(vocab.phrases.get(stem(w)) ?? []).some((m) => m.t === 'column');
  s = rewriteComparisons(s);
  s = s.replace(BETWEEN_RE, (full: string, word: string | undefined, a: string, b: string, after: string | undefined) => {
    const isColumn = (w?: string): boolean => !!w && (vocab.phrases.get(stem(w)) ?? []).some((x) => x.t === 'column');
    const unit = after && (UNIT_WORDS.test(after) || isColumn(after)) ? after : undefined;
    const subject = isColumn(word) ? word : undefined;
    if (!unit && !subject && after && vocab.phrases.has(stem(after))) return full;
    const whole = !!unit && /^(items?|units?|pieces?)$/.test(unit);
    const [x, y] = [checkComparedValue(a, full, { whole }), checkComparedValue(b, full, { whole })];
    // "between 200 and 100" is read in order, like a date range written backwards.
    out.numeric.push({ word: subject, unit, op: '>=', value: Math.min(x, y) }, { word: subject, unit, op: '<=', value: Math.max(x, y) });
    return ` ${word && !subject ? word : ''} @cmp ${after && !unit ? after : ''} `;
  });
  s = s.replace(CMP_RE, (full: string, word: string | undefined, cmp: string, num: string, after: string | undefined) => {
    const op = CMP.find(([w]) => w === cmp.replace(/\s+/g, ' '))![1];
    if (after && measureWord(after)) { out.measureComparisons.push(full.trim()); return ' '; }
    const unit = after && (UNIT_WORDS.test(after) || (vocab.phrases.get(stem(after)) ?? []).some((x) => x.t === 'column')) ? after : undefined;
    const subject = word && (vocab.phrases.get(stem(word)) ?? []).some((x) => x.t === 'column') ? word : undefined;
    out.numeric.push({ word: subject, unit, op, value: checkComparedValue(num, full, { whole: !!unit && /^(items?|units?|pieces?)$/.test(unit) }) });
    const keepWord = word && !subject ? `${word} ` : '';
    return ` ${keepWord}@cmp ${after && !unit ? after : ''} `;
  });
  st.s = s;
}
