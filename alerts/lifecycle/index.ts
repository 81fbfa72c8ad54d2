/** Alert lifecycle: Alertmanager/Grafana-style state, grouping, inhibition, silences, dedup, routing and an outbox. See README.md. */
export * from './types.ts';
export * from './labels.ts';
export * from './state.ts';
export * from './evaluate.ts';
export * from './route.ts';
export * from './group.ts';
export * from './inhibit.ts';
export * from './silence.ts';
export * from './dedup.ts';
export * from './flush.ts';
export * from './outbox.ts';
export * from './store.ts';
export * from './memory-store.ts';
export * from './lifecycle.ts';
