export { createChatCore, threadKey, type ChatCore, type ChatCoreDeps } from './create-chat-core.ts';
export { buildAnswerReply, buildErrorReply, headline, provenanceLine } from './build-reply.ts';
export { createDelivery, DEFAULT_CHANNEL_RATES, type ChannelRate, type Delivery, type DeliveryOptions } from './create-delivery.ts';
