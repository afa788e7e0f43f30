import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_BUCKET } from '../../src/main/core/demo/demo-library';
import { startSampleBucket, type SampleBucket } from '../fixtures/sample-bucket';
import { createS3Client } from '../../src/main/core/s3/client';
import { testCore, type TestCore } from '../fixtures/core';
import { tempDir } from '../fixtures/temp';
import { closeBrowser, openApp, type Harness } from './harness';

/**
 * Keep offline, downloads and export in Chromium over the real core worker
 * and a real local S3 server (s3rver with the demo's sample library): a post is pinned from its
 * header, its originals (images and a real WebM video recorded in the page)
 * arrive in the offline store, the dock lists the downloads, the settings
 * show the space used; with the server stopped the pinned originals and the
 * video still open in the viewer, an unpinned one says it is not offline.
 * Main's folder dialog and OS drag are scripted host services here (no
 * Electron binary on this machine): the export itself is the real core's.
 */
describe('keep offline, downloads, export (e2e)', () => {
  let core: TestCore;
  let demo: SampleBucket;
  let app: Harness;
  const exportDir = tempDir('offline-export-');
  const dragged: string[][] = [];
  let model = '';
  let post = '';
  let otherPost = '';
  let webm = Buffer.alloc(0);
  /** Complete files in the worker's offline store (data/offline/PROFILE/…; partial files sit in .partial). */
  const storeFiles = () => {
    const root = join(core.dataDir, 'offline');
    if (!existsSync(root)) return [];
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && !join(e.parentPath, e.name).includes(`${join(root, '.partial')}`))
      .map((e) => join(e.parentPath, e.name));
  };

  beforeAll(async () => {
    core = testCore();
    demo = await startSampleBucket(core, { sample: { models: 2, postsPerModel: 2, imagesPerPost: 4, imageSize: 480, videoEvery: 0 } });
    app = await openApp({
      core,
      viewport: { width: 1360, height: 860 },
      host: { chooseFolder: async () => exportDir.path, startDrag: (files) => void dragged.push(files) },
    });
    const rows = core.database.sqlite.prepare("SELECT DISTINCT model, post FROM objects WHERE role = 'media' ORDER BY model, post").all() as { model: string; post: string }[];
    ({ model, post } = rows[0]!);
    otherPost = rows.find((r) => r.model === model && r.post !== post)!.post;

    // A real, playable video: a second of a canvas animation recorded by Chromium's MediaRecorder (WebM/VP8).
    // Page code as a string: the node tsconfig has no DOM types.
    const recorded = await app.page.evaluate<string>(`(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 320;
      canvas.height = 240;
      const g = canvas.getContext('2d');
      const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: 'video/webm;codecs=vp8' });
      const chunks = [];
      recorder.ondataavailable = (e) => chunks.push(e.data);
      const stopped = new Promise((done) => (recorder.onstop = done));
      recorder.start(100);
      for (let f = 0; f < 25; f++) {
        g.fillStyle = 'hsl(' + f * 14 + ' 70% 50%)';
        g.fillRect(0, 0, 320, 240);
        await new Promise((r) => setTimeout(r, 40));
      }
      recorder.stop();
      await stopped;
      const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
      let s = '';
      for (const b of bytes) s += String.fromCharCode(b);
      return btoa(s);
    })()`);
    webm = Buffer.from(recorded, 'base64');
    const client = createS3Client({ endpoint: demo.endpoint, region: 'us-east-1', bucket: DEMO_BUCKET, forcePathStyle: true, ...demo.credential, rootPrefix: '' });
    try {
      await client.send(new PutObjectCommand({ Bucket: DEMO_BUCKET, Key: `${model}/${post}/clip.webm`, Body: webm, ContentType: 'video/webm' }));
    } finally {
      client.destroy();
    }
    const synced = await app.call('sync:start', {});
    expect(synced.ok).toBe(true);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await closeBrowser();
    await demo?.stop().catch(() => undefined);
    core?.cleanup();
    exportDir.cleanup();
  });

  async function openPost(name: string): Promise<void> {
    const { page } = app;
    // On the models page "Library" is the current crumb, not a link.
    const library = page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('link', { name: 'Library' });
    if ((await library.count()) > 0) await library.click();
    await page.getByTestId('model-grid').getByRole('listitem', { name: model }).click();
    await page.getByTestId('post-grid').getByRole('listitem', { name }).click();
    await page.getByTestId('media-grid').getByRole('option').first().waitFor();
  }

  it('keeps a post offline from its header: progress, then done, its files verified in the store', async () => {
    const { page } = app;
    await openPost(post);
    await page.getByTestId('keep-offline').getByRole('button', { name: 'Keep offline' }).click();
    const state = page.getByTestId('pin-state');
    await state.waitFor();
    await expect.poll(() => state.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    expect(await state.textContent()).toMatch(/^Offline · 5 files/);
    expect(await page.getByTestId('keep-offline').getByRole('button').getAttribute('aria-pressed')).toBe('true');
    await app.screenshot('offline-1-post-pinned');

    // Every original is on disk in the offline store (named by version), the video among them.
    const stored = storeFiles();
    expect(stored.length).toBe(5);
    expect(stored.some((f) => readFileSync(f).equals(webm))).toBe(true);

    // The transfers dock lists those downloads.
    const dock = page.getByRole('button', { name: /Transfers/ });
    if ((await dock.getAttribute('aria-expanded')) !== 'true') await dock.click();
    const rows = page.getByTestId('download-row');
    await expect.poll(() => rows.count()).toBe(5);
    await expect.poll(() => page.locator('[data-testid="download-row"][data-state="done"]').count()).toBe(5);
    expect(await page.getByTestId('downloads').textContent()).toContain('Keep offline');
    await app.screenshot('offline-2-downloads-dock');
    await page.getByTestId('downloads').getByRole('button', { name: 'Clear finished' }).click();
    await expect.poll(() => rows.count()).toBe(0);
    await dock.click();

    // The model's page badges the pinned post's card.
    await page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('link', { name: model }).click();
    const badge = page.getByTestId('post-grid').getByRole('listitem', { name: post }).getByTestId('pin-badge');
    await badge.waitFor();
    expect(await badge.getAttribute('data-state')).toBe('done');
    expect(await page.getByTestId('post-grid').getByRole('listitem', { name: otherPost }).getByTestId('pin-badge').count()).toBe(0);
    await app.screenshot('offline-3-model-badge');
  });

  it('exports a post into a chosen folder as MODEL/POST/FILE and asks before touching existing files', async () => {
    const { page } = app;
    await openPost(otherPost);
    await page.getByRole('button', { name: 'Download…' }).first().click();
    await expect.poll(() => page.getByTestId('export-status').textContent().catch(() => ''), { timeout: 30_000 }).toMatch(/Downloading 4 files/);
    const folder = join(exportDir.path, model, otherPost);
    await expect.poll(() => (existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.jpg')).length : 0), { timeout: 60_000 }).toBe(4);
    const first = readdirSync(folder).filter((f) => f.endsWith('.jpg')).sort()[0]!;
    const before = readFileSync(join(folder, first));

    // Again: the files are there; the dialog asks, and "Skip existing" leaves them as they are.
    await page.getByRole('button', { name: 'Download…' }).first().click();
    const dialog = page.getByTestId('export-conflicts');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(first);
    await app.screenshot('offline-4-export-conflicts');
    await dialog.getByRole('button', { name: 'Keep both' }).click();
    await expect.poll(() => readdirSync(folder).filter((f) => f.endsWith('.jpg')).length, { timeout: 60_000 }).toBe(8);
    expect(readFileSync(join(folder, first)).equals(before)).toBe(true);
  });

  it('drags a tile out with Alt/⌥ (a copy): main gets the original on disk for the OS drag', async () => {
    const { page } = app;
    await openPost(post);
    const tile = page.getByTestId('media-grid').getByRole('option').first();
    // A plain drag moves within the library (issue 15): nothing goes to the OS drag.
    // A real drag always carries a DataTransfer; Playwright's synthetic one does not unless given.
    const dataTransfer = () => page.evaluateHandle('new DataTransfer()');
    await tile.dispatchEvent('dragstart', { dataTransfer: await dataTransfer() });
    await tile.dispatchEvent('dragend', { dataTransfer: await dataTransfer() });
    expect(dragged.length).toBe(0);
    await tile.dispatchEvent('dragstart', { altKey: true, dataTransfer: await dataTransfer() });
    await expect.poll(() => dragged.length, { timeout: 30_000 }).toBe(1);
    // Only the Alt-drag reached main (the plain one, had it gone there too, would have arrived first).
    await new Promise((r) => setTimeout(r, 500));
    expect(dragged.length).toBe(1);
    const [file] = dragged[0]!;
    expect(existsSync(file!)).toBe(true);
    expect(statSync(file!).size).toBeGreaterThan(1000);
  });

  it('with the server stopped, the pinned post opens its originals and plays its video; an unpinned one says it is not offline', async () => {
    const { page } = app;
    await demo.stop();
    await app.call('network:check');
    await expect.poll(() => page.getByTestId('network-status').textContent()).toContain('Offline');

    await openPost(post);
    await page.getByTestId('media-grid').getByRole('option').first().dblclick();
    const original = page.getByTestId('viewer-original');
    await original.waitFor();
    await expect.poll(() => original.evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    expect(await page.getByTestId('viewer-offline').textContent()).toBe('On this computer');
    await app.screenshot('offline-5-viewer-pinned-original');

    // The video (sorted last by name): streamed from the offline store with Range.
    await page.keyboard.press('End');
    await page.keyboard.press('Escape');
    const grid = page.getByTestId('media-grid');
    await grid.getByRole('option', { name: 'clip.webm' }).dblclick();
    const video = page.getByTestId('viewer-video');
    await video.waitFor();
    expect(await video.getAttribute('src')).toContain('/original/');
    await expect.poll(() => video.evaluate((v) => (v as unknown as { readyState: number }).readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await app.screenshot('offline-6-viewer-pinned-video');
    await page.keyboard.press('Escape');

    await openPost(otherPost);
    await page.getByTestId('media-grid').getByRole('option').first().dblclick();
    await page.getByText('the original is not available offline').waitFor();
    expect(await page.getByTestId('viewer-offline').textContent()).toBe('Not kept offline');
    await app.screenshot('offline-7-viewer-unpinned');
    await page.keyboard.press('Escape');
  });

  it('pauses, resumes and cancels downloads from the dock (here: a pin made while the server is down)', async () => {
    const { page } = app;
    await openPost(otherPost);
    const dock = page.getByRole('button', { name: /Transfers/ });
    if ((await dock.getAttribute('aria-expanded')) !== 'true') await dock.click();
    const downloads = page.getByTestId('downloads');
    const rows = downloads.getByTestId('download-row');
    // The export's and the drag's finished rows go first.
    await downloads.getByRole('button', { name: 'Clear finished' }).click();
    await expect.poll(() => rows.count()).toBe(0);
    await page.getByTestId('keep-offline').getByRole('button', { name: 'Keep offline' }).click();
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(4);
    expect(await page.getByTestId('pin-state').getAttribute('data-state')).not.toBe('done');

    await downloads.getByRole('button', { name: 'Pause all' }).click();
    await expect.poll(() => downloads.locator('[data-testid="download-row"][data-state="paused"]').count()).toBe(4);
    expect(await page.getByTestId('transfers-summary').textContent()).toBe('4 downloads paused');
    await app.screenshot('offline-7b-dock-paused');
    await downloads.getByRole('button', { name: 'Resume all' }).click();
    await expect.poll(() => downloads.locator('[data-testid="download-row"][data-state="paused"]').count()).toBe(0);
    const first = await rows.first().locator('span').first().textContent();
    await downloads.getByRole('button', { name: `Cancel ${first}` }).click();
    await expect.poll(() => downloads.locator('[data-testid="download-row"][data-state="cancelled"]').count()).toBe(1);
    await downloads.getByRole('button', { name: 'Cancel all' }).click();
    await expect.poll(() => downloads.locator('[data-testid="download-row"][data-state="cancelled"]').count()).toBe(4);
    // The pin says it was cancelled (not "0 of 4"), and offers to keep it offline again.
    const keep = page.getByTestId('keep-offline');
    await expect.poll(() => keep.getByTestId('pin-state').getAttribute('data-state')).toBe('cancelled');
    expect(await keep.getByTestId('pin-state').textContent()).toBe('Cancelled · 0 of 4 files offline');
    await app.screenshot('offline-7c-dock-cancelled');
    await dock.click();
    await app.screenshot('offline-7d-pin-cancelled');
    await keep.getByRole('button', { name: 'Keep offline again' }).click();
    await expect.poll(() => keep.getByTestId('pin-state').getAttribute('data-state')).not.toBe('cancelled');
    await dock.click();
    await expect.poll(() => downloads.locator('[data-testid="download-row"]:not([data-state="cancelled"])').count(), { timeout: 20_000 }).toBe(4);

    // Unpinned again: the settings below see the first pin only.
    await keep.getByRole('button', { name: /Kept offline/ }).click();
    await expect.poll(() => page.getByTestId('pin-state').count()).toBe(0);
    await dock.click();
  });

  it('shows the space used in Settings › Offline storage; unpinning frees it', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Settings' }).click();
    const section = page.getByTestId('offline-storage');
    await section.waitFor();
    await expect.poll(() => section.getByTestId('offline-pin').count()).toBe(1);
    expect(await section.getByTestId('offline-usage').textContent()).toMatch(/^[\d.]+\s[KM]B of \d+\sGiB used by originals kept offline/);
    await section.scrollIntoViewIfNeeded();
    await app.screenshot('offline-8-settings-storage');
    await section.getByRole('button', { name: `Unpin ${model} / ${post}` }).click();
    await expect.poll(() => section.getByTestId('offline-pin').count()).toBe(0);
    await expect.poll(() => section.getByTestId('offline-usage').textContent()).toMatch(/^0\sB of/);
    await expect.poll(() => storeFiles().length).toBe(0);
  });
});
