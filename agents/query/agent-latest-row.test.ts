import { describe, expect, it } from 'vitest';
import { sql } from '../../test/support/plan-kit.ts';

describe('"latest / newest / most recent <entity>" with no figure is the time of the last row', () => {
  it.each(['latest signup', 'the most recent order?', 'newest user'])('"%s" is a max of the time column', (question) => {
    expect(sql(question)).toMatch(/SELECT max\((signup_time|order_time)\)/);
    expect(sql(question)).toBe(sql(`when was the ${question.replace(/^the\s+|\?$/g, '')}`));
  });
});
