import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { channelNames, type Handlers } from '../../shared/contract';
import type { EventBus } from '../core/events';
import type { Logger } from '../core/logger';
import { dispatch } from './dispatch';

/**
 * Registers every contract channel with ipcMain in one loop. Each call is
 * checked to come from our own page before it reaches `dispatch`.
 */
export function registerIpc(
  ipcMain: IpcMain,
  handlers: Handlers,
  isTrustedUrl: (url: string) => boolean,
  log: Logger,
): void {
  for (const channel of channelNames) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, request: unknown) => {
      const url = event.senderFrame?.url ?? '';
      if (!isTrustedUrl(url)) {
        log.warn(`ipc ${channel} refused from untrusted frame ${url}`);
        return { ok: false, error: { code: 'FORBIDDEN', message: 'Request refused.', retryable: false } };
      }
      return dispatch(handlers, channel, request, log);
    });
  }
}

/** Forwards core events to a window's renderer. Returns the unsubscribe. */
export function forwardEvents(bus: EventBus, target: () => WebContents | undefined): () => void {
  return bus.subscribe((event, payload) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(event, payload);
  });
}
