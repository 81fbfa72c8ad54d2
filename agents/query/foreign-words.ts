/**
 * Everyday words of German, Dutch, Portuguese, Spanish, Italian, French, Polish and Hindi typed in Latin script that
 * people who work in English mix into a question ("nur DE und FR", "alleen mobile graag", "só paid channel", "ventas por
 * país el mes pasado", "ora per mese invece che per categoria", "combien de commandes le mois dernier", "ile zamówień w
 * zeszłym miesiącu", "pichle 7 din mein kitne orders hue?"), read as the English they stand for before anything else
 * reads the question. Only function words, courtesy, question and calendar words, a few words every business says, and
 * chat shorthand ("b4"); the model's own words (a value, a column) are never replaced. The glossaries are in
 * foreign-glossary.ts.
 *
 * Each language has its own words (only it has them here: one of them says the question is in that language) and its
 * ambiguous words (English or another language here has them too, or means something else by them: Spanish "en" is
 * "in", Dutch "en" is "and"; "solo", "per", "e", "la"), read only in a question in that language, and some only where
 * they fit (Polish "i" is "and" between two words, never the English "i want"; French "que" is "only" opening a clause).
 * Hindi says its words in another order (postpositions after their noun, the verb last), said in the English order
 * before its words are read (`inHindiOrder`); "X wise" is "by X" in any question (Indian English: "country wise").
 * Japanese in romaji ("kongetsu no uriage wa ikura?", "country-betsu de oshiete") is said in the English order too
 * (`inJapaneseOrder`): its particles after their noun, its verb last. Portuguese, whole questions as Brazilian analysts
 * ask them ("qual foi a receita do Brasil no mês passado?"), says its dates in its own order ("15 de junho", "de 1 a 15
 * de maio", "há 3 dias"), said in the English order first (`inPortugueseOrder`).
 */
import {
  AMBIGUOUS, BEFORE_VALUE, GLOSSARY, LOANWORDS, PT_MONTH_ABBREVIATIONS, PT_MONTHS, PT_WEEKDAYS, SHORTHAND, isHindi, type Lang, type When,
} from './foreign-glossary.ts';
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

/** A Portuguese month, abbreviated or not, with or without its accent ("março", "marco", "set"), and the English for it. */
const PT_MONTH = new Map([...PT_MONTHS, ...PT_MONTH_ABBREVIATIONS].flatMap(([pt, en]) => [[pt, en], [bare(pt), en]] as const));
const longestFirst = (words: Iterable<string>): string => [...new Set(words)].sort((a, b) => b.length - a.length).join('|');
const PT_MONTH_NAME = String.raw`(?:${longestFirst(PT_MONTH.keys())})`;
/** A day of the week, Portuguese or English ("segunda-feira", "sexta", "sábado", "friday"). */
const PT_DAY_NAME = String.raw`(?:${longestFirst(PT_WEEKDAYS.filter(([w]) => !w.includes(' ')).flatMap(([pt]) => [pt, bare(pt)]))}|${DAYS})`;
const PT_ORDINAL = String.raw`(?:º|°|o)?`;
const ptRule = (source: string): RegExp => new RegExp(source, 'giu');
/** "1º a 15 de junho", "10 e 20 de maio de 2024": days of one month, "june 1 a june 15" (the range is read below). */
const PT_DAYS_OF = ptRule(String.raw`(?<![\p{L}\d])(\d{1,2})${PT_ORDINAL}\s+(a|até|ate|ao|e)\s+(?:o\s+)?(?:dia\s+)?(\d{1,2})${PT_ORDINAL}\s+de\s+`
  + String.raw`(${PT_MONTH_NAME})(?:\s+(?:de\s+)?(\d{4}))?(?![\p{L}\d])`);
