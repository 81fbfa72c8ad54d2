/** Refinements that replace rather than add, conversation resets and asking for the SQL in other words. */
import { describe, expect, it } from 'vitest';
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel, type AgentPlan } from './index.ts';
import type { ConversationState } from './semantic-query.ts';

const agent = createQueryAgent({ models: [loadSemanticModel(DEMO_MODEL_PATH)] });
const now = new Date('2025-06-30T18:00:00Z');

function thread(...questions: string[]): AgentPlan[] {
  let state: ConversationState | undefined;
  return questions.map((q) => {
    const p = agent.plan(q, { now, state });
    state = JSON.parse(JSON.stringify(p.state)) as ConversationState;
    return p;
  });
}
const last = (...questions: string[]): AgentPlan => thread(...questions).at(-1)!;
const flat = (p: AgentPlan): string => p.sql.replace(/\s+/g, ' ');
const groupBy = (p: AgentPlan): string => /GROUP BY ([^)]*?)(?: ORDER BY| LIMIT|$)/.exec(flat(p))?.[1] ?? '';

describe('"instead of" / "rather than" / "not by" replace the grouping they name', () => {
  it('a dimension replaces the time bucket it names', () => {
    const p = last('revenue per month this year', 'by channel instead of by month');
    expect(groupBy(p)).toBe('channel');
  });
  it('"and by X instead of Y" swaps one dimension and keeps the others', () => {
    const p = last('orders by month and device this year', 'and by country instead of device');
    expect(groupBy(p)).toBe('month, country');
  });
  it('"rather than" and ", not by" are understood the same way', () => {
    expect(groupBy(last('users by country', 'by channel rather than country'))).toBe('channel');
    expect(groupBy(last('sessions per day last week', 'by country, not by day'))).toBe('country');
  });
  it('what follows the replaced grouping (a period, a chart) is still read', () => {
    const p = last('revenue by month and channel this year', 'by device instead of channel last quarter');
    expect(groupBy(p)).toBe('month, device');
    expect(flat(p)).toContain("toDateTime('2025-01-01 00:00:00', 'UTC')");
    expect(flat(p)).toContain("toDateTime('2025-04-01 00:00:00', 'UTC')");
  });
  it('a time bucket can replace a named dimension', () => {
    expect(groupBy(last('revenue by device last month', 'by week instead of device'))).toBe('week');
  });
});

describe('a new value for an already filtered column replaces it unless both are asked', () => {
  it('a kept filter value is swapped, not AND-ed', () => {
    const p = last('revenue by category', 'only tablet', 'how about desktop?');
    expect(flat(p)).toContain("device = 'desktop'");
    expect(flat(p)).not.toContain("'tablet'");
  });
  it('"too" adds the value: IN of both', () => {
    expect(flat(last('revenue by category', 'only tablet', 'and desktop as well'))).toContain("device IN ('tablet', 'desktop')");
  });
  it('a figure that counts one value is swapped for the one counting the new value', () => {
    const p = last('refunds by channel last month', 'how about cancelled?');
    expect(flat(p)).toContain("status = 'cancelled'");
    expect(flat(p)).not.toContain("'refunded'");
  });
  it('both values of such a figure count every order with either status', () => {
    const p = last('refunds by channel last month', 'cancelled too');
    expect(flat(p)).toContain("status IN ('refunded', 'cancelled')");
    expect(flat(p)).toMatch(/count\(\)/);
  });
});

describe('conversation resets and SQL requests', () => {
  it('"new question: …" and "forget it, …" keep nothing of the previous answer', () => {
    for (const q of ['new question: how many orders by device?', 'forget it, how many orders by device?', 'start over. orders by device']) {
      const p = last('revenue by category', 'only mobile', q);
      expect(flat(p), q).not.toContain('mobile');
      expect(p.kept, q).toEqual([]);
    }
  });
  it('"which query did you use?" and "what SQL is that" show the previous SQL', () => {
    for (const q of ['which query did you use?', 'what SQL is that']) {
      const [a, b] = thread('orders by device last week', q);
      expect(b.showSql, q).toBe(true);
      expect(b.sql, q).toBe(a.sql);
    }
  });
});

