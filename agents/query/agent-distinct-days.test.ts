/**
 * "users active on 5 or more different days": the different days (weeks, months) each entity has rows on, counted per
 * entity (uniqExact of the time bucket, HAVING …), then the entities counted (parse/distinct-units.ts, resolve.ts).
 */
import { describe, expect, it } from 'vitest';
import { refusal, sql } from '../../test/support/plan-kit.ts';

const MAY = "event_time >= toDateTime('2025-05-01 00:00:00', 'UTC') AND event_time < toDateTime('2025-06-01 00:00:00', 'UTC')";

describe('entities with rows on N or more different days', () => {
  it.each([
    ['how many users were active on 5 or more different days last month?', 'toDate(event_time)', MAY, 'distinct_days >= 5'],
    ['number of users with events on 10+ days last month', 'toDate(event_time)', MAY, 'distinct_days >= 10'],
    ['how many active users had events on at least 3 distinct days in may', 'toDate(event_time)', MAY, 'distinct_days >= 3'],
    ['users active in more than 2 different weeks last month', 'toStartOfWeek(event_time, 1)', MAY, 'distinct_weeks > 2'],
    ['how many users were active on exactly 2 different days last month', 'toDate(event_time)', MAY, 'distinct_days = 2'],
  ])('"%s" counts the users whose distinct days pass', (q, bucket, where, having) => {
    const s = sql(q);
    expect(s).toMatch(/^SELECT count\(\) AS (?:users|active_users) FROM \( SELECT user_id, /);
    expect(s).toContain(`uniqExact(${bucket}) AS ${having.split(' ')[0]} FROM demo.events WHERE ${where} GROUP BY user_id HAVING ${having} )`);
  });

  it('the rows are those of the figure or the verb: completed orders, logins', () => {
    expect(sql('how many customers ordered on more than 2 different days in june')).toMatch(/^SELECT count\(\) AS customers FROM \( SELECT user_id, uniqExact\(toDate\(order_time\)\) AS distinct_days FROM demo\.orders WHERE status = 'completed' AND order_time >= .* GROUP BY user_id HAVING distinct_days > 2 \)$/);
    expect(sql('how many users ordered on at least 2 different days')).toContain("uniqExact(toDate(order_time)) AS distinct_days FROM demo.orders WHERE status = 'completed' GROUP BY user_id HAVING distinct_days >= 2");
    expect(sql('how many users logged in on 3 or more days last month')).toContain("WHERE event_type = 'login' AND event_time >= ");
  });

  it('a number of days without "on" or "different" is not read as distinct days', () => {
    expect(refusal('how many users were active for more than 3 days')).not.toBe('answered');
  });
});
