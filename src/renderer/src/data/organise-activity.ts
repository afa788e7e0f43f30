import { useSyncExternalStore } from 'react';
import type { BatchProgress, BatchSummary } from '../../../shared/organise';
import { createExternalStore } from './external-store';

/**
 * Organise batches as main reports them (`organise:progress`,
 * `organise:finished`), once for every view: the activity toasts show the
 * running ones (those lasting over a second) and what each finished one did.
 */
export interface OrganiseActivity {
  running: ReadonlyMap<string, BatchProgress>;
  /** Finished batches not yet shown or dismissed, oldest first. */
  finished: readonly BatchSummary[];
}

export interface OrganiseActivityStore {
  subscribe(listener: () => void): () => void;
  snapshot(): OrganiseActivity;
  progress(batch: BatchProgress): void;
  finished(summary: BatchSummary): void;
  dismiss(batchId: string): void;
}

export function createOrganiseActivity(): OrganiseActivityStore {
  const store = createExternalStore<OrganiseActivity>({ running: new Map(), finished: [] });
  const set = store.set;
  return {
    subscribe: store.subscribe,
    snapshot: store.snapshot,
    progress(batch) {
      const state = store.snapshot();
      set({ ...state, running: new Map(state.running).set(batch.batchId, batch) });
    },
    finished(summary) {
      const state = store.snapshot();
      const running = new Map(state.running);
      running.delete(summary.batchId);
      // A few at most: older summaries make room.
      set({ running, finished: [...state.finished.filter((s) => s.batchId !== summary.batchId).slice(-3), summary] });
    },
    dismiss(batchId) {
      const state = store.snapshot();
      set({ ...state, finished: state.finished.filter((s) => s.batchId !== batchId) });
    },
  };
}

/** The window's one store (the event bridge feeds it). */
export const organiseActivity = createOrganiseActivity();

export function useOrganiseActivity(): OrganiseActivity {
  return useSyncExternalStore(organiseActivity.subscribe, organiseActivity.snapshot);
}
