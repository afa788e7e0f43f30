import { useCallback, useEffect, useState } from 'react';
import type { EventName, PayloadOf } from '../../shared/contract';
import type { Envelope, ErrorInfo } from '../../shared/errors';

export type Loadable<T> =
  | { state: 'loading' }
  | { state: 'ready'; data: T }
  | { state: 'error'; error: ErrorInfo };

/**
 * Runs an IPC call and tracks its envelope; `reload` runs it again.
 * `deps` decide when the call changes (as with useEffect).
 */
export function useCall<T>(run: () => Promise<Envelope<T>>, deps: readonly unknown[]): Loadable<T> & { reload: () => void } {
  const [value, setValue] = useState<Loadable<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    let live = true;
    run().then(
      (envelope) => {
        if (!live) return;
        setValue(envelope.ok ? { state: 'ready', data: envelope.data } : { state: 'error', error: envelope.error });
      },
      () => live && setValue({ state: 'error', error: { code: 'INTERNAL', message: 'The app did not answer.', retryable: true } }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  return { ...value, reload };
}

/** Subscribes to a main→renderer event for the component's lifetime. */
export function useEvent<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): void {
  useEffect(() => window.api.on(event, listener), [event, listener]);
}
