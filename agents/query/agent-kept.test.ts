/** "The question is never changed silently": a new question starts fresh, and whatever a refinement keeps is said. */
import { describe, expect, it } from 'vitest';
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { createQueryAgent, DEMO_MODEL_PATH, keptOfState, loadSemanticModel, type AgentPlan } from './index.ts';
import type { ConversationState } from './semantic-query.ts';

const agent = createQueryAgent({ models: [loadSemanticModel(DEMO_MODEL_PATH)] });
const now = new Date('2025-06-30T18:00:00Z');

/** Answers the questions as one thread (state through a JSON round trip, as a store keeps it); returns every plan. */
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

describe('a message that names its own measure starts a new query', () => {
  it('"top 5 products by revenue" after "only mobile" drops the device filter', () => {
    const p = last('revenue by country', 'only mobile', 'top 5 products by revenue');
    expect(flat(p)).not.toContain('mobile');
    expect(flat(p)).toMatch(/LIMIT 5$/);
    expect(p.kept).toEqual([]);
    expect(p.keptNote).toBeUndefined();
  });

  it('"top 10 products by revenue last month" after a daily mobile refund rate keeps nothing', () => {
    const p = last('daily refund rate on mobile, last 30 days', 'top 10 products by revenue last month');
    expect(flat(p)).not.toContain('mobile');
    expect(flat(p)).toContain("toDateTime('2025-05-01 00:00:00', 'UTC')");
    expect(p.kept).toEqual([]);
  });

  it('whatever word it opens with that also opens new questions ("in", "for", "top")', () => {
    for (const q of ['in May, orders by channel', 'for each country, sessions', 'top 3 categories by orders']) {
      const p = last('revenue by device on desktop last 30 days', q);
      expect(flat(p), q).not.toContain("'desktop'");
      expect(p.kept, q).toEqual([]);
    }
  });

  it('a first question keeps nothing', () => {
    expect(last('revenue by country on mobile last 30 days').kept).toEqual([]);
  });
});

