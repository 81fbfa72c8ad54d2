export { createLinkSigner, DEFAULT_LINK_TTL_MS, type LinkCheck, type LinkGrant, type LinkSigner } from './link-signer.ts';
export { createAnswerPages, chartSpecOf, type AnswerPage, type AnswerPages, type AnswerPagesDeps, type ConversationTurn, type PageResult } from './answer-page.ts';
