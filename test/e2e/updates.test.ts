import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpdateCheck } from '../../src/shared/updates';
import { insertProfile } from '../fixtures/database';
import { testCore, type TestCore } from '../fixtures/core';
import { closeBrowser, openApp, type Harness } from './harness';

/**
 * Settings › Updates in the real renderer. Outside an installed app the core
 * has no updater (updates are off, and the UI says why); the second spec
 * stands in for electron-updater's answer with a scripted checker, as no
 * packaged app and release feed exist here.
 */
describe('Settings › Check for updates', () => {
  let core: TestCore;
  let app: Harness;
  const answers: UpdateCheck[] = [];

  beforeAll(async () => {
    core = testCore({ updates: { check: async () => answers.shift() ?? { state: 'disabled', message: 'Updates are checked only in an installed app.' } } });
    insertProfile(core.database, { name: 'studio' });
    app = await openApp({ core });
  });
  afterAll(async () => {
    await app?.close();
    await closeBrowser();
    core?.cleanup();
  });

  it('says why updates are off outside an installed app, then what a check found', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    const status = dialog.getByTestId('update-status');
    const button = dialog.getByRole('button', { name: 'Check for updates' });

    await button.click();
    await expect.poll(() => status.textContent()).toBe('Updates are checked only in an installed app.');
    expect(app.traffic.filter((t) => t.channel === 'app:checkForUpdates')).toHaveLength(1);

    answers.push({ state: 'available', version: '0.2.0', current: '0.1.0' });
    await button.click();
    await expect.poll(() => status.textContent()).toBe('Version 0.2.0 is downloading (you have 0.1.0); it is installed when you quit the app.');
    await dialog.getByRole('heading', { name: 'Updates' }).scrollIntoViewIfNeeded();
    await app.screenshot('settings-updates');

    answers.push({ state: 'up-to-date', version: '0.1.0' });
    await button.press('Enter');
    await expect.poll(() => status.textContent()).toBe('You have the latest version (0.1.0).');
  });
});
