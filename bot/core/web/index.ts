export { createLinkSigner, DEFAULT_LINK_TTL_MS, type LinkCheck, type LinkGrant, type LinkSigner } from './link-signer.ts';
export { createAnswerPages, chartSpecOf, type AnswerPage, type AnswerPages, type AnswerPagesDeps, type ConversationTurn, type PageResult } from './answer-page.ts';
export { createWebSessions, csrfMatches, DEFAULT_LOGIN_TTL_MS, DEFAULT_SESSION_TTL_MS, type LoginCheck, type LoginRefusal, type StoredLogin, type WebSession, type WebSessions, type WebSessionStore, type WebUser } from './sessions.ts';
export { ALERT_VERBS, createWorkspaceConsole, HISTORY_PAGE, type AlertVerb, type ConsoleAccess, type ConsoleAlertRule, type ConsoleNotice, type ConsoleView, type SignIn, type SignInRefusal, type WorkspaceConsole, type WorkspaceConsoleDeps } from './workspace-console.ts';
export { createWebLoginCommand, type WebLoginCommand } from './web-login-command.ts';

import type { AnswerPages } from './answer-page.ts';
import type { WebSessions } from './sessions.ts';
import type { WorkspaceConsole } from './workspace-console.ts';

/** How answer links open: `session` needs a console session of a member of the answer's workspace (default); `signed` the signature alone. */
export type WebLinkMode = 'session' | 'signed';

/** The web side of `datalabs serve` (PUBLIC_URL set, with the metadata store): answer pages, sign-in from chat, the console. */
export interface WebApp {
  pages: AnswerPages;
  links: WebLinkMode;
  /** PUBLIC_URL without a trailing slash. */
  publicUrl: string;
  sessions: WebSessions;
  console: WorkspaceConsole;
}
