import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The Electron executable if its binary was downloaded, else the reason it is absent. */
export function electronExecutable(): { path: string } | { path: null; reason: string } {
  const dir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) {
    return { path: null, reason: 'the Electron binary is not installed here (its download host is unreachable); Chromium specs cover the renderer' };
  }
  const full = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist'), readFileSync(pathFile, 'utf8'));
  return existsSync(full) ? { path: full } : { path: null, reason: `Electron binary missing at ${full}` };
}
