/**
 * Read scheduling: at most `perTenant` reads of one tenant run (or wait for a
 * slot) at a time, and at most `slots` run at all. A job keeps its place until
 * the engine has let go of it (`slotWork`), not merely until its caller gave up.
 */
import PQueue from 'p-queue';

/** Hands the scheduler the promise that settles when the engine is done with the job. */
export type SlotWork = (released: Promise<void>) => void;

export interface Scheduler {
  run<T>(tenant: string | undefined, task: (slotWork: SlotWork) => Promise<T>): Promise<T>;
  /** Jobs running and waiting, for tests and metrics. */
  load(): { running: number; waiting: number };
}

export function createScheduler(slots: number, perTenant: number): Scheduler {
  const global = new PQueue({ concurrency: slots });
  const tenants = new Map<string, PQueue>();
  const tenantQueue = (tenant: string): PQueue => {
    let q = tenants.get(tenant);
    if (!q) {
      const created = new PQueue({ concurrency: perTenant });
      created.on('idle', () => {
        if (tenants.get(tenant) === created && created.size === 0 && created.pending === 0) tenants.delete(tenant);
      });
      tenants.set(tenant, created);
      q = created;
    }
    return q;
  };
  return {
    run<T>(tenant: string | undefined, task: (slotWork: SlotWork) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const job = async (): Promise<void> => {
          let released: Promise<void> | undefined;
          const p = task((r) => {
            released = r;
          });
          p.then(resolve, reject);
          await p.catch(() => undefined);
          if (released) await released;
        };
        const viaGlobal = () => global.add(job);
        (tenant ? tenantQueue(tenant).add(viaGlobal) : viaGlobal()).catch(reject);
      });
    },
    load: () => ({ running: global.pending, waiting: global.size }),
  };
}