/** "15 de junho (de 2024)", "dia 1º de maio", "no dia 3 de março": "june 15 (2024)", "may 1", "on march 3". */
const PT_DATE = ptRule(String.raw`(?<![\p{L}\d])(?:(no|o)\s+)?(?:dia\s+)?(\d{1,2})${PT_ORDINAL}\s+de\s+(${PT_MONTH_NAME})(?:\s+(?:de\s+)?(\d{4}))?(?![\p{L}\d])`);
/** "junho de 2024": "june 2024". */
const PT_MONTH_YEAR = ptRule(String.raw`(?<![\p{L}\d])(${PT_MONTH_NAME})\s+de\s+(\d{4})(?![\p{L}\d])`);
/** A day, a month or a weekday a range is said from or to ("june 1", "janeiro", "march 2024", "segunda-feira"). */
const PT_WHEN = String.raw`(?:(?:${MONTHS}|${PT_MONTH_NAME})(?:\s+\d{1,4}){0,2}|${PT_DAY_NAME})`;
/** "de janeiro a março", "do dia june 1 até june 15", "de segunda a sexta": "from … to …"; "entre … e …": "between … and …". */
const PT_FROM_TO = ptRule(String.raw`(?<![\p{L}\d])(?:de|desde|do|a\s+partir\s+de)\s+(?:o\s+)?(?:dia\s+)?(${PT_WHEN})\s+(?:a|até|ate|ao)\s+(${PT_WHEN})(?![\p{L}\d])`);
const PT_BETWEEN = ptRule(String.raw`(?<![\p{L}\d])entre\s+(?:os\s+dias\s+|o\s+dia\s+)?(${PT_WHEN})\s+e\s+(${PT_WHEN})(?![\p{L}\d])`);
/** "há 3 dias", "faz uma semana": "3 dias ago", "1 semana ago" (the unit is read with the other words). */
const PT_AGO = ptRule(String.raw`(?<![\p{L}\d])(?:há|ha|faz)\s+(\d+|uma?|dois|duas|três|tres)\s+(\p{L}+)(?![\p{L}\d])`);
const PT_NUMBERS: Record<string, string> = { um: '1', uma: '1', dois: '2', duas: '2', três: '3', tres: '3' };
/** "1º trimestre", "segundo trimestre", "2º semestre": "Q1", "Q2", "H2". */
const PT_QUARTER = ptRule(String.raw`(?<![\p{L}\d])(?:([1-4])${PT_ORDINAL}|(primeiro|segundo|terceiro|quarto))\s+(trimestre|tri|semestre)(?![\p{L}\d])`);
const PT_ORDINALS: Record<string, number> = { primeiro: 1, segundo: 2, terceiro: 3, quarto: 4 };
/** "os 5 primeiros", "as 10 últimas": "os primeiros 5", "as últimas 10" (the first 5, the last 10). */
const PT_FIRST_N = ptRule(String.raw`(?<![\p{L}\d])(\d+)\s+(primeir[oa]s|últim[oa]s|ultim[oa]s)(?![\p{L}\d])`);
/**
 * A Portuguese question's dates in the English order, its other words still Portuguese: "15 de junho" is "june 15",
 * "de janeiro a março" "from janeiro to março", "entre 1 e 15 de maio" "between may 1 and may 15", "há 3 dias" "3 dias
 * ago"; "os 5 primeiros" is "os primeiros 5", "1º trimestre" "Q1".
 */
function inPortugueseOrder(q: string): string {
  const month = (m: string): string => PT_MONTH.get(m.toLowerCase()) ?? m;
  return q
    .replace(PT_DAYS_OF, (_w, d1: string, to: string, d2: string, m: string, y: string | undefined) =>
      `${month(m)} ${Number(d1)} ${to} ${month(m)} ${Number(d2)}${y ? ` ${y}` : ''}`)
    .replace(PT_DATE, (_w, on: string | undefined, d: string, m: string, y: string | undefined) =>
      `${on ? `${on.toLowerCase() === 'no' ? 'on' : 'the'} ` : ''}${month(m)} ${Number(d)}${y ? ` ${y}` : ''}`)
    .replace(PT_MONTH_YEAR, (_w, m: string, y: string) => `${month(m)} ${y}`)
    .replace(PT_FROM_TO, 'from $1 to $2')
    .replace(PT_BETWEEN, 'between $1 and $2')
    .replace(PT_AGO, (_w, n: string, unit: string) => `${PT_NUMBERS[n.toLowerCase()] ?? n} ${unit} ago`)
    .replace(PT_FIRST_N, '$2 $1')
    .replace(PT_QUARTER, (w: string, n: string | undefined, nth: string | undefined, unit: string) => {
      const which = n ? Number(n) : (PT_ORDINALS[(nth as string).toLowerCase()] as number);
      return /^semestre$/i.test(unit) ? (which <= 2 ? `H${which}` : w) : `Q${which}`;
    });
}

/** Any word, as the rules below take one: a value ("mobile"), a code ("DE"), a page ("/pricing"), a number. */
const TOKEN = String.raw`[\p{L}\d/][\p{L}\d/_.'’-]*`;
const NOT_AFTER = String.raw`(?<![\p{L}\d_/'’-])`;
const NOT_BEFORE = String.raw`(?![\p{L}\d_'’-])`;

/**
 * "country wise", "category-wise", "mahine wise": "by country", "by category", "by month" (Indian English, and Hinglish),
 * when X is a dimension, a column or a thing of the model, or a calendar grain; not a figure ("income wise": by income
 * bracket, which the model may not have) nor a value.
 */
