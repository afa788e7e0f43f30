import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DEMO_BUCKET } from '../../src/main/core/demo/demo-library';
import { startSampleBucket, type SampleBucket } from '../fixtures/sample-bucket';
import { createS3Client } from '../../src/main/core/s3/client';
import { testCore, type TestCore } from '../fixtures/core';
import { insertProfile } from '../fixtures/database';
import { closeBrowser, HARNESS_MEDIA_ORIGIN, openApp, type Harness } from './harness';

/**
 * The library browser in Chromium over the real core and a real local S3
 * server (s3rver) seeded with the demo's generated sample library, indexed
 * by the real sync (as `npm run demo` does).
 */
describe('library browser: models → model → post → viewer, search, offline', () => {
  let core: TestCore;
  let demo: SampleBucket;
  let app: Harness;

  beforeAll(async () => {
    core = testCore();
    demo = await startSampleBucket(core, { sample: { models: 4, postsPerModel: 4, imagesPerPost: 8, imageSize: 480 } });
    app = await openApp({ core, viewport: { width: 1360, height: 860 } });
  });
  /** Waits until the background queue has a thumbnail for every indexed image. */
  async function allThumbnailsCached(): Promise<void> {
    const count = (sql: string) => core.database.sqlite.prepare(sql).pluck().get() as number;
    const images = count("SELECT count(*) FROM objects WHERE kind = 'image' AND role IN ('media', 'model_thumb', 'icon', 'banner')");
    const missing = () =>
      core.database.sqlite
        .prepare("SELECT key FROM objects o WHERE kind = 'image' AND role IN ('media', 'model_thumb', 'icon', 'banner') AND NOT EXISTS (SELECT 1 FROM thumbnails t WHERE t.profile_id = o.profile_id AND t.key = o.key)")
        .pluck()
        .all();
    // The whole library, as opening the demo library plans it: the views planned only their own scopes, and a
    // background thumbnail that failed in a loaded run (the reason goes to the log shown below) is planned again.
    core.thumbnails.prefetch(demo.profileId);
    await expect
      .poll(() => count('SELECT count(*) FROM thumbnails'), { timeout: 50_000 })
      .toBe(images)
      .catch((error: Error) => {
        const log = core.log.lines.filter((l) => /thumbnail|network/i.test(l)).slice(-10);
        throw new Error(`${error.message}; no thumbnail for ${JSON.stringify(missing())}; progress ${JSON.stringify(core.thumbnails.progress())}; network ${JSON.stringify(core.network.status())}; log: ${log.join(' | ')}`, { cause: error });
      });
  }
  afterAll(async () => {
    await app?.close();
    await closeBrowser();
    await demo?.stop().catch(() => undefined);
    core?.cleanup();
  });

  it('shows the synced demo library as model cards with thumbnails, online', async () => {
    const { page } = app;
    expect(demo.indexed.media).toBeGreaterThan(100);
    await page.getByRole('heading', { name: 'Models', level: 1 }).waitFor();
    const aurora = page.getByTestId('model-grid').getByRole('listitem', { name: 'aurora' });
    await aurora.waitFor();
    expect(await aurora.textContent()).toMatch(/4 posts · \d+ items/);
    await expect.poll(() => page.getByTestId('network-status').textContent()).toContain('Online');
    // The cover and icon thumbnails come through the app's /thumb route and decode.
    await expect
      .poll(() => aurora.locator('img').evaluateAll((imgs) => imgs.filter((i) => (i as unknown as { naturalWidth: number }).naturalWidth > 0).length))
      .toBe(2);
    await expect.poll(() => page.getByTestId('profile-box').textContent()).toContain('Demo library');
    await app.screenshot('library-1-models');
  });

  it('browses model → post → viewer with the keyboard', async () => {
    const { page } = app;
    await page.getByTestId('model-grid').getByRole('listitem', { name: 'aurora' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator(":focus").getAttribute("aria-label")).toBe('bianca');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'bianca', level: 1 }).waitFor();
    const breadcrumbs = page.getByRole('navigation', { name: 'Breadcrumbs' });
    expect(await breadcrumbs.textContent()).toMatch(/Library.*bianca/);
    const firstPost = page.getByTestId('post-grid').getByRole('listitem').first();
    await firstPost.waitFor();
    await expect.poll(() => firstPost.locator('img').evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await app.screenshot('library-2-model');

    const postName = (await firstPost.getAttribute('aria-label'))!;
    await firstPost.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: postName, level: 1 }).waitFor();
    expect(await breadcrumbs.textContent()).toMatch(new RegExp(`Library.*bianca.*${postName}`));

    const grid = page.getByTestId('media-grid');
    const options = grid.getByRole('option');
    await options.first().waitFor();
    await expect.poll(() => options.first().locator('img').evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await grid.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    expect(await page.getByTestId('selection-count').textContent()).toBe('2 items selected');
    await page.keyboard.press('Control+a');
    const total = await options.count();
    expect(await page.getByTestId('selection-count').textContent()).toMatch(/^\d+ items selected$/);
    expect(Number((await page.getByTestId('selection-count').textContent())!.split(' ')[0])).toBeGreaterThanOrEqual(total);
    // Ctrl-click removes one from the selection; shift-click selects a range.
    await options.nth(1).click({ modifiers: ['Control'] });
    await options.nth(0).click();
    await options.nth(3).click({ modifiers: ['Shift'] });
    expect(await page.getByTestId('selection-count').textContent()).toBe('4 items selected');
    await options.nth(2).hover();
    await app.screenshot('library-3-post');

    // Enter opens the viewer on the active item; arrows move through the post.
    const third = (await options.nth(3).getAttribute('data-name'))!;
    const fourth = (await options.nth(4).getAttribute('data-name'))!;
    await grid.focus();
    await page.keyboard.press('Enter');
    const title = page.getByTestId('viewer-title');
    await expect.poll(() => title.textContent()).toBe(third);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => title.textContent()).toBe(fourth);
    const viewer = page.getByRole('dialog');
    // Online, the viewer shows the original through the app's /original route.
    const shown = viewer.getByTestId('viewer-original');
    await expect.poll(() => shown.evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    expect(await shown.getAttribute('src')).toMatch(new RegExp(`^${HARNESS_MEDIA_ORIGIN}/original/`));
    const details = await page.getByRole('complementary', { name: 'Details' }).textContent();
    expect(details).toContain(`bianca/${postName}/${fourth}`);
    expect(details).toMatch(/ETag[0-9a-f]{32}/);
    // The label is against the original's pixels: one step in is 1.5 × the fitted scale.
    const zoomLabel = () => viewer.getByTestId('zoom-level').textContent();
    await expect.poll(zoomLabel).toMatch(/^Fit · \d+%$/);
    const fitted = Number((await zoomLabel())!.match(/(\d+)%/)![1]);
    await page.keyboard.press('+');
    expect(Number((await zoomLabel())!.match(/^(\d+)%$/)![1])).toBeCloseTo(fitted * 1.5, -1);
    await page.keyboard.press('0');
    await app.screenshot('library-4-viewer');
    await page.keyboard.press('Escape');
    await expect.poll(() => viewer.count()).toBe(0);
  });

  it('marks videos with a badge, filters by kind and streams them from the media origin', async () => {
    const { page } = app;
    await page.getByTestId('library-search').fill('clip_');
    const hit = page.getByTestId('search-results').getByRole('button', { name: /clip_.*\.mp4/ }).first();
    await hit.click();
    const viewer = page.getByRole('dialog');
    await expect.poll(() => page.getByTestId('viewer-title').textContent()).toMatch(/^clip_.*\.mp4$/);
    // The demo's videos are placeholders (no encoder here): not video bytes, so the media origin answers 415 and the viewer says why.
    await viewer.getByText(/cannot be played here/).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('radio', { name: 'Videos' }).click();
    const video = page.getByTestId('media-grid').getByRole('option').first();
    // The filtered page replaces the grid when it arrives: until then the first cell may still be the old one.
    await expect.poll(() => video.getAttribute('data-name')).toMatch(/\.mp4$/);
    expect(await video.getByTestId('video-badge').textContent()).toContain('Video');
    await expect.poll(() => page.getByTestId('media-grid').getByRole('option').count()).toBe(1);
    await page.getByRole('radio', { name: 'All' }).click();
  });

  it('finds a file by part of its name, grouped by model and post, and opens it', async () => {
    const { page } = app;
    const box = page.getByTestId('library-search');
    await box.fill('golden');
    const results = page.getByTestId('search-results');
    await results.waitFor();
    const hits = results.getByRole('button', { name: /golden-hour/ });
    await expect.poll(() => hits.count()).toBeGreaterThan(0);
    expect(await page.getByTestId('search-summary').textContent()).toMatch(/\d+ files? for “golden”/);
    expect(await results.getByTestId('search-group-title').first().textContent()).toMatch(/›/);
    await app.screenshot('library-5-search');
    const name = (await hits.first().getByTestId('search-hit-name').textContent())!;
    await hits.first().click();
    await expect.poll(() => page.getByTestId('viewer-title').textContent()).toBe(name);
    await page.keyboard.press('Escape');
  });

  it('says an original that fails online could not be loaded (not "offline"); Try again loads it once it is back', async () => {
    const { page } = app;
    // Every thumbnail cached first: the deleted object's preview must still show.
    await allThumbnailsCached();
    const gone = core.database.sqlite
      .prepare("SELECT key, name FROM objects WHERE model = 'aurora' AND kind = 'image' AND role = 'media' ORDER BY post, rel_path LIMIT 1")
      .get() as { key: string; name: string };
    const client = createS3Client({ endpoint: demo.endpoint, region: 'us-east-1', bucket: DEMO_BUCKET, forcePathStyle: true, ...demo.credential, rootPrefix: '' });
    try {
      const original = await client.send(new GetObjectCommand({ Bucket: DEMO_BUCKET, Key: gone.key }));
      const bytes = await original.Body!.transformToByteArray();
      await client.send(new DeleteObjectCommand({ Bucket: DEMO_BUCKET, Key: gone.key }));
      await page.getByTestId('library-search').fill(gone.name);
      await page.getByTestId('search-results').getByRole('button', { name: new RegExp(gone.name.replace(/[.]/g, '\\.')) }).first().click();
      await expect.poll(() => page.getByTestId('viewer-title').textContent()).toBe(gone.name);
      const note = page.getByRole('dialog').getByRole('status');
      await expect.poll(() => note.textContent()).toContain('could not be loaded');
      expect(await note.textContent()).not.toContain('offline');
      await app.screenshot('library-5b-original-missing');
      // Put back as it was: Try again asks for the original anew, and it shows.
      await client.send(new PutObjectCommand({ Bucket: DEMO_BUCKET, Key: gone.key, Body: bytes, ContentType: 'image/jpeg' }));
      await note.getByRole('button', { name: 'Try again' }).click();
      const shown = page.getByRole('dialog').getByTestId('viewer-original');
      await expect.poll(() => shown.evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
      expect(await shown.getAttribute('src')).toMatch(new RegExp(`^${HARNESS_MEDIA_ORIGIN}/original/`));
      expect(await note.count()).toBe(0);
    } finally {
      client.destroy();
    }
    await page.keyboard.press('Escape');
    await page.getByTestId('library-search').fill('');
  });

  it('keeps browsing, thumbnails and search working offline, and says so', async () => {
    const { page } = app;
    // Let the background queue cache every thumbnail first.
    await allThumbnailsCached();
    await demo.stop();
    // The app's own monitor (in the worker) probes now instead of waiting for its interval.
    await app.call('network:check');
    await expect.poll(() => page.getByTestId('network-status').textContent()).toContain('Offline');
    await page.getByTestId('offline-banner').waitFor();

    await page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('link', { name: 'Library' }).click();
    const celeste = page.getByTestId('model-grid').getByRole('listitem', { name: 'celeste' });
    await celeste.waitFor();
    await celeste.click();
    const post = page.getByTestId('post-grid').getByRole('listitem').first();
    await post.click();
    const first = page.getByTestId('media-grid').getByRole('option').first();
    await first.waitFor();
    await expect.poll(() => first.locator('img').evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await first.dblclick();
    await page.getByText('the original is not available offline').waitFor();
    await app.screenshot('library-6-offline-viewer');
    await page.keyboard.press('Escape');

    await page.getByTestId('library-search').fill('IMG_3');
    await expect.poll(() => page.getByTestId('search-results').getByRole('button', { name: /IMG_3/ }).count()).toBeGreaterThan(0);
    await app.screenshot('library-7-offline-search');
  });
});

describe('library browser: empty states say what to do', () => {
  let core: TestCore;
  let app: Harness;

  beforeAll(async () => {
    core = testCore();
    app = await openApp({ core });
  });
  afterAll(async () => {
    await app?.close();
    await closeBrowser();
    core?.cleanup();
  });

  it('asks for a connection first, then for a first sync', async () => {
    const { page } = app;
    // No profile yet: the first-run screen walks the user through adding one.
    await page.getByRole('heading', { name: 'Connect your media library' }).waitFor();
    await app.screenshot('library-0-no-profile');
    // The demo offer: this core has no host to relaunch (the Electron app passes one), so it says how to get it.
    await page.getByRole('button', { name: 'Explore the demo library' }).click();
    await page.getByRole('status').filter({ hasText: 'npm run demo' }).waitFor();
    insertProfile(core.database, { name: 'studio', bucket: 'photos' });
    await app.emit('library:changed', { profileId: null });
    await page.getByRole('heading', { name: 'This library has not been synced yet' }).waitFor();
    expect(await page.getByTestId('profile-box').textContent()).toContain('studio');
    await app.screenshot('library-0-never-synced');
  });
});
