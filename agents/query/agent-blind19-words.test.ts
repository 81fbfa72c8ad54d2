/**
 * Found by blind19: a number word right after a ranking word is the row count ("just the top three"); a word two
 * edits from a value is corrected only when its letters are the same, moved ("finance" is no typo of France).
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

describe('blind19 words', () => {
  it('reads a number word after a ranking word as the row count', () => {
    const [, three, two] = thread('revenue by country', 'just the top three', 'top two only');
    expect(flat(three)).toMatch(/LIMIT 3$/);
    expect(flat(two)).toMatch(/LIMIT 2$/);
    expect(sql('revenue by country top five')).toBe(sql('revenue by country top 5'));
    expect(sql('top one country by revenue')).toMatch(/LIMIT 1$/);
  });

  it('never turns a word with other letters into a value two edits away', () => {
    // "finance" is not France: the team asking is left out (asides.ts), never read as a country.
    expect(sql('Finance wants revenue per customer. What is it by country for this year?')).not.toContain("'FR'");
    expect(refusal('revenue in finance')).toMatch(/"finance"/);
    expect(sql('revenue in frnace')).toContain("country = 'FR'");
    expect(sql('reveune by contry')).toBe(sql('revenue by country'));
  });
});

describe('blind19 shapes', () => {
  it('never shows a row each where columns of one row are asked (agent-period-columns.test.ts builds them)', () => {
    expect(sql("Give me last week's orders and the week before's, side by side in one row.")).toMatch(/^SELECT ifNull\(anyIfOrNull\(orders, week = /);
    expect(refusal('revenue by device as columns')).toMatch(/columns of one row/);
    expect(sql('orders last week vs the week before')).toContain('GROUP BY week');
  });

  it('reads "sat in" as "in"', () => {
    expect(sql('How much revenue sat in refunded orders this year?')).toBe(sql('How much revenue in refunded orders this year?'));
  });
});
