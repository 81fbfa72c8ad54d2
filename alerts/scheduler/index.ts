/** Rule schedules: BullMQ job schedulers on Redis, or in-process (croner), behind one interface. */
export * from './types.ts';
export * from './jitter.ts';
export * from './memory-scheduler.ts';
export * from './redis-scheduler.ts';
export * from './reconcile.ts';
