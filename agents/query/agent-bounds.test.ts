import { describe, expect, it } from 'vitest';
import { DatalabsError, isDatalabsError } from '../../bot/contracts/errors.ts';
import { compileQuery, createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel, type ConversationState, type SemanticQuery } from './index.ts';
import { createRandom } from '../../bot/contracts/random.ts';

const model = loadSemanticModel(DEMO_MODEL_PATH);
const agent = createQueryAgent({ models: [model] });
const now = new Date('2025-06-30T18:00:00Z');
const sql = (question: string, a = agent): string => a.plan(question, { now }).sql.replace(/\s+/g, ' ');
const refusal = (question: string, a = agent, state?: ConversationState, at = now): string | undefined => {
  try { a.plan(question, { now: at, state }); return undefined; } catch (e) {
    if (!isDatalabsError(e)) return `NOT A DatalabsError: ${String(e)}`;
    return `${e.code}: ${e.message}`;
  }
};

describe('row counts (top / bottom / first / limit N)', () => {
  it.each([
    ['top -5 products by revenue', '"top -5"'],
    ['top 0 products by revenue', '"top 0"'],
    ['top 2.5 products by revenue', '"top 2.5"'],
    ['top 99999999999999999999 products by revenue', '"top 99999999999999999999"'],
    ['top 10001 products by revenue', '"top 10001"'],
    ['top 1e309 countries by orders', '"top 1e309"'],
    ['first 0 products by revenue', '"first 0"'],
    ['bottom -3 countries by revenue', '"bottom -3"'],
    ['the 0 cheapest products', '"0 cheapest"'],
    ['5.5 best products by revenue', '"5.5 best"'],
  ])('refuses "%s" in one line saying what is allowed', (question, phrase) => {
    const r = refusal(question);
    expect(r).toMatch(/^BAD_INPUT: /);
    expect(r).toContain(phrase);
    expect(r).toContain('whole number from 1 to 10,000');
    expect(r).not.toMatch(/\n/);
  });

  it('accepts 1 up to the row cap, including fullwidth digits', () => {
    expect(sql('top 1 products by revenue')).toMatch(/ LIMIT 1$/);
    expect(sql('top 10000 products by revenue')).toMatch(/ LIMIT 10000$/);
    expect(sql('top ５ products by revenue')).toMatch(/ LIMIT 5$/);
    expect(sql('top ٥ products by revenue')).toMatch(/ LIMIT 5$/);
    expect(refusal('top ٠ products by revenue')).toMatch(/^BAD_INPUT: "top 0"/);
  });

  it('takes the row cap from the maxRows option', () => {
    const small = createQueryAgent({ models: [model], maxRows: 100 });
    expect(sql('top 100 products by revenue', small)).toMatch(/ LIMIT 100$/);
    expect(refusal('top 101 products by revenue', small)).toMatch(/^BAD_INPUT: "top 101": .*from 1 to 100\.$/);
    expect(() => createQueryAgent({ models: [model], maxRows: 0 })).toThrow(/maxRows/);
  });

  it('refuses a bad row count in a follow-up, keeping nothing of it', () => {
    const first = agent.plan('revenue by country', { now });
    expect(refusal('top -2', agent, first.state)).toMatch(/^BAD_INPUT: "top -2"/);
    expect(agent.plan('top 2', { now, state: first.state }).sql).toMatch(/LIMIT 2$/);
  });
});

