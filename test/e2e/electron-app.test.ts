import { _electron as electron } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/database';
import { BINDING_FILE, electronBuildDir } from '../../src/main/core/db/native-binding';
import { models } from '../../src/main/core/db/schema';
import { dbPathIn } from '../../src/main/core/paths';
import { insertProfile } from '../fixtures/database';
import { tempDir } from '../fixtures/temp';
import { electronExecutable } from './electron-binary';

const binary = electronExecutable();
if (binary.path === null) console.warn(`[skip] electron-app.test.ts: ${binary.reason}`);

const root = resolve(__dirname, '../..');

/** The shell spec again, against the real Electron app (preload, protocol, ipcMain). */
describe.skipIf(!binary.path)('app shell in the real Electron app', () => {
  const dataDir = tempDir('spaces-electron-');
  afterAll(() => dataDir.cleanup());

  beforeAll(() => {
    // Where Electron exists, its build of better-sqlite3 must too: a missing step fails, it does not skip.
    const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
    const build = join(root, electronBuildDir(electronVersion, process.platform, process.arch), BINDING_FILE);
    if (!existsSync(build)) throw new Error(`${build} is missing: run \`npm run native:electron\` (npm start does it too)`);
  });

  it('passes its own smoke run: shell, app:info, a thumbnail over app://, native modules under Electron', () => {
    const reportPath = join(dataDir.path, 'smoke.json');
    const res = spawnSync(binary.path!, [root, '--smoke', '--smoke-report', reportPath, '--no-sandbox'], { encoding: 'utf8', timeout: 150_000 });
    expect(existsSync(reportPath), `no report; the app said:\n${res.stdout}\n${res.stderr}`).toBe(true);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as { ok: boolean; abiOk: boolean; electron: string; renderMs: number; error?: string };
    expect(report, res.stderr).toMatchObject({ ok: true, abiOk: true });
    expect(report.electron).toMatch(/^\d+\./);
    expect(report.renderMs).toBeGreaterThan(0);
    expect(res.status).toBe(0);
  }, 180_000);

  it('renders the shell, round-trips app:info and shows a model from the index', async () => {
    const database = openDatabase(dbPathIn(dataDir.path));
    const profileId = insertProfile(database, { name: 'studio' });
    database.db.insert(models).values({ profileId, name: 'alice', postCount: 3, mediaCount: 42, bytes: 1 }).run();
    database.close();

    const app = await electron.launch({
      executablePath: binary.path!,
      args: [root, '--no-sandbox'],
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
