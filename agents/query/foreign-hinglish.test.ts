/**
 * Hindi typed in Latin script and mixed into English ("Hinglish"): `inEnglish` on its own, and whole questions and
 * threads through the agent, planned as the English question is. The wordings are other than blind49's own.
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

describe('inEnglish: Hindi words', () => {
  it('question words, calendar words and particles; the words that carry nothing go', () => {
    expect(en('bhai pichle 30 din mein kitne refunds hue?')).toBe('in last 30 days how many refunds?');
    expect(en('pichle hafte kitna revenue aaya?')).toBe('last week how much revenue?');
    expect(en('Brazil mein pichle hafte kitne naye users aaye?')).toBe('in Brazil last week how many new users?');
    expect(en('aaj ab tak kitne signups hue?')).toBe('today so far how many signups?');
    expect(en('organic aur referral ke signups pichle mahine')).toBe('organic and referral signups last month');
    expect(en('sirf paid wale')).toBe('only paid');
    expect(en('kaunsa channel sabse zyada signups laya is saal?')).toBe('which channel the most signups brought this year?');
  });
  it('"kal" is "yesterday" only in a question about the past; "parso" too', () => {
    expect(en('kal desktop pe kitne orders the?')).toBe('yesterday on desktop how many orders?');
    expect(en('kal ka refund rate kya tha?')).toBe('yesterday refund rate what?');
    expect(en('parso tablet pe kitne page views hue the?')).toBe('the day before yesterday on tablet how many page views?');
    // "kal kitne orders aayenge?": tomorrow; left unread.
    expect(en('kal kitne orders aayenge?')).toMatch(/^kal how many orders/);
  });
  it('"is" is "this" only before a calendar word: never the English "is"', () => {
    expect(en('is week ka AOV kitna hai?')).toBe('this week AOV how much?');
    expect(en('is mahine tablet pe kitne orders hue?')).toBe('this month on tablet how many orders?');
    expect(en('bhai what is the AOV?')).toBe('what is the AOV?');
    expect(en('yaar is revenue up this month?')).toBe('is revenue up this month?');
  });
  it('"do" is two before a noun or a number, "give" closing a clause, and the English "do" otherwise', () => {
    expect(en('pichle do hafte mein kitne signups hue?')).toBe('in last 2 weeks how many signups?');
    expect(en('top do products dikhao')).toBe('show me top 2 products');
    expect(en('bhai country wise refunds do')).toBe('give me by country refunds');
    expect(en('bhai, do we have orders from JP?')).toBe('do we have orders from JP?');
  });
  it('"me" after its noun is "in"; "show me" stays', () => {
    expect(en('Germany me kitne customers hai?')).toBe('in Germany how many customers?');
    expect(en('yaar, show me refunds by country')).toBe('show me refunds by country');
    expect(en('give me sessions by device, thanks bhai')).toBe('give me sessions by device, thanks');
  });
  it('"the", "to", "na" as Hindi particles only beside Hindi words', () => {
    expect(en('kal kitne sessions the?')).toBe('yesterday how many sessions?');
    expect(en('kal to kitne orders hue?')).toBe('yesterday how many orders?');
    expect(en('revenue batao na')).toBe('show me revenue');
    expect(en('1 june se 15 june tak ka revenue')).toBe('from 1 june to 15 june revenue');
  });
  it('postpositions said before their noun; "X ke hisaab se", "X se zyada"', () => {
    expect(en('paid channel se kitne signups aaye pichle mahine?')).toBe('from paid channel how many signups last month?');
    expect(en('/pricing page pe kitne page views the kal?')).toBe('on /pricing page how many page views yesterday?');
    expect(en('top 3 products revenue ke hisaab se')).toBe('top 3 products by revenue');
    expect(en('kitne orders 3 se zyada quantity wale')).toBe('how many orders more than 3 quantity');
  });
  it('"ka", "ke", "ki": a figure of a thing is said first ("customers ka AOV": "AOV of customers")', () => {
    expect(en('Japan ke customers ka AOV')).toBe('AOV of Japan customers');
    expect(en('har category ka revenue')).toBe('each category revenue');
  });
  it('"pehle": "before that", "ago", "first"', () => {
    expect(en('aur usse do din pehle?')).toBe('and 2 days before that?');
    expect(en('aur usse ek hafta pehle ka?')).toBe('and the week before that?');
    expect(en('4 din pehle kitne orders hue the?')).toBe('4 days ago how many orders?');
    expect(en('sabse kam wala pehle')).toBe('the lowest first');
  });
  it('a verb of asking closing its clause is said first; an English verb before "hue" is its participle', () => {
    expect(en('pichle saal ka revenue month wise chahiye')).toBe('i need last year revenue by month');
    expect(en('ab month wise dikhao')).toBe('now show me by month');
    expect(en('kitne orders cancel hue?')).toBe('how many orders cancelled?');
    expect(en('kya pichle hafte koi refund hua?')).toBe('last week any refund?');
  });
});

describe('inEnglish: "X wise" is "by X" in any question', () => {
  it('Indian English: a dimension, a column or a calendar grain before "wise"', () => {
    expect(en('revenue country wise last month')).toBe('revenue by country last month');
    expect(en('category-wise orders this year')).toBe('by category orders this year');
    expect(en('signups mahine wise')).toBe('signups by month');
    expect(en('orders status wise')).toBe('orders by status');
  });
  it('not a figure, a value, a word the model does not know, nor "otherwise" / "likewise"', () => {
    for (const q of ['revenue wise top products', 'mobile wise revenue', 'age group wise revenue', 'otherwise show revenue by country',
      'likewise orders by device']) {
      expect(en(q)).toBe(q);
    }
  });
});

describe('Hinglish questions: planned as the English question', () => {
  it('counts and figures over a period, on a value', () => {
    expect(sql('bhai pichle 30 din mein kitne refunds hue?')).toBe(sql('how many refunds in the last 30 days'));
    expect(sql('pichle hafte kitna revenue aaya?')).toBe(sql('how much revenue last week'));
    expect(sql('Brazil mein pichle hafte kitne naye users aaye?')).toBe(sql('new users in Brazil last week'));
    expect(sql('parso tablet pe kitne page views hue the?')).toBe(sql('page views on tablet the day before yesterday'));
    expect(sql('kal desktop pe kitne orders the?')).toBe(sql('orders on desktop yesterday'));
    expect(sql('aaj ab tak kitne signups hue?')).toBe(sql('signups today so far'));
    expect(sql('is week ka AOV kitna hai?')).toBe(sql('AOV this week'));
    expect(sql('GB mein pichle 90 din ka refund rate')).toBe(sql('refund rate in GB in the last 90 days'));
    expect(sql('Japan ke customers ka AOV kya hai?')).toBe(sql('AOV of customers in Japan'));
    expect(sql('/pricing page pe kitne page views the kal?')).toBe(sql('page views on the /pricing page yesterday'));
    expect(sql('kitne orders refund hue kal?')).toBe(sql('how many orders were refunded yesterday'));
  });
  it('breakdowns: "X wise", "har X ka", "X ke hisaab se", "tod ke"', () => {
    expect(sql('is hafte channel wise signups batao')).toBe(sql('signups by channel this week'));
    expect(sql('pichle saal har mahine ka revenue batao')).toBe(sql('revenue by month last year'));
    expect(sql('har din ke orders pichle hafte')).toBe(sql('orders by day last week'));
    expect(sql('pichle 14 din ka revenue din wise dikhao')).toBe(sql('revenue by day in the last 14 days'));
    expect(sql('enterprise plan wale users country wise')).toBe(sql('enterprise users by country'));
    expect(sql('refund rate country wise batao na yaar')).toBe(sql('refund rate by country'));
    expect(sql('pichle mahine ke sessions device ke hisaab se tod ke dikhao')).toBe(sql('sessions by device last month'));
    expect(sql('pichle 3 mahine mein month wise orders nikalo')).toBe(sql('orders by month in the last 3 months'));
    expect(sql('pichle saal ka revenue month wise chahiye')).toBe(sql('revenue by month last year'));
  });
  it('rankings: "sabse zyada", "sabse kam", "top do"', () => {
    expect(sql('sabse zyada revenue kis country me tha pichle mahine?')).toBe(sql('which country had the most revenue last month'));
    expect(sql('sabse kam orders kis category me hue is mahine?')).toBe(sql('which category had the fewest orders this month'));
    expect(sql('kaunsa channel sabse zyada signups laya is saal?')).toBe(sql('which channel brought the most signups this year'));
    expect(sql('top do categories batao revenue ke hisaab se')).toBe(sql('top 2 categories by revenue'));
    expect(sql('pichle 7 din ka revenue din wise, sabse zyada wala pehle')).toBe(sql('revenue by day in the last 7 days, highest first'));
  });
  it('periods: "pichle do hafte", "N din pehle", "X se Y tak"', () => {
    expect(sql('pichle do hafte mein kitne signups hue?')).toBe(sql('signups in the last 2 weeks'));
    expect(sql('4 din pehle kitne orders hue the?')).toBe(sql('orders 4 days ago'));
    expect(sql('1 june se 15 june tak ka revenue')).toBe(sql('revenue from june 1 to june 15'));
    expect(sql('is saal ab tak ka revenue kitna hai?')).toBe(sql('revenue this year so far'));
  });
  it('a yes/no "kya", and a status said as a verb ("cancel hue")', () => {
    expect(sql('kya pichle hafte koi refund hua?')).toBe(sql('refunds last week'));
    expect(sql('aaj desktop pe kitne orders cancel hue?')).toBe(sql('today on desktop how many orders were cancelled?'));
  });
  it('"X wise" in an English question', () => {
    expect(sql('revenue country wise last month')).toBe(sql('revenue by country last month'));
    expect(sql('AOV plan-wise this year')).toBe(sql('AOV by plan this year'));
  });
});

describe('Hinglish threads: each turn planned as in English', () => {
  it('a breakdown, narrowed to values, then ranked', () => {
    const hinglish = ['pichle hafte ka revenue device wise batao', 'sirf desktop aur tablet', 'ab sirf top 1 dikhao, sabse kam wala pehle'];
    const english = ['revenue by device last week', 'only desktop and tablet', 'now only the top 1, lowest first'];
    for (let n = 1; n <= 3; n++) expect(last(...hinglish.slice(0, n))).toBe(last(...english.slice(0, n)));
  });
  it('a count, broken down, then the days before that', () => {
    const hinglish = ['parso kitne orders cancel hue the?', 'channel wise tod ke dikhao', 'aur usse do din pehle ka?'];
    const english = ['how many orders were cancelled the day before yesterday?', 'by channel', 'and 2 days before that?'];
    for (let n = 1; n <= 3; n++) expect(last(...hinglish.slice(0, n))).toBe(last(...english.slice(0, n)));
  });
  it('a period so far, a breakdown, two values', () => {
    const hinglish = ['is hafte ab tak kitne signups hue?', 'plan wise batao', 'sirf free aur starter'];
    const english = ['how many signups this week so far?', 'by plan', 'only free and starter'];
    for (let n = 1; n <= 3; n++) expect(last(...hinglish.slice(0, n))).toBe(last(...english.slice(0, n)));
  });
  it('yesterday, then the week before that; a value, a grain and a chart', () => {
    expect(last('kal ka revenue kya tha?', 'aur usse ek hafta pehle?')).toBe(last('revenue yesterday', 'and the week before that?'));
    const hinglish = ['pichle mahine channel wise orders batao', 'aur mobile pe?', 'sirf paid wale', 'ab month wise dikhao'];
    const english = ['orders by channel last month', 'and on mobile?', 'only paid', 'now by month'];
    for (let n = 1; n <= 4; n++) expect(last(...hinglish.slice(0, n))).toBe(last(...english.slice(0, n)));
    expect(thread(...hinglish, 'bar chart mein dikhao').at(-1)!.state.query.chart).toBe('bar');
  });
});

describe('English read as before, and what the data lacks still refused', () => {
  it('English questions with "is", "do", "to", "the", "me", "na", "wise" of their own are not changed', () => {
    for (const q of ['what is the revenue', 'do we have orders from FR', 'show me orders', 'give me revenue by device', 'is revenue up this month?',
      'revenue from june to july', 'the revenue last week', 'orders by country, na values excluded', 'what do the refunds look like by channel?',
      'tell me the AOV, is that ok?', 'orders to FR last month', 'revenue in the last 7 days', 'orders on mobile the day before yesterday',
      'how many orders did we have yesterday', 'is there a plan for DE?', 'me and the team need revenue by channel', 'send me sessions per day',
      'otherwise show revenue by country', 'revenue par for the course', 'orders from mobile a day ago']) expect(en(q)).toBe(q);
  });
  it('and planned as before', () => {
    expect(sql('what is the revenue')).toMatch(/^SELECT sum\(revenue\) AS total_revenue FROM demo\.orders WHERE status = 'completed'$/);
    expect(sql('do we have orders from FR')).toContain("country = 'FR'");
    expect(sql('show me orders')).toMatch(/^SELECT count\(\) AS orders FROM demo\.orders/);
    expect(sql('give me revenue by device')).toMatch(/^SELECT device, sum\(revenue\)/);
  });
  it('a Hinglish question asking for what the data lacks, or about tomorrow, is refused', () => {
    expect(refusal('users ki salary wise revenue dikhao na, manager ko chahiye')).not.toBe('answered');
    expect(refusal('pichle mahine kitne employees join hue?')).not.toBe('answered');
    expect(refusal('kal kitne orders aayenge?')).not.toBe('answered');
    expect(refusal('customers ki income wise orders batao')).not.toBe('answered');
  });
});
