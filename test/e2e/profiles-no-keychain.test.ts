import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keychainStore } from '../../src/main/core/credentials/keychain';
import { models } from '../../src/main/core/db/schema';
import { testCore, type TestCore } from '../fixtures/core';
import { insertProfile } from '../fixtures/database';
import { closeBrowser, openApp, type Harness } from './harness';

// The real keychain, made unreachable for this test file's process (vitest runs
// each file in its own fork): a D-Bus address that leads nowhere, no X display
// to autolaunch a bus from. libsecret reads these when keytar first connects.
process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/spaces-e2e-bus';
delete process.env.DISPLAY;

describe.runIf(process.platform === 'linux')('the app without a keychain', () => {
  let core: TestCore;
  let app: Harness;

  beforeAll(async () => {
    core = testCore({ credentials: keychainStore(`spaces-media-manager-e2e-${process.pid}`) });
    const profileId = insertProfile(core.database, { name: 'studio', bucket: 'media' });
    core.database.db.insert(models).values({ profileId, name: 'alice', postCount: 2, mediaCount: 12, bytes: 4_000_000 }).run();
    app = await openApp({ core });
  });
  afterAll(async () => {
    await app?.close();
    await closeBrowser();
    core?.cleanup();
  });

  it('still opens and browses the offline index', async () => {
    await app.page.getByTestId('model-grid').getByRole('listitem', { name: 'alice' }).waitFor();
  });

  it('says what to do in Settings, and refuses to store a secret anywhere else', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    const banner = dialog.getByRole('alert').filter({ hasText: 'The system keychain is not available.' });
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/Secret Service \(GNOME Keyring or KWallet\) is running and unlocked/);

    await dialog.getByRole('button', { name: 'Edit studio' }).click();
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    const status = dialog.getByTestId('connection-test');
    await expect.poll(() => status.textContent()).toContain('The system keychain is not available');

    await dialog.getByLabel('Secret key').fill('typed-while-keychain-is-down');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    const failure = dialog.getByRole('alert').filter({ hasText: 'secret key cannot be read or stored' });
    await failure.waitFor();
    await app.screenshot('profiles-no-keychain');

    const saves = app.traffic.filter((t) => t.channel === 'profiles:save');
    expect(saves.at(-1)?.response).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE' } });
    // Nothing was written: the profile is unchanged and the secret is in no file and no log line.
    const [profile] = (await core.profiles.list()).profiles;
    expect(profile).toMatchObject({ name: 'studio', hasSecret: false });
    expect(core.log.lines.join('\n')).not.toContain('typed-while-keychain-is-down');
  });
});