const WISE = new RegExp(String.raw`${NOT_AFTER}(?:(\p{L}[\p{L}\d_]*)\s+)?(\p{L}[\p{L}\d_]*)(?:\s+|\s*-\s*)wise${NOT_BEFORE}`, 'giu');
const GRAINS: Record<string, string> = {
  hour: 'hour', day: 'day', date: 'date', week: 'week', weekday: 'weekday', month: 'month', quarter: 'quarter', year: 'year',
  din: 'day', hafta: 'week', hafte: 'week', mahina: 'month', mahine: 'month', saal: 'year', ghanta: 'hour', ghante: 'hour',
};
function byWise(q: string, vocabularies: readonly Vocabulary[]): string {
  const meanings = (p: string) => vocabularies.flatMap((v) => v.phrases.get(phraseKey(p)) ?? []);
  const grouping = (p: string): boolean => meanings(p).some((m) => m.t !== 'value') && !meanings(p).some((m) => m.t === 'measure');
  return q.replace(WISE, (whole: string, w1: string | undefined, w2: string) => {
    // "signup channel wise": the two words are one name ("orders status wise": the orders, by status).
    if (w1 && grouping(`${w1} ${w2}`) && !meanings(w1).length && !GRAINS[w1.toLowerCase()]) return `by ${w1} ${w2}`;
    const grain = GRAINS[w2.toLowerCase()];
    if (!grain && !grouping(w2)) return whole;
    return `${w1 ? `${w1} ` : ''}by ${grain ?? w2}`;
  });
}

/** Hindi calendar units and the English they stand for, one and many. */
const HI_UNITS: Record<string, readonly [string, string]> = {
  din: ['day', 'days'], dino: ['day', 'days'], dinon: ['day', 'days'], hafta: ['week', 'weeks'], hafte: ['week', 'weeks'], hafton: ['week', 'weeks'],
  mahina: ['month', 'months'], mahine: ['month', 'months'], mahino: ['month', 'months'], mahinon: ['month', 'months'], saal: ['year', 'years'],
  ghanta: ['hour', 'hours'], ghante: ['hour', 'hours'], ghanton: ['hour', 'hours'],
};
const HI_UNIT = Object.keys(HI_UNITS).join('|');
const HI_NUMBER = String.raw`\d+|ek|do`;
const howMany = (n: string | undefined): number => (!n || n.toLowerCase() === 'ek' ? 1 : n.toLowerCase() === 'do' ? 2 : Number(n));
const unitIn = (unit: string, n: number): string => (HI_UNITS[unit.toLowerCase()] as readonly [string, string])[n === 1 ? 0 : 1];
const hi = (source: string): RegExp => new RegExp(source, 'giu');

/** "kya" opening a yes/no question ("kya mobile pe refunds badhe?"), not "kya hai …" ("what is …"): it asks nothing. */
const HI_ASKS = hi(String.raw`(^|[.,;:!?]\s*)kya\s+(?!(?:hai|hain|tha|thi|the)${NOT_BEFORE})`);
/** "ab tak", "abhi tak", "aaj tak": "so far" (before "tak" after a noun is read as "until"). */
const HI_SO_FAR = hi(String.raw`${NOT_AFTER}(?:ab|abhi|aaj)\s+tak${NOT_BEFORE}`);
/** "usse ek din pehle", "us se 2 hafte pehle": "the day before that", "2 weeks before that". */
const HI_BEFORE_THAT =
  hi(String.raw`${NOT_AFTER}(?:usse|us\s+se|isse|is\s+se|uske|us\s+ke)\s+(?:(${HI_NUMBER})\s+)?(${HI_UNIT})\s+(?:pehle|pahle)${NOT_BEFORE}`);
/** "3 din pehle", "ek hafta pehle": "3 days ago", "1 week ago". */
const HI_AGO = hi(String.raw`${NOT_AFTER}(${HI_NUMBER})\s+(${HI_UNIT})\s+(?:pehle|pahle)${NOT_BEFORE}`);
/** "100 se zyada", "50 se kam": "more than 100", "less than 50". */
const HI_THAN = hi(String.raw`${NOT_AFTER}(${TOKEN})\s+se\s+(zyada|jyada|zyaada|kam)${NOT_BEFORE}`);
/** "top do", "pichle do hafte", "do products": "two" before a noun or a number ("do" is "give" closing a clause). */
const HI_TWO_AFTER = hi(String.raw`${NOT_AFTER}(top|pichle|pichhle|pichla|pichli|last|sirf|bas|only|first|bottom)\s+do${NOT_BEFORE}`);
const HI_TWO_BEFORE = hi(String.raw`${NOT_AFTER}do\s+(${TOKEN})`);
/**
 * "orders cancel hue", "kitne refund ho gaye", "complete kiye": an English verb with a Hindi one after it, "cancelled",
 * "refunded" (after the thing it is said of, or a word the model knows only so), never a noun ("koi refund hua").
 */
const HI_DONE = hi(String.raw`${NOT_AFTER}(?:(${TOKEN})(\s+))?(\p{L}+)`
  + String.raw`(\s+(?:ho\s+(?:gaye|gaya|gayi|gye)|hue|hua|hui|huye|huyi|kiye|kiya|kari|kare))${NOT_BEFORE}`);
/** "customers ka AOV", "users ki refund rate": the figure of those ("AOV of customers"); "har country ka revenue" stays. */
const HI_OF_BEFORE = new RegExp(String.raw`${NOT_AFTER}(${TOKEN})\s+(?:ka|ke|ki)\s+$`, 'iu');
const HI_OF_AT = (at: number): RegExp =>
  Object.assign(hi(String.raw`${NOT_AFTER}(${TOKEN})\s+(?:ka|ke|ki)\s+(${TOKEN})(?:\s+(${TOKEN}))?`), { lastIndex: at });
