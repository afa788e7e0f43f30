import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryCredentials, testCore, type TestCore } from '../fixtures/core';
import { startS3rver, type LocalS3 } from '../fixtures/s3rver';
import { closeBrowser, openApp, type Harness } from './harness';

/**
 * First run → add a profile for the local S3 server → test → save; edit it
 * with a wrong bucket; remove it. The secret must show up nowhere the page
 * or a person could see it. Credentials are kept in memory here (a stated
 * fake: the keychain itself is tested with keytar in
 * test/integration/profiles-keychain.test.ts).
 */
describe('connection profiles in Chromium over the real core', () => {
  const secret = `e2e-secret-${randomUUID()}`;
  const secret2 = `e2e-second-${randomUUID()}`;
  const credentials = memoryCredentials();
  let core: TestCore;
  let s3: LocalS3;
  let app: Harness;

  beforeAll(async () => {
    s3 = await startS3rver('media');
    core = testCore({ credentials });
    app = await openApp({ core, viewport: { width: 1280, height: 860 } });
  });
  afterAll(async () => {
    await app?.close();
    await closeBrowser();
    core?.cleanup();
    await s3?.close();
  });

  it('walks a new user through adding a profile, with a connection test', async () => {
    const { page } = app;
    await page.getByRole('heading', { name: 'Connect your media library' }).waitFor();
    await app.screenshot('profiles-first-run');

    // Saving an empty form puts messages next to the fields and focuses the first.
    await page.getByRole('button', { name: 'Save and open the library' }).click();
    await expect.poll(() => page.getByTestId('field-error').count()).toBeGreaterThanOrEqual(3);
    await expect.poll(() => page.getByLabel('Profile name').evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await app.screenshot('profiles-first-run-validation');

    // Keyboard only, from the name field on.
    await page.keyboard.type('Local studio');
    await page.getByLabel('Other S3-compatible endpoint').check();
    await page.getByLabel('Endpoint URL').fill(s3.endpoint);
    await page.getByLabel('Bucket').fill('Bad_Bucket');
    await expect.poll(() => page.getByText(/Use lowercase letters, digits, dots and hyphens/).count()).toBe(1);
    await page.getByLabel('Bucket').fill('media');
    await page.getByLabel('Access key ID').fill(s3.accessKeyId);
    await page.getByLabel('Secret key').fill(secret);

    await page.getByRole('button', { name: 'Test connection' }).click();
    const status = page.getByTestId('connection-test');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain('Connected.');
    expect(await status.textContent()).toContain('“media”');
    await app.screenshot('profiles-first-run-test-ok');

    await page.keyboard.press('Tab');
    await page.getByRole('button', { name: 'Save and open the library' }).press('Enter');
    await page.getByRole('heading', { name: 'This library has not been synced yet' }).waitFor();

    const list = await core.profiles.list();
    expect(list.profiles).toHaveLength(1);
    const [profile] = list.profiles;
    expect(profile).toMatchObject({ name: 'Local studio', bucket: 'media', active: true, hasSecret: true, usesPathStyle: true });
    // The secret reached main's credential store and nothing else.
    expect(credentials.entries.get(profile!.id)).toBe(secret);
  });

  it('adds a Spaces profile with the region picker and makes it active', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('listitem', { name: 'Local studio' }).waitFor();
    await dialog.getByRole('button', { name: 'Add profile' }).click();
    await dialog.getByLabel('Profile name').fill('Spaces prod');
    await dialog.getByLabel('Region', { exact: true }).selectOption('fra1');
    await dialog.getByLabel('Bucket').fill('media-prod');
    await dialog.getByLabel('Access key ID').fill('test-access-key');
    await dialog.getByLabel('Secret key').fill(secret2);
    await dialog.getByText('Advanced: addressing, CDN, upload defaults').click();
    expect(await dialog.getByText('https://media-prod.fra1.cdn.digitaloceanspaces.com').count()).toBe(1);
    expect(await dialog.getByLabel('Addressing').locator('option:checked').textContent()).toBe('Automatic (virtual-hosted)');
    await dialog.getByLabel('New uploads are').selectOption('public-read');
    await dialog.getByLabel('Cache-Control for uploads (optional)').fill('public, max-age=86400');
    await app.screenshot('profiles-add-spaces');
    await dialog.getByRole('button', { name: 'Add profile' }).click();

    const item = dialog.getByRole('listitem', { name: 'Spaces prod' });
    await item.waitFor();
    expect(await item.textContent()).toContain('media-prod · fra1.digitaloceanspaces.com · public uploads');
    const spaces = (await core.profiles.list()).profiles.find((p) => p.name === 'Spaces prod')!;
    expect(spaces).toMatchObject({
      region: 'fra1',
      usesPathStyle: false,
      cdnBase: 'https://media-prod.fra1.cdn.digitaloceanspaces.com',
      defaultAcl: 'public-read',
      cacheControl: 'public, max-age=86400',
      active: false,
      hasSecret: true,
    });

    await item.getByRole('button', { name: 'Make active' }).click();
    await expect.poll(() => app.events.some((e) => e.event === 'library:changed' && (e.payload as { profileId: string }).profileId === spaces.id)).toBe(true);
    await expect.poll(async () => (await core.profiles.list()).activeId).toBe(spaces.id);
    await dialog.getByRole('listitem', { name: 'Local studio' }).getByRole('button', { name: 'Make active' }).click();
    await expect.poll(async () => (await core.profiles.list()).activeId).not.toBe(spaces.id);
    await dialog.getByRole('listitem', { name: 'Local studio' }).getByText('Active').waitFor();
    await app.screenshot('profiles-settings-list');
  });

  it('shows the human error when the edited profile points at a missing bucket', async () => {
    const { page } = app;
    const dialog = page.getByRole('dialog', { name: 'Settings' });

    await dialog.getByRole('button', { name: 'Edit Local studio' }).click();
    const secretField = dialog.getByLabel('Secret key');
    expect(await secretField.inputValue()).toBe('');
    expect(await secretField.getAttribute('placeholder')).toContain('Stored in the keychain');
    await dialog.getByLabel('Bucket').fill('wrong-bucket');
    // Another bucket: the stored secret is not sent there; the form asks for it before anything goes out.
    const requests = app.traffic.length;
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => dialog.getByText('enter the secret key again').count()).toBe(1);
    await app.screenshot('profiles-edit-secret-again');
    expect(app.traffic.slice(requests).filter((t) => t.channel === 'profiles:test')).toEqual([]);
    await secretField.fill(s3.secretAccessKey);
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    const status = dialog.getByTestId('connection-test');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain('Connection failed.');
    const text = (await status.textContent()) ?? '';
    expect(text).toContain('There is no bucket "wrong-bucket" at');
    expect(text).toContain(new URL(s3.endpoint).host);
    expect(text).not.toMatch(/NoSuchBucket|Error:|\$metadata/);
    await app.screenshot('profiles-edit-wrong-bucket');

    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.getByRole('listitem', { name: 'Local studio' }).waitFor();
    expect((await core.profiles.list()).profiles[0]).toMatchObject({ bucket: 'wrong-bucket', hasSecret: true });
  });

  it('removes a profile only after confirmation, with its keychain entry, and returns to first run', async () => {
    const { page } = app;
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    const spaces = (await core.profiles.list()).profiles.find((p) => p.name === 'Spaces prod')!;
    await dialog.getByRole('button', { name: 'Remove Spaces prod' }).click();
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(async () => (await core.profiles.list()).profiles.length).toBe(1);
    expect(credentials.entries.has(spaces.id)).toBe(false);

    const [profile] = (await core.profiles.list()).profiles;
    // The list re-renders once the removal lands: a click before that (a loaded CI run) opened the
    // confirmation on a row the refresh then replaced.
    await dialog.getByRole('button', { name: 'Remove Spaces prod' }).waitFor({ state: 'detached' });
    await dialog.getByRole('button', { name: 'Remove Local studio' }).click();
    await dialog.getByRole('group', { name: 'Confirm removing Local studio' }).waitFor();
    await app.screenshot('profiles-remove-confirm');
    await dialog.getByRole('button', { name: 'Keep' }).click();
    expect((await core.profiles.list()).profiles).toHaveLength(1);

    await dialog.getByRole('button', { name: 'Remove Local studio' }).click();
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByRole('heading', { name: 'Connect your media library' }).waitFor();
    expect((await core.profiles.list()).profiles).toEqual([]);
    expect(credentials.entries.has(profile!.id)).toBe(false);
  });

  it('never shows the secret: no IPC response or event, no log line, no byte of the database', () => {
    // The page sends each secret write-only: the first with its test and its save, the second with its save;
    // the test of the edited draft used the stored one.
    expect(app.traffic.filter((t) => JSON.stringify(t.request ?? null).includes(secret)).map((t) => t.channel)).toEqual(['profiles:test', 'profiles:save']);
    expect(app.traffic.filter((t) => JSON.stringify(t.request ?? null).includes(secret2)).map((t) => t.channel)).toEqual(['profiles:save']);
    expect(app.traffic.length).toBeGreaterThan(10);
    const files = ['', '-wal', '-shm'].map((s) => `${core.database.path}${s}`).filter((p) => existsSync(p));
    expect(files.length).toBeGreaterThan(0);
    expect(core.log.lines.length).toBeGreaterThan(0);
    for (const value of [secret, secret2]) {
      for (const t of app.traffic) expect(JSON.stringify(t.response), t.channel).not.toContain(value);
      expect(JSON.stringify(app.events)).not.toContain(value);
      expect(core.log.lines.join('\n')).not.toContain(value);
      for (const file of files) expect(readFileSync(file).includes(Buffer.from(value)), file).toBe(false);
    }
  });
});
