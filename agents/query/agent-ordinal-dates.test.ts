import { describe, expect, it } from 'vitest';
import { refusal, sql } from '../../test/support/plan-kit.ts';

const day = (d: string, next: string) => `>= toDateTime('${d} 00:00:00', 'UTC') AND signup_time < toDateTime('${next} 00:00:00', 'UTC')`;

describe('an ordinal day ("the 16th of May", "May 16th", "1st June") is that date, as "May 16" is', () => {
  it.each(['signups by channel on the 16th of May', 'signups by channel on May 16th', 'signups by channel 16th of May',
    'signups by channel on 16th May', 'signups by channel may the 16th'])('"%s" is the day 2025-05-16', (q) => {
    expect(sql(q)).toBe(sql('signups by channel on May 16'));
    expect(sql(q)).toContain(day('2025-05-16', '2025-05-17'));
  });
  it.each([['signups June 3rd', '2025-06-03', '2025-06-04'], ['signups on the 1st of june 2025', '2025-06-01', '2025-06-02'],
    ['signups for the 2nd of may', '2025-05-02', '2025-05-03']])('"%s" is one day', (q, d, next) => {
    expect(sql(q)).toContain(day(d, next));
  });
  it('"on the 3rd" with no month is that day of this month, or of the month before when it is still to come', () => {
    expect(sql('signups on the 3rd')).toContain(day('2025-06-03', '2025-06-04'));
    expect(sql('signups on the 31st')).toContain(day('2025-05-31', '2025-06-01'));
    expect(sql('signups on the 3rd by channel')).toContain(day('2025-06-03', '2025-06-04'));
  });
  it('an ordinal of something else ("for the 2nd time") is no date', () => {
    expect(refusal('customers who ordered for the 2nd time')).toMatch(/did not understand "2nd"/);
  });
  it('a range of ordinal days and a row count are unchanged', () => {
    expect(sql('signups between the 1st and the 15th of june')).toContain(day('2025-06-01', '2025-06-16'));
    expect(sql('top 3 channels by signups in june')).toContain('LIMIT 3');
  });
});
