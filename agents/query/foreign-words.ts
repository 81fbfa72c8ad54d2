/**
 * Everyday words of German, Dutch, Portuguese, Spanish, Italian, French and Polish that people who work in English mix
 * into a question ("nur DE und FR", "alleen mobile graag", "só paid channel", "ventas por país el mes pasado", "ora per
 * mese invece che per categoria", "combien de commandes le mois dernier", "ile zamówień w zeszłym miesiącu"), read as
 * the English they stand for before anything else reads the question. Only function words, courtesy, question and
 * calendar words, a few words every business says, and chat shorthand ("b4"); the model's own words (a value, a
 * column) are never replaced. The glossaries are in foreign-glossary.ts.
 *
 * Each language has its own words (only it has them here: one of them says the question is in that language) and its
 * ambiguous words (English or another language here has them too, or means something else by them: Spanish "en" is
 * "in", Dutch "en" is "and"; "solo", "per", "e", "la"), read only in a question in that language, and some only where
 * they fit (Polish "i" is "and" between two words, never the English "i want"; French "que" is "only" opening a clause).
 */
import { AMBIGUOUS, BEFORE_VALUE, GLOSSARY, LOANWORDS, SHORTHAND, type Lang, type When } from './foreign-glossary.ts';
import { phraseKey, type Vocabulary } from './vocabulary.ts';

