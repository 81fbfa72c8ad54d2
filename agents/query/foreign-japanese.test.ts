/**
 * Japanese typed in romaji and mixed into English: `inEnglish` on its own, and whole questions and threads through the
 * agent, planned as the English question is. The wordings are other than blind50's own.
 */
import { describe, expect, it } from 'vitest';
import { inEnglish } from './foreign-words.ts';
import { DEMO_MODEL_PATH, loadSemanticModel } from './index.ts';
import { vocabularyOf } from './parse/state.ts';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

const vocab = [vocabularyOf(loadSemanticModel(DEMO_MODEL_PATH)).vocab];
const en = (q: string): string => inEnglish(q, vocab);
/** The SQL of a thread's last turn. */
const last = (...qs: string[]): string => flat(thread(...qs).at(-1)!);
/** Each turn of a Japanese thread planned as the same turn of the English one. */
const sameThread = (japanese: string[], english: string[]): void => {
  for (let n = 1; n <= japanese.length; n++) expect(last(...japanese.slice(0, n)), japanese[n - 1]).toBe(last(...english.slice(0, n)));
};

describe('inEnglish: Japanese words', () => {
  it('particles "no", "wa", "ga", "wo" say nothing; calendar and business words; a question word stays where it is', () => {
    expect(en('senshuu no henpin kensuu wa nan-ken?')).toBe('last week refunds count how many?');
    expect(en('kyonen no henpinritsu wa ikura desu ka?')).toBe('last year refund rate how much?');
    expect(en('JP no kokyaku kensuu wa nannin?')).toBe('JP customers count how many?');
    expect(en('ototoi no sesshon kensuu')).toBe('the day before yesterday sessions count');
  });
  it('"X-betsu", "X betsu", "X-goto": "by X", a grain said in Japanese too; "de" after it goes', () => {
    expect(en('kotoshi no heikin chuumon kingaku, kuni-betsu de')).toBe('this year average order value, by country');
    expect(en('konshuu no chuumon kensuu, hi-betsu de (refunded dake)')).toBe('this week orders count, by day (refunded only)');
    expect(en('tsuki betsu no uriage, kyonen')).toBe('by month revenue, last year');
    expect(en('kinou no sesshon kensuu, jikan-goto')).toBe('yesterday sessions count, by hour');
    expect(en('youbi-betsu no chuumon kensuu')).toBe('by weekday orders count');
  });
  it('a verb of asking closing its clause is said first', () => {
    expect(en('DE no kokyaku kensuu wo channel-betsu de misete')).toBe('show me DE customers count by channel');
    expect(en('sengetsu no chuumon kensuu wo oshiete kudasai')).toBe('show me last month orders count');
    expect(en('tsuki-betsu no henpin kensuu ga mitai')).toBe('i want to see by month refunds count');
  });
  it('"de", "ni", "kara", "made", "mo", "igai", "to" said before their noun, or as "and"', () => {
    expect(en('US de no chuumon kensuu, kinou')).toBe('in US orders count, yesterday');
    expect(en('6gatsu 1-nichi kara 6gatsu 15-nichi made no chuumon kensuu')).toBe('from june 1 to june 15 orders count');
    expect(en('kinou kara no chuumon kensuu')).toBe('since yesterday orders count');
    expect(en('mobile to tablet no uriage, sengetsu')).toBe('mobile and tablet revenue, last month');
    expect(en('mobile igai no uriage, sengetsu')).toBe('excluding mobile revenue, last month');
    expect(en('kotoshi no uriage wo kyonen to hikaku shite')).toBe('this year revenue compared to last year');
  });
  it('numbers of days and months, and the weekdays in a numbering note', () => {
    expect(en('kako 30-nichi no uriage, kategori-betsu de')).toBe('last 30 days revenue, by category');
    expect(en('3-nichi mae no chuumon kensuu')).toBe('3 days ago orders count');
    expect(en('2024-nen no uriage')).toBe('in 2024 revenue');
    expect(en('youbi-betsu no chuumon ga mitai (1=getsuyoubi ... 7=nichiyoubi)')).toBe('i want to see by weekday orders (1=monday ... 7=sunday)');
  });
  it('a clause leading in with "kedo" goes, and so do "yappari", "de ii desu" and a bracket saying the Japanese again', () => {
    expect(en('kategori-betsu no chuumon kensuu... senshuu to hikaku shitakatta kedo, yappari konshuu dake (this week) de ii desu'))
      .toBe('by category orders count... this week only');
    expect(en('kinou (yesterday) no chuumon kensuu, kuni-betsu')).toBe('yesterday orders count, by country');
    expect(en('kinou no uriage, jikan-betsu (by hour)')).toBe('yesterday revenue, by hour');
  });
  it('"X ja nakute Y ni kaete", "X ni shite", "X wa dou datta?", "X wa?", "X mo"', () => {
    expect(en('chuumon kensuu ja nakute uriage ni kaete')).toBe('revenue instead of orders count');
    expect(en('kuni ja nakute kategori-betsu ni kaete')).toBe('by category instead of by country');
    expect(en('desktop dake ni shite')).toBe('switch to desktop only');
    expect(en('kyonen wa dou datta?')).toBe('what about last year?');
    expect(en('kyou wa?')).toBe('what about today?');
    expect(en('mobile wa?')).toBe('what about mobile?');
    expect(en('enterprise mo')).toBe('also enterprise');
  });
});

