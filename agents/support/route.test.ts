import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSupportQuestion, supportKind } from './route.ts';
import { definedTerm } from './create-support-agent.ts';
import { stem, terms } from './retrieve.ts';

describe('support routing rule', () => {
  it.each([
    ['how do I set up alerts?', 'how-to'],
    ['How can I invite someone?', 'how-to'],
    ['how to export a CSV', 'how-to'],
    ['how do we connect our own ClickHouse server', 'how-to'],
    ['where do I see my saved queries?', 'how-to'],
    ['can I schedule a report?', 'how-to'],
    ['can I get alerts by email?', 'how-to'],
    ['can we see our saved queries somewhere', 'how-to'],
    ['what can you do?', 'how-to'],
    ['what does refund rate mean?', 'definition'],
    ['What does AOV stand for', 'definition'],
    ['how is conversion rate calculated?', 'definition'],
    ['definition of active users', 'definition'],
    ['what counts as a customer?', 'definition'],
    ['which tables are there?', 'catalog'],
    ['what tables can I query?', 'catalog'],
    ['list the tables', 'catalog'],
    ['show me the measures', 'catalog'],
    ['what metrics do you have?', 'catalog'],
    ['what columns does demo.orders have?', 'catalog'],
    ['what data do you have?', 'catalog'],
  ])('routes %j to support (%s)', (text, kind) => {
    expect(supportKind(text)).toBe(kind);
  });

  it.each([
    'What is the total revenue?',
    'Which plan has the most users?',
    'which country has the highest revenue last month',
    'how many orders were there yesterday?',
    'how much revenue did we make in March',
    'how do users convert by channel',
    'how are orders split by device',
    'what is the refund rate by country',
    "What's the weather in Paris tomorrow?",
    'can I get revenue by month for last year please',
    'can we see orders by country',
    'can I get a chart of signups by week',
    'can I see the SQL',
    'show me revenue by month',
    'show the SQL',
    'now by country',
    'which tables have the most rows',
    'where do we rank on Google for shoes?',
    'SELECT count() FROM demo.orders',
    'WITH x AS (SELECT 1) SELECT * FROM x',
    '/sql SELECT 1',
    '',
  ])('keeps %j a data question', (text) => {
    expect(isSupportQuestion(text)).toBe(false);
  });

  it('sends none of the held-out data questions and conversation turns to support', () => {
    const dir = path.resolve(import.meta.dirname, '../../test/eval');
    const questions: string[] = [];
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.jsonl'))) {
      for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean)) {
        const row = JSON.parse(line) as { question?: string; turns?: { question: string }[] };
        if (row.question) questions.push(row.question);
        for (const t of row.turns ?? []) questions.push(t.question);
      }
    }
    expect(questions.length).toBeGreaterThan(200);
    expect(questions.filter(isSupportQuestion)).toEqual([]);
  });

  it('finds the term a definition question asks about', () => {
    expect(definedTerm('what does refund rate mean?')).toBe('refund rate');
    expect(definedTerm('How is the conversion rate calculated?')).toBe('conversion rate');
    expect(definedTerm('definition of "active users"')).toBe('active users');
    expect(definedTerm('how do I set up alerts?')).toBeUndefined();
  });

  it('stems words so "alerts", "alerting" and "alert" meet', () => {
    expect(stem('alerts')).toBe(stem('alert'));
    expect(stem('alerting')).toBe(stem('alert'));
    expect(stem('queries')).toBe(stem('query'));
    expect(stem('invited')).toBe(stem('invite'));
    expect(terms('How do I set up the alerts?')).toEqual(['setup', stem('alerts')]);
    expect(terms('the setup of alerts')).toEqual(terms('set-up alerts'));
  });
});
