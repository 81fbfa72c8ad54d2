/**
 * Japanese typed in romaji and mixed into English ("kongetsu no uriage wa ikura?", "country-betsu de oshiete"): the
 * glossary of foreign-words.ts for it, apart from foreign-glossary.ts for its length. Japanese says its particles after
 * their noun and its verb last; foreign-words.ts says them in the English order (`inJapaneseOrder`) before these words
 * are read.
 */
import type { Entries, When } from './foreign-glossary.ts';

const previousWord = (before: string): string => /([\p{L}\d'’-]+)\s*$/u.exec(before.slice(-200))?.[1]?.toLowerCase() ?? '';
/** English words "to" follows as English ("switch to", "compared to", "up to", "from 1 to 7"). */
const ENGLISH_TO = new RegExp(String.raw`^(?:\d+|compared|compare|comparison|switch|switched|change|changed|set|up|due|according|close|equal|`
  + 'similar|next|back|go|going|want|wanted|need|how|able|relative|prior|add|added|move|moved|convert|limit|limited|sent|send|shipped|ship|'
  + 'belong|belongs|refers?|applies|apply|thanks|then)$', 'i');
/**
 * Japanese "to" is "and" between two nouns ("mobile to tablet", "… 7=nichiyoubi) to revenue"), never an English "to"
 * ("switch to", "from june to july", "1 to 7").
 */
const japaneseAnd: When = (_w, before, after) =>
  /[\p{L}\d)]\s*$/u.test(before) && /^\s+[\p{L}\d/(]/u.test(after) && !ENGLISH_TO.test(previousWord(before))
  && !/(?:^|\s)(?:from|between)\s+\S+(?:\s+\S+)?\s*$/i.test(before);

/**
 * The words only Japanese has here. "betsu" ("by") and the question and verb phrases are also read apart, in
 * foreign-words.ts: "X-betsu" is "by X", a verb of asking closing its clause is said first.
 */
export const JA_GLOSSARY: Entries = [
  // Courtesy and chatter: they carry nothing ("yappari": after all; "de ii desu": that will do).
  ['onegaishimasu', 'please'], ['onegai shimasu', 'please'], ['onegai', 'please'], ['kudasai', 'please'], ['arigatou gozaimasu', 'thanks'],
  ['arigatou', 'thanks'], ['arigato', 'thanks'], ['doumo', 'thanks'], ['sumimasen', ''], ['suimasen', ''], ['yappari', ''], ['yahari', ''],
  ['etto', ''], ['eeto', ''], ['jaa', ''], ['desu ka', ''], ['deshita ka', ''], ['masu ka', ''], ['deshou ka', ''], ['desu', ''], ['deshita', ''],
  ['datta', ''], ['deshou', ''], ['kana', ''], ['de ii desu', ''], ['de ii', ''], ['de daijoubu', ''], ['kedo', 'but'], ['keredo', 'but'],
  ['shitakatta', 'wanted to'], ['shitai', 'i want to'], ['shite', ''], ['shimasu', ''], ['suru', ''], ['shiyou', ''],
  // Verbs of asking (said first when they close their clause, in foreign-words.ts).
  ['oshiete kudasai', 'show me'], ['oshiete', 'show me'], ['misete kudasai', 'show me'], ['misete', 'show me'], ['dashite', 'show me'],
  ['mitai desu', 'i want to see'], ['mitai', 'i want to see'], ['shiritai', 'i want to know'], ['hikaku', 'compare'],
  // "Y instead of X" ("X ja nakute Y ni kaete"), "switch to X" ("X ni shite") are read apart; what is left of them.
  ['ja nakute', 'instead of'], ['janakute', 'instead of'], ['de wa naku', 'instead of'], ['dewa naku', 'instead of'], ['kaete', 'switch'],
  // Question words.
  ['ikura', 'how much'], ['nan-ken', 'how many'], ['nanken', 'how many'], ['nan ken', 'how many'], ['ikutsu', 'how many'], ['nannin', 'how many'],
  ['nan-nin', 'how many'], ['dou datta', 'how was it'], ['dou', 'how'], ['dore', 'which'], ['dono', 'which'], ['doko', 'where'], ['itsu', 'when'],
  ['nani', 'what'],
  // Particles only Japanese has here ("X kara Y made", "X igai" are read apart too).
  ['dake', 'only'], ['nomi', 'only'], ['kara', 'from'], ['igai', 'except'], ['betsu', 'by'], ['goto', 'by'],
  // Calendar.
  ['kyou', 'today'], ['honjitsu', 'today'], ['kinou', 'yesterday'], ['sakujitsu', 'yesterday'], ['ototoi', 'the day before yesterday'],
  ['kongetsu', 'this month'], ['sengetsu', 'last month'], ['konshuu', 'this week'], ['konshu', 'this week'], ['senshuu', 'last week'],
  ['senshu', 'last week'], ['kotoshi', 'this year'], ['kyonen', 'last year'], ['sakunen', 'last year'], ['zenkikan', 'all time'],
  ['zen kikan', 'all time'], ['ima made', 'so far'], ['kore made', 'so far'], ['kako', 'last'], ['chokkin', 'last'], ['mainichi', 'daily'],
  ['maishuu', 'weekly'], ['maitsuki', 'monthly'], ['getsuyoubi', 'monday'], ['kayoubi', 'tuesday'], ['suiyoubi', 'wednesday'],
  ['mokuyoubi', 'thursday'], ['kinyoubi', 'friday'], ['doyoubi', 'saturday'], ['nichiyoubi', 'sunday'], ['youbi', 'day of week'],
  ['yobi', 'day of week'], ['jikan', 'hour'], ['jikantai', 'hour'],
  // Business.
  ['uriage', 'revenue'], ['uriagedaka', 'revenue'], ['chuumon', 'orders'], ['chumon', 'orders'], ['chuumonsuu', 'orders'], ['kensuu', 'count'],
  ['kingaku', 'amount'], ['heikin chuumon kingaku', 'average order value'], ['kyakutanka', 'average order value'], ['heikin', 'average'],
  ['goukei', 'total'], ['gokei', 'total'], ['kokyaku', 'customers'], ['kokyakusuu', 'customers'], ['shouhin', 'products'], ['shohin', 'products'],
  ['kategori', 'category'], ['henpin', 'refunds'], ['henkin', 'refunds'], ['henpinritsu', 'refund rate'],
  ['kyanseru', 'cancellations'], ['kyanseruritsu', 'cancellation rate'], ['yuuzaa', 'users'], ['yuuza', 'users'], ['shinki touroku', 'signups'],
  ['touroku', 'signups'], ['kuni', 'country'], ['debaisu', 'device'], ['puran', 'plan'], ['chaneru', 'channel'], ['sesshon', 'sessions'],
  ['ibento', 'events'], ['kounyuu', 'purchase'], ['hanbaisuu', 'units sold'], ['suuryou', 'quantity'], ['kakaku', 'price'], ['kanryou', 'completed'],
  ['toppu', 'top'], ['jouni', 'top'], ['gurafu', 'chart'], ['bou gurafu', 'bar chart'], ['oresen gurafu', 'line chart'], ['en gurafu', 'pie chart'],
];

/**
 * Japanese words English has too ("no", "to", "ja", "yo") or another language here ("de", "o", "ne"): read only in
 * a Japanese question. "no", "wa", "ga", "wo", "o" mark a noun's part in the clause and say nothing in English; "de",
 * "ni", "mo", "kara", "made" said after their noun are said before it ("made" only after a period: English has it), in
 * foreign-words.ts.
 */
export const JA_AMBIGUOUS: Entries = [
  ['no', ''], ['wa', ''], ['ga', ''], ['wo', ''], ['o', ''], ['ni', ''], ['de', ''], ['mo', 'also'], ['to', 'and', japaneseAnd], ['ja', ''],
  ['ne', ''], ['yo', ''],
];
