import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { channelNames, type EventName } from '../../shared/contract';
import type { Envelope } from '../../shared/errors';
import type { Logger } from '../core/logger';

/** A contract call answered with its envelope: main relays it to the core worker, whose dispatch validates and runs it. */
export type CallCore = (channel: string, request: unknown) => Promise<Envelope<unknown>>;

const REFUSED: Envelope<never> = { ok: false, error: { code: 'FORBIDDEN', message: 'Request refused.', retryable: false } };

/**
 * Registers every contract channel with ipcMain in one loop. Each call is
 * checked to come from our own page (main knows the frame; the worker does
 * not) before it is relayed to the core.
 */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, call: CallCore, isTrustedUrl: (url: string) => boolean, log: Logger): void {
  for (const channel of channelNames) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, request: unknown) => {
      const url = event.senderFrame?.url ?? '';
      if (!isTrustedUrl(url)) {
        log.warn(`ipc ${channel} refused from untrusted frame ${url}`);
        return REFUSED;
      }
      return call(channel, request);
    });
  }
}

/** Forwards core events to a window's renderer. Returns the unsubscribe. */
export function forwardEvents(
  core: { onEvent(listener: (event: EventName, payload: unknown) => void): () => void },
  target: () => WebContents | undefined,
): () => void {
  return core.onEvent((event, payload) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(event, payload);
  });
}
