import { useSyncExternalStore } from 'react';
import type { BatchProgress, BatchSummary } from '../../../shared/organise';

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
  let state: OrganiseActivity = { running: new Map(), finished: [] };
  const listeners = new Set<() => void>();
  const set = (next: OrganiseActivity) => {
    state = next;
    for (const listener of listeners) listener();
  };
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    snapshot: () => state,
    progress(batch) {
      set({ ...state, running: new Map(state.running).set(batch.batchId, batch) });
    },
    finished(summary) {
      const running = new Map(state.running);
      running.delete(summary.batchId);
      // A few at most: older summaries make room.
      set({ running, finished: [...state.finished.filter((s) => s.batchId !== summary.batchId).slice(-3), summary] });
    },
    dismiss(batchId) {
      set({ ...state, finished: state.finished.filter((s) => s.batchId !== batchId) });
    },
  };
}

/** The window's one store (the event bridge feeds it). */
export const organiseActivity = createOrganiseActivity();

export function useOrganiseActivity(): OrganiseActivity {
  return useSyncExternalStore(organiseActivity.subscribe, organiseActivity.snapshot);
}
