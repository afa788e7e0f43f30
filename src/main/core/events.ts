import type { EventName, PayloadOf } from '../../shared/contract';

type Listener = (event: EventName, payload: unknown) => void;

/**
 * Main→renderer events, typed by the contract. The core emits; whoever hosts
 * the renderer (Electron's webContents, the e2e harness's page, the CLI's
 * progress line) subscribes once and forwards.
 */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  emit<E extends EventName>(event: E, payload: PayloadOf<E>): void {
    for (const listener of this.listeners) listener(event, payload);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
