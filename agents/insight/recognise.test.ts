import { describe, expect, it } from 'vitest';
import { recogniseInsight } from './recognise.ts';

describe('recognising anomaly and forecast questions', () => {
  it.each([
    ['anything unusual in revenue last 30 days?', { kind: 'anomaly', core: 'revenue last 30 days' }],
    ['Is there anything odd with signups this month', { kind: 'anomaly', core: 'signups this month' }],
    ['why did refunds jump on mobile?', { kind: 'anomaly', core: 'refunds on mobile', why: 'up' }],
    ['Why did the revenue drop yesterday', { kind: 'anomaly', core: 'revenue yesterday', why: 'down' }],
    ['any anomalies in signups by channel?', { kind: 'anomaly', core: 'signups by channel' }],
    ['signups last 60 days anomalies', { kind: 'anomaly', core: 'signups last 60 days' }],
    ['show me outliers in orders by hour last week', { kind: 'anomaly', core: 'orders by hour last week' }],
    ['forecast revenue for the next 30 days', { kind: 'forecast', core: 'revenue', horizon: 30, unit: 'day' }],
    ['predict signups next week', { kind: 'forecast', core: 'signups', horizon: 7, unit: 'day' }],
    ['revenue forecast for the next 8 weeks', { kind: 'forecast', core: 'revenue', horizon: 8, unit: 'week' }],
    ['forecast orders on mobile', { kind: 'forecast', core: 'orders on mobile', horizon: 30, unit: 'day' }],
  ])('%s', (text, intent) => {
    expect(recogniseInsight(text)).toEqual(intent);
  });

  it.each([
    ['signups last 60 days. any anomalies?', { kind: 'anomaly', core: 'signups last 60 days' }],
  ])('a second sentence that asks it: %s', (text, intent) => {
    expect(recogniseInsight(text)).toEqual(intent);
  });

  it.each(['revenue by month', 'why is the sky blue', 'top 5 products by revenue last 30 days', 'refund rate on mobile', 'forecast', 'anything unusual?',
    // The words in a remark after the question, or as the name of something else, ask no anomaly or forecast.
    'weekly orders this year? checking our forecast accuracy', 'revenue vs our forecast by month',
    'distinct users with a login event by country, last 7 days. baseline for geo anomaly rules',
    'doing a class project on retail, how many orders last month?', 'signups for my side project this year'])('not ours: %s', (text) => {
    expect(recogniseInsight(text)).toBeUndefined();
  });
});
