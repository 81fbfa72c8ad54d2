/**
 * What a user sees answered in Slack, read off the fake Slack's Web API calls:
 * the first line of every message the bot posted but the progress line, and of
 * every edit (the progress line turned into the answer).
 */
import { PROGRESS_TEXT } from '../../bot/contracts/chat.ts';
import type { FakeSlack } from '../fakes/slack/fake-slack.ts';

/** Final answers (first lines), in one channel or in all. */
export function slackAnswers(fake: FakeSlack, channel?: string): string[] {
  return fake.calls
    .filter((c) => c.result === 'ok' && (channel === undefined || c.args.channel === channel) && ((c.method === 'chat.postMessage' && c.args.text !== PROGRESS_TEXT) || c.method === 'chat.update'))
    .map((c) => String(c.args.text).split('\n')[0]);
}