const participle = (verb: string): string => (/ed$/i.test(verb) ? verb : /e$/i.test(verb) ? `${verb}d` : /[^l]l$/i.test(verb) ? `${verb}led` : `${verb}ed`);
/** "7 din", "do hafte": "7 days", "2 weeks". */
const HI_N_UNITS = hi(String.raw`${NOT_AFTER}(\d+|do)\s+(${HI_UNIT})${NOT_BEFORE}`);

/** A period said before a postposition ("pichle 7 days mein", "is mahine se", "1 june se"). */
const MONTH_NAMES = 'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec';
const HI_PERIOD = String.raw`(?:(?:pichle|pichla|pichli|pichhle|pichhla|pichhli|is|iss|har|last|past|this|previous)\s+)?(?:(?:\d+|ek)\s+)?`
  + String.raw`(?:${HI_UNIT}|days?|weeks?|months?|years?|quarters?|hours?)|(?:\d{1,2}\s+)?(?:${MONTH_NAMES})(?:\s+\d{1,4})?|\d{4}-\d{2}-\d{2}|aaj|kal|parso|today|yesterday`;
/** A word that says which one(s) or what kind, moved with its noun ("kis country mein", "the site pe", "bar chart mein"). */
const HI_DETERMINER = /^(?:kis|kin|har|is|iss|us|uss|ek|kaunse|kaunsi|konse|konsi|the|a|an|this|that|each|every|all|our|my|bar|line|pie)$/i;
/** Words "me" follows as the English object ("show me", "for me"), never the Hindi "in". */
const ENGLISH_ME = /^(?:show|give|tell|let|send|get|help|email|mail|ping|remind|for|to|with|about|of|from|and|call|text|message|dm|batao|dikhao)$/i;
/** The Hindi postpositions, and the English preposition said before the noun. */
const HI_POSTPOSITIONS: ReadonlyArray<readonly [string, string]> = [
  ['se pehle', 'before'], ['se pahle', 'before'], ['ke baad', 'after'], ['ke bad', 'after'], ['ke liye', 'for'], ['ke hisaab se', 'by'],
  ['ke hisab se', 'by'], ['ke according', 'by'], ['ke bina', 'without'], ['ke alawa', 'except'], ['mein', 'in'], ['me', 'in'], ['pe', 'on'],
  ['par', 'on'], ['se', 'from'], ['tak', 'until'],
];
/** Phrases as one alternation, any space between their words. */
const anyOf = (phrases: ReadonlyArray<readonly [string, string]>): string => phrases.map(([h]) => h.replace(/ /g, String.raw`\s+`)).join('|');
const HI_POSTPOSITION = hi(String.raw`${NOT_AFTER}(?:(${HI_PERIOD})|(?:(${TOKEN})\s+)?(${TOKEN}))\s+(${anyOf(HI_POSTPOSITIONS)})${NOT_BEFORE}`);
/** "the" and "to" said by the rules below: kept from the Hindi "the" ("were") and "to" (a particle) read after them. */
const THE = '\uE001';
const TO = '\uE002';
/** "1 june se 15 june tak", "march se may tak": "from … to …". */
const HI_RANGE = hi(String.raw`${NOT_AFTER}(${HI_PERIOD}|\d+)\s+se\s+(${HI_PERIOD}|\d+)\s+tak${NOT_BEFORE}`);
/** Hindi verbs of asking closing their clause ("country wise batao"), said first in English ("show me by country"). */
const HI_VERBS: ReadonlyArray<readonly [string, string]> = [
  ['bata do', 'show me'], ['bata dena', 'show me'], ['bataiye', 'show me'], ['batao', 'show me'], ['bataao', 'show me'], ['btao', 'show me'],
  ['dikha do', 'show me'], ['dikhaiye', 'show me'], ['dikhao', 'show me'], ['dikhaao', 'show me'], ['dikhana', 'show me'], ['de do', 'give me'],
  ['dedo', 'give me'], ['nikal do', 'pull'], ['nikalo', 'pull'], ['chahiye', 'i need'], ['chaiye', 'i need'], ['chahie', 'i need'], ['do', 'give me'],
];
const HI_LEAD = String.raw`(?:(?:aur|ab|phir|fir|ok|okay|acha|accha|achha|yaar|yar|bhai|to|toh|and|now|so|please|pls)\s+)*`;
const HI_CHATTER = String.raw`(?:\s+(?:na|please|pls|yaar|yar|bhai|ji|zara|jara|jaldi|abhi))*`;
const HI_VERB_LAST = new RegExp(String.raw`^(\s*${HI_LEAD})(\S.*?)\s+(${anyOf(HI_VERBS)})(${HI_CHATTER})\s*$`, 'iu');

