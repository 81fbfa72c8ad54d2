/**
 * What a user sees answered in Slack, read off the fake Slack's Web API calls:
 * the first line of every message the bot posted but the progress line, and of
 * every edit (the progress line turned into the answer).
 */
import { expect } from 'vitest';
import { PROGRESS_TEXT } from '../../bot/contracts/chat.ts';
import type { FakeSlack } from '../fakes/slack/fake-slack.ts';

/** Final answers (first lines), in one channel or in all. */
export function slackAnswers(fake: FakeSlack, channel?: string): string[] {
  return fake.calls
    .filter((c) => c.result === 'ok' && (channel === undefined || c.args.channel === channel) && ((c.method === 'chat.postMessage' && c.args.text !== PROGRESS_TEXT) || c.method === 'chat.update'))
    .map((c) => String(c.args.text).split('\n')[0]);
}

/** Exactly one answer per question, once late duplicates have had time to arrive: as many answers as patterns, each matched. */
export async function expectAnsweredOnce(answers: () => string[], patterns: RegExp[]): Promise<void> {
  await new Promise((r) => setTimeout(r, 1_500));
  const got = answers();
  expect(got, got.join('\n')).toHaveLength(patterns.length);
  for (const p of patterns) expect(got.some((a) => p.test(a)), String(p)).toBe(true);
}
