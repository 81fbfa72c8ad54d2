export { createInbound, outageBackoffMs, type Inbound, type InboundOptions } from './create-inbound.ts';
export { createMemoryQueue, RetryLaterError, type AnswerQueue, type QueueLane } from './answer-queue.ts';
export { createMemoryInbound, messageFromJson, messageToJson, type InboundJournal, type InboundState, type InboundStore, type JournalEntry, type JournalMark, type TakeResult } from './inbound-store.ts';
export { createLayeredJournal, type LayeredJournalOptions } from './layered-journal.ts';
