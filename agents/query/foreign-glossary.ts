/**
 * The glossaries of foreign-words.ts: the everyday words of German, Dutch, Portuguese, Spanish, Italian, French,
 * Polish and Hindi typed in Latin script ("Hinglish"), and Japanese in romaji (foreign-glossary-ja.ts), people mix into
 * English questions, each with the English it stands for. A `to` starting with "~" is an adjective said after its noun
 * ("fatturato medio", "commandes annulées"), said before it in English. A third element says when an ambiguous word is
 * read, from the text before and after it (Polish "i" is "and" only between two words, never the English "i want").
 */
import { JA_AMBIGUOUS, JA_GLOSSARY } from './foreign-glossary-ja.ts';

export type Lang = 'de' | 'nl' | 'pt' | 'es' | 'it' | 'fr' | 'pl' | 'hi' | 'ja';
/** Whether a word is read here: the word as written, the question's text before it and after it. */
export type When = (word: string, before: string, after: string) => boolean;
export type Entries = ReadonlyArray<readonly [string, string] | readonly [string, string, When]>;

/** The first words of the Polish glossary's own words, and of all its words (for the words read only before one). */
let polish: { own: Set<string>; all: Set<string> } | undefined;
const nextWord = (after: string): string => /^\s+([\p{L}\d'’-]+)/u.exec(after)?.[1]?.toLowerCase() ?? '';
const plain = (w: string): string => w.normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/g, 'l');
const firstWords = (entries: Entries): Set<string> => new Set(entries.map(([from]) => plain(from.split(' ')[0])));
const isPolish = (w: string, own: boolean): boolean =>
  (polish ??= { own: firstWords(GLOSSARY.pl), all: firstWords([...GLOSSARY.pl, ...AMBIGUOUS.pl]) })[own ? 'own' : 'all'].has(plain(w));
/** At the start of the question or of a sentence or clause. */
const atStart = (before: string): boolean => /(?:^|[.,;:!?(])\s*$/.test(before);
/** French "que" is "only" at the start of a clause ("que mobile", "et que les annulées"), never in "plus que". */
const clauseStart: When = (_w, before, after) => /\S/.test(after) && (atStart(before) || /(?:^|\s)(?:et|mais|ou)\s+$/i.test(before));
/** Polish "i" is "and" between two words: never at the start, nor the English "i" before its verb ("i want", "i'm"). */
const ENGLISH_I = new RegExp(String.raw`^(?:['’]|\s+(?:am|was|want|wanted|need|needed|mean|meant|think|thought|guess|have|had|would|will|can|`
  + String.raw`could|should|just|also|only|really|don't|didn't|do|did|know|see|saw|asked|got|get|like|wonder|believe|assume|hope|tried|try|care)\b)`, 'i');
const polishAnd: When = (w, before, after) => w === 'i' && !atStart(before) && /\S/.test(after) && !ENGLISH_I.test(after);
/** Polish "a" is "and" opening a follow-up said in Polish ("a w maju?", "a teraz per device"). */
const polishLead: When = (_w, before, after) => atStart(before) && isPolish(nextWord(after), false);
/** Polish "we", "od", "do", "po" before a Polish word or a number ("we wrześniu", "od 1 do 15 maja"), never the English "we", "do". */
const beforePolish: When = (_w, _before, after) => /^\s+\d/.test(after) || isPolish(nextWord(after), true);
/** Polish "w", never in "w/" ("w/ 2+ orders", "w/o"). */
const notSlash: When = (_w, _before, after) => !/^\s*\//.test(after);
/** The Hindi glossary's own single words ("kitne", "hue", "batao"): a phrase's first word may be English ("is mahine"). */
let hindi: Set<string> | undefined;
export const isHindi = (w: string): boolean =>
  (hindi ??= new Set(GLOSSARY.hi.map(([from]) => from).filter((from) => !from.includes(' ')))).has(w.toLowerCase());
const previousWord = (before: string): string => /([\p{L}\d'’-]+)\s*$/u.exec(before.slice(-200))?.[1]?.toLowerCase() ?? '';
/** At the end of the question or of a sentence or clause. */
const atEnd = (after: string): boolean => /^\s*(?:[.,;:!?)]|$)/.test(after);
/**
 * Hindi "the" ("were", after its verb: "kitne aaye the?") and "to" (a particle: "kal to …"): read only at the end of a
 * clause or beside a Hindi word, never the English "the last 7 days", "from june to july".
 */
const hindiParticle: When = (_w, before, after) => atEnd(after) || isHindi(nextWord(after)) || isHindi(previousWord(before));
/** Hindi "do" is "give" closing a clause ("revenue do"); "two" before a noun or a number is read apart (foreign-words.ts). */
const hindiGive: When = (_w, _before, after) => atEnd(after);
/** Hindi "is" is "this" only before a calendar word ("is month", "is week"), never the English "is". */
const hindiThis: When = (_w, _before, after) => /^\s+(?:month|week|weekend|year|quarter)(?![\p{L}])/iu.test(after);
/**
 * What says a Hindi question is about the past: a verb in the past ("hue", "aaye", "tha", "kiye", "the" closing a clause)
 * or an English one ("were", "did").
 */
const HINDI_PAST = new RegExp(String.raw`(?<![\p{L}'’])(?:hue|hua|hui|huye|huyi|huin|tha|thi|aaye|aaya|aayi|aye|aya|ayi|gaye|gaya|gayi|gye|kiye|kiya|kari|`
  + String.raw`laya|laye|layi|laaya|laaye|bika|biki|beche|becha|kharida|kharide|kharidi|was|were|did|had|the(?=\s*(?:[.,;:!?]|$)))(?![\p{L}'’])`, 'iu');
/** Hindi "kal" is "yesterday" in a question about the past ("kal kitne orders hue?"), "tomorrow" otherwise: then left unread. */
const hindiPast: When = (_w, before, after) => HINDI_PAST.test(`${before} ${after}`);

/** The Portuguese months, said in English (foreign-words.ts says "15 de junho" as "june 15" before the words are read). */
export const PT_MONTHS: ReadonlyArray<readonly [string, string]> = [
  ['janeiro', 'january'], ['fevereiro', 'february'], ['março', 'march'], ['abril', 'april'], ['maio', 'may'], ['junho', 'june'], ['julho', 'july'],
  ['agosto', 'august'], ['setembro', 'september'], ['outubro', 'october'], ['novembro', 'november'], ['dezembro', 'december'],
];
/** Their abbreviations ("jan", "mar", "jun" English reads as they are; "mai", "ago", "set", "out", "dez" are words of their own too). */
export const PT_MONTH_ABBREVIATIONS: ReadonlyArray<readonly [string, string]> = [
  ['jan', 'january'], ['fev', 'february'], ['mar', 'march'], ['abr', 'april'], ['mai', 'may'], ['jun', 'june'], ['jul', 'july'], ['ago', 'august'],
  ['set', 'september'], ['out', 'october'], ['nov', 'november'], ['dez', 'december'],
];
/** Monday to Friday, said with "-feira" or without ("segunda", "terça-feira"); "às segundas", "nas sextas": on Mondays, on Fridays. */
const PT_WORKDAYS = [['segunda', 'monday'], ['terça', 'tuesday'], ['quarta', 'wednesday'], ['quinta', 'thursday'], ['sexta', 'friday']] as const;
export const PT_WEEKDAYS: ReadonlyArray<readonly [string, string]> = [
  ...PT_WORKDAYS.flatMap(([pt, en]): Array<readonly [string, string]> => [
    [`${pt}-feira`, en], [`${pt} feira`, en], [pt, en], [`${pt}s-feiras`, `${en}s`], [`${pt}s feiras`, `${en}s`], [`${pt}s`, `${en}s`],
    ...['às', 'nas'].flatMap((on): Array<readonly [string, string]> =>
      [[`${on} ${pt}s-feiras`, `on ${en}s`], [`${on} ${pt}s feiras`, `on ${en}s`], [`${on} ${pt}s`, `on ${en}s`]]),
  ]),
  ['sábado', 'saturday'], ['sabado', 'saturday'], ['domingo', 'sunday'], ['sábados', 'saturdays'], ['domingos', 'sundays'],
  ['aos sábados', 'on saturdays'], ['aos domingos', 'on sundays'], ['nos sábados', 'on saturdays'], ['nos domingos', 'on sundays'],
];
/**
 * A calendar word of any language here, or English, or a number: Portuguese "a" between two of them is "to" ("de janeiro a
 * março", "1 a 15", "segunda a sexta").
 */
let calendarWords: Set<string> | undefined;
const CALENDAR_EN = /^(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?|january|february|march|april|may|june|july|august|september|october|november|december)$/;
const isCalendar = (w: string): boolean => /^\d{1,4}(?:º|°)?$/.test(w) || CALENDAR_EN.test(w) || (calendarWords ??= new Set(Object.values(GLOSSARY)
  .flatMap((entries) => entries.filter(([from, en]) => CALENDAR_EN.test(en) && !from.includes(' ')).flatMap(([from]) => [from, plain(from)]))
  .concat(PT_MONTH_ABBREVIATIONS.map(([pt]) => pt)))).has(w);
/** English words an article follows ("as a share", "is a", "for a day"): the English "a" in a Portuguese question. */
const ENGLISH_BEFORE_A = /^(?:as|is|was|be|per|of|for|with|at|in|into|on|by|to|from|such|what|have|has|had|get|got|give|show|make|than|and|or|once|twice)$/;
/** Portuguese "a" is "the", but "to" between two calendar words (read apart in foreign-words.ts), and "a" after English. */
const portugueseArticle: When = (_w, before, after) =>
  !(isCalendar(previousWord(before)) && isCalendar(nextWord(after))) && !ENGLISH_BEFORE_A.test(previousWord(before));
/** Portuguese "as" ("the") before a noun, never the English "as" ("as a share", "as well", "as of"). */
const portugueseAs: When = (_w, _before, after) => /^\s+[\p{L}\d]/u.test(after)
  && !/^\s+(?:a|an|the|of|well|soon|long|much|many|far|per|if|is|it|in|to|for|such|usual|follows|before|expected|percent|percentage|share|shares|fraction|ratio)(?![\p{L}'’])/iu.test(after);
/** Portuguese "do" ("of the"), never the English "do" ("do we have", "how do", "do not"). */
const portugueseDo: When = (_w, before, after) => !/^(?:how|what|why|where|when|which|who|did|does|i|we|you|they|to|not|can|could|would|should|will|and|or|also|just|please|pls)$/
  .test(previousWord(before)) && !/^\s+(?:we|you|they|i|not|it|these|those|any|so|that|this|the|an?|more|less|with|me|us)(?![\p{L}'’])/iu.test(after);
/** Portuguese "só" typed "so": "only" opening a clause ("so mobile", "e so os cancelados"), never the English "so". */
const portugueseOnly: When = (_w, before, after) => /^\s+[\p{L}\d/]/u.test(after) && (atStart(before) || /^(?:e|mas|agora)$/.test(previousWord(before)))
  && !/^\s+(?:far|much|many|that|i|we|you|the|what|how|is|are|was|it|if|now|let|yeah|basically|can|could|do|did)(?![\p{L}'’])/iu.test(after);
/** "me de", "me da" ("me dê", "me dá" typed without accents), never "show me DE": the second word is no code in capitals. */
const notCode: When = (w) => !/\s(?:DE|DA)$/.test(w);
/** Portuguese "como" is "how" opening a clause ("como foi a receita?"). */
const portugueseHow: When = (_w, before) => atStart(before);
/** "mai", "ago", "set", "out", "dez" are months beside a number ("15 ago", "set 2024", "dez/24") or after "em", "de", "até" ("em set"). */
const portugueseMonth: When = (_w, before, after) => /^\d/.test(previousWord(before)) || /^\s*(?:\/\s*)?\d/.test(after)
  || /^(?:em|de|desde|até|ate|a|e|no|para|pra|entre|início|inicio|fim|final|meados)$/.test(previousWord(before));

/**
 * The words only each language has here, phrases and single words; each `from` is a whole-word, case-insensitive
 * match. A `from` ending in an apostrophe is an elided article or preposition ("dell'anno", "quest'anno", "l'année").
 */
export const GLOSSARY: Record<Lang, Entries> = {
  de: [
    ['wie hoch waren', 'what were'], ['wie hoch war', 'what was'], ['wie hoch ist', 'what is'], ['wie viele', 'how many'], ['wie viel', 'how much'],
    ['die summe der', 'the sum of'], ['die summe des', 'the sum of'], ['die summe von', 'the sum of'], ['summe der', 'sum of'],
    ['aufgeteilt nach', 'broken down by'], ['aufgeschlüsselt nach', 'broken down by'], ['gruppiert nach', 'grouped by'], ['sortiert nach', 'sorted by'],
    ['im vergleich zu', 'compared to'], ['verglichen mit', 'compared to'], ['letzte woche', 'last week'], ['letzten monat', 'last month'],
    ['letzter monat', 'last month'], ['letztes jahr', 'last year'], ['letzten jahres', 'last year'], ['diese woche', 'this week'],
    ['diesen monat', 'this month'], ['dieser monat', 'this month'], ['dieses jahr', 'this year'], ['das gleiche', 'the same'], ['das selbe', 'the same'],
    ['dasselbe', 'the same'], ['dieselbe', 'the same'], ['dieselben', 'the same'], ['und noch was', 'one more thing'], ['noch was', 'one more thing'],
    ['kurze frage', 'quick question'], ['guten morgen', 'good morning'], ['guten tag', 'good day'], ['guten abend', 'good evening'],
    ['hallo zusammen', 'hello all'], ['grüß gott', 'hello'], ['vielen dank', 'thanks'], ['danke schön', 'thanks'], ['bitte schön', 'please'],
    ['monatsabschluss', 'month-end close'], ['jahresabschluss', 'year-end close'], ['nur', 'only'], ['für', 'for'], ['fuer', 'for'], ['statt', 'instead of'],
    ['anstatt', 'instead of'], ['jetzt', 'now'], ['nach', 'by'], ['ohne', 'without'], ['nicht', 'not'], ['anzahl', 'number'], ['summe', 'sum'],
    ['durchschnittlicher', 'average'], ['durchschnittliche', 'average'], ['durchschnitt', 'average'], ['umsatz', 'revenue'], ['bestellungen', 'orders'],
    ['bestellung', 'order'], ['bestellwert', 'order value'], ['kunden', 'customers'], ['monatlich', 'monthly'], ['wöchentlich', 'weekly'],
    ['täglich', 'daily'], ['quartal', 'quarter'], ['monat', 'month'], ['woche', 'week'], ['jahr', 'year'], ['gestern', 'yesterday'], ['heute', 'today'],
    ['bitte', 'please'], ['danke', 'thanks'], ['hallo', 'hello'], ['moin', 'morning'], ['servus', 'hello'], ['natürlich', 'obviously'], ['bzw', 'or'],
  ],
  nl: [
    ['laat me de sql zien', 'show me the sql'], ['laat me zien', 'show me'], ['alvast bedankt', 'thanks'], ['dank je wel', 'thanks'], ['dank je', 'thanks'],
    ['dank u', 'thanks'], ['even snel', 'quick question'], ['goedemorgen', 'good morning'], ['goedemiddag', 'good afternoon'],
    ['goedenavond', 'good evening'], ['hoi', 'hi'], ['graag', 'please'], ['hoeveel', 'how many'], ['alleen', 'only'], ['nu', 'now'],
    ['vorige maand', 'last month'], ['vorige week', 'last week'], ['deze maand', 'this month'], ['deze week', 'this week'], ['gisteren', 'yesterday'],
    ['vandaag', 'today'], ['zonder', 'without'], ['per maand', 'per month'], ['omzet', 'revenue'], ['bestellingen', 'orders'], ['klanten', 'customers'],
    ['landen', 'countries'], ['maand', 'month'], ['jaar', 'year'], ['dit jaar', 'this year'],
  ],
  es: [
    // Courtesy.
    ['buenos días', 'good morning'], ['buen día', 'good morning'], ['buenas tardes', 'good afternoon'], ['buenas noches', 'good evening'],
    ['buenas', 'hello'], ['hola', 'hello'], ['mil gracias', 'thanks'], ['muchas gracias', 'thanks'], ['gracias', 'thanks'], ['por favor', 'please'],
    ['porfa', 'please'], ['porfis', 'please'], ['una pregunta', 'quick question'], ['oye', 'hey'], ['perfecto', 'perfect'], ['disculpa', 'sorry'],
    // Questions and requests.
    ['cuántos', 'how many'], ['cuántas', 'how many'], ['cuánto', 'how much'], ['cuánta', 'how much'], ['cuál es', 'what is'], ['cuáles son', 'which are'],
    ['cuál', 'which'], ['cuáles', 'which'], ['qué', 'what'], ['cómo', 'how'], ['cuándo', 'when'], ['dónde', 'where'], ['quién', 'who'],
    ['hubo', 'were there'], ['había', 'were there'], ['tuvimos', 'we had'], ['hemos tenido', 'we had'], ['tenemos', 'we have'], ['hicimos', 'we made'],
    ['vendimos', 'we sold'], ['trajo', 'brought'], ['trajeron', 'brought'], ['generó', 'generated'], ['tuvo', 'had'], ['hizo', 'made'], ['vendió', 'sold'],
    ['se registraron', 'signed up'], ['se dieron de alta', 'signed up'], ['registros', 'signups'], ['me pasas', 'can you show me'],
    ['me das', 'can you show me'], ['me muestras', 'can you show me'], ['me dices', 'can you tell me'], ['fue', 'was'], ['fueron', 'were'],
    ['muéstrame', 'show me'], ['enséñame', 'show me'], ['mostrame', 'show me'], ['muestra', 'show'], ['quiero ver', 'i want to see'], ['quiero', 'i want'],
    ['necesito', 'i need'], ['puedes', 'can you'], ['podrías', 'could you'],
    ['me podrías mostrar', 'could you show me'], ['me puedes mostrar', 'can you show me'], ['mostrar', 'show'], ['quiero saber', 'i want to know'],
    ['saber', 'know'], ['compraron', 'bought'], ['compró', 'bought'], ['han comprado', 'bought'], ['se vendió', 'was sold'], ['se vendieron', 'were sold'],
    ['excluyendo', 'excluding'], ['planes', 'plans'],
    // Function words.
    ['por', 'by'], ['para', 'for'], ['desde', 'since'], ['hasta', 'until'], ['sobre', 'on'], ['durante', 'during'], ['cada', 'each'], ['algún', 'any'],
    ['alguna', 'any'], ['algunos', 'any'], ['algunas', 'any'], ['todos', 'all'], ['todas', 'all'], ['también', 'also'], ['pero', 'but'], ['este', 'this'],
    ['esta', 'this'], ['estos', 'these'], ['estas', 'these'], ['una', 'a'], ['es decir', 'i.e.'], ['o sea', 'i.e.'], ['en lugar de', 'instead of'],
    ['en vez de', 'instead of'], ['en comparación con', 'compared to'], ['comparado con', 'compared to'], ['frente a', 'compared to'],
    ['desglosado por', 'broken down by'], ['agrupado por', 'grouped by'], ['ordenado por', 'sorted by'], ['ordenados por', 'sorted by'],
    ['solamente', 'only'], ['sólo', 'only'], ['nomás', 'only'], ['únicamente', 'only'], ['excepto', 'except'], ['sin contar', 'excluding'],
    ['más de', 'more than'], ['menos de', 'less than'], ['más', 'most'], ['menos', 'least'], ['mejores', 'best'], ['peores', 'worst'], ['primer', 'first'],
    ['primera', 'first'], ['primeros', 'first'], ['primeras', 'first'], ['ahora', 'now'], ['dia', 'day'], ['dias', 'days'], ['todo el histórico', 'all time'],
    ['de siempre', 'of all time'], ['desde siempre', 'all time'],
    // Calendar.
    ['la semana pasada', 'last week'], ['el mes pasado', 'last month'], ['el año pasado', 'last year'], ['el trimestre pasado', 'last quarter'],
    ['semana pasada', 'last week'], ['mes pasado', 'last month'], ['año pasado', 'last year'], ['trimestre pasado', 'last quarter'],
    ['en lo que va del año', 'year to date'], ['en lo que va de año', 'year to date'], ['en lo que va del mes', 'month to date'], ['al día', 'per day'],
    ['al mes', 'per month'], ['al año', 'per year'], ['a la semana', 'per week'], ['ayer', 'yesterday'], ['el día anterior', 'the day before'], ['el dia anterior', 'the day before'], ['la semana anterior', 'the week before'], ['el mes anterior', 'the month before'], ['hoy', 'today'],
    ['anteayer', 'the day before yesterday'], ['antier', 'the day before yesterday'], ['último', 'last'], ['última', 'last'], ['últimos', 'last'],
    ['últimas', 'last'], ['día', 'day'], ['días', 'days'], ['semana', 'week'], ['semanas', 'weeks'], ['pasado', '~last'], ['pasada', '~last'],
    ['mes', 'month'], ['meses', 'months'], ['año', 'year'], ['años', 'years'], ['trimestre', 'quarter'], ['hora', 'hour'], ['horas', 'hours'],
    ['diario', 'daily'], ['diaria', 'daily'], ['diarios', 'daily'], ['diarias', 'daily'], ['semanal', 'weekly'], ['semanales', 'weekly'],
    ['mensual', 'monthly'], ['mensuales', 'monthly'], ['anual', 'yearly'], ['anuales', 'yearly'], ['lunes', 'monday'], ['martes', 'tuesday'],
    ['miércoles', 'wednesday'], ['jueves', 'thursday'], ['viernes', 'friday'], ['sábado', 'saturday'], ['domingo', 'sunday'], ['enero', 'january'],
    ['febrero', 'february'], ['marzo', 'march'], ['abril', 'april'], ['junio', 'june'], ['julio', 'july'], ['agosto', 'august'], ['septiembre', 'september'],
    ['setiembre', 'september'], ['octubre', 'october'], ['noviembre', 'november'], ['diciembre', 'december'],
    // Business.
    ['ticket medio', 'average order value'], ['ticket promedio', 'average order value'], ['valor medio del pedido', 'average order value'],
    ['valor promedio del pedido', 'average order value'], ['ventas', 'revenue'], ['venta', 'sale'], ['ingresos', 'revenue'], ['ingreso', 'revenue'],
    ['valor', 'value'], ['facturación', 'revenue'], ['pedidos', 'orders'], ['pedido', 'order'], ['órdenes', 'orders'], ['clientes', 'customers'],
    ['cliente', 'customer'], ['productos', 'products'], ['producto', 'product'], ['país', 'country'], ['países', 'countries'], ['canales', 'channels'],
    ['usuarios', 'users'], ['usuario', 'user'], ['eventos', 'events'], ['evento', 'event'], ['categoría', 'category'], ['categorías', 'categories'],
    ['dispositivo', 'device'], ['dispositivos', 'devices'], ['reembolsos', 'refunds'], ['devoluciones', 'refunds'], ['cancelaciones', 'cancellations'],
    ['completados', '~completed'], ['completadas', '~completed'], ['reembolsados', '~refunded'], ['reembolsadas', '~refunded'], ['cancelados', '~cancelled'],
    ['canceladas', '~cancelled'], ['nuevos', '~new'], ['nuevas', '~new'], ['nuevo', '~new'], ['nueva', '~new'], ['tipo', 'type'], ['tipos', 'types'],
    ['lo mismo', 'the same'], ['mismo', 'same'], ['misma', 'same'], ['promedio por', '~average per'], ['medio por', '~average per'], ['promedio', '~average'],
    ['cantidad', 'quantity'], ['unidades', 'units'], ['vendidos', 'sold'], ['vendidas', 'sold'], ['vendido', 'sold'], ['vendida', 'sold'],
    ['únicos', 'unique'], ['únicas', 'unique'], ['distintos', 'distinct'], ['número', 'number'], ['tasa de reembolso', 'refund rate'],
    ['tasa de reembolsos', 'refund rate'], ['tasa de devolución', 'refund rate'], ['tasa de devoluciones', 'refund rate'],
    ['tasa de cancelación', 'cancellation rate'], ['tasa de conversión', 'conversion rate'], ['tasa', 'rate'], ['reembolso', 'refund'], ['precio', 'price'],
    ['precios', 'prices'], ['máximo', 'maximum'], ['mínimo', 'minimum'], ['gráfico de líneas', 'line chart'], ['gráfico de barras', 'bar chart'],
    ['gráfico circular', 'pie chart'], ['gráfico de torta', 'pie chart'], ['gráfico de pastel', 'pie chart'], ['gráfico de tarta', 'pie chart'],
    ['gráfico', 'chart'], ['tabla', 'table'],
    // Spellings without accents Portuguese has too (of both languages), and words Spanish says as Portuguese does.
    ['pais', 'country'], ['paises', 'countries'], ['categorias', 'categories'], ['ultimos', 'last'], ['ultimas', 'last'], ['anos', 'years'],
    ['sabado', 'saturday'], ['número de', 'number of'], ['numero de', 'number of'], ['total de', 'total'], ['compras', 'purchases'],
    ['compra', 'purchase'], ['a partir de', 'since'], ['antes de', 'before'], ['atrás', 'ago'], ['menor', 'lowest'], ['menores', 'smallest'],
    ['próximo', 'next'], ['próxima', 'next'], ['preciso', 'i need'],
  ],
  pt: [
    // Courtesy.
    ['tudo bem', 'hello'], ['bom dia', 'good morning'], ['boa tarde', 'good afternoon'], ['boa noite', 'good evening'], ['olá', 'hello'],
    ['pessoal', 'all'], ['obrigado', 'thanks'], ['obrigada', 'thanks'], ['muito obrigado', 'thanks'], ['muito obrigada', 'thanks'],
    ['valeu', 'thanks'], ['vlw', 'thanks'], ['obg', 'thanks'], ['por favor', 'please'], ['pfv', 'please'], ['pfvr', 'please'],
    ['uma pergunta', 'quick question'], ['pergunta rápida', 'quick question'], ['dúvida rápida', 'quick question'], ['desculpa', 'sorry'],
    ['desculpe', 'sorry'], ['perfeito', 'perfect'], ['ótimo', 'great'], ['blz', 'ok'],
    // Chat shorthand ("hj": hoje, "tbm": também, "qtos": quantos).
    ['hj', 'today'], ['tbm', 'also'], ['qtos', 'how many'], ['qtas', 'how many'], ['qnts', 'how many'], ['msm', 'same'], ['nao', 'not'],
    // Questions and requests ("há N dias", "faz N dias" are "N days ago", read apart in foreign-words.ts).
    ['quantos', 'how many'], ['quantas', 'how many'], ['quanto', 'how much'], ['quanta', 'how much'], ['quanto foi', 'how much was'],
    ['quanto é', 'how much is'], ['qual foi', 'what was'], ['qual era', 'what was'], ['qual é', 'what is'], ['qual o', 'what is the'],
    ['qual a', 'what is the'], ['quais foram', 'what were'], ['quais são', 'what are'], ['quais os', 'what are the'], ['quais as', 'what are the'],
    ['qual', 'which'], ['quais', 'which'], ['o que', 'what'], ['quando', 'when'], ['onde', 'where'], ['quem', 'who'], ['foi', 'was'],
    ['foram', 'were'], ['é', 'is'], ['são', 'are'], ['eram', 'were'], ['está', 'is'], ['estão', 'are'], ['ficou', 'was'], ['teve', 'had'],
    ['tiveram', 'had'], ['tivemos', 'we had'], ['temos', 'we have'], ['tem', 'has'], ['têm', 'have'], ['houve', 'were there'], ['há', 'are there'],
    ['existem', 'are there'], ['existe', 'is there'], ['fizemos', 'we made'], ['faturamos', 'we made'], ['faturou', 'made'], ['faturaram', 'made'],
    ['vendemos', 'we sold'], ['vendeu', 'sold'], ['venderam', 'sold'], ['gerou', 'generated'], ['geraram', 'generated'], ['trouxe', 'brought'],
    ['trouxeram', 'brought'], ['comprou', 'bought'], ['compraram', 'bought'], ['gastou', 'spent'], ['gastaram', 'spent'],
    ['converteram', 'converted'], ['entraram', 'came in'], ['chegaram', 'came in'], ['se cadastraram', 'signed up'], ['se cadastrou', 'signed up'],
    ['cadastraram', 'signed up'], ['cadastrou', 'signed up'], ['se registraram', 'signed up'], ['se registrou', 'signed up'],
    ['registraram', 'signed up'], ['se inscreveram', 'signed up'], ['se inscreveu', 'signed up'], ['me mostra', 'show me'], ['me mostre', 'show me'],
    ['mostre-me', 'show me'], ['mostra', 'show'], ['mostre', 'show'], ['mostrar', 'show'], ['me dá', 'give me'], ['me dê', 'give me'],
    ['me passa', 'give me'], ['me passe', 'give me'], ['me traz', 'give me'], ['me manda', 'send me'], ['me envia', 'send me'],
    ['me fala', 'tell me'], ['me diga', 'tell me'], ['me diz', 'tell me'], ['quero ver', 'i want to see'], ['quero saber', 'i want to know'],
    ['quero', 'i want'], ['queria ver', "i'd like to see"], ['queria saber', "i'd like to know"], ['queria', "i'd like"],
    ['gostaria de ver', "i'd like to see"], ['gostaria de saber', "i'd like to know"], ['gostaria', "i'd like"], ['preciso de', 'i need'],
    ['preciso', 'i need'], ['precisamos de', 'we need'], ['você pode', 'can you'], ['vc pode', 'can you'], ['pode me mostrar', 'can you show me'],
    ['pode', 'can you'], ['você consegue', 'can you'], ['consegue', 'can you'], ['poderia', 'could you'], ['puxa', 'pull'], ['puxar', 'pull'],
    ['listar', 'list'], ['liste', 'list'], ['saber', 'know'], ['ordena', 'sort'], ['ordene', 'sort'], ['ordenar', 'sort'], ['ordenado', 'sorted'],
    ['ordenada', 'sorted'], ['ordenados', 'sorted'], ['ordenadas', 'sorted'], ['tira', 'remove'], ['tire', 'remove'], ['tirar', 'remove'],
    ['remova', 'remove'], ['exclui', 'exclude'], ['exclua', 'exclude'], ['excluir', 'exclude'], ['inclui', 'include'], ['inclua', 'include'],
    ['incluir', 'include'], ['adiciona', 'add'], ['adicione', 'add'], ['adicionar', 'add'], ['filtra', 'filter'], ['filtre', 'filter'],
    ['filtrar', 'filter'], ['filtro', 'filter'], ['filtros', 'filters'],
    // Function words ("a", "o", "do", "no", "de", "em" English or another language has too: below); "quebra por" (an imperative)
    // adds a split, "quebrado por" says one.
    ['e nos', 'and in the'], ['e no', 'and in the'], ['e nas', 'and in the'], ['e na', 'and in the'], ['e em', 'and in'], ['e por', 'and by'],
    ['por cliente', 'per customer'], ['por usuário', 'per user'], ['por pedido', 'per order'], ['por comprador', 'per buyer'], ['por', 'by'],
    ['pelo', 'by the'], ['pela', 'by the'], ['pelos', 'by the'], ['pelas', 'by the'], ['para', 'for'], ['pra', 'for'], ['ao', 'to the'],
    ['aos', 'to the'], ['às', 'at the'], ['uma', 'a'], ['neste', 'in this'], ['nesta', 'in this'], ['nesse', 'in this'], ['nessa', 'in this'],
    ['deste', 'of this'], ['desta', 'of this'], ['desse', 'of this'], ['dessa', 'of this'], ['este', 'this'], ['esta', 'this'], ['esse', 'this'],
    ['essa', 'this'], ['estes', 'these'], ['estas', 'these'], ['esses', 'these'], ['essas', 'these'], ['isso', 'this'], ['isto', 'this'],
    ['desde', 'since'], ['a partir de', 'since'], ['até', 'until'], ['durante', 'during'], ['sobre', 'on'], ['antes de', 'before'],
    ['depois de', 'after'], ['após', 'after'], ['cada', 'each'], ['todos', 'all'], ['todas', 'all'], ['algum', 'any'], ['alguma', 'any'],
    ['alguns', 'any'], ['algumas', 'any'], ['nenhum', 'no'], ['nenhuma', 'no'], ['também', 'also'], ['porém', 'but'], ['não', 'not'],
    ['agora', 'now'], ['então', 'so'], ['só', 'only'], ['somente', 'only'], ['apenas', 'only'], ['exceto', 'except'], ['excluindo', 'excluding'],
    ['tirando', 'excluding'], ['sem contar', 'excluding'], ['em vez de', 'instead of'], ['ao invés de', 'instead of'], ['no lugar de', 'instead of'],
    ['quebra por', 'break down by'], ['quebrar por', 'break down by'], ['quebre por', 'break down by'], ['quebrado por', 'broken down by'],
    ['quebrada por', 'broken down by'], ['abre por', 'break down by'], ['abra por', 'break down by'], ['divide por', 'break down by'], ['divida por', 'break down by'],
    ['separa por', 'break down by'], ['separe por', 'break down by'], ['segmenta por', 'break down by'], ['aberto por', 'broken down by'], ['dividido por', 'broken down by'],
    ['dividida por', 'broken down by'], ['separado por', 'broken down by'], ['separada por', 'broken down by'], ['segmentado por', 'broken down by'],
    ['agrupado por', 'grouped by'], ['agrupada por', 'grouped by'], ['agrupados por', 'grouped by'], ['ordenado por', 'sorted by'],
    ['ordenada por', 'sorted by'], ['ordenados por', 'sorted by'], ['ordenar por', 'sort by'], ['ordene por', 'sort by'],
    ['em ordem decrescente', 'descending'], ['em ordem crescente', 'ascending'], ['decrescente', 'descending'], ['crescente', 'ascending'],
    ['comparado com', 'compared to'], ['comparada com', 'compared to'], ['comparado ao', 'compared to the'], ['comparado à', 'compared to the'],
    ['comparado a', 'compared to'], ['comparando com', 'compared to'], ['em comparação com', 'compared to'], ['em comparação ao', 'compared to the'],
    ['em relação ao', 'compared to the'], ['em relação à', 'compared to the'], ['em relação a', 'compared to'], ['comparar com', 'compare with'],
    ['contra', 'vs'], ['menos de', 'less than'], ['menos do que', 'less than'], ['menos que', 'less than'], ['acima de', 'above'],
    ['abaixo de', 'below'], ['pelo menos', 'at least'], ['no mínimo', 'at least'], ['no máximo', 'at most'], ['menos', 'least'],
    ['a maior', 'the highest'], ['o maior', 'the highest'], ['a menor', 'the lowest'], ['o menor', 'the lowest'], ['maior', 'highest'],
    ['maiores', 'biggest'], ['menor', 'lowest'], ['menores', 'smallest'], ['melhor', 'best'], ['melhores', 'best'], ['pior', 'worst'],
    ['piores', 'worst'], ['primeiro', 'first'], ['primeira', 'first'], ['primeiros', 'first'], ['primeiras', 'first'], ['o mesmo', 'the same'],
    ['a mesma coisa', 'the same'], ['mesma coisa', 'the same'], ['mesmo', 'same'], ['mesma', 'same'], ['de novo', 'again'], ['novamente', 'again'],
    ['em média', 'on average'], ['na média', 'on average'], ['no total', 'in total'], ['ao todo', 'in total'], ['dois', '2'], ['duas', '2'],
    ['três', '3'], ['quatro', '4'], ['cinco', '5'], ['seis', '6'], ['sete', '7'], ['oito', '8'], ['nove', '9'],
    // Calendar (weekdays and months below).
    ['hoje', 'today'], ['ontem', 'yesterday'], ['anteontem', 'the day before yesterday'], ['antes de ontem', 'the day before yesterday'],
    ['na semana passada', 'last week'], ['a semana passada', 'last week'], ['semana passada', 'last week'], ['no mês passado', 'last month'],
    ['o mês passado', 'last month'], ['mês passado', 'last month'], ['mes passado', 'last month'], ['no ano passado', 'last year'],
    ['o ano passado', 'last year'], ['ano passado', 'last year'], ['no trimestre passado', 'last quarter'], ['o trimestre passado', 'last quarter'],
    ['trimestre passado', 'last quarter'], ['semana retrasada', 'week before last'], ['mês retrasado', 'month before last'],
    ['ano retrasado', 'year before last'], ['mês anterior', 'month before'], ['semana anterior', 'week before'], ['ano anterior', 'year before'],
    ['dia anterior', 'day before'], ['trimestre anterior', 'quarter before'], ['período anterior', 'previous period'],
    ['mesmo período do ano passado', 'same period last year'], ['até agora', 'so far'], ['até o momento', 'so far'], ['até hoje', 'so far'],
    ['acumulado do ano', 'year to date'], ['acumulado no ano', 'year to date'], ['acumulada do ano', 'year to date'],
    ['acumulada no ano', 'year to date'], ['no acumulado do ano', 'year to date'], ['desde o início do ano', 'year to date'],
    ['desde o começo do ano', 'year to date'], ['acumulado do mês', 'month to date'], ['no acumulado do mês', 'month to date'],
    ['desde o início do mês', 'month to date'], ['desde o começo do mês', 'month to date'], ['desde sempre', 'all time'],
    ['desde o início', 'all time'], ['em todo o período', 'all time'], ['todo o período', 'all time'], ['de todos os tempos', 'of all time'],
    ['dia a dia', 'day by day'], ['semana a semana', 'week by week'], ['mês a mês', 'month by month'], ['ao dia', 'per day'],
    ['ao mês', 'per month'], ['ao ano', 'per year'], ['dia da semana', 'day of week'], ['dias da semana', 'days of the week'],
    ['hora do dia', 'hour of day'], ['mês do ano', 'month of year'], ['no fim de semana', 'on the weekend'], ['nos fins de semana', 'on weekends'],
    ['nos finais de semana', 'on weekends'], ['fim de semana', 'weekend'], ['final de semana', 'weekend'], ['fins de semana', 'weekends'],
    ['finais de semana', 'weekends'], ['dias úteis', 'weekdays'], ['dia útil', 'weekday'], ['atrás', 'ago'], ['último', 'last'], ['última', 'last'],
    ['últimos', 'last'], ['últimas', 'last'], ['ultimo', 'last'], ['ultima', 'last'], ['ultimos', 'last'], ['ultimas', 'last'], ['passado', '~last'],
    ['passada', '~last'], ['passados', '~last'], ['passadas', '~last'], ['anterior', '~previous'], ['anteriores', '~previous'],
    ['atual', '~current'], ['amanhã', 'tomorrow'], ['semana que vem', 'next week'], ['mês que vem', 'next month'], ['ano que vem', 'next year'],
    ['previsão', 'forecast'], ['próximo', 'next'], ['próxima', 'next'], ['próximos', 'next'], ['próximas', 'next'], ['dia', 'day'], ['dias', 'days'],
    ['semana', 'week'], ['semanas', 'weeks'], ['mês', 'month'], ['mes', 'month'], ['meses', 'months'], ['ano', 'year'], ['anos', 'years'],
    ['trimestre', 'quarter'], ['trimestres', 'quarters'], ['hora', 'hour'], ['horas', 'hours'], ['horário', 'hour'], ['diário', 'daily'],
    ['diária', 'daily'], ['diários', 'daily'], ['diárias', 'daily'], ['diario', 'daily'], ['diaria', 'daily'], ['diarios', 'daily'],
    ['diarias', 'daily'], ['diariamente', 'daily'], ['semanal', 'weekly'], ['semanais', 'weekly'], ['semanalmente', 'weekly'], ['mensal', 'monthly'],
    ['mensais', 'monthly'], ['mensalmente', 'monthly'], ['anual', 'yearly'], ['anuais', 'yearly'], ['trimestral', 'quarterly'], ...PT_WEEKDAYS,
    ...PT_MONTHS, ['fev', 'february'], ['abr', 'april'],
    // Business.
    ['receita', 'revenue'], ['receitas', 'revenue'], ['faturamento', 'revenue'], ['vendas', 'revenue'], ['venda', 'sale'], ['pedidos', 'orders'],
    ['pedido', 'order'], ['compras', 'purchases'], ['compra', 'purchase'], ['transações', 'transactions'], ['clientes', 'customers'],
    ['cliente', 'customer'], ['compradores', 'buyers'], ['usuários', 'users'], ['usuário', 'user'], ['usuarios', 'users'], ['usuario', 'user'],
    ['usuárias', 'users'], ['pessoas', 'people'], ['contas', 'accounts'], ['cadastros', 'signups'], ['cadastro', 'signups'],
    ['registros', 'signups'], ['inscrições', 'signups'], ['cadastrados', '~registered'], ['cadastradas', '~registered'], ['novos', '~new'],
    ['novas', '~new'], ['novo', '~new'], ['ativos', '~active'], ['ativas', '~active'], ['sessões', 'sessions'], ['sessão', 'session'],
    ['visitas', 'visits'], ['visitantes', 'visitors'], ['visualizações de página', 'page views'], ['visualizações', 'page views'],
    ['eventos', 'events'], ['evento', 'event'], ['páginas', 'pages'], ['página', 'page'], ['produtos', 'products'], ['produto', 'product'],
    ['categorias', 'categories'], ['categoria', 'category'], ['país', 'country'], ['países', 'countries'], ['pais', 'country'],
    ['paises', 'countries'], ['canais', 'channels'], ['dispositivos', 'devices'], ['dispositivo', 'device'], ['aparelhos', 'devices'],
    ['aparelho', 'device'], ['planos', 'plans'], ['plano', 'plan'], ['situação', 'status'], ['reembolsos', 'refunds'], ['reembolso', 'refund'],
    ['devoluções', 'refunds'], ['devolução', 'refund'], ['estornos', 'refunds'], ['estorno', 'refund'], ['cancelamentos', 'cancellations'],
    ['cancelamento', 'cancellation'], ['reembolsados', '~refunded'], ['reembolsadas', '~refunded'], ['reembolsado', '~refunded'],
    ['reembolsada', '~refunded'], ['devolvidos', '~refunded'], ['devolvidas', '~refunded'], ['estornados', '~refunded'],
    ['cancelados', '~cancelled'], ['canceladas', '~cancelled'], ['cancelado', '~cancelled'], ['cancelada', '~cancelled'],
    ['concluídos', '~completed'], ['concluídas', '~completed'], ['completos', '~completed'], ['completas', '~completed'],
    ['finalizados', '~completed'], ['finalizadas', '~completed'], ['taxa de reembolso', 'refund rate'], ['taxa de reembolsos', 'refund rate'],
    ['taxa de devolução', 'refund rate'], ['taxa de devoluções', 'refund rate'], ['taxa de estorno', 'refund rate'],
    ['taxa de cancelamento', 'cancellation rate'], ['taxa de cancelamentos', 'cancellation rate'], ['taxa de conversão', 'conversion rate'],
    ['conversão', 'conversion'], ['conversões', 'conversions'], ['taxa', 'rate'], ['ticket médio', 'average order value'],
    ['ticket medio', 'average order value'], ['tíquete médio', 'average order value'], ['valor médio do pedido', 'average order value'],
    ['valor médio dos pedidos', 'average order value'], ['valor médio por pedido', 'average order value'], ['média por', '~average per'],
    ['médio por', '~average per'], ['medio por', '~average per'], ['média', '~average'], ['médio', '~average'], ['médias', '~average'],
    ['médios', '~average'], ['medio', '~average'], ['soma', 'sum'], ['total de', 'total'], ['quantidade de', 'number of'],
    ['quantidade', 'quantity'], ['qtd de', 'number of'], ['número de', 'number of'], ['numero de', 'number of'], ['número', 'number'],
    ['numero', 'number'], ['unidades', 'units'], ['itens', 'items'], ['vendidos', 'sold'], ['vendidas', 'sold'], ['vendido', 'sold'],
    ['vendida', 'sold'], ['preço', 'price'], ['preços', 'prices'], ['valor', 'value'], ['únicos', '~unique'], ['únicas', '~unique'],
    ['distintos', '~distinct'], ['distintas', '~distinct'], ['crescimento', 'growth'], ['variação', 'change'], ['diferença', 'difference'],
    ['em porcentagem', 'as percentage'], ['em percentual', 'as percentage'], ['porcentagem', 'percentage'], ['percentual', 'percentage'],
    ['participação', 'share'], ['acumulado', '~cumulative'], ['acumulada', '~cumulative'], ['vezes', 'times'], ['gráfico de barras', 'bar chart'],
    ['gráfico de colunas', 'bar chart'], ['gráfico de linhas', 'line chart'], ['gráfico de linha', 'line chart'], ['gráfico de pizza', 'pie chart'],
    ['gráfico', 'chart'], ['grafico', 'chart'], ['tabela', 'table'], ['consulta', 'query'],
  ],
  it: [
    // Courtesy.
    ['buongiorno', 'good morning'], ['buonasera', 'good evening'], ['ciao', 'hi'], ['grazie mille', 'thanks'], ['grazie', 'thanks'], ['per favore', 'please'],
    ['per piacere', 'please'], ['perfetto', 'perfect'], ['ottimo', 'great'], ['va bene', 'ok'], ['scusa', 'sorry'], ['scusate', 'sorry'],
    ['una domanda', 'quick question'], ['sono', "i'm"], ['hanno', 'have'],
    // Questions and requests.
    ['quanti', 'how many'], ['quante', 'how many'], ['quanto', 'how much'], ['quanta', 'how much'], ['qual è', 'what is'], ['quali sono', 'which are'],
    ['quanti sono', 'how many are'], ['quale', 'which'], ['quali', 'which'], ['che cosa', 'what'], ['cosa', 'what'], ['quando', 'when'],
    ['ci sono stati', 'were there'], ['ci sono state', 'were there'], ['ci sono', 'are there'], ["c'erano", 'were there'], ["c'è stato", 'was there'],
    ["c'è stata", 'was there'], ["c'è", 'is there'], ['sono stati', 'were'], ['sono state', 'were'], ['è', 'is'], ['fammi vedere', 'show me'],
    ['mostrami', 'show me'], ['dammi', 'give me'], ['dimmi', 'tell me'], ['vorrei vedere', "i'd like to see"], ['vorrei', "i'd like"],
    ['abbiamo avuto', 'we had'], ['ha avuto', 'had'], ['ha fatto', 'made'], ['hanno fatto', 'made'], ['ha portato', 'brought'], ['ha generato', 'generated'],
    ['ha venduto', 'sold'], ['si sono registrati', 'signed up'], ['si sono registrate', 'signed up'], ['iscritti', 'signups'], ['iscrizioni', 'signups'],
    ['registrazioni', 'signups'], ['abbiamo fatto', 'we made'], ['abbiamo', 'we have'], ['voglio', 'i want'], ['mi serve', 'i need'],
    ['mi servono', 'i need'], ['puoi', 'can you'], ['potresti', 'could you'],
    ['mi fai vedere', 'can you show me'], ['mi mostri', 'can you show me'], ['mi puoi mostrare', 'can you show me'], ['vorrei sapere', "i'd like to know"],
    ['sapere', 'know'], ['hanno comprato', 'bought'], ['hanno acquistato', 'bought'], ['comprato', 'bought'], ['acquistato', 'bought'],
    ['escluso', 'excluding'], ['esclusi', 'excluding'], ['esclusa', 'excluding'], ['escluse', 'excluding'], ['escludendo', 'excluding'],
    ['quelli', 'the ones'], ['quelle', 'the ones'], ['di più', 'the most'], ['totale', 'total'], ['piani', 'plans'],
    // Function words.
    ['gli', 'the'], ['una', 'a'], ['della', 'of the'], ['dello', 'of the'], ['dei', 'of the'], ['degli', 'of the'], ['delle', 'of the'], ["dell'", 'of the'],
    ['nel', 'in the'], ['nella', 'in the'], ['nello', 'in the'], ['nei', 'in the'], ['negli', 'in the'], ['nelle', 'in the'], ["nell'", 'in the'],
    ['dalla', 'from the'], ['dai', 'from the'], ['dagli', 'from the'], ['dalle', 'from the'], ["dall'", 'from the'], ['allo', 'to the'], ['alla', 'to the'],
    ['agli', 'to the'], ["all'", 'to the'], ['sul', 'on the'], ['sulla', 'on the'], ['sui', 'on the'], ["sull'", 'on the'], ['questo', 'this'],
    ['questa', 'this'], ["quest'", 'this'], ['questi', 'these'], ['senza', 'without'], ['dopo', 'after'], ['fino a', 'until'], ['ogni', 'each'],
    ['qualche', 'any'], ['tutti', 'all'], ['tutte', 'all'], ['anche', 'also'], ['cioè', 'i.e.'], ['invece che', 'instead of'], ['invece di', 'instead of'],
    ['per il', 'for the'], ['per la', 'for the'], ["per l'", 'for the'], ["per quest'", 'for this'], ['per questo', 'for this'], ['per questa', 'for this'],
    ['per ieri', 'for yesterday'], ['per oggi', 'for today'], ['rispetto a', 'compared to'], ['rispetto al', 'compared to the'],
    ['confrontato con', 'compared to'], ['suddiviso per', 'broken down by'], ['suddivisi per', 'broken down by'], ['raggruppati per', 'grouped by'],
    ['ordinati per', 'sorted by'], ['ordinato per', 'sorted by'], ['soltanto', 'only'], ['solamente', 'only'], ['unicamente', 'only'], ['tranne', 'except'],
    ['eccetto', 'except'], ['più di', 'more than'], ['meno di', 'less than'], ['più', 'most'], ['piu', 'most'], ['meno', 'least'], ['migliori', 'best'],
    ['peggiori', 'worst'], ['primo', 'first'], ['primi', 'first'], ['prima di', 'before'], ['adesso', 'now'], ['di sempre', 'of all time'],
    ['da sempre', 'all time'], ['in totale', 'in total'],
    // Calendar.
    ['da inizio anno', 'year to date'], ["dall'inizio dell'anno", 'year to date'], ["da inizio dell'anno", 'year to date'],
    ['da inizio mese', 'month to date'], ["dall'inizio del mese", 'month to date'], ['la settimana scorsa', 'last week'], ['il mese scorso', 'last month'],
    ["l'anno scorso", 'last year'], ['il trimestre scorso', 'last quarter'], ['settimana scorsa', 'last week'], ['mese scorso', 'last month'],
    ['anno scorso', 'last year'], ['trimestre scorso', 'last quarter'], ['al giorno', 'per day'], ['al mese', 'per month'], ["all'anno", 'per year'],
    ["all'ora", 'per hour'], ['alla settimana', 'per week'], ['a settimana', 'per week'], ['per ora', 'by hour'], ['ieri', 'yesterday'], ['oggi', 'today'],
    ["l'altro ieri", 'the day before yesterday'], ['altroieri', 'the day before yesterday'], ['scorso', '~last'], ['scorsa', '~last'], ['scorsi', '~last'],
    ['scorse', '~last'], ['ultimo', 'last'], ['ultima', 'last'], ['ultimi', 'last'], ['ultime', 'last'], ['giorno', 'day'], ['giorni', 'days'],
    ['settimana', 'week'], ['settimane', 'weeks'], ['mese', 'month'], ['mesi', 'months'], ['anno', 'year'], ['anni', 'years'], ['trimestre', 'quarter'],
    ['inizio', 'start'], ['giornaliero', 'daily'], ['giornaliera', 'daily'], ['giornalieri', 'daily'], ['giornaliere', 'daily'], ['quotidiano', 'daily'],
    ['settimanale', 'weekly'], ['settimanali', 'weekly'], ['mensile', 'monthly'], ['mensili', 'monthly'], ['annuale', 'yearly'], ['annuali', 'yearly'],
    ['lunedì', 'monday'], ['martedì', 'tuesday'], ['mercoledì', 'wednesday'], ['giovedì', 'thursday'], ['venerdì', 'friday'], ['sabato', 'saturday'],
    ['domenica', 'sunday'], ['gennaio', 'january'], ['febbraio', 'february'], ['marzo', 'march'], ['aprile', 'april'], ['maggio', 'may'], ['giugno', 'june'],
    ['luglio', 'july'], ['agosto', 'august'], ['settembre', 'september'], ['ottobre', 'october'], ['novembre', 'november'], ['dicembre', 'december'],
    // Business.
    ['scontrino medio', 'average order value'], ["valore medio dell'ordine", 'average order value'], ['valore medio degli ordini', 'average order value'],
    ['fatturato', 'revenue'], ['ricavi', 'revenue'], ['vendite', 'revenue'], ['ordini', 'orders'], ['ordine', 'order'], ['clienti', 'customers'],
    ['cliente', 'customer'], ['prodotti', 'products'], ['prodotto', 'product'], ['paese', 'country'], ['paesi', 'countries'], ['canale', 'channel'],
    ['canali', 'channels'], ['categoria', 'category'], ['categorie', 'categories'], ['dispositivo', 'device'], ['dispositivi', 'devices'],
    ['utenti', 'users'], ['utente', 'user'], ['eventi', 'events'], ['rimborsi', 'refunds'], ['cancellazioni', 'cancellations'], ['completati', '~completed'],
    ['completate', '~completed'], ['rimborsati', '~refunded'], ['rimborsate', '~refunded'], ['cancellati', '~cancelled'], ['cancellate', '~cancelled'],
    ['annullati', '~cancelled'], ['annullate', '~cancelled'], ['nuovi', '~new'], ['nuove', '~new'], ['nuovo', '~new'], ['tipi', 'types'],
    ['la stessa cosa', 'the same'], ['stessa cosa', 'the same'], ['lo stesso', 'the same'], ['stesso', 'same'], ['stessa', 'same'], ['valore', 'value'],
    ['medio per', '~average per'], ['media per', '~average per'], ['medio', '~average'], ['unici', 'unique'], ['uniche', 'unique'], ['distinti', 'distinct'],
    ['venduti', 'sold'], ['venduta', 'sold'], ['venduto', 'sold'], ['vendute', 'sold'], ['quantità', 'quantity'], ['unità', 'units'], ['numero', 'number'],
    ['tasso di rimborso', 'refund rate'], ['tasso di rimborsi', 'refund rate'], ['tasso di reso', 'refund rate'], ['tasso di resi', 'refund rate'],
    ['tasso di cancellazione', 'cancellation rate'], ['tasso di conversione', 'conversion rate'], ['tasso', 'rate'], ['rimborso', 'refund'],
    ['prezzo', 'price'], ['prezzi', 'prices'], ['massimo', 'maximum'], ['minimo', 'minimum'], ['grafico a barre', 'bar chart'],
    ['grafico a linee', 'line chart'], ['grafico a torta', 'pie chart'], ['istogramma', 'bar chart'], ['grafico', 'chart'], ['tabella', 'table'],
  ],
  fr: [
    // Courtesy.
    ['bonjour', 'hello'], ['bonsoir', 'good evening'], ['salut', 'hi'], ['coucou', 'hi'], ['merci beaucoup', 'thanks'], ['merci bcp', 'thanks'],
    ["merci d'avance", 'thanks'], ['merci', 'thanks'], ["s'il vous plaît", 'please'], ["s'il te plaît", 'please'], ['svp', 'please'], ['stp', 'please'],
    ['petite question', 'quick question'], ['question rapide', 'quick question'], ['parfait', 'perfect'], ["d'accord", 'ok'],
    // Questions and requests.
    ['combien de', 'how many'], ["combien d'", 'how many'], ['combien', 'how much'], ['quel est', 'what is'], ['quelle est', 'what is'],
    ['quel était', 'what was'], ['quelle était', 'what was'], ['quels sont', 'what are'], ['quelles sont', 'what are'], ['quels étaient', 'what were'],
    ['quelles étaient', 'what were'], ['quel', 'which'], ['quelle', 'which'], ['quels', 'which'], ['quelles', 'which'], ["c'est quoi", 'what is'],
    ["qu'est-ce que", 'what'], ["qu'est ce que", 'what'], ['quoi', 'what'], ['quand', 'when'], ['où', 'where'], ["c'est", "it's"], ['était', 'was'],
    ['étaient', 'were'], ['sont', 'are'], ['il y a eu', 'were there'], ['y a-t-il eu', 'were there'], ['y a-t-il', 'are there'], ['a eu', 'had'],
    ['ont eu', 'had'], ['ont commandé', 'ordered'], ['a commandé', 'ordered'], ['ont acheté', 'bought'], ['a acheté', 'bought'], ['ont', 'have'],
    ['avons-nous eu', 'did we have'], ['avons eu', 'had'], ['a le plus de', 'has the most'], ['montre-moi', 'show me'], ['montre moi', 'show me'],
    ['montrez-moi', 'show me'], ['affiche-moi', 'show me'], ['affiche', 'show'], ['donne-moi', 'give me'], ['donnez-moi', 'give me'],
    ['je veux voir', 'i want to see'], ['je veux', 'i want'], ["j'aimerais voir", "i'd like to see"], ["j'aimerais", "i'd like"],
    ['je voudrais', "i'd like"], ["j'ai besoin de", 'i need'], ['peux-tu', 'can you'], ['pouvez-vous', 'can you'], ['tu peux', 'can you'],
    // Function words; "et" or "que" before a preposition, "pour" before an article, says the question is French.
    ['et en', 'and in'], ['et pour', 'and for'], ['et par', 'and by'], ['et sur', 'and on'], ['et dans', 'and in'], ['et que', 'and only'],
    ['mais pour', 'but for'], ['rien que', 'only'], ['pour le', 'for the'], ['pour la', 'for the'], ['pour les', 'for the'], ["pour l'", 'for the'],
    ['en mars', 'in march'], ['en mai', 'in may'], ['avec', 'with'], ['dans', 'in'], ['depuis', 'since'], ["jusqu'à", 'until'], ["jusqu'au", 'until the'],
    ['avant', 'before'], ['après', 'after'], ['chaque', 'each'], ['tous', 'all'], ['toutes', 'all'], ['aussi', 'also'], ['cette', 'this'], ['une', 'a'],
    ['juste un chiffre', 'just one number'], ['juste le chiffre', 'just the number'], ['un seul chiffre', 'just one number'], ['juste', 'just'],
    ['seulement', 'only'], ['uniquement', 'only'], ['maintenant', 'now'], ['par rapport à', 'compared to'], ['par rapport au', 'compared to the'],
    ['comparé à', 'compared to'], ['au lieu de', 'instead of'], ['plutôt que', 'instead of'], ['plutôt', 'instead'], ['sauf', 'except'],
    ['hors', 'excluding'], ['en moyenne', 'on average'], ['au total', 'in total'], ['le plus de', 'the most'], ['le plus', 'the most'],
    ['les plus', 'the most'], ['le moins de', 'the least'], ['le moins', 'the least'], ['plus de', 'more than'], ['plus que', 'more than'], ['moins que', 'less than'], ['moins de', 'less than'],
    ['moins', 'least'], ['le plus élevé', 'the highest'], ['la plus élevée', 'the highest'], ['meilleurs', 'best'], ['meilleures', 'best'],
    ['meilleur', 'best'], ['pires', 'worst'], ['premiers', 'first'], ['premières', 'first'], ['pareil', 'the same'], ['la même chose', 'the same'],
    ['même chose', 'the same'], ['répartis par', 'broken down by'], ['réparti par', 'broken down by'], ['ventilé par', 'broken down by'],
    ['triés par', 'sorted by'], ['trié par', 'sorted by'],
    // Calendar.
    ['le mois dernier', 'last month'], ['la semaine dernière', 'last week'], ["l'année dernière", 'last year'], ["l'an dernier", 'last year'],
    ["l'an passé", 'last year'], ["l'année passée", 'last year'], ['le trimestre dernier', 'last quarter'], ['le mois précédent', 'the month before'],
    ['la semaine précédente', 'the week before'], ['cette année', 'this year'], ['cette semaine', 'this week'], ['ce mois-ci', 'this month'],
    ['ce trimestre', 'this quarter'], ["depuis le début de l'année", 'year to date'], ['depuis le début du mois', 'month to date'],
    ['depuis le début', 'all time'], ['depuis toujours', 'all time'], ['toutes périodes confondues', 'all time'], ['sur toute la période', 'all time'],
    ['de tous les temps', 'of all time'], ['au mois de', 'in'], ["aujourd'hui", 'today'], ['avant-hier', 'the day before yesterday'], ['dernier', '~last'],
    ['dernière', '~last'], ['derniers', '~last'], ['dernières', '~last'], ['jour', 'day'], ['jours', 'days'], ['semaine', 'week'], ['semaines', 'weeks'],
    ['mois', 'month'], ['année', 'year'], ['années', 'years'], ['trimestre', 'quarter'], ['heure', 'hour'], ['heures', 'hours'], ['quotidien', '~daily'],
    ['quotidienne', '~daily'], ['quotidiens', '~daily'], ['hebdomadaire', '~weekly'], ['hebdomadaires', '~weekly'], ['mensuel', '~monthly'],
    ['mensuelle', '~monthly'], ['mensuels', '~monthly'], ['annuel', '~yearly'], ['annuelle', '~yearly'], ['lundi', 'monday'], ['mardi', 'tuesday'],
    ['mercredi', 'wednesday'], ['jeudi', 'thursday'], ['vendredi', 'friday'], ['samedi', 'saturday'], ['dimanche', 'sunday'], ['janvier', 'january'],
    ['février', 'february'], ['avril', 'april'], ['juin', 'june'], ['juillet', 'july'], ['août', 'august'], ['septembre', 'september'],
    ['octobre', 'october'], ['novembre', 'november'], ['décembre', 'december'],
    // Business.
    ["chiffre d'affaires", 'revenue'], ['ventes', 'revenue'], ['vente', 'sale'], ['recettes', 'revenue'], ['commandes', 'orders'], ['commande', 'order'],
    ['produits', 'products'], ['produit', 'product'], ['catégorie', 'category'], ['catégories', 'categories'], ['canaux', 'channels'],
    ['appareil', 'device'], ['appareils', 'devices'], ['utilisateurs', 'users'], ['utilisateur', 'user'], ['inscriptions', 'signups'],
    ['se sont inscrits', 'signed up'], ['se sont inscrites', 'signed up'], ['inscrits', 'signups'], ['nouveaux', 'new'], ['nouvelles', 'new'],
    ['nouveau', 'new'], ['nouvelle', 'new'], ['actifs', '~active'], ['événements', 'events'], ['évènements', 'events'], ['achats', 'purchases'],
    ['visiteurs', 'visitors'], ['taux de remboursement', 'refund rate'], ['taux de remboursements', 'refund rate'], ['taux de retour', 'refund rate'],
    ["taux d'annulation", 'cancellation rate'], ['taux de conversion', 'conversion rate'], ['taux', 'rate'], ['panier moyen', 'average order value'],
    ['valeur moyenne des commandes', 'average order value'], ['remboursements', 'refunds'], ['remboursement', 'refund'], ['annulations', 'cancellations'],
    ['remboursées', '~refunded'], ['remboursés', '~refunded'], ['annulées', '~cancelled'], ['annulés', '~cancelled'], ['terminées', '~completed'],
    ['complétées', '~completed'], ['moyen', '~average'], ['moyenne', '~average'], ['moyens', '~average'], ['moyennes', '~average'],
    ['nombre de', 'number of'], ["nombre d'", 'number of'], ['nombre', 'number'], ['somme', 'sum'], ['quantité', 'quantity'], ['unités', 'units'],
    ['vendus', 'sold'], ['vendues', 'sold'], ['prix', 'price'], ['par commande', 'per order'], ['par jour', 'per day'], ['par semaine', 'per week'],
    ['par mois', 'per month'], ['par heure', 'per hour'], ['par client', 'per customer'], ['par utilisateur', 'per user'], ['valeur', 'value'],
    ['graphique en barres', 'bar chart'], ['diagramme en barres', 'bar chart'], ['histogramme', 'bar chart'], ['graphique en ligne', 'line chart'],
    ['graphique en lignes', 'line chart'], ['graphique linéaire', 'line chart'], ['courbe', 'line chart'], ['graphique en secteurs', 'pie chart'],
    ['graphique', 'chart'],
  ],
  pl: [
    // Courtesy.
    ['cześć', 'hi'], ['hej', 'hey'], ['dzień dobry', 'good morning'], ['dobry wieczór', 'good evening'], ['witam', 'hello'], ['z góry dzięki', 'thanks'],
    ['z góry dziękuję', 'thanks'], ['wielkie dzięki', 'thanks'], ['dzięki', 'thanks'], ['dziękuję', 'thanks'], ['dziękuje', 'thanks'], ['proszę', 'please'],
    ['poproszę', 'please'], ['szybkie pytanie', 'quick question'], ['krótkie pytanie', 'quick question'], ['dobra', 'ok'],
    // Questions and requests.
    ['ile było', 'how many'], ['ile jest', 'how many'], ['ile mieliśmy', 'how many'], ['ile', 'how many'], ['jaki był', 'what was'],
    ['jaka była', 'what was'], ['jakie były', 'what were'], ['jaki jest', 'what is'], ['jaka jest', 'what is'], ['jakie są', 'what are'], ['jaki', 'what'],
    ['jaka', 'what'], ['jakie', 'what'], ['który', 'which'], ['która', 'which'], ['które', 'which'], ['których', 'which'], ['którego', 'which'],
    ['której', 'which'], ['którym', 'which'], ['którą', 'which'], ['którzy', 'which'], ['kiedy', 'when'], ['gdzie', 'where'], ['jak', 'how'],
    ['co z', 'what about'], ['co to jest', 'what is'], ['co to', 'what is'], ['jako', 'as'], ['pokaż mi', 'show me'], ['pokaż', 'show'],
    ['pokażcie', 'show'], ['daj mi', 'give me'], ['podaj mi', 'give me'], ['daj', 'give me'], ['podaj', 'give me'], ['potrzebuję', 'i need'],
    ['chcę', 'i want'], ['chciałbym zobaczyć', "i'd like to see"], ['chciałabym zobaczyć', "i'd like to see"], ['chciałbym', "i'd like"],
    ['chciałabym', "i'd like"], ['zobaczyć', 'see'], ['mieliśmy', 'we had'], ['miał', 'had'], ['miała', 'had'], ['miało', 'had'], ['mieli', 'had'],
    ['sprzedał się', 'sold'], ['sprzedała się', 'sold'], ['sprzedały się', 'sold'], ['sprzedało się', 'sold'], ['miały', 'had'], ['był', 'was'],
    ['była', 'was'], ['było', 'was'], ['były', 'were'], ['jest', 'is'], ['są', 'are'],
    // Function words.
    ['dla', 'for'], ['bez', 'excluding'], ['oprócz', 'except'], ['z wyjątkiem', 'except'], ['tylko jeden', 'just one'], ['tylko jedna', 'just one'],
    ['jedna liczba', 'one number'], ['tylko liczba', 'just the number'], ['tylko', 'only'], ['jedynie', 'only'], ['teraz', 'now'], ['jeszcze raz', 'again'],
    ['jeszcze', 'also'], ['też', 'also'], ['także', 'also'], ['również', 'also'], ['oraz', 'and'], ['lub', 'or'], ['albo', 'or'], ['według', 'by'],
    ['wg', 'by'], ['w podziale na', 'broken down by'], ['z podziałem na', 'broken down by'], ['w rozbiciu na', 'broken down by'],
    ['w porównaniu z', 'compared to'], ['w porównaniu do', 'compared to'], ['zamiast tego', 'instead'], ['zamiast', 'instead of'], ['to samo', 'the same'],
    ['tym', 'this'], ['tego', 'this'], ['tej', 'this'], ['najwięcej', 'the most'], ['najmniej', 'the least'], ['najwyższy', 'highest'],
    ['najwyższa', 'highest'], ['najwyższe', 'highest'], ['najwyższym', 'highest'], ['najwyższą', 'highest'], ['najwyższej', 'highest'],
    ['największy', 'highest'], ['największa', 'highest'], ['największe', 'highest'], ['największym', 'highest'], ['największą', 'highest'],
    ['najniższy', 'lowest'], ['najniższa', 'lowest'], ['najniższe', 'lowest'], ['najniższym', 'lowest'], ['najniższą', 'lowest'], ['najlepiej', 'best'],
    ['najlepsze', 'best'], ['najlepszych', 'best'], ['najlepszy', 'best'], ['najgorsze', 'worst'], ['pierwsze', 'first'], ['pierwszych', 'first'],
    // Calendar ("w zeszłym miesiącu": "in last month").
    ['dzień po dniu', 'day by day'], ['tydzień po tygodniu', 'week by week'], ['miesiąc po miesiącu', 'month by month'], ['na dzień', 'per day'],
    ['na tydzień', 'per week'], ['na miesiąc', 'per month'], ['dziennie', 'per day'], ['codziennie', 'daily'], ['tygodniowo', 'weekly'],
    ['miesięcznie', 'monthly'], ['rocznie', 'yearly'], ['dzienny', 'daily'], ['dzienna', 'daily'], ['dzienne', 'daily'], ['dzienni', 'daily'],
    ['dziennych', 'daily'], ['tygodniowy', 'weekly'], ['miesięczny', 'monthly'], ['miesięczne', 'monthly'], ['wczoraj', 'yesterday'],
    ['przedwczoraj', 'the day before yesterday'], ['dzisiaj', 'today'], ['dziś', 'today'], ['od początku roku', 'year to date'],
    ['od początku miesiąca', 'month to date'], ['od początku', 'all time'], ['od zawsze', 'all time'], ['w całym okresie', 'all time'], ['w ciągu', 'in'],
    ['przez', 'over'], ['zeszły', 'last'], ['zeszła', 'last'], ['zeszłym', 'last'], ['zeszłego', 'last'], ['zeszłej', 'last'], ['ubiegły', 'last'],
    ['ubiegła', 'last'], ['ubiegłym', 'last'], ['ubiegłego', 'last'], ['ubiegłej', 'last'], ['poprzedni', 'previous'], ['poprzednia', 'previous'],
    ['poprzednim', 'previous'], ['poprzedniego', 'previous'], ['poprzedniej', 'previous'], ['ostatni', 'last'], ['ostatnia', 'last'], ['ostatnie', 'last'],
    ['ostatnich', 'last'], ['ostatnim', 'last'], ['ostatniego', 'last'], ['ostatniej', 'last'], ['dzień', 'day'], ['dnia', 'day'], ['dniu', 'day'],
    ['dni', 'days'], ['dniach', 'days'], ['tydzień', 'week'], ['tygodnia', 'week'], ['tygodniu', 'week'], ['tygodnie', 'weeks'], ['tygodni', 'weeks'],
    ['tygodniach', 'weeks'], ['miesiąc', 'month'], ['miesiąca', 'month'], ['miesiącu', 'month'], ['miesiące', 'months'], ['miesięcy', 'months'],
    ['miesiącach', 'months'], ['rok', 'year'], ['roku', 'year'], ['lata', 'years'], ['latach', 'years'], ['kwartał', 'quarter'], ['kwartału', 'quarter'],
    ['kwartale', 'quarter'], ['godzina', 'hour'], ['godziny', 'hours'], ['godzin', 'hours'], ['godzinach', 'hours'], ['poniedziałek', 'monday'],
    ['poniedziałki', 'mondays'], ['poniedziałku', 'monday'], ['wtorek', 'tuesday'], ['wtorki', 'tuesdays'], ['wtorku', 'tuesday'], ['środa', 'wednesday'],
    ['środę', 'wednesday'], ['środy', 'wednesday'], ['środzie', 'wednesday'], ['czwartek', 'thursday'], ['czwartki', 'thursdays'], ['czwartku', 'thursday'],
    ['piątek', 'friday'], ['piątki', 'fridays'], ['piątku', 'friday'], ['sobota', 'saturday'], ['sobotę', 'saturday'], ['soboty', 'saturday'],
    ['sobocie', 'saturday'], ['niedziela', 'sunday'], ['niedzielę', 'sunday'], ['niedzieli', 'sunday'], ['niedziele', 'sundays'], ['styczeń', 'january'],
    ['stycznia', 'january'], ['styczniu', 'january'], ['luty', 'february'], ['lutego', 'february'], ['lutym', 'february'], ['marzec', 'march'],
    ['marca', 'march'], ['marcu', 'march'], ['kwiecień', 'april'], ['kwietnia', 'april'], ['kwietniu', 'april'], ['maj', 'may'], ['maju', 'may'],
    ['czerwiec', 'june'], ['czerwca', 'june'], ['czerwcu', 'june'], ['lipiec', 'july'], ['lipca', 'july'], ['lipcu', 'july'], ['sierpień', 'august'],
    ['sierpnia', 'august'], ['sierpniu', 'august'], ['wrzesień', 'september'], ['września', 'september'], ['wrześniu', 'september'],
    ['październik', 'october'], ['października', 'october'], ['październiku', 'october'], ['listopad', 'november'], ['listopada', 'november'],
    ['listopadzie', 'november'], ['grudzień', 'december'], ['grudnia', 'december'], ['grudniu', 'december'],
    // Business: the cases people say the nouns in.
    ['przychód', 'revenue'], ['przychody', 'revenue'], ['przychodu', 'revenue'], ['przychodów', 'revenue'], ['przychodzie', 'revenue'],
    ['przychodem', 'revenue'], ['sprzedaż', 'revenue'], ['sprzedaży', 'revenue'], ['obrót', 'revenue'], ['obroty', 'revenue'], ['obrotu', 'revenue'],
    ['obrotów', 'revenue'], ['zamówienie', 'order'], ['zamówieniu', 'order'], ['zamówienia', 'orders'], ['zamówień', 'orders'], ['zamówieniach', 'orders'],
    ['zamówieniami', 'orders'], ['na zamówienie', 'per order'], ['klient', 'customer'], ['klienta', 'customer'], ['klienci', 'customers'],
    ['klientów', 'customers'], ['klientom', 'customers'], ['klientach', 'customers'], ['klientami', 'customers'], ['na klienta', 'per customer'],
    ['produkt', 'product'], ['produktu', 'product'], ['produkty', 'products'], ['produktów', 'products'], ['produktach', 'products'],
    ['kategoria', 'category'], ['kategorii', 'category'], ['kategorię', 'category'], ['kategorie', 'categories'], ['kategoriach', 'categories'],
    ['kraj', 'country'], ['kraju', 'country'], ['kraje', 'countries'], ['krajów', 'countries'], ['krajach', 'countries'], ['kanał', 'channel'],
    ['kanału', 'channel'], ['kanały', 'channels'], ['kanałów', 'channels'], ['kanałach', 'channels'], ['urządzenie', 'device'], ['urządzeniu', 'device'],
    ['urządzenia', 'devices'], ['urządzeń', 'devices'], ['urządzeniach', 'devices'], ['użytkownik', 'user'], ['użytkownika', 'user'],
    ['na użytkownika', 'per user'], ['użytkownicy', 'users'], ['użytkowników', 'users'], ['użytkownikach', 'users'], ['nowi', 'new'], ['nowych', 'new'],
    ['nowe', 'new'], ['nowy', 'new'], ['aktywni', 'active'], ['aktywnych', 'active'], ['sesja', 'session'], ['sesję', 'session'], ['sesje', 'sessions'],
    ['sesji', 'sessions'], ['sesjach', 'sessions'], ['zdarzenia', 'events'], ['zdarzeń', 'events'], ['rejestracje', 'signups'], ['rejestracji', 'signups'],
    ['zwroty', 'refunds'], ['zwrotów', 'refunds'], ['zwrot', 'refund'], ['zwrócone', '~refunded'], ['zwróconych', '~refunded'], ['anulowane', '~cancelled'],
    ['anulowanych', '~cancelled'], ['anulowania', 'cancellations'], ['anulowań', 'cancellations'], ['zrealizowane', '~completed'],
    ['zrealizowanych', '~completed'], ['wskaźnik zwrotów', 'refund rate'], ['odsetek zwrotów', 'refund rate'], ['wskaźnik anulowań', 'cancellation rate'],
    ['odsetek anulowań', 'cancellation rate'], ['współczynnik konwersji', 'conversion rate'], ['średnia wartość zamówienia', 'average order value'],
    ['średnia wartość koszyka', 'average order value'], ['średni koszyk', 'average order value'], ['wartość', 'value'], ['liczba', 'number of'],
    ['liczbę', 'number of'], ['ilość', 'number of'], ['suma', 'sum'], ['sumę', 'sum'], ['łącznie', 'in total'], ['łączny', 'total'], ['łączna', 'total'],
    ['łączne', 'total'], ['średnia', 'average'], ['średni', 'average'], ['średnie', 'average'], ['średnią', 'average'], ['średniej', 'average'],
    ['średnio', 'on average'], ['sztuk', 'units'], ['sprzedanych', 'sold'], ['sprzedane', 'sold'], ['statusu', 'status'], ['statusie', 'status'],
    ['planu', 'plan'], ['planie', 'plan'], ['cena', 'price'], ['ceny', 'prices'], ['wykres słupkowy', 'bar chart'], ['wykres liniowy', 'line chart'],
    ['wykres kołowy', 'pie chart'], ['wykres', 'chart'], ['wykresie', 'chart'], ['tabela', 'table'], ['tabelę', 'table'], ['tabeli', 'table'],
  ],
  hi: [
    // Chatter and courtesy: they carry nothing ("yaar", "bhai", "ji", "toh").
    ['yaar', ''], ['yar', ''], ['bhai', ''], ['bhaiya', ''], ['ji', ''], ['toh', ''], ['zara', ''], ['jara', ''], ['thoda', ''], ['acha', ''],
    ['accha', ''], ['achha', ''], ['arre', ''], ['arey', ''], ['haan', ''], ['ek baar', ''], ['shukriya', 'thanks'], ['dhanyavaad', 'thanks'],
    ['dhanyawad', 'thanks'], ['namaste', 'hello'],
    // Question words ("kya" opening a yes/no question is read apart, in foreign-words.ts).
    ['kitne', 'how many'], ['kitni', 'how many'], ['kitna', 'how much'], ['kya', 'what'], ['kaunsa', 'which'], ['kaun sa', 'which'], ['konsa', 'which'],
    ['kon sa', 'which'], ['kaunse', 'which'], ['kaun se', 'which'], ['konse', 'which'], ['kon se', 'which'], ['kaunsi', 'which'], ['kaun si', 'which'],
    ['konsi', 'which'], ['kon si', 'which'], ['kis', 'which'], ['kaun', 'who'], ['kab', 'when'], ['kahan', 'where'],
    ['kahaan', 'where'], ['kaise', 'how'], ['kyun', 'why'], ['kyon', 'why'],
    // Verbs of asking (a verb closing its clause is said first, in foreign-words.ts).
    ['batao', 'show me'], ['bataao', 'show me'], ['btao', 'show me'], ['bata do', 'show me'], ['bata dena', 'show me'], ['bataiye', 'show me'],
    ['dikhao', 'show me'], ['dikhaao', 'show me'], ['dikha do', 'show me'], ['dikhaiye', 'show me'], ['dikhana', 'show me'], ['de do', 'give me'],
    ['dedo', 'give me'], ['nikalo', 'pull'], ['nikal do', 'pull'], ['chahiye', 'i need'], ['chaiye', 'i need'], ['chahie', 'i need'], ['karo', ''],
    ['kar do', ''], ['kariye', ''], ['kijiye', ''],
    // Calendar ("kal", "parso" only in a question about the past; "N din" and "do din" are read apart).
    ['aaj', 'today'], ['kal', 'yesterday', hindiPast], ['parso', 'the day before yesterday', hindiPast], ['pichle', 'last'], ['pichla', 'last'],
    ['pichli', 'last'], ['pichhle', 'last'], ['pichhla', 'last'], ['pichhli', 'last'], ['is mahine', 'this month'], ['iss mahine', 'this month'],
    ['is mahina', 'this month'], ['is hafte', 'this week'], ['iss hafte', 'this week'], ['is hafta', 'this week'], ['is saal', 'this year'],
    ['iss saal', 'this year'], ['mahina', 'month'], ['mahine', 'month'], ['mahino', 'months'], ['mahinon', 'months'], ['hafta', 'week'],
    ['hafte', 'week'], ['hafton', 'weeks'], ['saal', 'year'], ['dino', 'days'], ['dinon', 'days'], ['ghanta', 'hour'],
    ['ghante', 'hour'], ['ghanton', 'hours'], ['roz', 'daily'], ['rozana', 'daily'], ['ab tak', 'so far'], ['abhi tak', 'so far'],
    ['aaj tak', 'so far'], ['pehle', 'first'], ['pahle', 'first'], ['tak', 'until'],
    // Postpositions and particles (a postposition is said before its noun, in foreign-words.ts); "ka", "ke", "ki" ("of") go.
    ['mein', 'in'], ['pe', 'on'], ['ka', ''], ['ke', ''], ['ki', ''], ['ko', ''], ['ke liye', 'for'], ['aur', 'and'], ['sirf', 'only'],
    ['sirff', 'only'], ['keval', 'only'], ['kewal', 'only'], ['bas', 'just'], ['sabse zyada wala', 'the highest'], ['sabse jyada wala', 'the highest'],
    ['sabse zyada wale', 'the highest'], ['sabse jyada wale', 'the highest'], ['sabse kam wala', 'the lowest'], ['sabse kam wale', 'the lowest'],
    ['sabse zyada', 'the most'], ['sabse jyada', 'the most'], ['sabse zyaada', 'the most'], ['sabse kam', 'the least'], ['sabse', 'the most'],
    ['zyada', 'more'], ['jyada', 'more'], ['zyaada', 'more'], ['kam', 'less'], ['har', 'each'], ['ek', 'one'], ['bhi', 'also'], ['koi', 'any'],
    ['kuch', 'some'], ['sab', 'all'], ['sabhi', 'all'], ['saare', 'all'], ['kul', 'total'], ['usse', 'than that'], ['isse', 'than this'],
    ['wala', ''], ['wale', ''], ['wali', ''], ['waala', ''], ['waale', ''], ['waali', ''],
    // "Is", "are", "was", "happened", "came": the verb says nothing the question needs ("hue" is ambiguous, below).
    ['hai', ''], ['hain', ''], ['tha', ''], ['thi', ''], ['hua', ''], ['hui', ''], ['huye', ''], ['huyi', ''], ['aaye', ''], ['aaya', ''],
    ['aayi', ''], ['ho gaye', ''], ['ho gaya', ''], ['ho gayi', ''], ['gaye', ''], ['gaya', ''], ['gayi', ''], ['kiye', ''], ['kiya', ''],
    ['hota', ''], ['hote', ''], ['hoti', ''],
    // "Brought", "sold", "bought" ("bike" is ambiguous, below).
    ['laya', 'brought'], ['laye', 'brought'], ['layi', 'brought'], ['laaya', 'brought'], ['laaye', 'brought'], ['bika', 'sold'], ['biki', 'sold'],
    ['beche', 'sold'], ['becha', 'sold'], ['kharida', 'bought'], ['kharide', 'bought'], ['kharidi', 'bought'],
    // "Broken down".
    ['tod ke', 'broken down'], ['todke', 'broken down'], ['tod kar', 'broken down'], ['todkar', 'broken down'], ['break karke', 'broken down'],
    ['break kar ke', 'broken down'], ['break karo', 'broken down'], ['alag alag', 'each'],
    // A few words of business.
    ['naye', 'new'], ['naya', 'new'], ['nayi', 'new'], ['kamai', 'revenue'], ['bikri', 'sales'], ['grahak', 'customers'], ['desh', 'country'],
  ],
  ja: JA_GLOSSARY,
};

/** Each language's words English or another language has too (or means something else by): read only in a question in that language. */
export const AMBIGUOUS: Record<Lang, Entries> = {
  // "der" / "des" are read apart (below): "the" or "of the" by the word before.
  de: [
    ['pro', 'per'], ['je', 'per'], ['mit', 'with'], ['alle', 'all'], ['hier', 'here'], ['und', 'and'], ['oder', 'or'],
    // "Umsatz, also revenue": German "also" says the same again (i.e.).
    ['also', 'i.e.'], ['die', 'the'], ['das', 'the'], ['den', 'the'], ['dem', 'the'],
  ],
  nl: [['de', 'the'], ['het', 'the'], ['en', 'and'], ['van', 'of'], ['met', 'with'], ['voor', 'for'], ['op', 'on'], ['dit', 'this'], ['land', 'country']],
  // "a", "o", "os", "as", "um" are articles; "a" between two calendar words is "to" ("de janeiro a março"), "as" and "do"
  // never the English ones ("as a", "do we"); "mai", "ago", "set", "out", "dez" are months only beside a number or after
  // "em", "de" ("em set", "15 ago"), and so is "março" typed "marco" (a name too); "só" typed "so" only opening a clause ("so mobile").
  pt: [
    ['nos', 'in the'], ['nas', 'in the'], ['no', 'in the'], ['na', 'in the'], ['num', 'in a'], ['numa', 'in a'], ['sem', 'without'], ['oi', 'hi'],
    ['canal', 'channel'], ['de', 'of'], ['do', 'of the', portugueseDo], ['da', 'of the'], ['dos', 'of the'], ['das', 'of the'], ['e', 'and'],
    ['ou', 'or'], ['com', 'with'], ['em', 'in'], ['entre', 'between'], ['mas', 'but'], ['à', 'to the'], ['a', 'the', portugueseArticle],
    ['o', 'the'], ['os', 'the'], ['as', 'the', portugueseAs], ['um', 'a'], ['pro', 'for the'], ['era', 'was'], ['todo', 'all'], ['fora', 'except'],
    ['mais', 'most'], ['mais de', 'more than'], ['mais do que', 'more than'], ['mais que', 'more than'], ['do que', 'than'],
    ['como', 'how', portugueseHow], ['me de', 'give me', notCode], ['me da', 'give me', notCode], ['media', '~average'], ['nova', '~new'],
    ['so', 'only', portugueseOnly], ['mai', 'may', portugueseMonth], ['ago', 'august', portugueseMonth], ['set', 'september', portugueseMonth],
    ['out', 'october', portugueseMonth], ['dez', 'december', portugueseMonth], ['marco', 'march', portugueseMonth],
  ],
  es: [
    ['el', 'the'], ['la', 'the'], ['los', 'the'], ['las', 'the'], ['un', 'a'], ['de', 'of'], ['del', 'of the'], ['al', 'to the'], ['en', 'in'],
    ['con', 'with'], ['sin', 'without'], ['entre', 'between'], ['y', 'and'], ['o', 'or'], ['solo', 'only'], ['canal', 'channel'], ['media', '~average'],
    ['mas', 'most'], ['hay', 'are there'], ['dame', 'give me'], ['dime', 'tell me'], ['soy', "i'm"], ['es', 'is'], ['son', 'are'], ['como', 'as'],
    ['hace', 'ago'], ['mayo', 'may'], ['vale', 'ok'], ['genial', 'great'],
  ],
  it: [
    ['il', 'the'], ['lo', 'the'], ["l'", 'the'], ["un'", 'a'], ['la', 'the'], ['i', 'the'], ['le', 'the'], ['un', 'a'], ['uno', 'a'], ['di', 'of'],
    ['del', 'of the'], ['da', 'from'], ['al', 'to the'], ['ai', 'to the'], ['alle', 'to the'], ['su', 'on'], ['con', 'with'], ['per', 'by'],
    ['tra', 'between'], ['fra', 'between'], ['e', 'and'], ['o', 'or'], ['ma', 'but'], ['non', 'not'], ['solo', 'only'], ['ora', 'now'], ['ore', 'hours'],
    ['media', '~average'], ['come', 'as'], ['dove', 'where'], ['dal', 'from the'], ['chi', 'who'], ['prima', 'first'], ['fa', 'ago'], ['salve', 'hello'], ['piano', 'plan'],
    ['tipo', 'type'],
  ],
  // "des" is read apart (below), as German "der" / "des" are; "que" is "only" at the start of a clause ("que mobile", "et que les annulées").
  fr: [
    ['le', 'the'], ['la', 'the'], ['les', 'the'], ["l'", 'the'], ['un', 'a'], ['du', 'of the'], ['de', 'of'], ["d'", 'of'], ['au', 'in the'],
    ['aux', 'in the'], ['à', 'to'], ['en', 'in'], ['pour', 'for'], ['par', 'by'], ['sans', 'excluding'], ['et', 'and'], ['ou', 'or'], ['sur', 'on'],
    ['mais', 'but'], ['entre', 'between'], ['pendant', 'during'], ['ce', 'this'], ['cet', 'this'], ['ces', 'these'], ['tout', 'all'], ['plus', 'most'],
    ['est', 'is'], ['comment', 'how'], ['ici', 'here'], ['encore', 'again'], ['hier', 'yesterday'], ['an', 'year'], ['ans', 'years'], ['mars', 'march'],
    ['mai', 'may'], ['pays', 'country'], ['canal', 'channel'], ['client', 'customer'], ['clients', 'customers'], ['tableau', 'table'],
    ['camembert', 'pie chart'], ['précédent', '~previous'], ['précédente', '~previous'], ['1er', '1st'], ['que', 'only', clauseStart],
  ],
  // "po" before a plural place noun ("po krajach") is "by", read apart (below).
  pl: [
    ['i', 'and', polishAnd], ['a', 'and', polishLead], ['we', 'in', beforePolish], ['w', 'in', notSlash], ['na', 'on'], ['z', 'from'], ['ze', 'from'],
    ['po', 'after', beforePolish], ['od', 'from', beforePolish], ['do', 'to', beforePolish], ['co', 'what'], ['ale', 'but'], ['lat', 'years'],
    ['maja', 'may'],
  ],
  // Hindi words English has too ("is", "do", "to", "the", "na", "ab", "ya", "din", "kin", "bike", "hue") or another
  // language here ("par", "se", "ne"). "me", "mein", "pe", "par", "se", "tak" said after their noun are said before it,
  // and "do" before a noun is "two", in foreign-words.ts.
  hi: [
    ['is', 'this', hindiThis], ['do', '', hindiGive], ['the', '', hindiParticle], ['to', '', hindiParticle], ['na', ''], ['ab', 'now'], ['ya', 'or'],
    ['par', 'on'], ['se', 'from'], ['ne', ''], ['din', 'day'], ['kin', 'which'], ['bike', 'sold'], ['hue', ''],
  ],
  ja: JA_AMBIGUOUS,
};

/** Chat shorthand: read in any question, and no sign of another language. */
export const SHORTHAND: Entries = [['b4', 'before'], ['u', 'you'], ['ur', 'your'], ['im', "i'm"], ['pls', 'please'], ['thx', 'thanks']];
/**
 * Ambiguous words read in any question before a value of the model ("solo mobile", "solo DE", "que mobile", "sem mobile"): no English
 * says them so.
 */
/** A word in lower case (Portuguese "sem": "SEM" is search marketing). */
const lowerCase: When = (w) => w === w.toLowerCase();
export const BEFORE_VALUE: Entries = [['solo', 'only'], ['que', 'only', clauseStart], ['sem', 'without', lowerCase]];
/** Greetings English speakers borrow ("ciao", "gracias", "merci", "hej"): read in any question, but no sign the question is in that language. */
export const LOANWORDS = new Set(['ciao', 'hola', 'gracias', 'merci', 'hej']);