/**
 * A Hindi question in the English order, its words still Hindi: a period before "pehle" ("usse ek din pehle": "the day
 * before that"), "X se zyada" ("more than X"), "do" as two before a noun, a postposition before its noun ("pichle 7 din
 * mein": "in pichle 7 days"; "mobile pe": "on mobile"; "June se": "since June"), and a verb of asking closing its clause
 * said first ("bas ek number batao": "show me bas ek number").
 */
function inHindiOrder(q: string, vocabularies: readonly Vocabulary[]): string {
  const meanings = (p: string) => vocabularies.flatMap((v) => v.phrases.get(phraseKey(p)) ?? []);
  const phrase = (p: string): boolean => meanings(p).length > 0;
  /** A figure or a thing counted ("orders", "customers", "AOV", "refund rate"). */
  const measure = (p: string): boolean => meanings(p).some((m) => m.t === 'measure' || m.t === 'entity');
  /** A value and its dimension ("paid channel", "electronics category"), said together. */
  const valueOf = (w1: string, w2: string): boolean =>
    (vocabularies.some((v) => v.codes.has(w1)) || meanings(w1).some((m) => m.t === 'value')) && meanings(w2).some((m) => m.t === 'dimension' || m.t === 'column');
  const unit = (n: string | undefined, u: string): string => `${howMany(n)} ${unitIn(u, howMany(n))}`;
  const period = (w: string): boolean => new RegExp(String.raw`^(?:${HI_PERIOD})$`, 'iu').test(w) || /^\d+$/.test(w);
  q = q.replace(HI_ASKS, '$1')
    .replace(HI_SO_FAR, 'so far')
    .replace(HI_BEFORE_THAT, (_w, n: string | undefined, u: string) => `${howMany(n) === 1 ? `${THE} ${unitIn(u, 1)}` : unit(n, u)} before that`)
    .replace(HI_AGO, (_w, n: string, u: string) => `${unit(n, u)} ago`)
    .replace(HI_DONE, (_w, thing: string | undefined, space: string | undefined, verb: string, done: string) => {
      const said = !isHindi(verb) && phrase(participle(verb)) && ((thing && !isHindi(thing) && measure(thing)) || !phrase(verb));
      return `${thing ? `${thing}${space}` : ''}${said ? participle(verb) : verb}${done}`;
    })
    .replace(HI_N_UNITS, (_w, n: string, u: string) => unit(n, u));
  // "customers ka AOV": each "ka" on its own, the word before it free to be the next one's figure; the figure is said
  // before all the words of ("Japan ke customers ka AOV": "AOV of Japan customers").
  for (let m: RegExpExecArray | null, at = 0; (m = HI_OF_AT(at).exec(q));) {
    const [w, of, w1, w2] = m;
    const figure = !measure(of) ? undefined : w2 && measure(`${w1} ${w2}`) ? `${w1} ${w2}` : measure(w1) ? w1 : undefined;
    if (!figure) {
      at = m.index + of.length;
      continue;
    }
    let start = m.index;
    let whose = of;
    for (let b: RegExpExecArray | null; (b = HI_OF_BEFORE.exec(q.slice(0, start)));) [start, whose] = [b.index, `${b[1]} ${whose}`];
    const said = `${figure} of ${whose}${w2 && figure === w1 ? ` ${w2}` : ''}`;
    q = q.slice(0, start) + said + q.slice(m.index + w.length);
    at = start + said.length;
  }
  q = q
    .replace(HI_THAN, (_w, x: string, more: string) => `${/^kam$/i.test(more) ? 'less' : 'more'} than ${x}`)
    .replace(HI_TWO_AFTER, '$1 2')
    .replace(HI_TWO_BEFORE, (w: string, next: string) => (HI_UNITS[next.toLowerCase()] || /^\d/.test(next) || phrase(next) ? `2 ${next}` : w))
    .replace(HI_RANGE, `from $1 ${TO} $2`)
    .replace(HI_POSTPOSITION, (whole: string, when: string | undefined, w1: string | undefined, w2: string | undefined, post: string) => {
      const p = post.toLowerCase().replace(/\s+/g, ' ');
      let en = (HI_POSTPOSITIONS.find(([h]) => h === p) as readonly [string, string])[1];
      if (when) return `${p === 'se' ? 'since' : en} ${when}`;
      const noun = w2 as string;
      // "show me": the English "me"; "kitne mein", "usse pehle": no noun before it.
      if ((p === 'me' && ENGLISH_ME.test(noun)) || (isHindi(noun) && !HI_UNITS[noun.toLowerCase()])) return whole;
      if (p === 'se' && period(noun)) en = 'since';
      const both = w1 && (HI_DETERMINER.test(w1) || phrase(`${w1} ${noun}`) || valueOf(w1, noun));
      return both ? `${en} ${w1} ${noun}` : `${w1 ? `${w1} ` : ''}${en} ${noun}`;
    });
  return q.split(/([.,;:!?]+)/).map((clause) => clause.replace(HI_VERB_LAST, (_w, lead: string, body: string, verb: string, tail: string) =>
    `${lead}${(HI_VERBS.find(([h]) => h === verb.toLowerCase().replace(/\s+/g, ' ')) as readonly [string, string])[1]} ${body}${tail}`)).join('');
}