describe('dates and periods', () => {
  it.each(['2026-02-30', '2026-13-01', '2025-02-29', '2025-00-10', '2025-04-31'])('refuses the impossible date %s, naming it', (date) => {
    expect(refusal(`revenue on ${date}`)).toBe(`BAD_INPUT: "${date}" is not a real calendar date.`);
  });

  it('refuses impossible written-out dates', () => {
    expect(refusal('revenue on march 32')).toBe('BAD_INPUT: "march 32" is not a real calendar date.');
    expect(refusal('orders on 31 february 2025')).toBe('BAD_INPUT: "31 february 2025" is not a real calendar date.');
    expect(sql('revenue on 2024-02-29')).toContain("toDateTime('2024-02-29 00:00:00', 'UTC')");
  });

  it.each([
    ['revenue between 1900-01-01 and 9999-12-31', '"1900-01-01" is outside the dates I can query (from 1970-01-01 to 2030-12-31)'],
    ['revenue since 1950-01-01', '"1950-01-01" is outside'],
    ['revenue on 12345-01-01', '"12345-01-01" is outside'],
    ['revenue between 2025-01-01 and 2099-12-31', '"2099-12-31" is outside'],
    ['revenue last 100000 years', '"last 100000 years" starts before 1970-01-01'],
    ['orders 40000 days ago', '"40000 days ago" starts before 1970-01-01'],
    ['revenue in 1900', '"in 1900" is outside the dates I can query'],
    ['revenue in 2199', '"in 2199" is outside the dates I can query'],
    ['revenue in march 999999', '"in march 999999" is outside'],
    ['revenue last 99999999999999999999 days', 'whole number of 1 or more'],
    ['revenue last 0 days', '"last 0 days": the number of hours, days, weeks, months or years must be a whole number of 1 or more'],
    ['revenue last -5 days', '"last -5 days"'],
    ['revenue last 2.5 weeks', '"last 2.5 weeks"'],
    ['revenue last 1e309 months', '"last 1e309 months"'],
    ['revenue on 2025-03-01T10:00:00Z', 'I could not read the time after "2025-03-01": I read whole days written as YYYY-MM-DD'],
    ['revenue since 2025-03-01 10:00', 'I could not read the time after "2025-03-01": I read whole days'],
    ['revenue on 2025-03-011', 'I could not read the date "2025-03-011"'],
    ['revenue on 99-1-1', 'I could not read the date "99-1-1"'],
  ])('refuses "%s" in one line', (question, text) => {
    const r = refusal(question);
    expect(r).toMatch(/^BAD_INPUT: /);
    expect(r).toContain(text);
    expect(r).not.toMatch(/\n/);
  });

  it('reads a range written backwards in calendar order', () => {
    expect(sql('revenue between 2025-05-01 and 2025-01-01')).toBe(sql('revenue between 2025-01-01 and 2025-05-01'));
    expect(sql('revenue between 2025-05-01 and 2025-01-01')).toContain("order_time >= toDateTime('2025-01-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-05-02 00:00:00', 'UTC')");
  });

  it('never reaches past the ClickHouse DateTime range, whatever the clock says', () => {
    const late = new Date('2104-06-30T18:00:00Z');
    expect(refusal('revenue between 2104-01-01 and 2107-01-01', agent, undefined, late)).toBe('BAD_INPUT: "2107-01-01" is outside the dates I can query (from 1970-01-01 to 2105-12-31).');
    expect(agent.plan('revenue this year', { now: late }).sql).toContain("toDateTime('2104-06-30 18:00:00', 'UTC')");
  });

  it('keeps sane old and recent periods', () => {
    expect(sql('revenue since 1970-01-01')).toContain("toDateTime('1970-01-01 00:00:00', 'UTC')");
    expect(sql('revenue between 2025-01-01 and 2030-12-31')).toContain("toDateTime('2031-01-01 00:00:00', 'UTC')");
    expect(sql('revenue last 50 years')).toContain("toDateTime('1975-01-01 00:00:00', 'UTC')");
  });
});

describe('numbers compared with a column', () => {
  it.each([
    ['orders over $1e400', '"orders over 1e400 usd": numbers to compare with must be between'],
    ['orders over $99999999999999999999', 'numbers to compare with must be between -1,000,000,000,000,000 and 1,000,000,000,000,000'],
    ['orders with 2.5 or more items', 'a count of items must be a whole number of 0 or more'],
    ['orders with more than -3 items', 'a count of items must be a whole number of 0 or more'],
  ])('refuses "%s"', (question, text) => {
    const r = refusal(question);
    expect(r).toMatch(/^BAD_INPUT: /);
    expect(r).toContain(text);
  });

  it.each([
    ['products priced above 1_000', 'I could not read the number "1_000": write numbers with plain digits, such as 1000 or 2.5.'],
    ['revenue by country limit 0x10', 'I could not read the number "0x10"'],
    ['orders on 01.02.2025', 'I could not read the date "01.02.2025": write dates as YYYY-MM-DD.'],
  ])('refuses a number it would only half read: %s', (question, text) => {
    expect(refusal(question)).toBe(`BAD_INPUT: ${text.endsWith('.') ? text : `${text}: write numbers with plain digits, such as 1000 or 2.5.`}`);
  });

  it('reads thousands separators before k and a leading plus', () => {
    expect(sql('orders over $736,696k')).toContain('revenue > 736696000');
    expect(sql('top +7 products by revenue')).toMatch(/ LIMIT 7$/);
  });

  it('keeps signs and never writes -0, Infinity or NaN', () => {
    expect(sql('products priced above -0')).toBe('SELECT count() AS products FROM demo.products WHERE price > 0');
    expect(sql('products priced above -5')).toBe('SELECT count() AS products FROM demo.products WHERE price > -5');
    expect(sql('products priced over $1e3')).toBe('SELECT count() AS products FROM demo.products WHERE price > 1000');
    expect(sql('products priced between $200 and $100')).toBe('SELECT count() AS products FROM demo.products WHERE price >= 100 AND price <= 200');
  });
});