describe('rewordings offered with a refusal', () => {
  const tries = (q: string): string[] => {
    try { agent.plan(q, { now }); } catch (e) {
      return /Try: (.*?)\. I can answer/.exec((e as Error).message)?.[1].split('; ').map((t) => t.replace(/^"|"$/g, '')) ?? [];
    }
    return [];
  };
  it('a word that is no typo of the model\'s words is dropped, never swapped for an unrelated one', () => {
    for (const q of ['orders by device, thanks mate', 'revenue per country for the garden', 'orders by channel for the zoo']) {
      const words = new Set(q.toLowerCase().split(/[^a-z]+/));
      const t = tries(q);
      expect(t.length, q).toBeGreaterThan(0);
      for (const s of t) for (const w of s.toLowerCase().split(/[^a-z]+/).filter(Boolean)) expect(words.has(w), `${q} → ${s}`).toBe(true);
    }
  });
});

describe('typos of months, clipped words, asides and legends', () => {
  const sql = (q: string): string => agent.plan(q, { now }).sql.replace(/\s+/g, ' ');
  it('a month name a letter off is that month', () => {
    expect(sql('orders in janaury')).toBe(sql('orders in january'));
    expect(sql('revenue in decmber 2024')).toBe(sql('revenue in december 2024'));
  });
  it('a clipped word that with the next one spells a phrase of the model is that phrase', () => {
    expect(sql('cancel. rate by channel'.replace('.', ''))).toBe(sql('cancellation rate by channel'));
    expect(sql('refnd rate per device')).toBe(sql('refund rate per device'));
  });
  it('a bracketed aside with nothing to answer is read without; one naming a value is not dropped', () => {
    expect(sql('orders by device last week (for the quarterly deck)')).toBe(sql('orders by device last week'));
    expect(() => agent.plan('orders (mobile blorp) by device', { now })).toThrow(/blorp/);
  });
  it('"across the entire data set" is all time; a number=name legend asks for nothing', () => {
    expect(sql('signups by plan across the entire data set')).toBe(sql('signups by plan'));
    expect(sql('orders per weekday number (1=mon .. 7=sun)')).toBe(sql('orders by day of week'));
  });
});

describe('references to the previous answer', () => {
  it('"how much revenue is that" keeps the previous rows (filters and period)', () => {
    const p = last('orders priced over $100 by category?'.replace('priced over', 'with revenue over'), 'how much revenue is that?');
    expect(flat(p)).toMatch(/sum\(revenue\).*revenue > 100/);
  });
  it('"both" after a replaced value asks for the two values, one row each', () => {
    const p = last('refund rate for tablet in May 2025', 'how about desktop?', 'both of them please');
    expect(flat(p)).toContain("device IN ('tablet', 'desktop')");
    expect(groupBy(p)).toBe('device');
  });
  it('"both" with nothing replaced just before is not read as two values', () => {
    expect(() => last('revenue from mobile', 'by country', 'both')).toThrow();
  });
});

describe('verbs of a share', () => {
  it('"what share of orders does each channel make up" is the share by channel', () => {
    const sql = (q: string): string => agent.plan(q, { now }).sql.replace(/\s+/g, ' ');
    expect(sql('what share of orders does each channel make up?')).toBe(sql('share of orders by channel'));
  });
});

describe('rates the model does not define are refused, not guessed', () => {
  const refused = (q: string): boolean => { try { agent.plan(q, { now }); return false; } catch { return true; } };
  it('"checkout to purchase rate" (a rate between two steps) is refused', () => {
    expect(refused('checkout to purchase rate this week')).toBe(true);
  });
  it('a lone slash between two figures is refused; the home page "/" after a preposition is still a value', () => {
    expect(refused('buyers / visitors last week')).toBe(true);
    expect(flat(agent.plan('sessions on / last week', { now }))).toContain("page = '/'");
  });
});
