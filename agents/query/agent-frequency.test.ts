import { describe, expect, it } from 'vitest';
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel } from './index.ts';

const agent = createQueryAgent({ models: [loadSemanticModel(DEMO_MODEL_PATH)] });
const now = new Date('2025-06-30T18:00:00Z');
const sql = (question: string): string => agent.plan(question, { now }).sql.replace(/\s+/g, ' ');
const YESTERDAY = "event_time >= toDateTime('2025-06-29 00:00:00', 'UTC') AND event_time < toDateTime('2025-06-30 00:00:00', 'UTC')";

describe('most common / most frequent / least common: the value with the most (fewest) rows', () => {
  it('ranks the values by a row count of the table the column belongs to, one row', () => {
    expect(sql('most common event type yesterday')).toBe(`SELECT event_type, count() AS events FROM demo.events WHERE ${YESTERDAY} GROUP BY event_type ORDER BY events DESC LIMIT 1`);
    expect(sql('most frequent event type last week')).toMatch(/^SELECT event_type, count\(\) AS events .* ORDER BY events DESC LIMIT 1$/);
    expect(sql('what is the most common plan')).toBe('SELECT plan, count() AS users FROM demo.users GROUP BY plan ORDER BY users DESC LIMIT 1');
    expect(sql('commonest country for signups this year')).toMatch(/^SELECT country, count\(\) AS signups FROM demo\.users .* ORDER BY signups DESC LIMIT 1$/);
  });

  it('reads least common / least frequent / rarest as the fewest', () => {
    expect(sql('least common event type')).toBe('SELECT event_type, count() AS events FROM demo.events GROUP BY event_type ORDER BY events ASC LIMIT 1');
    expect(sql('least frequent page yesterday')).toBe(`SELECT page, count() AS events FROM demo.events WHERE ${YESTERDAY} GROUP BY page ORDER BY events ASC LIMIT 1`);
    expect(sql('least common plan')).toMatch(/ORDER BY users ASC LIMIT 1$/);
    expect(sql('rarest event type')).toMatch(/ORDER BY events ASC LIMIT 1$/);
  });

  it('counts the rows named, or the default rows of the table the column is first a column of', () => {
    expect(sql('most common device for orders last month')).toMatch(/^SELECT device, count\(\) AS orders FROM demo\.orders WHERE status = 'completed' .* ORDER BY orders DESC LIMIT 1$/);
    expect(sql('most common device')).toBe("SELECT device, count() AS orders FROM demo.orders WHERE status = 'completed' GROUP BY device ORDER BY orders DESC LIMIT 1");
    expect(sql('top 3 most common pages')).toBe('SELECT page, count() AS events FROM demo.events GROUP BY page ORDER BY events DESC LIMIT 3');
  });

  it('leaves "top" and "most popular" on the default figure', () => {
    expect(sql('top plan')).toMatch(/sum\(o\.revenue\) AS total_revenue .* GROUP BY plan ORDER BY total_revenue DESC LIMIT 1$/);
  });
});
