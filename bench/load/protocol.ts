/**
 * Messages between the processes of the load bench: the bench (bench/load.ts),
 * the generator (generator.ts, the simulated users) and the fakes (fakes.ts).
 */

/** What the bot sent or edited on a fake platform, reported by the fakes process as it is recorded. */
export interface BotMessage {
  platform: 'slack' | 'telegram';
  /** Wall-clock time (epoch ms) the fake recorded it. */
  at: number;
  /** Slack channel id, or Telegram chat id. */
  channel: string;
  /** Slack ts / Telegram message id. */
  ts?: string;
  /** Slack thread ts / the Telegram message it replies to. */
  threadTs?: string;
  /** progress: "Working on it…"; text: any other message or edit; chart / file: an upload (PNG / CSV); refused: a call the fake refused. */
  kind: 'progress' | 'text' | 'chart' | 'file' | 'refused';
  text: string;
  buttons?: { showSql?: string; exportCsv?: string };
}

export type FakesOrder =
  | { id: number; op: 'tg-send'; chatId: number; text: string; replyTo?: number }
  | { id: number; op: 'tg-press'; chatId: number; messageId: number; data: string }
  | { id: number; op: 'slack-user-message'; channel: string; user: string; text: string; threadTs?: string }
  | { id: number; op: 'stats' };

export interface FakesReady {
  t: 'ready';
  slackUrl: string;
  slackApiUrl: string;
  slackBotToken: string;
  telegramUrl: string;
  telegramToken: string;
}

/** How the simulated users behave (generator options). */
export interface LoadPlan {
  users: number;
  /** Share of users on Slack (the rest on Telegram), 0…1. */
  slackShare: number;
  durationS: number;
  /** After the duration: how long outstanding actions may still be answered before they count as lost. */
  drainS: number;
  /** Mean think time between one user's sessions (exponential); each user's first session starts uniformly within it. */
  thinkS: number;
  /** Think time between actions within a session (uniform in [min, max]). */
  stepThinkS: [number, number];
  /** Chance, after an answer, of pressing Show SQL / Export CSV. */
  showSqlP: number;
  exportCsvP: number;
  /** Slack request targets: the app's /slack/events and the bare floor server (every request is sent to both). */
  appUrl: string;
  floorUrl: string;
  slackSigningSecret: string;
  slackTeamId: string;
  /** Telegram private chats are `telegramChatBase + i`. */
  telegramChatBase: number;
  /** Questions asked alone, and conversations (a question, then follow-ups in its thread). */
  questions: string[];
  conversations: string[][];
  seed: number;
}

/** The figures the generator returns at the end (raw samples; the bench computes percentiles). */
export interface LoadResult {
  startedAt: number;
  endedAt: number;
  /** Ack times (ms) of every Slack request to the app, and of its twin to the floor. */
  appAckMs: number[];
  floorAckMs: number[];
  /** Action sent → answer seen, ms, by action kind. */
  answerMs: Record<ActionKind, number[]>;
  /** Answers completed (any kind), with their wall-clock time (for answers/s). */
  answeredAt: number[];
  sent: Record<ActionKind, number>;
  answered: Record<ActionKind, number>;
  /** Sent, never answered by the end of the drain. */
  lost: Record<ActionKind, number>;
  /** Answers beyond the first for one action, or bot messages no action was waiting for. */
  duplicates: number;
  /** Answers to lost actions that arrived in the second after the drain (the backlog still draining). */
  late: number;
  errors: Record<string, number>;
  perPlatform: Record<'slack' | 'telegram', { sent: number; answered: number; lost: number }>;
  /** Examples of lost actions and unexpected messages (for the report). */
  samples: string[];
}

export type ActionKind = 'question' | 'follow-up' | 'show-sql' | 'export-csv';
export const ACTION_KINDS: readonly ActionKind[] = ['question', 'follow-up', 'show-sql', 'export-csv'];