/**
 * The English of a Hindi or Japanese question without the words that carried nothing ("hue", "ka", "yaar", "no", "wa"):
 * no gaps left; an ellipsis keeps its space ("1=monday ... 7=sunday").
 */
const tidy = (s: string): string => s.replace(/\uE001/g, 'the').replace(/\uE002/g, 'to').replace(/[^\S\n]{2,}/g, ' ')
  .replace(/\s+([,;:!?]|\.(?!\.))/g, '$1').replace(/([,;:])(?:\s*[,;:])+/g, '$1').replace(/^[\s,.;:]+/, '').replace(/[\s,;:]+([!?]|\.(?!\.)|$)/g, '$1').trim();

/** Japanese "X-betsu", "X-goto" ("by X"): "betsu" and "goto" as words of their own, that say the question is Japanese. */
const JA_BY_WORD = /(?<=\p{L})\s*-\s*(?=(?:betsu|goto)(?![\p{L}\d]))/giu;
/** Japanese calendar grains before "betsu" ("jikan-betsu": by hour; "youbi-betsu": by day of week). */
const JA_GRAINS: Record<string, string> = {
  jikan: 'hour', jikantai: 'hour', hi: 'day', nichi: 'day', hizuke: 'date', shuu: 'week', tsuki: 'month', getsu: 'month', nen: 'year',
  youbi: 'weekday', yobi: 'weekday', shihanki: 'quarter',
};
/** Japanese units after a number ("7-nichi", "3 kagetsu", "2 shuukan"), one and many. */
const JA_UNITS: Record<string, readonly [string, string]> = {
  nichikan: ['day', 'days'], nichi: ['day', 'days'], shuukan: ['week', 'weeks'], shukan: ['week', 'weeks'], kagetsukan: ['month', 'months'],
  kagetsu: ['month', 'months'], nenkan: ['year', 'years'], nen: ['year', 'years'], jikan: ['hour', 'hours'],
};
/** The Japanese words of the glossary; those of its calendar ("kinou", "sengetsu", "getsuyoubi", "zenkikan"). */
const JA_WORDS = new Set(GLOSSARY.ja.map(([from]) => from));
const JA_CALENDAR = GLOSSARY.ja.filter(([, en]) => new RegExp(String.raw`^(?:today|yesterday|the day before yesterday|(?:this|last) (?:week|month|year)|all time|so far|${DAYS})$`).test(en))
  .map(([from]) => from.replace(/ /g, String.raw`\s+`));
/** A period said before a particle ("kinou made", "6gatsu kara", "kako 7-nichi de", "kyonen mo"), its numbers in English already. */
const JA_PERIOD = String.raw`(?:${JA_CALENDAR.join('|')}|last\s+\d+\s+(?:days|weeks|months|years|hours)|\d+\s+\p{L}+\s+ago|(?:${MONTHS})(?:\s+\d{1,2})?|\d{4})`;
const JA_BY = hi(String.raw`${NOT_AFTER}(\p{L}[\p{L}\d_]*)\s+(?:betsu|goto)(?:\s+de)?${NOT_BEFORE}`);
/**
 * "enterprise mo", "mobile wa?": a value of the model and a Japanese particle, the whole of a clause, are "also enterprise",
 * "what about mobile?" in any question (no English says them so; the follow-up has no other Japanese word).
 */
