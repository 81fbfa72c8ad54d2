/** The alert engine: scheduler ticks → evaluation through the answer pipeline → lifecycle → receivers. */
export * from './engine.ts';
export * from './catalog.ts';
export * from './classify.ts';
export * from './targets.ts';
export * from './coalesce.ts';
export * from './group-queries.ts';
export * from './zoned-source.ts';