describe('nothing but a one-line DatalabsError escapes', () => {
  it('turns an unexpected error (a broken stored state) into NOT_UNDERSTOOD without a stack', () => {
    const broken = { version: 1, query: { model: 'demo', measures: null } } as unknown as ConversationState;
    const r = refusal('by country', agent, broken);
    expect(r).toMatch(/^NOT_UNDERSTOOD: I could not read that question/);
    expect(r).not.toMatch(/\n|TypeError|\bat \S+:\d+/);
  });

  it('the compiler checks limits and period bounds of a stored query too', () => {
    const q = (over: Partial<SemanticQuery>): SemanticQuery => ({ model: 'demo', measures: [{ kind: 'measure', name: 'revenue' }], dimensions: ['country'], filters: [], ...over });
    expect(() => compileQuery(model, q({ order: 'desc', limit: 0 }))).toThrow(DatalabsError);
    expect(() => compileQuery(model, q({ order: 'desc', limit: 2.5 }))).toThrow(/whole number from 1 to 10,000/);
    expect(() => compileQuery(model, q({ order: 'desc', limit: 20 }), { maxRows: 10 })).toThrow(/from 1 to 10,/);
    expect(() => compileQuery(model, q({ period: { from: 'NaN-NaN-NaN NaN:NaN:NaN', to: '2025-01-01 00:00:00', toInclusive: false, label: 'x' } }))).toThrow(/not a date-time from 1970/);
    expect(() => compileQuery(model, q({ period: { from: '1900-01-01 00:00:00', to: '2025-01-01 00:00:00', toInclusive: false, label: 'x' } }))).toThrow(/from 1970 on/);
    expect(() => compileQuery(model, q({ filters: [{ kind: 'numeric', table: 'orders', column: 'revenue', op: '>', value: Infinity }] }))).toThrow(/finite/);
  });
});

const rng = createRandom;

