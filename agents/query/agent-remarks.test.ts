/** A sentence after the question that only remarks on the data is context, not a request; instructions are not remarks. */
import { describe, expect, it } from 'vitest';
import { refusal, sql } from '../../test/support/plan-kit.ts';

describe('remarks after the question', () => {
  it('are read as context', () => {
    expect(sql('refund rate by device in the last 10 days? something looks off on mobile')).toBe(sql('refund rate by device in the last 10 days'));
    expect(sql('signups by channel last week? feels weird to me')).toBe(sql('signups by channel last week'));
    expect(sql('orders by country yesterday? the numbers seem strange.')).toBe(sql('orders by country yesterday'));
  });

  it('are not dropped when they hold an instruction or a number', () => {
    expect(refusal('revenue by country? mobile looks weird, only mobile please')).not.toBe('answered');
    expect(refusal('orders yesterday? it is off by 5')).not.toBe('answered');
  });
});
