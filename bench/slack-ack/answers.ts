/**
 * What the fake Slack saw of the app's answers, with the wall-clock time of
 * each Web API call. In the slack-ack bench every command goes to a channel
 * of its own, so a channel names one trigger id: an answer is the Working-on-
 * it message edited into the answer (chat.update), or a final chat.postMessage
 * when no progress message was posted; a chart is a completed upload in the
 * channel.
 */
import { performance } from 'node:perf_hooks';
import type { ApiCall, FakeSlack } from '../../test/fakes/slack/fake-slack.ts';

export const PROGRESS_TEXT = 'Working on it…';

export interface Seen {
  at: number;
  method: string;
  channel: string;
  result: string;
  text: string;
}

export interface AnswerTracker {
  /** Final answers per channel (ok calls only). */
  answers(channel: string): Seen[];
  /** Wall-clock time of the last call of any kind (answers, progress, charts). */
  readonly calls: readonly Seen[];
  /** Resolves once every channel has at least one answer, or at `deadline` (epoch ms). */
  waitAll(channels: readonly string[], deadline: number): Promise<boolean>;
}

const wallNow = () => performance.timeOrigin + performance.now();

export function isAnswer(c: Seen): boolean {
  if (c.result !== 'ok') return false;
  return c.method === 'chat.update' || (c.method === 'chat.postMessage' && c.text !== PROGRESS_TEXT);
}

export function trackAnswers(fake: FakeSlack): AnswerTracker {
  const calls: Seen[] = [];
  const byChannel = new Map<string, Seen[]>();
  const push = fake.calls.push.bind(fake.calls);
  // The fake records each call just before it responds: timestamp it there.
  fake.calls.push = (...items: ApiCall[]) => {
    const at = wallNow();
    for (const item of items) {
      const channel = String(item.args.channel ?? item.args.channel_id ?? '');
      const seen: Seen = { at, method: item.method, channel, result: item.result, text: typeof item.args.text === 'string' ? item.args.text : '' };
      calls.push(seen);
      if (isAnswer(seen)) {
        let list = byChannel.get(channel);
        if (!list) byChannel.set(channel, (list = []));
        list.push(seen);
      }
    }
    return push(...items);
  };
  return {
    calls,
    answers: (channel) => byChannel.get(channel) ?? [],
    async waitAll(channels, deadline) {
      while (Date.now() < deadline) {
        if (channels.every((ch) => byChannel.has(ch))) return true;
        await new Promise((r) => setTimeout(r, 20));
      }
      return channels.every((ch) => byChannel.has(ch));
    },
  };
}
