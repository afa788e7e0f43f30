import { _electron as electron } from 'playwright-core';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/database';
import { models } from '../../src/main/core/db/schema';
import { dbPathIn } from '../../src/main/core/paths';
import { insertProfile } from '../fixtures/database';
import { tempDir } from '../fixtures/temp';
import { electronExecutable } from './electron-binary';

const binary = electronExecutable();
if (binary.path === null) console.warn(`[skip] electron-app.test.ts: ${binary.reason}`);

/** The shell spec again, against the real Electron app (preload, protocol, ipcMain). */
describe.skipIf(!binary.path)('app shell in the real Electron app', () => {
  const dataDir = tempDir('spaces-electron-');
  afterAll(() => dataDir.cleanup());

  it('renders the shell, round-trips app:info and shows a model from the index', async () => {
    const database = openDatabase(dbPathIn(dataDir.path));
    const profileId = insertProfile(database, { name: 'studio' });
    database.db.insert(models).values({ profileId, name: 'alice', postCount: 3, mediaCount: 42, bytes: 1 }).run();
    database.close();

    const app = await electron.launch({
      executablePath: binary.path!,
      args: [resolve(__dirname, '../..'), '--no-sandbox'],
      env: { ...process.env, SPACES_MEDIA_DATA_DIR: dataDir.path },
    });
    try {
      const page = await app.firstWindow();
      await page.getByRole('heading', { name: 'Models', level: 1 }).waitFor();
      await page.getByTestId('model-grid').getByRole('listitem', { name: 'alice' }).waitFor();
      await expect.poll(() => page.getByTestId('app-version').textContent()).toMatch(/^v\d/);
      // The sandboxed page has no Node: only the contract's api object.
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      await page.screenshot({ path: resolve(__dirname, '../../test-results/electron-shell.png') });
    } finally {
      await app.close();
    }
  });
});
