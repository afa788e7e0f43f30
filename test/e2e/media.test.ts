import { PutObjectCommand } from '@aws-sdk/client-s3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BUCKET, ensureDemoProfile } from '../../src/main/core/demo/demo-library';
import { profiles } from '../../src/main/core/db/schema';
import { getProfile } from '../../src/main/core/repositories/profiles';
import { createS3Client } from '../../src/main/core/s3/client';
import { testCore, type TestCore } from '../fixtures/core';
import { makePhoto, makeVideo } from '../fixtures/media-files';
import { startS3rver, type LocalS3 } from '../fixtures/s3rver';
import { tempDir } from '../fixtures/temp';
import { expectAccessible } from './axe';
import { closeBrowser, openApp, type Harness } from './harness';

/**
 * Issue 17 in the app: real videos (made by the ffmpeg the app ships) get
 * poster frames and durations on their tiles, real EXIF shows in the details
 * panel, the list view sorts by date taken, duplicates are grouped, a TIFF
 * is converted for the viewer, an upload of a file the library already has
 * says so first, and the light theme. The renderer in Chromium over the
 * built core worker and a real local S3 server; screenshots in test-results/.
 */
describe('media insight: posters, facts, list view, duplicates, themes', () => {
  let core: TestCore;
  let s3: LocalS3;
  let app: Harness;
  const local = tempDir('media-local-');
  let canonBytes: Buffer;

  beforeAll(async () => {
    s3 = await startS3rver(DEMO_BUCKET);
    const client = createS3Client({ endpoint: s3.endpoint, region: 'us-east-1', bucket: DEMO_BUCKET, forcePathStyle: true, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, rootPrefix: '' });
    const put = (Key: string, Body: Buffer) => client.send(new PutObjectCommand({ Bucket: DEMO_BUCKET, Key, Body }));
    canonBytes = await makePhoto({ width: 1200, height: 800, make: 'Canon', model: 'Canon EOS R5', taken: '2021:06:14 10:22:33', hue: 200 });
    await put('nora/trip/beach fade-in.mp4', makeVideo({ seconds: 10, blackSeconds: 2, width: 480, height: 270 }));
    await put('nora/trip/harbour.mp4', makeVideo({ seconds: 3, width: 640, height: 360 }));
    await put('nora/trip/canon.jpg', canonBytes);
    await put('nora/trip/phone.jpg', await makePhoto({ width: 800, height: 600, make: 'Apple', model: 'iPhone 12', taken: '2023:02:01 08:00:00', orientation: 6, hue: 20 }));
    await put('nora/trip/old.jpg', await makePhoto({ width: 900, height: 600, make: 'NIKON CORPORATION', model: 'NIKON D750', taken: '2019:08:03 17:45:10', hue: 120 }));
    await put('nora/trip/plain.png', await sharp({ create: { width: 420, height: 420, channels: 3, background: '#4a7bd0' } }).png().toBuffer());
    await put('nora/trip/scan.tiff', await sharp({ create: { width: 640, height: 420, channels: 3, background: '#c58b3a' } }).tiff().toBuffer());
    await put('nora/archive/canon copy.jpg', canonBytes);
    await put('bob/best/canon again.jpg', canonBytes);
    client.destroy();
    writeFileSync(join(local.path, 'canon-from-disk.jpg'), canonBytes);

    core = testCore();
    const profileId = await ensureDemoProfile(core, s3.endpoint, { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey });
    await core.sync.run(getProfile(core.database.db, profileId)!);
    app = await openApp({ core, viewport: { width: 1360, height: 860 }, filePaths: { 'canon-from-disk.jpg': join(local.path, 'canon-from-disk.jpg') } });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await closeBrowser();
    await s3?.close().catch(() => undefined);
    core?.cleanup();
    local.cleanup();
  });

  const openPost = async (model: string, post: string, search = '') => {
    await app.page.evaluate((hash) => ((globalThis as unknown as { location: { hash: string } }).location.hash = hash), `#/models/${model}/${post}${search}`);
    await app.page.getByRole('heading', { name: post, level: 1 }).waitFor();
  };
  const loaded = (img: ReturnType<Harness['page']['locator']>) => img.evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth);

  it('shows video posters (past a black opening) and durations on the tiles', async () => {
    const { page } = app;
    await openPost('nora', 'trip');
    const fade = page.getByRole('option', { name: 'beach fade-in.mp4' });
    await expect.poll(() => loaded(fade.locator('img')), { timeout: 60_000 }).toBeGreaterThan(0);
    // Durations arrive with the facts ffprobe read (library:factsChanged refreshes the page).
    await expect.poll(() => fade.getByTestId('video-badge').textContent(), { timeout: 30_000 }).toContain('0:10');
    const harbour = page.getByRole('option', { name: 'harbour.mp4' });
    await expect.poll(() => harbour.getByTestId('video-badge').textContent(), { timeout: 30_000 }).toContain('0:03');
    // The poster is the test pattern, not the black first seconds: the picture is far from black.
    // In the page: draw the poster on a canvas and average its pixels (page code as text: Node's tsconfig has no DOM types).
    await page.evaluate(`window.__brightness = (img) => {
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let sum = 0;
      for (let p = 0; p < data.length; p += 4) sum += data[p] + data[p + 1] + data[p + 2];
      return sum / (data.length / 4) / 3;
    }`);
    const brightness = await fade.locator('img').evaluate((img) => (globalThis as unknown as { __brightness(i: unknown): number }).__brightness(img));
    expect(brightness).toBeGreaterThan(40);
    await expectAccessible(page, 'a post with video posters');
    await app.screenshot('media-1-post-posters-durations');
  });

  it('shows the image facts read from EXIF in the viewer’s details panel', async () => {
    const { page } = app;
    await page.getByRole('option', { name: 'canon.jpg' }).dblclick();
    const details = page.getByTestId('details-panel');
    await details.waitFor();
    await expect.poll(() => details.textContent(), { timeout: 30_000 }).toContain('Canon EOS R5');
    const text = (await details.textContent())!;
    expect(text).toMatch(/1200\s×\s800/);
    expect(text).toContain('landscape');
    expect(text).toMatch(/Taken.*2021/);
    expect(text).toContain('10:22');
    await expect.poll(() => loaded(page.getByTestId('viewer-original'))).toBeGreaterThan(0);
    await expectAccessible(page, 'the viewer with its details panel');
    await app.screenshot('media-2-details-image-facts');
    await page.keyboard.press('Escape');
  });

  it('says how much a fitted small picture is enlarged, not 100 %', async () => {
    const { page } = app;
    await page.getByRole('option', { name: 'plain.png' }).dblclick();
    await expect.poll(() => loaded(page.getByTestId('viewer-original'))).toBeGreaterThan(0);
    // 420 px fitted into a ~780 px tall stage.
    await expect.poll(() => page.getByTestId('zoom-level').textContent()).toMatch(/^Fit · 1\d\d%$/);
    await page.keyboard.press('+');
    await expect.poll(() => page.getByTestId('zoom-level').textContent()).toMatch(/^2\d\d%$/);
    await app.screenshot('media-3-viewer-zoom-label');
    await page.keyboard.press('Escape');
  });

  it('converts a TIFF for the viewer instead of saying it is missing', async () => {
    const { page } = app;
    await page.getByRole('option', { name: 'scan.tiff' }).dblclick();
    const converted = page.getByTestId('viewer-converted');
    await expect.poll(() => loaded(converted), { timeout: 30_000 }).toBe(640);
    expect(await page.getByTestId('viewer').textContent()).not.toContain('moved or deleted');
    await app.screenshot('media-4-viewer-converted-tiff');
    await page.keyboard.press('Escape');
  });

  it('lists the post sorted by date taken, by column', async () => {
    const { page } = app;
    await page.getByTestId('layout-list').click();
    const list = page.getByTestId('media-list');
    await list.waitFor();
    await list.getByRole('columnheader', { name: 'Date' }).getByRole('button').click();
    await expect.poll(() => list.getByRole('columnheader', { name: 'Date' }).getAttribute('aria-sort')).toBe('descending');
    // Newest taken first; files without a date taken go by their upload date (now), so they lead.
    const names = async () => list.getByTestId('media-row').evaluateAll((rows) => rows.map((r) => r.querySelector('[role="gridcell"]')?.textContent?.trim() ?? ''));
    await expect.poll(async () => (await names()).filter((n) => /canon|phone|old/.test(n)), { timeout: 30_000 }).toEqual(['phone.jpg', 'canon.jpg', 'old.jpg']);
    expect(page.url()).toContain('sort=taken');
    await expectAccessible(page, 'the list view');
    await app.screenshot('media-5-list-sorted-by-date-taken');
    // Clicking again reverses it.
    await list.getByRole('columnheader', { name: 'Date' }).getByRole('button').click();
    await expect.poll(() => list.getByRole('columnheader', { name: 'Date' }).getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(async () => (await names())[0]).toBe('old.jpg');
  });

  it('filters by orientation and finds by camera', async () => {
    const { page } = app;
    await page.getByTestId('more-filters').click();
    await page.getByTestId('fact-filters').getByLabel('Orientation').selectOption('portrait');
    const list = page.getByTestId('media-list');
    await expect.poll(() => list.getByTestId('media-row').count()).toBe(1);
    expect(await list.getByTestId('media-row').textContent()).toContain('phone.jpg');
    await app.screenshot('media-6-filter-portrait');
    await page.getByTestId('fact-filters').getByRole('button', { name: 'Clear filters' }).click();
    await page.getByTestId('layout-grid').click();
    await page.getByTestId('library-search').fill('nikon');
    await expect.poll(() => page.getByTestId('search-hit-name').allTextContents()).toEqual(['old.jpg']);
    await app.screenshot('media-7-search-by-camera');
  });

  it('groups duplicates across the library with where each copy lives', async () => {
    const { page } = app;
    await page.getByRole('link', { name: 'Duplicates' }).click();
    const group = page.getByTestId('duplicate-group');
    await group.first().waitFor();
    expect(await group.count()).toBe(1);
    const text = (await group.textContent())!;
    expect(text).toContain('3 copies');
    expect(text).toContain('nora › archive › canon copy.jpg');
    expect(text).toContain('bob › best › canon again.jpg');
    expect(await page.getByTestId('duplicates-summary').textContent()).toContain('2 extra copies');
    await expectAccessible(page, 'the duplicates view');
    await app.screenshot('media-8-duplicates');
    await group.getByRole('button', { name: 'bob › best › canon again.jpg' }).click();
    await page.getByTestId('viewer').waitFor();
    expect(await page.getByTestId('viewer-title').textContent()).toBe('canon again.jpg');
    await page.keyboard.press('Escape');
  });

  it('says a dropped file is already in the library before sending it, asking with the profile’s access setting', async () => {
    const { page } = app;
    // "New uploads are: Public" in the profile (as Settings saves it); the drop zone starts from it.
    core.database.db.update(profiles).set({ defaultAcl: 'public-read' }).run();
    await app.emit('library:changed', { profileId: null });
    await openPost('nora', 'trip');
    await expect.poll(() => page.getByTestId('upload-acl').inputValue()).toBe('public-read');
    await page.evaluate(`(() => {
      const zone = document.querySelector('[data-testid="dropzone"]');
      const data = new DataTransfer();
      data.items.add(new File(['x'], 'canon-from-disk.jpg', { type: 'image/jpeg' }));
      for (const type of ['dragenter', 'dragover', 'drop']) zone.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    })()`);
    const dialog = page.getByRole('dialog', { name: '“canon-from-disk.jpg” is already in the library' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/identical to bob\/best\/canon again\.jpg and 2 more/);
    await expectAccessible(page, 'the already-in-the-library question');
    await app.screenshot('media-9-upload-already-in-library');
    await dialog.getByRole('button', { name: 'Skip it' }).click();
    await page.getByRole('status').filter({ hasText: 'already in the library' }).waitFor();
    const starts = app.traffic.filter((t) => t.channel === 'uploads:start').map((t) => t.request as { duplicates?: string; acl?: string });
    expect(starts.map((r) => r.duplicates)).toEqual(['ask', 'skip']);
    expect(starts.map((r) => r.acl)).toEqual(['public-read', 'public-read']);
  });

  it('follows a light theme chosen in Settings, tokens only', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('radio', { name: 'Light' }).check();
    expect(await page.evaluate('document.documentElement.dataset.theme')).toBe('light');
    await expectAccessible(page, 'Settings in the light theme');
    await settings.getByRole('button', { name: 'Close settings' }).click();
    const bg = await page.evaluate('getComputedStyle(document.documentElement).backgroundColor');
    expect(bg).toBe('rgb(245, 246, 248)');
    await openPost('nora', 'trip');
    await expect.poll(() => loaded(page.getByRole('option', { name: 'canon.jpg' }).locator('img'))).toBeGreaterThan(0);
    await expectAccessible(page, 'a post in the light theme');
    await app.screenshot('media-10-light-theme');
    await page.getByTestId('layout-list').click();
    await page.getByTestId('media-list').waitFor();
    await expectAccessible(page, 'the list view in the light theme');
    await app.screenshot('media-11-light-theme-list');
    await page.getByTestId('layout-grid').click();
  });
});
