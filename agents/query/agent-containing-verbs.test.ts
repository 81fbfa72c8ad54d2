/** "sessions that included a purchase": a verb of containing before an article reads as "with a". */
import { describe, expect, it } from 'vitest';
import { sql } from '../../test/support/plan-kit.ts';

describe('verbs of containing', () => {
  it('read as "with a"', () => {
    expect(sql('How many sessions included a purchase last month?')).toBe(sql('sessions with a purchase last month'));
    expect(sql('sessions containing an add to cart yesterday')).toBe(sql('sessions with an add to cart yesterday'));
    expect(sql('how many sessions involved at least one checkout')).toBe(sql('sessions with a checkout'));
    expect(sql('sessions which featured one or more purchases')).toMatch(/uniqExact\(session_id\).*event_type = 'purchase'/);
  });

  it('leave "including" as it was: a value added to what a figure counts', () => {
    expect(sql('revenue including refunded')).toContain("status IN ('completed', 'refunded')");
  });
});
