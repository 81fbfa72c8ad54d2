/** The `columns` promise of a row stream: settled by the stream once it knows them (or fails). */
import type { Column } from '../../contracts/warehouse.ts';

export interface PendingColumns {
  promise: Promise<Column[]>;
  resolve(columns: Column[]): void;
  reject(err: unknown): void;
}

/** A columns promise whose rejection is never reported as unhandled (callers may not await it). */
export function pendingColumns(): PendingColumns {
  let resolve!: (c: Column[]) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<Column[]>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
