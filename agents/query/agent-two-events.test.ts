import { describe, expect, it } from 'vitest';
import { refusalWithCode as refusal, sql } from '../../test/support/plan-kit.ts';

// Users of one event with or without another are answered per user now (agent-entity-sets.test.ts); what that cannot
// hold (a breakdown, an order of events, a figure that is not a count of who did it) is still refused, never dropped.
describe('a second event, negated or added, after one event verb', () => {
  it.each([
    "users who viewed a page but didn't add to cart last week",
    'how many users added to cart yesterday but did not buy by device',
    'users who viewed the pricing page then purchased',
    "how many customers added to cart but didn't buy",
  ])('is never dropped: "%s"', (question) => {
    const r = refusal(question);
    expect(r, r ?? sql(question)).toMatch(/^NOT_UNDERSTOOD: /);
  });

  it('keeps one event verb read as before', () => {
    expect(sql('how many users added to cart yesterday')).toContain("event_type = 'add_to_cart'");
    expect(sql('how many users purchased last week')).toContain("event_type = 'purchase'");
  });
});
