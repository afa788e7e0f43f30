/**
 * The preload's drop channel (FILE_GRANT_CHANNEL, outside the contract): the
 * paths of dropped Files, which the preload resolved with
 * `webUtils.getPathForFile` (a page script cannot make a File that resolves
 * to a path the user did not drop). Main checks the sender frame as for any
 * call and has the core register the paths as grants. The e2e harness, which
 * plays main and the preload, calls this same handler.
 */
import type { IpcMain } from 'electron';
import { FILE_GRANT_CHANNEL, type FileGrant } from '../../shared/file-grants';
import type { Envelope } from '../../shared/errors';
import type { Logger } from '../core/logger';

type SenderEvent = { senderFrame?: { url: string } | null };
export type GrantPaths = (paths: unknown[]) => Promise<Envelope<FileGrant[]>>;

const REFUSED: Envelope<never> = { ok: false, error: { code: 'FORBIDDEN', message: 'Request refused.', retryable: false } };

export function fileGrantHandler(grantPaths: GrantPaths, isTrustedUrl: (url: string) => boolean, log: Logger) {
  return async (event: SenderEvent, paths: unknown): Promise<Envelope<FileGrant[]>> => {
    const url = event.senderFrame?.url ?? '';
    if (!isTrustedUrl(url)) {
      log.warn(`${FILE_GRANT_CHANNEL} refused from untrusted frame ${url}`);
      return REFUSED;
    }
    if (!Array.isArray(paths)) return { ok: false, error: { code: 'INVALID_INPUT', message: 'Nothing was dropped.', retryable: false } };
    return grantPaths(paths);
  };
}

export function registerFileGrants(
  ipcMain: Pick<IpcMain, 'handle'>,
  grantPaths: GrantPaths,
  isTrustedUrl: (url: string) => boolean,
  log: Logger,
): void {
  ipcMain.handle(FILE_GRANT_CHANNEL, fileGrantHandler(grantPaths, isTrustedUrl, log));
}