describe('Japanese questions: planned as the English question', () => {
  it('a figure over a period, on a value', () => {
    expect(sql('senshuu no uriage wa ikura? onegai')).toBe(sql('total revenue last week'));
    expect(sql('senshuu no henpin kensuu wa nan-ken?')).toBe(sql('how many refunds last week'));
    expect(sql('kyonen no henpinritsu wa ikura desu ka?')).toBe(sql('refund rate last year'));
    expect(sql('US de no chuumon kensuu, kinou')).toBe(sql('orders in US yesterday'));
    expect(sql('6gatsu 1-nichi kara 6gatsu 15-nichi made no chuumon kensuu')).toBe(sql('orders from june 1 to june 15'));
    expect(sql('mobile igai no uriage, sengetsu')).toBe(sql('revenue excluding mobile last month'));
    expect(sql('3-nichi mae no chuumon kensuu wo oshiete')).toBe(sql('orders 3 days ago'));
    expect(sql('2024-nen no uriage wa ikura?')).toBe(sql('revenue in 2024'));
  });
  it('breakdowns: "X-betsu de", a grain said in Japanese, a status or values "dake"', () => {
    expect(sql('senshuu no kyanseruritsu, debaisu-betsu de onegai')).toBe(sql('cancellation rate by device last week'));
    expect(sql('kotoshi no heikin chuumon kingaku, kuni-betsu de oshiete')).toBe(sql('average order value by country this year'));
    expect(sql('konshuu no chuumon kensuu, hi-betsu de (refunded dake)')).toBe(sql('orders by day this week, refunded only'));
    expect(sql('DE no kokyaku kensuu wo channel-betsu de misete')).toBe(sql('customers in DE by channel'));
    expect(sql('tsuki-betsu no uriage ga mitai, kyonen')).toBe(sql('revenue by month last year'));
    expect(sql('kako 30-nichi no uriage, kategori-betsu de')).toBe(sql('revenue by category in the last 30 days'));
    expect(sql('kyou no page views, page-betsu de')).toBe(sql('page views by page today'));
    expect(sql('kinou no signups, channel-betsu, onegaishimasu')).toBe(sql('signups by channel yesterday'));
    expect(sql('mobile to tablet no uriage, sengetsu')).toBe(sql('revenue on mobile and tablet last month'));
    expect(sql('JP to US no kokyaku kensuu, kotoshi')).toBe(sql('customers in JP and US this year'));
    expect(sql('kategori-betsu no hanbaisuu, kyonen')).toBe(sql('units sold by category last year'));
    expect(sql('shouhin-betsu no uriage toppu 10, kotoshi')).toBe(sql('top 10 products by revenue this year'));
  });
  it('a lead-in clause with "kedo", a bracket glossing the Japanese, a weekday numbering', () => {
    expect(sql('kategori-betsu no chuumon kensuu... senshuu to hikaku shitakatta kedo, yappari konshuu dake (this week) de ii desu'))
      .toBe(sql('orders by category this week'));
    expect(sql('kinou (yesterday) no chuumon kensuu, kuni-betsu')).toBe(sql('orders by country yesterday'));
    expect(sql('youbi-betsu no chuumon kensuu ga mitai, weekday number (1=getsuyoubi ... 7=nichiyoubi) to orders, zenkikan'))
      .toBe(sql('orders by day of week, all time'));
    expect(sql('kotoshi no uriage wo kyonen to hikaku shite')).toBe(sql('this year revenue compared to last year'));
  });
});

