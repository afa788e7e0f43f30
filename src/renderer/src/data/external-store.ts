/**
 * A value outside React that views read with useSyncExternalStore: the
 * activity stores the event bridge feeds (uploads, organise batches).
 */
export interface ExternalStore<T> {
  subscribe(listener: () => void): () => void;
  snapshot(): T;
  /** Replaces the value and tells every subscriber. */
  set(next: T): void;
}

export function createExternalStore<T>(initial: T): ExternalStore<T> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    snapshot: () => state,
    set(next) {
      state = next;
      for (const listener of listeners) listener();
    },
  };
}
