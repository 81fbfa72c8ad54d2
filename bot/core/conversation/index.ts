export { createChatCore, dedupeKey, threadKey, KEPT_ROWS_BYTES, type ChatCore, type ChatCoreDeps, type SupportChat } from './create-chat-core.ts';
export {
  CLAIM_TTL_MS,
  createMemoryConversations,
  createStoreConversations,
  type AnswerRecord,
  type ConversationStore,
  type ConversationRepoLike,
  type MemoryConversationsOptions,
  type ThreadRecord,
} from './conversation-store.ts';
export { buildAnswerReply, buildErrorReply, buildSqlReply, headline, provenanceLine } from './build-reply.ts';
export { createDelivery, DEFAULT_CHANNEL_RATES, type ChannelRate, type Delivery, type DeliveryOptions } from './create-delivery.ts';
