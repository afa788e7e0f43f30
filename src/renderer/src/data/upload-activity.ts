import { useSyncExternalStore } from 'react';
import type { UploadBatchFinished, UploadBatchProgress } from '../../../shared/domain';

/**
 * Upload progress as main reports it (`uploads:progress`, `uploads:finished`),
 * kept once for every view: the transfers dock's summary and the panel's
 * totals read the same snapshot. The rows themselves live in the query cache
 * (`uploads:list`), updated from the same events by the bridge.
 */
export interface UploadActivity {
  /** Batches with something left to do, by id. */
  running: ReadonlyMap<string, UploadBatchProgress>;
  /** How many batches this window has seen start (the dock opens on a new one). */
  started: number;
  /** The last batch to finish, numbered so a view can tell a new one from one it has shown. */
  finished: { seq: number; summary: UploadBatchFinished } | null;
}

export interface UploadActivityStore {
  subscribe(listener: () => void): () => void;
  snapshot(): UploadActivity;
  progress(batch: UploadBatchProgress): void;
  finished(summary: UploadBatchFinished): void;
}

export function createUploadActivity(): UploadActivityStore {
  let state: UploadActivity = { running: new Map(), started: 0, finished: null };
  const seen = new Set<string>();
  const listeners = new Set<() => void>();
  const set = (next: UploadActivity) => {
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
      const isNew = !seen.has(batch.batchId);
      seen.add(batch.batchId);
      set({ ...state, running: new Map(state.running).set(batch.batchId, batch), started: state.started + (isNew ? 1 : 0) });
    },
    finished(summary) {
      const running = new Map(state.running);
      running.delete(summary.batchId);
      set({ ...state, running, finished: { seq: (state.finished?.seq ?? 0) + 1, summary } });
    },
  };
}

/** The window's one store (the event bridge feeds it). */
export const uploadActivity = createUploadActivity();

export function useUploadActivity(): UploadActivity {
  return useSyncExternalStore(uploadActivity.subscribe, uploadActivity.snapshot);
}
