/**
 * Titles as a person would write them: "Top 3 categories by revenue, May 2025"
 * rather than "Top 3 category by revenue, last month" or "Top 1 rows by signups".
 * Works on the query agent's title and the answer's facts (period, grain, row count).
 */

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export interface TitleContext {
  /** The resolved period: from inclusive, to inclusive (a date, or a time when it ends now). */
  period?: { from: string; to: string; label: string };
  /** "Now" of the answer, to tell a period that runs to date. */
  now?: Date;
  /** The time bucket of the answer (day, week, month …), for "Top 1 rows by signups" → "Top day by signups". */
  grain?: string;
}

/** "category" → "categories", "country" → "countries", "box" → "boxes", "day" → "days". */
export function pluralize(word: string): string {
  if (/(ss|us|x|z|ch|sh)$/i.test(word)) return `${word}es`;
  if (/s$/i.test(word)) return word;
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

function singular(word: string): string {
  if (/(ss|us|is)$/i.test(word)) return word;
  if (/ies$/i.test(word)) return `${word.slice(0, -3)}y`;
  if (/(ss|us|x|z|ch|sh)es$/i.test(word)) return word.slice(0, -2);
  if (/[^s]s$/i.test(word)) return word.slice(0, -1);
  return word;
}

/** Pluralizes the head noun of each part of "category and country". */
function nounPhrase(phrase: string, n: number): string {
  return phrase
    .split(' and ')
    .map((part) => {
      const words = part.split(' ');
      const last = words.pop()!;
      return [...words, n === 1 ? singular(last) : pluralize(singular(last))].join(' ');
    })
    .join(' and ');
}

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/**
 * A period as people name it when it is a calendar one: "May 2025", "Q2 2025",
 * "2025", "June 2025 to date"; undefined otherwise (the relative label stays).
 */
export function calendarPeriod(period: { from: string; to: string }, now?: Date): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00:00)?$/.exec(period.from.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  if (d !== 1) return undefined;
  const toDate = /^\d{4}-\d{2}-\d{2}$/.test(period.to.trim()) ? period.to.trim() : undefined;
  const lastDay = (months: number) => ymd(new Date(Date.UTC(y, mo + months, 0)));
  if (toDate) {
    if (toDate === lastDay(1)) return `${MONTH_NAMES[mo]} ${y}`;
    if (mo % 3 === 0 && toDate === lastDay(3)) return `Q${mo / 3 + 1} ${y}`;
    if (mo === 0 && toDate === lastDay(12)) return String(y);
  }
  // A period that runs up to now inside its first month/year: "June 2025 to date".
  const end = new Date(`${period.to.trim().replace(' ', 'T')}${/[zZ]|[+-]\d{2}:?\d{2}$/.test(period.to) ? '' : 'Z'}`);
  if (now && Number.isFinite(end.getTime()) && Math.abs(end.getTime() - now.getTime()) <= 86_400_000) {
    if (end.getUTCFullYear() === y && end.getUTCMonth() === mo) return `${MONTH_NAMES[mo]} ${y} to date`;
    if (mo === 0 && end.getUTCFullYear() === y) return `${y} to date`;
  }
  return undefined;
}

/** The agent's title, made to read like a person wrote it. Idempotent. */
export function humanTitle(title: string, ctx: TitleContext = {}): string {
  let t = title.replace(/\s+/g, ' ').trim();
  // "Top 3 category by revenue" → "Top 3 categories by revenue"; "Top 1 rows by signups" → "Top day by signups".
  t = t.replace(/^(Top|Bottom) (\d+) (.+?)( per .+?)? by /, (_all, which: string, count: string, noun: string, per: string | undefined) => {
    const n = Number(count);
    const thing = noun === 'rows' || noun === 'row' ? (ctx.grain ? ctx.grain : noun) : noun;
    const phrase = nounPhrase(thing, n);
    return n === 1 ? `${which} ${phrase}${per ?? ''} by ` : `${which} ${n} ${phrase}${per ?? ''} by `;
  });
  // A calendar period by its name: ", last month" → ", May 2025".
  if (ctx.period) {
    const name = calendarPeriod(ctx.period, ctx.now);
    const label = ctx.period.label;
    if (name && label && t.endsWith(`, ${label}`) && label !== name) t = `${t.slice(0, -label.length)}${name}`;
  }
  return t;
}