describe('a refinement keeps the earlier filters and period, and says so', () => {
  it('lists the filters and period carried over, with how to drop them', () => {
    const [, second, third, fourth] = thread('revenue by country', 'only mobile', 'last 30 days', 'now by category');
    expect(second.kept).toEqual([]);
    expect(third.kept).toEqual(['device = mobile']);
    expect(third.keptNote).toBe("kept: device = mobile — say 'all devices' to drop it");
    expect(flat(fourth)).toContain("device = 'mobile'");
    expect(fourth.kept).toEqual(['device = mobile', 'last 30 days']);
    expect(fourth.keptNote).toBe("kept: device = mobile, last 30 days — say 'all devices' or 'all time' to drop them");
    expect(fourth.state.kept).toEqual(fourth.kept);
    expect(keptOfState(fourth.state)).toEqual({ kept: fourth.kept, note: fourth.keptNote });
  });

  it('the drop phrase it suggests works', () => {
    const p = last('revenue by country', 'only mobile', 'last 30 days', "all devices");
    expect(flat(p)).not.toContain('mobile');
    expect(p.kept).toEqual(['last 30 days']);
    const q = last('revenue by country', 'only mobile', 'last 30 days', 'all time');
    expect(flat(q)).not.toContain('order_time >=');
    expect(q.kept).toEqual(['device = mobile']);
  });

  it('a measure phrased as a refinement keeps the filters ("now…", "same but…", "what about…", "just…")', () => {
    for (const q of ['now revenue', 'same but revenue', 'what about revenue', 'just revenue', 'ok, now revenue', 'revenue instead']) {
      const p = last('orders by channel on tablet last 30 days', q);
      expect(flat(p), q).toContain("device = 'tablet'");
      expect(flat(p), q).toContain('sum(revenue)');
      expect(flat(p), q).toContain('GROUP BY channel');
      expect(p.kept, q).toEqual(['device = tablet', 'last 30 days']);
    }
  });

  it('a filter or period the message states again is not "kept"', () => {
    const p = last('revenue by country on mobile last 30 days', 'only mobile');
    expect(p.kept).toEqual(['last 30 days']);
    const q = last('revenue by country on mobile last 30 days', 'last 30 days by channel');
    expect(q.kept).toEqual(['device = mobile']);
  });

  it('a replaced filter is not kept; a numeric filter is kept in words', () => {
    const p = last('orders by country with revenue over 100', 'only mobile');
    expect(p.kept).toEqual(['revenue > 100']);
    expect(p.keptNote).toBe("kept: revenue > 100 — say 'remove the filters' to drop it");
    const q = last('orders by country with revenue over 100', 'only mobile', 'revenue over 200');
    expect(flat(q)).toContain('revenue > 200');
    expect(q.kept).toEqual(['device = mobile']);
    const r = last('revenue by country on mobile', 'only desktop');
    expect(r.kept).toEqual([]);
  });

  it('"and by…" adds to the breakdown; a ranking by another measure re-ranks the previous one', () => {
    const p = last('orders by country on desktop', 'and by device');
    expect(flat(p)).toMatch(/GROUP BY country, device/);
    expect(p.kept).toEqual(['device = desktop']);
    const q = last('top 5 countries by revenue this year', 'top 3 by orders');
    expect(flat(q)).toContain('GROUP BY country');
    expect(flat(q)).toMatch(/LIMIT 3$/);
    expect(q.kept).toEqual(['this year']);
  });

  it('"show the SQL" keeps what the previous answer kept', () => {
    const p = last('revenue by country', 'only mobile', 'now by category', 'show the SQL');
    expect(p.showSql).toBe(true);
    expect(p.kept).toEqual(['device = mobile']);
  });

  it('a refinement that cannot apply is refused; the thread continues from the last good state', () => {
    const [first] = thread('signups by day in the last 10 days');
    let refused: unknown;
    try { agent.plan('only tablet', { now, state: first.state }); } catch (e) { refused = e; }
    expect(refused).toBeInstanceOf(DatalabsError);
    expect((refused as Error).message).not.toContain('\n');
    expect((refused as Error).message).toMatch(/nothing was changed, the previous answer stands\.$/);
    const next = agent.plan('only the growth plan', { now, state: first.state });
    expect(flat(next)).toContain("plan = 'growth'");
    expect(next.kept).toEqual(['last 10 days']);
  });

  it('a stored state with a broken kept list is read as keeping nothing', () => {
    const [first] = thread('revenue by country');
    const broken = { ...first.state, kept: 'device = mobile', keptNote: 42 } as unknown as ConversationState;
    expect(keptOfState(broken)).toEqual({ kept: [] });
    expect(agent.plan('show the SQL', { now, state: broken }).kept).toEqual([]);
    expect(keptOfState(undefined)).toEqual({ kept: [] });
  });
});

describe('"split by…", "break down by…", "and per…" add to the breakdown', () => {
  it.each(['split by device', 'split it by device', 'break down by device', 'break it down by device', 'and per device', 'now split the results by device', 'break it out by device'])(
    '"orders per day last week" → "%s" keeps the day bucket', (q) => {
      const p = last('orders per day last week', q);
      expect(flat(p)).toMatch(/GROUP BY day, device ORDER BY day, device$/);
      expect(p.kept).toEqual(['last week']);
    });
  it.each(['split by country', 'break down by country', 'split it by country', 'and per country'])('a two-value comparison keeps its groups: %s', (q) => {
    const p = last('mobile vs desktop revenue', q);
    expect(flat(p)).toContain("device IN ('mobile', 'desktop')");
    expect(flat(p)).toMatch(/GROUP BY device, country/);
  });
  it('adds to dimensions too, and "by X" alone still replaces', () => {
    expect(flat(last('revenue by country', 'split it by plan'))).toMatch(/GROUP BY country, plan/);
    expect(flat(last('revenue by country', 'by device'))).toMatch(/GROUP BY device ORDER/);
  });
});

describe('a new breakdown replaces the old one', () => {
  it('"by day instead" after "orders by device" groups by day alone ("also by…" adds)', () => {
    const p = last('orders by device last week', 'by day instead');
    expect(flat(p)).toMatch(/GROUP BY day ORDER BY day$/);
    expect(p.kept).toEqual(['last week']);
    expect(flat(last('revenue by country', 'also by month'))).toMatch(/GROUP BY month, country/);
  });
});

describe('refinement wording', () => {
  it('"switch to monthly" changes the bucket and keeps the period', () => {
    const p = last('revenue by day last 14 days', 'switch to monthly');
    expect(flat(p)).toContain('toStartOfMonth');
    expect(p.kept).toEqual(['last 14 days']);
  });
});
