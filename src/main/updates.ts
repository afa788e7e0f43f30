/**
 * Auto-update from the GitHub release feed (electron-updater reads the feed's
 * owner and name from resources/app-update.yml, which electron-builder writes
 * at packaging). Only an installed app updates: from source, in tests
 * (SPACES_MEDIA_DISABLE_UPDATES=1) and in smoke runs the checker only says
 * why it is off. A found update downloads in the background and installs
 * when the app quits.
 */
import type { App } from 'electron';
import type { AppUpdater } from 'electron-updater';
import type { UpdateCheck } from '../shared/updates';
import { AppError } from './core/errors';
import type { Logger } from './core/logger';
import { noUpdates, type UpdateChecker } from './core/updates';

export interface ElectronUpdates extends UpdateChecker {
  /** One quiet check shortly after start (the OS notification says when an update is ready). */
  startBackgroundCheck(): void;
}

export function electronUpdates(app: App, log: Logger, options: { smoke: boolean }): ElectronUpdates {
  const off = (message: string): ElectronUpdates => ({ ...noUpdates(message), startBackgroundCheck: () => undefined });
  if (!app.isPackaged) return off('Updates are checked only in an installed app; this one runs from source (git pull, then npm start).');
  if (options.smoke || process.env.SPACES_MEDIA_DISABLE_UPDATES === '1') return off('Updates are switched off for this run.');

  let updater: Promise<AppUpdater> | undefined;
  // Loaded on first use: electron-updater is CommonJS and has no business in a run that never updates.
  const load = () =>
    (updater ??= import('electron-updater').then(({ default: m }) => {
      m.autoUpdater.logger = { info: (msg: unknown) => log.info(`updater: ${String(msg)}`), warn: (msg: unknown) => log.warn(`updater: ${String(msg)}`), error: (msg: unknown) => log.error(`updater: ${String(msg)}`) };
      m.autoUpdater.autoDownload = true;
      m.autoUpdater.autoInstallOnAppQuit = true;
      return m.autoUpdater;
    }));

  return {
    async check(): Promise<UpdateCheck> {
      const u = await load();
      let result;
      try {
        result = await u.checkForUpdates();
      } catch (error) {
        log.warn('update check failed', error);
        if (/app-update\.yml/.test(String(error))) return { state: 'disabled', message: 'This build has no update feed (it was packaged without a GitHub repository).' };
        throw new AppError('NETWORK', 'Could not reach the update feed on GitHub. Check the connection and try again.', { cause: error });
      }
      const current = u.currentVersion.version;
      if (!result) return { state: 'disabled', message: 'Updates are not active in this build.' };
      return result.isUpdateAvailable ? { state: 'available', version: result.updateInfo.version, current } : { state: 'up-to-date', version: current };
    },
    startBackgroundCheck() {
      setTimeout(() => {
        load()
          .then((u) => u.checkForUpdatesAndNotify())
          .catch((error: unknown) => log.warn('background update check failed', error));
      }, 15_000).unref();
    },
  };
}