describe('Japanese threads: each turn planned as in English', () => {
  it('a breakdown, narrowed to a value, then another figure instead', () => {
    sameThread(['senshuu no chuumon kensuu, debaisu-betsu de', 'desktop dake ni shite', 'chuumon kensuu ja nakute uriage ni kaete'],
      ['orders by device last week', 'only desktop', 'revenue instead of orders']);
  });
  it('another breakdown instead, then another period', () => {
    sameThread(['kotoshi no uriage, kuni-betsu', 'kuni ja nakute kategori-betsu ni kaete', 'kyonen wa dou datta?'],
      ['revenue by country this year', 'by category instead of by country', 'the same for last year']);
  });
  it('by hour, one value, then the day after: "X wa?"', () => {
    sameThread(['kinou no sesshon kensuu, jikan-betsu (by hour)', 'tablet dake', 'kyou wa?'],
      ['sessions by hour yesterday', 'only tablet', 'what about today?']);
  });
  it('two values joined by "to", then another week', () => {
    sameThread(['sengetsu no henpin kensuu, channel-betsu', 'paid to email dake', 'senshuu wa dou datta?'],
      ['refunds by channel last month', 'only paid and email', 'and last week?']);
  });
  it('a value, then one more with "mo"; a chart', () => {
    sameThread(['kongetsu no uriage, plan-betsu de misete kudasai', 'starter dake', 'enterprise mo'],
      ['revenue by plan this month', 'only starter', 'also enterprise']);
    expect(thread('kongetsu no uriage, plan-betsu', 'bou gurafu ni shite').at(-1)!.state.query.chart).toBe('bar');
  });
});

describe('English read as before, and what the data lacks still refused', () => {
  it('English questions with "to", "no", "de", "made", "mo", "wa", "ga", "on", "o" of their own are not changed', () => {
    for (const q of ['orders to FR last month', 'revenue from june to july', 'switch to revenue', 'compare revenue to last month',
      'no, by device', 'are there no refunds on mobile?', 'revenue by country, no refunds', 'orders de la maison', 'orders by country de',
      'how many orders were made yesterday', 'orders made on mobile by country', 'revenue per mo', 'revenue 3 mo ago', 'orders from WA and GA',
      'sessions from ga4 by channel', 'orders on mobile the day before yesterday', 'revenue on desktop, no tablet', 'what about mobile?',
      'orders from 1 to 7 june', 'revenue up to today', 'orders by o.category', 'i need the revenue, no rush', 'revenue by channel, made up to date',
      'refunds on mobile to date', 'show me the SQL', 'orders by status, betsy asked']) expect(en(q)).toBe(q);
  });
  it('and planned as before', () => {
    expect(sql('orders to FR last month')).toContain("country = 'FR'");
    expect(sql('how many orders were made yesterday')).toBe(sql('how many orders yesterday'));
    expect(sql('revenue from june to july')).toMatch(/^SELECT sum\(revenue\) AS total_revenue FROM demo\.orders WHERE status = 'completed'/);
  });
  it('a Japanese question asking for what the data lacks is refused', () => {
    expect(refusal('nenrei-betsu no user kensuu wo oshiete')).not.toBe('answered');
    expect(refusal('sengetsu no juugyouin kensuu wa?')).not.toBe('answered');
    expect(refusal('kongetsu no kyuuyo goukei wo busho-betsu de misete')).not.toBe('answered');
    expect(refusal('kotoshi no shiire kingaku wa ikura?')).not.toBe('answered');
  });
});
