import { PutObjectCommand } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileFormSchema } from '../../src/shared/profile';
import { memoryCredentials, testCore, type TestCore } from '../fixtures/core';
import { motoAvailability } from '../fixtures/moto';
import { startStore, type StoreUnderTest } from '../fixtures/store-under-test';
import { closeBrowser, openApp, type Harness } from './harness';

/**
 * Settings › Profiles › Check, in Chromium over the real core, against the
 * strict Spaces stand-in: a full-access key (CDN on) and a bucket-scoped key
 * (ACLs denied, CDN off), with "Try a write" ticked; then a pasted Origin URL
 * in the profile form, and the share dialog with the scoped key. moto (real ACLs) sits behind the stand-in where it is
 * installed; without it s3rver does, and the full key's "change access" row
 * then says "Not supported" (s3rver answers PUT ?acl with 501), which is true.
 * Credentials are kept in memory here (a stated fake: the keychain itself is
 * tested in test/integration/profiles-keychain.test.ts).
 */
const moto = motoAvailability();
if (!moto.ok) console.warn(`[connection-check e2e] moto missing, s3rver behind the stand-in instead: ${moto.reason}`);

describe('the connection check in Settings, for a full-access and a scoped key', () => {
  let full: StoreUnderTest;
  let scoped: StoreUnderTest;
  let core: TestCore;
  let app: Harness;

  beforeAll(async () => {
    [full, scoped] = await Promise.all([
      startStore(moto.ok ? 'spaces(moto) virtual-hosted' : 'spaces(s3rver) virtual-hosted'),
      startStore(moto.ok ? 'spaces(moto) scoped key' : 'spaces(s3rver) scoped key'),
    ]);
    // A real JPEG: the last spec opens it in the viewer.
    const picture = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 40, g: 120, b: 160 } } }).jpeg().toBuffer();
    for (const store of [full, scoped]) {
      await store.admin.send(new PutObjectCommand({ Bucket: 'media', Key: 'alice/beach/IMG_0001.jpg', Body: picture, ContentType: 'image/jpeg' }));
    }
    full.standin!.set({ cdnBuckets: ['media'] });
    core = testCore({ credentials: memoryCredentials() });
    for (const [name, store] of [
      ['Studio (full access)', full],
      ['Studio (scoped key)', scoped],
    ] as const) {
      await core.profiles.save(
        profileFormSchema.parse({
          name,
          endpoint: store.endpoint,
          bucket: 'media',
          pathStyle: store.pathStyleChoice,
          cdnMode: 'custom',
          cdnDomain: store.standin!.cdnBase('media'),
          accessKeyId: store.accessKeyId,
          secret: store.secretAccessKey,
        }),
      );
    }
    app = await openApp({ core, viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => {
    await app?.close();
    await closeBrowser();
    core?.cleanup();
    await full?.close();
    await scoped?.close();
  });

  const runCheck = async (name: string) => {
    const { page } = app;
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('button', { name: `Check ${name}` }).click();
    const panel = dialog.getByRole('region', { name: `Check ${name}` });
    await panel.getByLabel('Try a write').check();
    await panel.getByRole('button', { name: 'Check now' }).click();
    const report = panel.getByTestId('connection-test');
    await expect.poll(() => report.textContent(), { timeout: 20_000 }).toContain('Connected.');
    await panel.getByRole('button', { name: 'Check again' }).waitFor();
    const statuses = Object.fromEntries(
      await report.locator('[data-capability]').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-capability'), r.getAttribute('data-status')])),
    );
    return { panel, report, statuses };
  };

  it('a full-access key: every capability OK, the CDN answers', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('listitem', { name: 'Studio (full access)' }).waitFor();
    const { panel, statuses } = await runCheck('Studio (full access)');
    expect(statuses).toEqual({ list: 'ok', read: 'ok', write: 'ok', delete: 'ok', readAcl: 'ok', setAcl: moto.ok ? 'ok' : 'unsupported', cdn: 'ok' });
    await panel.scrollIntoViewIfNeeded();
    await app.screenshot('connection-check-full-access');
    // The check remembered that the CDN answers: CDN links are offered for this profile.
    const saved = (await core.profiles.list()).profiles.find((p) => p.name === 'Studio (full access)')!;
    expect(saved.cdnStatus).toBe('on');
    await panel.page().getByRole('button', { name: 'Check Studio (full access)' }).click(); // close it again
  });

  it('a scoped key: ACLs denied with the store’s code and what that means; the CDN is off', async () => {
    const { panel, report, statuses } = await runCheck('Studio (scoped key)');
    expect(statuses).toEqual({ list: 'ok', read: 'ok', write: 'ok', delete: 'ok', readAcl: 'denied', setAcl: 'denied', cdn: 'unsupported' });
    const text = (await report.textContent()) ?? '';
    expect(text).toContain('Not everything works here: Read access (ACL), Change access (ACL), CDN');
    expect(text).toContain('AccessDenied');
    expect(text).toContain('Share links: presigned only, public links unavailable with this key.');
    expect(text).toContain('unknown (this key cannot read ACLs)');
    expect(text).toContain('Enable it in the Spaces panel');
    await panel.scrollIntoViewIfNeeded();
    await app.screenshot('connection-check-scoped-key');
  });

  it('a pasted Origin URL fills region, bucket and root folder, and says what it read', async () => {
    const { page } = app;
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('button', { name: 'Add profile' }).click();
    await dialog.getByLabel('Profile name').fill('Pasted');
    await dialog.getByLabel('Other S3-compatible endpoint').check();
    await dialog.getByLabel('Endpoint URL').fill('https://media-prod.fra1.digitaloceanspaces.com/library/2024/');
    await dialog.getByLabel('Access key ID').focus(); // leaving the field spreads the address
    await expect.poll(() => dialog.getByTestId('understood-address').textContent()).toContain('bucket “media-prod”');
    expect(await dialog.getByLabel('DigitalOcean Spaces').isChecked()).toBe(true);
    expect(await dialog.getByLabel('Region', { exact: true }).inputValue()).toBe('fra1');
    expect(await dialog.getByLabel('Bucket').inputValue()).toBe('media-prod');
    expect(await dialog.getByLabel('Root folder (optional)').inputValue()).toBe('library/2024/');
    await app.screenshot('profiles-pasted-origin-url');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('with the scoped key active, the share dialog says access is unknown, still offers the origin link, and a change says nothing changed', async () => {
    const { page } = app;
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('listitem', { name: 'Studio (scoped key)' }).getByRole('button', { name: 'Make active' }).click();
    await settings.getByRole('listitem', { name: 'Studio (scoped key)' }).getByText('Active').waitFor();
    await settings.getByRole('button', { name: 'Close settings' }).click();
    // The indicator probes the newly active profile's endpoint, not the one that was active at start.
    await expect.poll(() => page.getByTestId('network-status').textContent()).toContain(new URL(scoped.endpoint).host);

    await page.getByRole('link', { name: 'Recently shared' }).click();
    await page.getByLabel(/Share a file by its key/).fill('alice/beach/IMG_0001.jpg');
    await page.getByRole('button', { name: 'Share…', exact: true }).first().click();
    const share = page.getByTestId('share-dialog');
    await share.getByRole('tab', { name: 'Public link' }).click();
    await expect.poll(() => share.getByTestId('access-summary').textContent()).toMatch(/^Unknown/);
    expect(await share.getByTestId('access-summary').textContent()).toContain('unknown (this key cannot read ACLs)');
    // The CDN did not answer for this bucket: no CDN link, and the origin link says why.
    expect(await share.getByRole('button', { name: 'Copy CDN link' }).count()).toBe(0);
    await share.getByRole('button', { name: 'Copy origin link' }).waitFor();
    await app.screenshot('share-dialog-access-unknown');

    // Main's own confirmation (the harness's scripted stand-in says yes).

    await share.getByRole('button', { name: 'Make public…' }).click();
    await expect.poll(() => share.getByRole('alert').textContent()).toContain('Nothing changed: this key cannot change access');
    await app.screenshot('share-dialog-access-unchanged');
    await page.keyboard.press('Escape');
    await share.waitFor({ state: 'detached' });
  });

  it('with the scoped key, the viewer says why access is unknown instead of offering “check”', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => page.getByTestId('sync-status').textContent(), { timeout: 30_000 }).toMatch(/^Synced/);
    await page.evaluate(() => {
      (globalThis as unknown as { location: { hash: string } }).location.hash = '#/models/alice/beach';
    });
    await page.getByTestId('media-grid').getByRole('option', { name: 'IMG_0001.jpg' }).dblclick();
    const access = page.getByRole('complementary', { name: 'Details' }).getByTestId('viewer-access');
    // The share dialog asked the server about this very key a moment ago: the viewer shows that answer (one query cache).
    await expect.poll(() => access.textContent()).toBe('Unknown (this key cannot read ACLs)');
    expect(await access.getByRole('button', { name: 'check' }).count()).toBe(0);
    await app.screenshot('viewer-access-unknown');
  });
});