describe('fuzz: odd numbers and dates', () => {
  // Fixed seed and count; QUERY_FUZZ_SEED / QUERY_FUZZ_RUNS widen a local run.
  const seed = Number(process.env.QUERY_FUZZ_SEED ?? 20261201);
  const runs = Number(process.env.QUERY_FUZZ_RUNS ?? 600);
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const digits = (n: number): string => Array.from({ length: n }, () => String(int(0, 9))).join('');
  const number = (): string => pick([
    () => String(int(-20, 20)), () => digits(int(1, 30)), () => `-${digits(int(1, 25))}`, () => `${int(0, 999)}.${digits(int(1, 4))}`,
    () => `${int(1, 9)}e${int(-400, 400)}`, () => `${int(1, 9)}e+${int(0, 400)}`, () => `${int(1, 9)}.${int(0, 9)}E${int(-20, 20)}`, () => '1e309', () => '-0', () => '0.0',
    () => '１２', () => '٥', () => '৩', () => '²', () => '007', () => '+7', () => '.5', () => '5.', () => '1_000', () => '0x10', () => 'NaN', () => 'Infinity',
    () => `${int(1, 999)},${digits(3)}`, () => `${int(1, 99)}k`, () => String(Number.MAX_SAFE_INTEGER + int(0, 9)), () => `${int(1, 9)}-${int(1, 9)}`,
  ])();
  const date = (): string => pick([
    () => `${int(0, 99999)}-${String(int(0, 14)).padStart(2, '0')}-${String(int(0, 40)).padStart(2, '0')}`,
    () => `${int(1960, 2040)}-${int(1, 12)}-${int(1, 31)}`,
    () => `${int(1960, 2040)}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 31)).padStart(2, '0')}T${int(0, 30)}:${int(0, 70)}:00Z`,
    () => `${int(2020, 2026)}-0${int(1, 9)}-1${int(0, 9)} ${int(0, 25)}:${String(int(0, 99)).padStart(2, '0')}`,
    () => `${pick(['march', 'feb', 'february', 'june', 'sept'])} ${int(0, 40)}${pick(['', 'th', ', 2025', ' 1969', ' 99999'])}`,
    () => `${int(0, 40)} ${pick(['of ', ''])}${pick(['february', 'april', 'dec'])} ${int(1800, 3000)}`,
    () => `${digits(int(5, 7))}-01-01`, () => '-2025-01-01', () => '2025-02-29', () => '2024-02-29', () => '9999-12-31', () => '1970-01-01',
  ])();
  const templates: Array<() => string> = [
    () => `top ${number()} products by revenue`, () => `bottom ${number()} countries by orders`, () => `first ${number()} products by revenue`,
    () => `revenue by country limit ${number()}`, () => `show only ${number()} countries by revenue`, () => `the ${number()} cheapest products`,
    () => `${number()} best products by revenue`, () => `orders over $${number()}`, () => `orders with ${number()} or more items`,
    () => `products priced above ${number()}`, () => `orders between $${number()} and $${number()}`, () => `orders with ${number()}+ items`,
    () => `revenue last ${number()} days`, () => `orders in the past ${number()} ${pick(['hours', 'weeks', 'months', 'quarters', 'years'])}`,
    () => `orders ${number()} days ago`, () => `revenue on ${date()}`, () => `revenue between ${date()} and ${date()}`, () => `orders since ${date()}`,
    () => `revenue from ${date()} to ${date()} by day`, () => `revenue ${date()}`, () => `revenue in ${pick(['march', 'q1', 'q4', 'the year'])} ${int(0, 99999)}`,
    () => `top ${number()} products by revenue since ${date()} with price over ${number()}`, () => `revenue in ${int(1900, 2100)}`,
    () => `${pick(['', 'now ', 'only '])}top ${number()}`, () => `and the last ${number()} days`, () => `orders over $${number()}k`,
    () => `revenue\n${pick(['by country', 'on'])}\n${pick([number(), date()])}`, () => `top ${number()} ${pick(['countries', 'products'])} by revenue per ${pick(['month', 'category'])}`,
    () => `${date()} to ${date()} orders`, () => `orders in ${pick(['march', 'the month of june', 'sept'])}, ${number()}`, () => `q${int(0, 6)} ${number()} revenue`,
  ];
  const ALLOWED = new Set(['NOT_UNDERSTOOD', 'BAD_INPUT', 'NOT_SUPPORTED']);
  const maxYear = 2030;

  const states = [undefined, ...['revenue by country', 'top 5 products by revenue', 'orders by month last 90 days'].map((q) => agent.plan(q, { now }).state)];

  it(`answers with sane SQL or refuses with a one-line DatalabsError, ${runs} phrases (some as follow-ups)`, () => {
    const problems: string[] = [];
    let plans = 0, refusals = 0;
    for (let i = 0; i < runs; i++) {
      const question = pick(templates)();
      let text: string;
      try {
        text = agent.plan(question, { now, state: pick(states) }).sql;
        plans++;
      } catch (e) {
        refusals++;
        if (!isDatalabsError(e)) problems.push(`${question} → ${String(e)}`);
        else if (!ALLOWED.has(e.code) || /[\r\n]/.test(e.message) || e.message.length > 400) problems.push(`${question} → ${e.code}: ${e.message}`);
        continue;
      }
      if (/NaN|Infinity|undefined|null/.test(text)) problems.push(`${question} → ${text}`);
      for (const m of text.matchAll(/LIMIT (\S+)/g)) {
        const n = Number(m[1]);
        if (!/^\d+$/.test(m[1]) || n < 1 || n > 10_000) problems.push(`${question} → LIMIT ${m[1]}`);
      }
      for (const m of text.matchAll(/toDateTime\('([^']*)', 'UTC'\)/g)) {
        const ok = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(m[1]);
        if (!ok || +ok[1] < 1970 || +ok[1] > maxYear + 1 || Number.isNaN(Date.parse(`${m[1].replace(' ', 'T')}Z`))) problems.push(`${question} → date ${m[1]}`);
      }
      const outsideStrings = text.replace(/'(?:[^'\\]|\\.)*'/g, "''");
      if (/\d[eE][-+]?\d/.test(outsideStrings)) problems.push(`${question} → exponent in ${text}`);
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(plans).toBeGreaterThan(50);
    expect(refusals).toBeGreaterThan(50);
  });
});
