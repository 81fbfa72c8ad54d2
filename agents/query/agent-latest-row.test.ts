import { describe, expect, it } from 'vitest';
import { sql } from '../../test/support/plan-kit.ts';

describe('"latest / newest / most recent <entity>" with no figure is that row, its time with it (agent-row-listing.test.ts)', () => {
  it.each(['latest signup', 'the most recent order?', 'newest user'])('"%s" lists the last row by the time column', (question) => {
    expect(sql(question)).toMatch(/^SELECT (user_id, signup_time|order_id, order_time) FROM .* ORDER BY (signup_time|order_time) DESC, \w+ DESC LIMIT 1$/);
    expect(sql(`when was the ${question.replace(/^the\s+|\?$/g, '')}`)).toMatch(/SELECT max\((signup_time|order_time)\)/);
  });
});
