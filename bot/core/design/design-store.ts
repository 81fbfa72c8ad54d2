/**
 * Where proposals wait for their Apply / Cancel click: the metadata store's
 * `designs` table (bot/infra/store/design-repo.ts), so a button works after a
 * restart and on any replica. State moves only forward: proposed → applying →
 * applied | failed, or proposed → cancelled; each move is conditional, so two
 * clicks never apply a design twice.
 */
import type { ConversationRef } from '../../contracts/chat.ts';
import type { Design } from '../../../agents/designer/index.ts';

export type DesignState = 'proposed' | 'applying' | 'applied' | 'failed' | 'cancelled';

export interface StoredDesign {
  /** Random, base64url (the buttons' value). */
  id: string;
  workspaceId: number;
  /** Where it was proposed (without the one-shot reply handle). */
  conversation: ConversationRef;
  design: Design;
  /** The DDL shown and to be run; the down-migration. */
  ddl: string[];
  down: string[];
  state: DesignState;
  createdBy: string;
  createdAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
}

export interface DesignStore {
  insert(d: Omit<StoredDesign, 'state' | 'decidedBy' | 'decidedAt'>): Promise<void>;
  get(id: string): Promise<StoredDesign | undefined>;
  /** Moves `id` from `from` to `to`; false when it was not in `from` (someone else was first). */
  transition(id: string, from: DesignState, to: DesignState, by: string, at: Date): Promise<boolean>;
}

/** A store in process memory (the console without a metadata store, unit tests). */
export function createMemoryDesignStore(): DesignStore {
  const rows = new Map<string, StoredDesign>();
  return {
    async insert(d) {
      rows.set(d.id, { ...d, state: 'proposed', decidedBy: null, decidedAt: null });
    },
    async get(id) {
      const r = rows.get(id);
      return r ? structuredClone(r) : undefined;
    },
    async transition(id, from, to, by, at) {
      const r = rows.get(id);
      if (!r || r.state !== from) return false;
      Object.assign(r, { state: to, decidedBy: by, decidedAt: at });
      return true;
    },
  };
}