const JA_VALUE_FOLLOW_UP = hi(String.raw`(^|[.,;:!?]\s*)(?:(${TOKEN})\s+)?(${TOKEN})\s+(mo|wa)(?=\s*([.,;:!?]|$))`);
function japaneseFollowUp(q: string, vocabularies: readonly Vocabulary[]): string {
  const value = (p: string): boolean => vocabularies.some((v) => v.codes.has(p) || (v.phrases.get(phraseKey(p)) ?? []).some((m) => m.t === 'value'));
  return q.replace(JA_VALUE_FOLLOW_UP, (whole: string, lead: string, w1: string | undefined, w2: string, particle: string, end: string) => {
    const x = w1 ? `${w1} ${w2}` : w2;
    if (!value(x) || particle !== particle.toLowerCase() || (particle === 'wa' && end !== '?')) return whole;
    return `${lead}${particle === 'mo' ? 'also' : 'what about'} ${x}`;
  });
}
/** "6gatsu", "6-gatsu 15-nichi": "june", "june 15". */
const JA_MONTH = hi(String.raw`${NOT_AFTER}(1[0-2]|0?[1-9])\s*-?\s*gatsu(?:\s*(\d{1,2})\s*-?\s*nichi)?${NOT_BEFORE}`);
/** "kako 7-nichi", "3 kagetsu mae", "2 shuukan", "2024-nen": "last 7 days", "3 months ago", "2 weeks", "2024". */
const JA_N_UNITS = hi(String.raw`${NOT_AFTER}(?:(kako|chokkin|saikin)\s*)?(\d+)\s*-?\s*(${Object.keys(JA_UNITS).join('|')})(?:\s+(mae))?${NOT_BEFORE}`);
/** A clause closing with "kedo" ("kyonen to hikaku shitakatta kedo, …": I wanted to compare with last year, but …) only leads in. */
const JA_LEAD_IN = hi(String.raw`(^|[.,;:!?]\s*)[^.,;:!?]*?\s(?:kedo|keredo|kedomo|keredomo)(?:\s*,\s*|\s+)(?=\S)`);
/** "de ii desu", "de daijoubu": "that will do". */
const JA_WILL_DO = hi(String.raw`${NOT_AFTER}de\s+(?:ii|iidesu|daijoubu)(?:\s+(?:desu|yo|ne|kana))*${NOT_BEFORE}`);
/** "Y ni kaete", "Y ni shite": "switch to Y"; after "X ja nakute": "Y instead of X". */
const JA_CHANGE = String.raw`\s+ni\s+(?:kaete|shite|henkou(?:\s+shite)?)`;
const JA_INSTEAD = new RegExp(String.raw`^(\s*)(\S.*?)\s+(?:ja\s*nakute|ja\s+naku|de\s*wa\s+naku(?:te)?)\s+(\S.*?)(?:${JA_CHANGE})?(\s+(?:kudasai|onegai(?:shimasu)?))?\s*$`, 'iu');
const JA_SWITCH = new RegExp(String.raw`^(\s*)(\S.*?)${JA_CHANGE}(?=\s|$)`, 'iu');
/** "X wa dou datta?", "X wa?": "what about X?". */
const JA_WHAT_ABOUT = new RegExp(String.raw`^(\s*)(\S.*?)\s+wa(?:\s+dou(?:\s+(?:datta|deshita|desu|kana|deshou|ka))*)?\s*$`, 'iu');
/** Verbs of asking closing their clause ("plan-betsu de oshiete"), or before a bracket, said first in English ("show me … by plan"). */
const JA_VERBS: ReadonlyArray<readonly [string, string]> = [
  ['oshiete kudasai', 'show me'], ['oshiete', 'show me'], ['misete kudasai', 'show me'], ['misete', 'show me'], ['dashite', 'show me'],
  ['mitai desu', 'i want to see'], ['mitai', 'i want to see'], ['shiritai', 'i want to know'], ['hikaku shite', 'compare'], ['hikaku shitai', 'compare'],
];
const JA_VERB_LAST = new RegExp(String.raw`^(\s*(?:(?:jaa|ja|sorekara|soshite|and|now|then|ok|okay)\s+)*)(\S.*?)\s+(?:(?:ga|wo|o|wa)\s+)?(${anyOf(JA_VERBS)})`
  + String.raw`((?:\s+(?:kudasai|onegai(?:shimasu)?|ne|yo|desu))*(?:\s*\(.*)?)\s*$`, 'iu');
/** "kyonen to hikaku": "compared to last year"; "6gatsu kara 7gatsu made": "from june to july". */
const JA_COMPARED = hi(String.raw`${NOT_AFTER}(${JA_PERIOD}|${TOKEN})\s+to\s+hikaku(?:\s+(?:shite|shitai|suru|shita|shitakatta))?${NOT_BEFORE}`);
const JA_RANGE = hi(String.raw`${NOT_AFTER}(${JA_PERIOD}|\d+)\s+kara\s+(${JA_PERIOD}|\d+)\s+made${NOT_BEFORE}`);
/** A particle after its noun: "JP de" ("in JP"), "kinou kara" ("since yesterday"), "tablet mo" ("also tablet"), "mobile igai" ("excluding mobile"). */
const JA_PARTICLE = hi(String.raw`${NOT_AFTER}(?:(${JA_PERIOD})|(?:(${TOKEN})\s+)?(${TOKEN}))\s+(de|ni|kara|made|mo|igai)${NOT_BEFORE}`);

/**
 * A Japanese question in the English order, its words still Japanese: a clause that leads in with "kedo" goes, "X-betsu"
 * is "by X", numbers of days and months are said in English, "X ja nakute Y ni kaete" is "Y instead of X", "X ni shite"
 * "switch to X", "X wa dou datta?" "what about X?", a verb of asking closing its clause is said first, and "de", "ni",
 * "kara", "made", "mo", "igai" are said before their noun ("JP de": "in JP"; "mobile igai": "excluding mobile").
 */
