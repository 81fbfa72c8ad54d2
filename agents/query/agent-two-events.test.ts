import { describe, expect, it } from 'vitest';
import { refusalWithCode as refusal, sql } from '../../test/support/plan-kit.ts';

describe('a second event, negated or added, after one event verb', () => {
  it.each([
    "how many users added something to cart yesterday but didn't buy?",
    'how many users added to cart yesterday but did not purchase',
    'users who added to cart but never purchased',
    "users who viewed a page but didn't add to cart last week",
    'of the users who added to cart last week, what share also purchased',
    'users who logged in but never checked out',
  ])('is never dropped: "%s"', (question) => {
    const r = refusal(question);
    expect(r, r ?? sql(question)).toMatch(/^NOT_UNDERSTOOD: /);
  });

  it('keeps one event verb read as before', () => {
    expect(sql('how many users added to cart yesterday')).toContain("event_type = 'add_to_cart'");
    expect(sql('how many users purchased last week')).toContain("event_type = 'purchase'");
  });
});