const WORD = String.raw`[\p{L}'’-]`;
const LANGS = Object.keys(GLOSSARY) as Lang[];
const key = (w: string): string => w.trim().toLowerCase().replace(/’/g, "'").replace(/'\s+/g, "'").replace(/\s+/g, ' ');
/** Without accents, and Polish "ł" as "l" ("zeszlym", "zamowien"). */
const bare = (w: string): string => w.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC').replace(/ł/g, 'l').replace(/Ł/g, 'L');

interface Entry { from: string; to: string; lang?: Lang; ambiguous: boolean; when?: When }
/**
 * Every entry, with the spelling without accents people type too ("cuantos", "pais", "lunedi"): of the same kind, unless
 * that spelling is another entry or a short word of its own ("so", "mas", "que").
 */
const ENTRIES: Entry[] = (() => {
  const all: Entry[] = [
    ...SHORTHAND.map(([from, to]) => ({ from, to, ambiguous: false })),
    ...LANGS.flatMap((lang) => [
      ...GLOSSARY[lang].map(([from, to, when]) => ({ from, to, lang, ambiguous: false, when })),
      ...AMBIGUOUS[lang].map(([from, to, when]) => ({ from, to, lang, ambiguous: true, when })),
    ]),
  ];
  const froms = new Set(all.map((e) => key(e.from)));
  const unaccented = all.filter((e) => bare(e.from) !== e.from && bare(e.from).length >= 4 && !froms.has(key(bare(e.from))))
    .map((e) => ({ ...e, from: bare(e.from) }));
  // Longest first ("per favore" before "per", "all'anno" before "all'"), then a language's own words before its ambiguous ones.
  return [...all, ...unaccented].sort((a, b) => b.from.length - a.from.length || Number(a.ambiguous) - Number(b.ambiguous));
})();

/** The regular expression of a `from`: apostrophes either way, and after one a space or none ("dell' anno", "dell'anno"). */
const source = (from: string): string =>
  from.replace(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`).replace(/\s+/g, String.raw`\s+`).replace(/'/g, String.raw`['’]\s*`);
/**
 * Any of the entries (longest first) as whole words, not inside an abbreviation ("e.g.", "i.e."); an elision ("dell'",
 * "quest'") runs into the next word. One end for all the words: one after each would make the expression slow to build.
 */
const alternation = (entries: readonly Entry[]): RegExp => {
  const words = entries.map((e) => (e.from.endsWith("'") ? String.raw`${source(e.from)}(?=\p{L})` : source(e.from))).join('|');
  return new RegExp(String.raw`(?<!${WORD})(?<!\p{L}\.)(?:${words})(?:(?<=['’]\s*)|(?!${WORD})(?!\.\p{L}))`, 'giu');
};

/** Each language's own words, that say a question is in it (loanwords say nothing). */
const SIGNS = new Map(LANGS.map((lang) => [lang, alternation(ENTRIES.filter((e) => e.lang === lang && !e.ambiguous && !LOANWORDS.has(e.from)))]));
/** Of each language's own word, the languages that have it. */
const OWNERS = new Map<string, Set<Lang>>();
for (const e of ENTRIES) if (e.lang && !e.ambiguous) OWNERS.set(key(e.from), new Set([...OWNERS.get(key(e.from)) ?? [], e.lang]));
/** True when the text holds a word read in any question (cheap test before the rewrite). */
const ANY = alternation([...ENTRIES.filter((e) => !e.ambiguous), ...BEFORE_VALUE.map(([from, to]) => ({ from, to, ambiguous: true }))]);
/**
 * The entries read in a question in these languages, most said first, and their alternation. Of one spelling, an own
 * word wins (of the language the question says most in: Italian "quelle" is "the ones", French "quelle" is "which"),
 * then the ambiguous word of the language the question says most in ("mas": Spanish "most", Portuguese "but").
 */
const READERS = new Map<string, { to: Map<string, Entry>; re: RegExp }>();
function reader(langs: readonly Lang[]): { to: Map<string, Entry>; re: RegExp } {
  const id = langs.join(',');
  let r = READERS.get(id);
  if (!r) {
    const entries = ENTRIES.filter((e) => !e.ambiguous || (e.lang && langs.includes(e.lang)));
    const to = new Map<string, Entry>();
    const rank = (e: Entry): number => (!e.lang || !langs.includes(e.lang) ? -1 : e.ambiguous ? langs.indexOf(e.lang) : langs.indexOf(e.lang) - langs.length - 1);
    for (const e of [...entries].sort((a, b) => rank(a) - rank(b))) if (!to.has(key(e.from))) to.set(key(e.from), e);
    r = { to, re: alternation(entries.filter((e) => to.get(key(e.from)) === e)) };
    READERS.set(id, r);
  }
  return r;
}

/**
 * Italian and French elided articles and prepositions ("dell'anno", "d'inscriptions"), written apart from their word once
 * the question is read in that language: the word after is read on its own.
 */
const ELIDED = new Map((['it', 'fr'] as const).map((lang) => [lang, new RegExp(String.raw`(?<!${WORD})(${[...new Set(ENTRIES
  .filter((e) => e.lang === lang && e.from.endsWith("'")).map((e) => e.from.slice(0, -1).split(' ').pop()))].join('|')})['’](?=\p{L})`, 'giu')]));

/** Marks an adjective said after its noun. */
const ADJECTIVE = '\uE000';
/** English words no adjective is said before ("the average", "of average", "how many cancelled orders"). */
const FUNCTION_WORD = /^(?:the|a|an|of|by|per|in|on|at|to|from|for|with|and|or|is|are|was|were|what|which|how|its|their|our|this|that|many|much|only|just|also|now|all|me|vs|versus|but|not)$/i;

const DAYS = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday';
const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december';
const CALENDAR = String.raw`(?:${DAYS}|${MONTHS}|\d{1,4})`;
const FR_CALENDAR = String.raw`(?:${DAYS}|${MONTHS}|\d{1,4}(?:st)?)`;

/** French "c'est encore Claire": "it's Claire again". */
const FR_AGAIN = new RegExp(String.raw`(?<!${WORD})(c['’]est)\s+encore\s+([\p{L}\d'’-]+)`, 'giu');
/** French "les 30 derniers jours", Polish "30 ostatnich dni": "the last 30 days". */
const FR_LAST_N = new RegExp(String.raw`(?<![\p{L}\d])(\d+)\s+(derni(?:er|ère|ere)s?)(?!${WORD})`, 'giu');
const PL_LAST_N = new RegExp(String.raw`(?<![\p{L}\d])(\d+)\s+(ostatni\p{L}*)(?!${WORD})`, 'giu');
/** French "il y a 3 jours": "3 days ago". */
const FR_AGO = new RegExp(String.raw`(?<!${WORD})il\s+y\s+a\s+(\d+\s+\p{L}+)`, 'giu');
/** Polish "po" before a plural place noun ("po krajach", "po kanałach"): "by" ("według"), not "after". */
const PL_BY = new RegExp(String.raw`(?<!${WORD})po(\s+\p{L}+ach)(?!${WORD})`, 'giu');

/**
 * The question with the glossary's words in English. A word the model knows, alone or with a word beside it ("pro"
 * as a plan, "DE" as a country, "social media" as a channel), stays. A language's ambiguous words are read only in a
 * question that holds one of its own words.
 */
export function inEnglish(question: string, vocabularies: readonly Vocabulary[]): string {
  // "¿cuántos …?", "¡gracias!": the Spanish opening marks say nothing to the reader.
  let q = question.replace(/[¿¡]/g, '');
  ANY.lastIndex = 0;
  if (!ANY.test(q)) return q;
  const phrase = (p: string): boolean => vocabularies.some((v) => v.phrases.has(phraseKey(p)));
  const known = (w: string, at: number): boolean => {
    if (vocabularies.some((v) => v.codes.has(w)) || phrase(w)) return true;
    const before = /([\p{L}\d'’-]+)\s+$/u.exec(q.slice(0, at))?.[1];
    const after = /^\s+([\p{L}\d'’-]+)/u.exec(q.slice(at + w.length))?.[1];
    return [before && `${before} ${w}`, after && `${w} ${after}`, before && after && `${before} ${w} ${after}`].some((p) => p && phrase(p));
  };
  // The languages the question is in, most said first: those with a word no other language has here, else those with
  // a word some share ("pedidos", "por": Spanish and Portuguese).
  const found = LANGS.map((lang) => {
    const words = [...q.matchAll(SIGNS.get(lang) as RegExp)].filter((m) => !known(m[0], m.index)).map((m) => key(m[0]));
    return { lang, all: words.length, own: words.filter((w) => OWNERS.get(w)?.size === 1).length };
  });
  const sure = found.some((f) => f.own > 0);
  const ranked = found.filter((f) => (sure ? f.own : f.all) > 0).sort((a, b) => b.all - a.all).map((f) => f.lang);
  const langs = new Set(ranked);
  for (const [lang, elided] of ELIDED) if (langs.has(lang)) q = q.replace(elided, "$1' ");
  if (langs.has('fr')) q = q.replace(FR_AGAIN, '$1 $2 encore').replace(FR_LAST_N, '$2 $1').replace(FR_AGO, '$1 ago');
  if (langs.has('pl')) q = q.replace(PL_LAST_N, '$2 $1').replace(PL_BY, 'według$1');
  const { to, re } = reader(ranked);
  let s = q.replace(re, (w: string, at: number) => {
    const e = to.get(key(w)) as Entry;
    if (known(w, at) || (e.when && !e.when(w, q.slice(0, at), q.slice(at + w.length)))) return w;
    // "commandes par heure en EST", "orders in LA": an ambiguous word in capitals, in a question that is not, is a name.
    if (e.ambiguous && w.length > 1 && w === w.toUpperCase() && q !== q.toUpperCase()) return w;
    const en = e.to;
    // "~average": an adjective said after its noun (below).
    return (/['’]\s*$/.test(w) ? `${en} ` : en).replace(/^~/, ADJECTIVE);
  });
  // German "der" / "des", French "des": "the" after a preposition, a verb or at the start, else "of the" ("die Summe der
  // revenue der refunded orders", "le chiffre d'affaires des commandes annulées").
  const articles = [langs.has('de') && 'der|des', langs.has('fr') && 'des'].filter(Boolean).join('|');
  if (articles) {
    s = s.replace(new RegExp(String.raw`(^|[^\p{L}'-]+)(?:${articles})(?!${WORD})`, 'giu'), (whole: string, lead: string, at: number) => {
      const before = s.slice(0, at).trim().split(/\s+/).pop()?.toLowerCase() ?? '';
      return `${lead}${!before || /[.,:;!?]$/.test(lead) || /^(?:for|with|by|from|in|on|at|to|of|over|under|before|after|per|only|and|or|the|without|instead|me|show|give|is|are|was|were|had|have|there|all|many|much|since|until|between|during)$/.test(before) ? 'the' : 'of the'}`;
    });
  }
  // "fatturato medio", "ingreso promedio por cliente": the adjective after its noun, said before it in English.
  s = s.replace(new RegExp(String.raw`(?:(\p{L}[\p{L}\d_-]*)\s+)?${ADJECTIVE}(\p{L}+)`, 'gu'), (whole: string, noun: string | undefined, adj: string) =>
    (!noun ? adj : FUNCTION_WORD.test(noun) ? `${noun} ${adj}` : `${adj} ${noun}`));
  for (const [from, en, when] of BEFORE_VALUE) {
    s = s.replace(new RegExp(String.raw`(?<!${WORD})${from}(?=\s+([^\s,.;:!?()]+)(?:\s+([^\s,.;:!?()]+))?(?:\s+([^\s,.;:!?()]+))?)`, 'giu'),
      (w: string, ...next: unknown[]) => {
        const at = next[3] as number;
        if (when && !when(w, s.slice(0, at), s.slice(at + w.length))) return w;
        const words = next.slice(0, 3).filter((x): x is string => typeof x === 'string');
        const value = words.some((_, i) => {
          const p = words.slice(0, i + 1).join(' ');
          return vocabularies.some((v) => v.codes.has(p) || (v.phrases.get(phraseKey(p)) ?? []).some((m) => m.t === 'value'));
        });
        return value ? en : w;
      });
  }
  // "de janvier à mars", "du 1er au 15 mai", "du lundi au vendredi": a range, "from … to …".
  if (langs.has('fr')) {
    s = s.replace(new RegExp(String.raw`(?<![\p{L}\d])(?:of(?:\s+the)?|from|since)\s+(${FR_CALENDAR}(?:\s+(?:${MONTHS}))?)\s+(?:to|in\s+the|until(?:\s+the)?)\s+(${FR_CALENDAR})(?![\p{L}\d])`, 'giu'),
      'from $1 to $2');
  }
  if (langs.has('es') || langs.has('it') || langs.has('pt')) {
    // "de lunes a viernes", "da gennaio a marzo", "(lunes a domingo)": a range, "from … to …".
    s = s.replace(new RegExp(String.raw`(?<![\p{L}\d])(?:(of|from)\s+)?(${CALENDAR})\s+a\s+(${CALENDAR})(?![\p{L}\d])`, 'giu'),
      (whole: string, lead: string | undefined, a: string, b: string) => `${lead ? 'from ' : ''}${a} to ${b}`);
    // "hace 3 días": "3 days ago".
    s = s.replace(/(?<!\p{L})ago\s+(\d+\s+\p{L}+)/giu, '$1 ago');
  }
  // "a maggio", "ad aprile": "in May".
  if (langs.has('it')) s = s.replace(new RegExp(String.raw`(?<!${WORD})ad?\s+(${MONTHS})(?!\p{L})`, 'giu'), 'in $1');
  return s;
}
