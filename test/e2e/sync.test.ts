/**
 * Sync from the UI: the built renderer in Chromium over the real core, a
 * real s3rver behind a 25 ms latency proxy (so progress is visible), a real
 * SQLite file. Sync, watch progress, browse the synced models; then empty
 * the bucket and see the deletion guard ask before removing anything.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, deleteKeys, localConnection, putKeys } from '../fixtures/bucket';
import { insertProfile } from '../fixtures/database';
import { testCore, type TestCore } from '../fixtures/core';
import { startLatencyProxy } from '../fixtures/latency-proxy';
import { startS3rver, type LocalS3 } from '../fixtures/s3rver';
import { closeBrowser, openApp, type Harness } from './harness';

const MODELS = ['alice', 'bianca', 'chloé', 'dana', 'エミ'];
const KEYS = [
  ...MODELS.flatMap((m, i) => Array.from({ length: 30 + i * 7 }, (_, j) => `${m}/post ${j % (3 + i)}/IMG_${String(j).padStart(4, '0')}.jpg`)),
  ...MODELS.map((m) => `${m}/thumb.jpg`),
  'alice/profile/icon.png',
  'readme.txt',
  'bianca/notes.txt',
];

describe('sync from the UI', () => {
  let s3: LocalS3;
  let proxy: Awaited<ReturnType<typeof startLatencyProxy>>;
  let client: S3Client;
  let core: TestCore;
  let app: Harness;

  beforeAll(async () => {
    s3 = await startS3rver('ui');
    client = clientFor(localConnection(s3.endpoint, 'ui'));
    await putKeys(client, 'ui', KEYS);
    proxy = await startLatencyProxy(s3.endpoint, 25);
    core = testCore();
    const profileId = insertProfile(core.database, { name: 'studio', endpoint: proxy.endpoint, bucket: 'ui', pathStyle: 'path', accessKeyId: 'S3RVER' });
    await core.credentials.set(profileId, 'S3RVER');
    // Small pages so the listing takes several round trips and progress shows; everything else is as the app runs.
    app = await openApp({ core, tuning: { sync: { pageSize: 8 } } });
  });
  afterAll(async () => {
    await app?.close();
    await closeBrowser();
    core?.cleanup();
    client?.destroy();
    await proxy?.close();
    await s3?.close();
  });

  it('syncs the bucket with live progress, then lists the models', async () => {
    const { page } = app;
    const status = page.getByTestId('sync-status');
    await expect.poll(() => status.textContent()).toContain('Not synced yet');
    await app.screenshot('sync-before');

    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByRole('button', { name: 'Cancel sync' }).waitFor();
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(/\d+ objects? · \d+ pages?/);
    await app.screenshot('sync-progress');

    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toMatch(/^Synced .*: \d+ objects/);
    expect(await status.textContent()).toContain(`${KEYS.length} objects, ${KEYS.length} new`);
    const grid = page.getByTestId('model-grid');
    for (const name of MODELS) await grid.getByRole('listitem', { name }).waitFor();
    expect(await grid.getByRole('listitem', { name: 'alice' }).textContent()).toContain('30 items');
    const progressEvents = app.events.filter((e) => e.event === 'sync:progress');
    expect(progressEvents.length).toBeGreaterThan(1);
    expect(app.events.some((e) => e.event === 'library:changed')).toBe(true);
    await app.screenshot('sync-done');

    await page.getByRole('button', { name: '2 unclassified' }).click();
    const dialog = page.getByTestId('unclassified');
    await dialog.getByText('bianca/notes.txt').waitFor();
    await app.screenshot('sync-unclassified');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('asks before removing everything when the bucket comes back empty, and keeps the library on Keep', async () => {
    const { page } = app;
    await deleteKeys(client, 'ui', KEYS);
    await page.getByRole('button', { name: 'Sync now' }).click();
    const dialog = page.getByTestId('confirm-removals');
    await dialog.waitFor({ timeout: 60_000 });
    expect(await dialog.textContent()).toContain(`Remove ${KEYS.length} items`);
    await app.screenshot('sync-confirm-removals');
    await dialog.getByRole('button', { name: 'Keep everything' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('model-grid').getByRole('listitem', { name: 'alice' }).waitFor();
    expect(await page.getByRole('button', { name: `Review ${KEYS.length} removals` }).isVisible()).toBe(true);

    await page.getByRole('button', { name: `Review ${KEYS.length} removals` }).click();
    await dialog.getByRole('button', { name: 'Sync again and remove them' }).click();
    await expect.poll(() => page.getByTestId('sync-status').textContent(), { timeout: 60_000 }).toMatch(/^Synced .*: 0 objects, \d+ removed/);
    await page.getByTestId('model-grid').waitFor({ state: 'detached' });
  });
});
