/** Receivers of alert notifications: chat (through the adapters), email (SMTP), a signed webhook. */
export * from './render.ts';
export * from './memory.ts';
export * from './chat.ts';
export * from './email.ts';
export * from './webhook.ts';
