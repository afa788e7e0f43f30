import { homedir } from 'node:os';
import { join } from 'node:path';
import { APP_NAME } from './app-info';

/**
 * The app's data directory, computed the way Electron's
 * app.getPath('userData') does, so the CLI (plain Node) and the desktop app
 * share one index without the CLI importing electron.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.SPACES_MEDIA_DATA_DIR) return env.SPACES_MEDIA_DATA_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
}

export function dbPathIn(dataDir: string): string {
  return join(dataDir, 'library.db');
}
