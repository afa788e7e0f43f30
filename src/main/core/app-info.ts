import type { AppInfo } from '../../shared/domain';

export const APP_NAME = 'Spaces Media Manager';
/** Keychain service name and data-directory name. */
export const APP_ID = 'spaces-media-manager';

/** Injected at build time by electron-vite; tests and the CLI fall back to package.json's. */
declare const __APP_VERSION__: string | undefined;
export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';

export function appInfo(paths: { dataDir: string; dbPath: string }, electron: string | null): AppInfo {
  return {
    name: APP_NAME,
    version: APP_VERSION,
    dataDir: paths.dataDir,
    dbPath: paths.dbPath,
    platform: process.platform,
    node: process.versions.node,
    electron,
  };
}
