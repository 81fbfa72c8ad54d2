/**
 * Everyday words of German, Dutch, Portuguese, Spanish and French that people who work in English mix into a question
 * ("nur DE und FR", "jetzt die refund rate, nach device", "alleen mobile graag", "só paid channel"), read as the English
 * they stand for before anything else reads the question. Only function words, courtesy and calendar words, and a few
 * words every business says, and chat shorthand ("b4"); the model's own words (a value, a column) are never replaced.
 */
import { phraseKey, type Vocabulary } from './vocabulary.ts';

/** Phrases first (longest first), then single words; each `from` is a whole-word, case-insensitive match. */
const GLOSSARY: ReadonlyArray<readonly [string, string]> = [
  // German.
  ['wie hoch waren', 'what were'], ['wie hoch war', 'what was'], ['wie hoch ist', 'what is'], ['wie viele', 'how many'], ['wie viel', 'how much'],
  ['die summe der', 'the sum of'], ['die summe des', 'the sum of'], ['die summe von', 'the sum of'], ['summe der', 'sum of'],
  ['aufgeteilt nach', 'broken down by'], ['aufgeschlüsselt nach', 'broken down by'], ['gruppiert nach', 'grouped by'], ['sortiert nach', 'sorted by'],
  ['im vergleich zu', 'compared to'], ['verglichen mit', 'compared to'],
  ['letzte woche', 'last week'], ['letzten monat', 'last month'], ['letzter monat', 'last month'], ['letztes jahr', 'last year'], ['letzten jahres', 'last year'],
  ['diese woche', 'this week'], ['diesen monat', 'this month'], ['dieser monat', 'this month'], ['dieses jahr', 'this year'],
  ['das gleiche', 'the same'], ['das selbe', 'the same'], ['dasselbe', 'the same'], ['dieselbe', 'the same'], ['dieselben', 'the same'],
  ['und noch was', 'one more thing'], ['noch was', 'one more thing'], ['kurze frage', 'quick question'],
  ['guten morgen', 'good morning'], ['guten tag', 'good day'], ['guten abend', 'good evening'], ['hallo zusammen', 'hello all'], ['grüß gott', 'hello'],
  ['vielen dank', 'thanks'], ['danke schön', 'thanks'], ['bitte schön', 'please'],
  ['monatsabschluss', 'month-end close'], ['jahresabschluss', 'year-end close'],
  ['nur', 'only'], ['und', 'and'], ['oder', 'or'], ['für', 'for'], ['fuer', 'for'], ['statt', 'instead of'], ['anstatt', 'instead of'],
  ['jetzt', 'now'], ['nach', 'by'], ['pro', 'per'], ['je', 'per'], ['ohne', 'without'], ['mit', 'with'], ['alle', 'all'], ['nicht', 'not'],
  ['anzahl', 'number'], ['summe', 'sum'], ['durchschnittlicher', 'average'], ['durchschnittliche', 'average'], ['durchschnitt', 'average'],
  ['umsatz', 'revenue'], ['bestellungen', 'orders'], ['bestellung', 'order'], ['bestellwert', 'order value'], ['kunden', 'customers'],
  ['monatlich', 'monthly'], ['wöchentlich', 'weekly'], ['täglich', 'daily'], ['quartal', 'quarter'], ['monat', 'month'], ['woche', 'week'],
  ['jahr', 'year'], ['gestern', 'yesterday'], ['heute', 'today'], ['hier', 'here'], ['bitte', 'please'], ['danke', 'thanks'],
  ['hallo', 'hello'], ['moin', 'morning'], ['servus', 'hello'], ['natürlich', 'obviously'], ['bzw', 'or'],
  // "Umsatz, also revenue": German "also" says the same again (i.e.).
  ['also', 'i.e.'],
  ['die', 'the'], ['das', 'the'], ['den', 'the'], ['dem', 'the'],
  // Dutch.
  ['laat me de sql zien', 'show me the sql'], ['laat me zien', 'show me'], ['alvast bedankt', 'thanks'], ['dank je wel', 'thanks'], ['dank je', 'thanks'],
  ['dank u', 'thanks'], ['even snel', 'quick question'], ['goedemorgen', 'good morning'], ['goedemiddag', 'good afternoon'], ['goedenavond', 'good evening'],
  ['hoi', 'hi'], ['graag', 'please'], ['hoeveel', 'how many'], ['alleen', 'only'], ['nu', 'now'], ['vorige maand', 'last month'], ['vorige week', 'last week'],
  ['deze maand', 'this month'], ['deze week', 'this week'], ['gisteren', 'yesterday'], ['vandaag', 'today'], ['zonder', 'without'], ['per maand', 'per month'],
  ['omzet', 'revenue'], ['bestellingen', 'orders'],
  // Portuguese.
  ['tudo bem', 'hello'], ['bom dia', 'good morning'], ['boa tarde', 'good afternoon'], ['olá', 'hello'], ['oi', 'hi'], ['pessoal', 'all'], ['obrigado', 'thanks'],
  ['obrigada', 'thanks'], ['quantos', 'how many'], ['quantas', 'how many'], ['qual', 'which'], ['canal', 'channel'], ['só', 'only'], ['somente', 'only'],
  ['apenas', 'only'], ['e nos', 'and in the'], ['e no', 'and in the'], ['nos', 'in the'], ['mês passado', 'last month'], ['semana passada', 'last week'],
  ['ontem', 'yesterday'], ['hoje', 'today'], ['sem', 'without'], ['receita', 'revenue'], ['pedidos', 'orders'],
  // Chat shorthand.
  ['b4', 'before'], ['u', 'you'], ['ur', 'your'], ['im', "i'm"], ['pls', 'please'], ['thx', 'thanks'],
  // Spanish and French courtesy and "only".
  ['por favor', 'please'], ["s'il vous plaît", 'please'], ["s'il te plaît", 'please'], ['svp', 'please'], ['seulement', 'only'], ['uniquement', 'only'], ['solamente', 'only'],
];

