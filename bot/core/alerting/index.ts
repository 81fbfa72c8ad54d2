export { createAlertChat, channelOf, measureOf, roundNice, type AlertChat, type AlertChatDeps, type AlertChatIo } from './alert-chat.ts';
export { parseAlertRequest, ruleNameOf, normaliseEvery, type AlertRequest } from './parse-alert.ts';
export { rememberingNotices, readNotice, noticeKey, ackKey, NOTICE_TTL_MS, type KeptNotice } from './notices.ts';
export { listHealthChecks, enableHealthCheck, disableHealthCheck, formatHealthChecks, parseHealthArgs, parseHealthCheck, DEFAULT_HEALTH_EVERY, type HealthCheckStatus, type HealthOptions, type SwitchOutcome } from './health-switch.ts';
