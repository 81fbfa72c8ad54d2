import { describe, expect, it } from 'vitest';
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel } from './index.ts';

const agent = createQueryAgent({ models: [loadSemanticModel(DEMO_MODEL_PATH)] });
const now = new Date('2025-06-30T18:00:00Z');
const sql = (question: string): string => agent.plan(question, { now }).sql.replace(/\s+/g, ' ');
const RATE = "uniqExactIf(user_id, event_type = 'purchase') / uniqExact(user_id) AS conversion_rate";

describe('two figures whose words share a stem: the word as written decides', () => {
  it('reads "conversion" as the conversion rate and "conversions" as the users who purchased', () => {
    expect(sql('what was conversion yesterday')).toContain(RATE);
    expect(sql("what's our conversion this month")).toContain(RATE);
    expect(sql('conversion by device last week')).toMatch(/^SELECT device, uniqExactIf\(user_id, event_type = 'purchase'\) \/ uniqExact\(user_id\) AS conversion_rate .* GROUP BY device/);
    expect(sql('conversions yesterday')).toMatch(/^SELECT uniqExact\(user_id\) AS purchasers FROM demo\.events WHERE event_type = 'purchase'/);
    expect(sql('converted users yesterday')).toContain('AS purchasers');
  });

  it('keeps the model order when the word as written names both figures', () => {
    expect(sql('purchasers yesterday')).toMatch(/AS customers FROM demo\.orders/);
  });
});

describe('the conversion rate in percent words and the verb "converted"', () => {
  it('reads "converted %", "% converted", "conversion %" as the conversion rate', () => {
    expect(sql('converted % yesterday')).toContain(RATE);
    expect(sql('% converted last week by channel')).toMatch(/^SELECT channel, uniqExactIf\(user_id, event_type = 'purchase'\) \/ uniqExact\(user_id\) AS conversion_rate/);
    expect(sql('conversion % yesterday')).toContain(RATE);
    expect(sql('percent converted this month')).toContain(RATE);
    expect(sql('conv rate yesterday')).toContain(RATE);
  });

  it('reads "users who converted" as the users with a purchase event', () => {
    expect(sql('how many users converted yesterday')).toMatch(/^SELECT uniqExact\(user_id\) AS active_users FROM demo\.events WHERE event_type = 'purchase'/);
    expect(sql('users who converted last week')).toMatch(/WHERE event_type = 'purchase'/);
  });
});