/** Chat shorthand: read in any question, and no sign of another language. */
const SHORTHAND = new Set(['b4', 'u', 'ur', 'im', 'pls', 'thx']);
/** Words only German has here: with one of them, German "der" / "des" are read (as "the" or "of the"). */
const GERMAN = new Set(['nur', 'für', 'fuer', 'jetzt', 'nach', 'bitte', 'danke', 'anzahl', 'umsatz', 'statt', 'anstatt', 'gestern', 'heute', 'monatlich', 'quartal', 'natürlich', 'hallo', 'moin', 'guten tag', 'guten morgen', 'dasselbe', 'aufgeteilt nach', 'sortiert nach', 'wie hoch war', 'kurze frage', 'und noch was', 'durchschnittlicher']);
/** Read only beside a word only another language has: words English has too, or that mean something else in it. */
const AMBIGUOUS = /^(?:der|des|die|das|den|dem|je|pro|mit|alle|hier|und|oder|also|nos|sem|oi|canal)$/;
const WORD = String.raw`[\p{L}'-]`;
// Longer phrases first ("dank je" before German "je").
const PATTERNS = [...GLOSSARY].sort((a, b) => b[0].split(/\s+/).length - a[0].split(/\s+/).length).map(([from, to]) => ({ from, to, re: new RegExp(String.raw`(?<!${WORD})${from.replace(/\s+/g, String.raw`\s+`)}(?!${WORD})`, 'giu') }));

/** True when the text holds a word of the glossary (cheap test before the rewrite). */
const ANY = new RegExp(String.raw`(?<!${WORD})(?:${GLOSSARY.map(([f]) => f.replace(/\s+/g, String.raw`\s+`)).join('|')})(?!${WORD})`, 'iu');

/**
 * The question with the glossary's words in English. A word a model knows ("pro" as a plan, "die" as a value) stays.
 * German articles are read as "the" only in a question that holds another German word of the glossary.
 */
export function inEnglish(question: string, vocabularies: readonly Vocabulary[]): string {
  if (!ANY.test(question)) return question;
  const known = (w: string): boolean => vocabularies.some((v) => v.phrases.has(phraseKey(w)));
  // A word of the glossary only another language has (not shorthand) makes the ambiguous ones read too.
  const foreign = PATTERNS.filter((p) => !AMBIGUOUS.test(p.from) && !SHORTHAND.has(p.from)).some((p) => { p.re.lastIndex = 0; return p.re.test(question); });
  const german = PATTERNS.filter((p) => GERMAN.has(p.from)).some((p) => { p.re.lastIndex = 0; return p.re.test(question); });
  let s = question;
  for (const { from, to, re } of PATTERNS) {
    if (!foreign && AMBIGUOUS.test(from)) continue;
    s = s.replace(re, (w: string) => (known(w) ? w : to));
  }
  // "der" / "des": "the" after a preposition or at the start, else "of the" ("die Summe der revenue der refunded orders").
  if (german) {
    s = s.replace(new RegExp(String.raw`(^|[^\p{L}'-]+)(?:der|des)(?!${WORD})`, 'giu'), (whole: string, lead: string, at: number) => {
      const before = s.slice(0, at).trim().split(/\s+/).pop()?.toLowerCase() ?? '';
      return `${lead}${!before || /[.,:;!?]$/.test(lead) || /^(?:for|with|by|from|in|on|at|to|of|over|under|before|after|per|only|and|or|the|without|instead)$/.test(before) ? 'the' : 'of the'}`;
    });
  }
  return s;
}
