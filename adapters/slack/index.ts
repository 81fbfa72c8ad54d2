/** Slack adapter (@slack/bolt): slash commands, @mentions, DMs, Block Kit answers, HTTP or Socket Mode. */
export { createSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from './slack-adapter.ts';
export { renderSlackMessage, blocksText, escapeMrkdwn, SLACK_LIMITS, type SlackBlock, type SlackMessage } from './format.ts';
export { slackSlashCommands } from './inbound.ts';
export { verifySlackSignature, signSlackRequest, SIGNATURE_WINDOW_SEC } from './verify-signature.ts';