function inJapaneseOrder(q: string, vocabularies: readonly Vocabulary[]): string {
  const meanings = (p: string) => vocabularies.flatMap((v) => v.phrases.get(phraseKey(p)) ?? []);
  const value = (p: string): boolean => vocabularies.some((v) => v.codes.has(p)) || meanings(p).some((m) => m.t === 'value');
  q = q.replace(JA_LEAD_IN, '$1').replace(JA_WILL_DO, '')
    .replace(JA_BY, (_w, x: string) => `by ${JA_GRAINS[x.toLowerCase()] ?? x}`)
    .replace(JA_MONTH, (_w, m: string, d: string | undefined) => `${MONTHS.split('|')[Number(m) - 1]}${d ? ` ${Number(d)}` : ''}`)
    .replace(JA_N_UNITS, (w: string, last: string | undefined, n: string, u: string, ago: string | undefined) => {
      if (!last && !ago && /^nen$/i.test(u) && n.length === 4) return `in ${n}`;
      const unit = `${n} ${(JA_UNITS[u.toLowerCase()] as readonly [string, string])[Number(n) === 1 ? 0 : 1]}`;
      return last ? `last ${unit}` : ago ? `${unit} ago` : unit;
    });
  q = q.replace(JA_COMPARED, `compared ${TO} $1`);
  const parts = q.split(/([.,;:!?]+)/);
  q = parts.map((clause, i) => clause
    .replace(JA_INSTEAD, (_w, lead: string, x: string, y: string, tail = '') =>
      `${lead}${y} instead of ${/^by\s/i.test(y) && !/^by\s|\s/i.test(x) ? `by ${x}` : x}${tail}`)
    .replace(JA_SWITCH, `$1switch ${TO} $2`)
    .replace(JA_WHAT_ABOUT, (w: string, lead: string, x: string) => (/\s+dou/i.test(w) || parts[i + 1]?.startsWith('?') ? `${lead}what about ${x}` : w))
    .replace(JA_VERB_LAST, (_w, lead: string, body: string, verb: string, tail: string) =>
      `${lead}${(JA_VERBS.find(([j]) => j === verb.toLowerCase().replace(/\s+/g, ' ')) as readonly [string, string])[1]} ${body}${tail}`)).join('');
  return q.replace(JA_RANGE, `from $1 ${TO} $2`)
    .replace(JA_PARTICLE, (whole: string, when: string | undefined, w1: string | undefined, w2: string | undefined, particle: string) => {
      const p = particle.toLowerCase();
      // "DE no kokyaku": a code in capitals, not the particle.
      if (particle === particle.toUpperCase() && q !== q.toUpperCase()) return whole;
      if (when) return `${{ kara: 'since ', made: 'until ', mo: 'also ', igai: 'excluding ' }[p] ?? ''}${when}`;
      const noun = w2 as string;
      if (p === 'made') return whole;
      const both = w1 && (meanings(`${w1} ${noun}`).length > 0 || value(`${w1} ${noun}`));
      const [before, said] = both ? ['', `${w1} ${noun}`] : [w1 ? `${w1} ` : '', noun];
      if (p === 'mo') return `${before}also ${said}`;
      if (p === 'kara' || p === 'igai') return `${before}${p === 'kara' ? 'from' : 'excluding'} ${said}`;
      return `${before}${value(said) && !JA_WORDS.has(said.toLowerCase()) ? `in ${said}` : said}`;
    });
}

/** A bracket that says again in English the Japanese words before it ("ototoi (day before yesterday)") goes. */
const withoutGloss = (s: string): string => s.replace(/\s*\(([^()]+)\)/g, (whole: string, inner: string, at: number) => {
  const words = (t: string): string[] => t.toLowerCase().split(/[^\p{L}\d]+/u).filter((w) => w && !/^(?:the|a|an)$/.test(w));
  const said = words(inner);
  const before = words(s.slice(Math.max(0, at - 200), at).split(/[.,;:!?]/).pop() ?? '').slice(-(said.length + 2));
  return said.length && ` ${before.join(' ')} `.includes(` ${said.join(' ')} `) ? '' : whole;
});

/**
 * The question with the glossary's words in English. A word the model knows, alone or with a word beside it ("pro"
 * as a plan, "DE" as a country, "social media" as a channel), stays. A language's ambiguous words are read only in a
 * question that holds one of its own words.
 */
export function inEnglish(question: string, vocabularies: readonly Vocabulary[]): string {
  // "¿cuántos …?", "¡gracias!": the Spanish opening marks say nothing to the reader.
  let q = japaneseFollowUp(byWise(question.replace(/[¿¡]/g, ''), vocabularies).replace(JA_BY_WORD, ' '), vocabularies);
  ANY.lastIndex = 0;
  if (!ANY.test(q)) return q;
  const phrase = (p: string): boolean => vocabularies.some((v) => v.phrases.has(phraseKey(p)));
  const known = (w: string, at: number): boolean => {
    if (vocabularies.some((v) => v.codes.has(w)) || phrase(w)) return true;
    // The word just before (from the last stretch of text: a long question is not read again at each word).
    const before = /([\p{L}\d'’-]+)\s+$/u.exec(q.slice(Math.max(0, at - 200), at))?.[1];
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
  if (langs.has('pt')) q = inPortugueseOrder(q);
  if (langs.has('hi')) q = inHindiOrder(q, vocabularies);
  if (langs.has('ja')) q = inJapaneseOrder(q, vocabularies);
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
  if (langs.has('ja')) s = withoutGloss(s);
  if (langs.has('hi') || langs.has('ja')) s = tidy(s);
  return s;
}
