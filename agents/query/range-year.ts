/**
 * The year of a range of dates written without one: "from January 1 through March 31 this year", "between jan 1 and
 * mar 31 of last year", "june 1-15 last year", "from january 1 to march 31 2024". A relative year right after such a
 * range ("this year", "last year", "in 2024") is the year of both ends, written after the range's last date so the
 * range rules read it; a year written on one end only is the year of the other end too (`yearOfOtherEnd`).
 */
import { MONTH_NAME, MONTHS } from './calendar-words.ts';

const RELATIVE_YEAR = /^\s*,?\s*(?:(?:of|in|for|during)\s+)?(?:(this|the\s+current|current)|(last|previous|prior|the\s+previous|the\s+prior))\s+year\b/;
const IN_YEAR = /^\s*,?\s*(?:in|of)\s+(\d{4})(?![\w.])/;

/**
 * `text` with the year named right after a yearless range (matched by one of `ranges`) moved onto the range's last
 * date ("from january 1 through march 31 this year" → "from january 1 through march 31 2025"); unchanged otherwise.
 */
export function withRangeYear(text: string, now: Date, ranges: RegExp[]): string {
  for (const re of ranges) {
    const m = re.exec(text);
    if (!m || /\d{4}/.test(m[0])) continue;
    const end = m.index + m[0].length;
    const after = text.slice(end);
    const rel = RELATIVE_YEAR.exec(after);
    const abs = rel ? undefined : IN_YEAR.exec(after);
    if (!rel && !abs) continue;
    const year = rel ? now.getUTCFullYear() - (rel[2] ? 1 : 0) : Number(abs![1]);
    const used = (rel ?? abs)![0].length;
    return `${text.slice(0, end)} ${year}${' '.repeat(Math.max(0, used - String(year).length - 1))}${after.slice(used)}`;
  }
  return text;
}

/**
 * The two ends of a range of dates, one written with a year and the other without ("from january 1 to march 31
 * 2024"): the end without takes the other's year, and the first end the year before when it would fall after the
 * last ("from december 1 to january 31 2025": 2024-12-01). `parse` reads one end; `withYear` writes a year onto one.
 */
export function yearOfOtherEnd<T extends { getTime(): number; getUTCFullYear(): number }>(
  a: string, b: string, parse: (s: string) => T | undefined,
): [T | undefined, T | undefined] {
  const has = (s: string): boolean => /\d{4}/.test(s);
  let x = parse(a), y = parse(b);
  if (x && y && has(a) !== has(b)) {
    if (!has(a)) {
      x = parse(`${a} ${y.getUTCFullYear()}`);
      if (x && x.getTime() > y.getTime()) x = parse(`${a} ${y.getUTCFullYear() - 1}`);
    } else {
      y = parse(`${b} ${x.getUTCFullYear()}`);
      if (y && y.getTime() < x.getTime()) y = parse(`${b} ${x.getUTCFullYear() + 1}`);
    }
  }
  return [x, y];
}

const QUARTER_NAME = String.raw`(?:q[1-4]|(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter)`;
const COMPARE = String.raw`(?:vs\.?|versus|compared\s+(?:to|with)|against|and)`;
/** Two quarters or two months compared, neither with a year of its own ("Q1 vs Q2", "april and may"). */
const TWO_UNITS = new RegExp(String.raw`\b(${QUARTER_NAME}|${MONTH_NAME})\s+${COMPARE}\s+(${QUARTER_NAME}|${MONTH_NAME})\b(?!\s*,?\s*\d{4})`);
/** Two quarters or two months compared, the second with a year ("Q1 vs Q2 2024"). */
const SECOND_WITH_YEAR = new RegExp(String.raw`\b(${QUARTER_NAME}|${MONTH_NAME})\s+(${COMPARE})\s+(${QUARTER_NAME}|${MONTH_NAME})\s*,?\s*(\d{4})(?!\d)`);
const YEAR_ANYWHERE = /(?:^|\s|,)(?:(?:of|in|for|during)\s+)?(?:(this|the\s+current|current)|(last|previous|prior|the\s+previous|the\s+prior))\s+year\b|(?:^|\s|,)(?:(?:of|in|for|during)\s+)?(?:the\s+year\s+)?(\d{4})(?![\w.])/;

/**
 * Two quarters or months compared with one year named elsewhere in the question ("Q1 vs Q2 revenue this year",
 * "april vs may orders last year", "q1 and q2 signups in 2024"): the year is each one's, written after both
 * ("q1 2025 vs q2 2025 revenue"); unchanged when the two are not both quarters or both months, or no year is named.
 */
export function withComparedYear(text: string, now: Date): string {
  const isQuarter = (s: string): boolean => new RegExp(`^${QUARTER_NAME}$`).test(s);
  // "Q1 vs Q2 2024", "september vs december 2024": the year after the second is the first's too, or the year before
  // when the first comes later in a year ("Q4 vs Q1 2025" is Q4 2024).
  const q = (s: string): string => {
    const ord = /^(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter$/.exec(s);
    return ord ? `q${['first', 'second', 'third', 'fourth', '1st', '2nd', '3rd', '4th'].indexOf(ord[1]) % 4 + 1}` : s;
  };
  const tail = SECOND_WITH_YEAR.exec(text);
  if (tail && isQuarter(tail[1]) === isQuarter(tail[3])) {
    const place = (s: string): number => (isQuarter(s) ? Number(q(s).slice(1)) : MONTHS.findIndex((n) => n.startsWith(s.slice(0, 3))));
    const [, first, word, second, y] = tail;
    const pair = `${q(first)} ${Number(y) - (place(first) > place(second) ? 1 : 0)} ${word} ${q(second)} ${y}`;
    return text.slice(0, tail.index) + pair + text.slice(tail.index + tail[0].length);
  }
  const m = TWO_UNITS.exec(text);
  if (!m) return text;
  if (isQuarter(m[1]) !== isQuarter(m[2])) return text;
  const rest = text.slice(0, m.index) + ' '.repeat(m[0].length) + text.slice(m.index + m[0].length);
  const y = YEAR_ANYWHERE.exec(rest);
  if (!y) return text;
  const year = y[3] ? Number(y[3]) : now.getUTCFullYear() - (y[2] ? 1 : 0);
  const pair = `${q(m[1])} ${year} ${m[0].slice(m[1].length, m[0].length - m[2].length).trim()} ${q(m[2])} ${year}`;
  const without = rest.slice(0, y.index) + ' '.repeat(y[0].length) + rest.slice(y.index + y[0].length);
  return without.slice(0, m.index) + pair + without.slice(m.index + m[0].length);
}
