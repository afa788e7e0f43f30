import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingClipboard } from '../../src/main/core/clipboard';
import { objects, sharedLinks } from '../../src/main/core/db/schema';
import { createS3Client } from '../../src/main/core/s3/client';
import { originObjectUrl } from '../../src/shared/object-urls';
import { testCore, type TestCore } from '../fixtures/core';
import { insertProfile } from '../fixtures/database';
import { motoAvailability, startMoto, type MotoServer } from '../fixtures/moto';
import { startS3rver, type LocalS3 } from '../fixtures/s3rver';
import { closeBrowser, openApp, type Harness } from './harness';

const FILES = ['alice/beach day/IMG 1.jpg', 'alice/beach day/фото #2 😀.jpg', 'alice/beach day/clip+1.mp4'];

function indexObject(core: TestCore, profileId: string, key: string, size: number): void {
  const name = key.slice(key.lastIndexOf('/') + 1);
  core.database.db
    .insert(objects)
    .values({ profileId, key, role: 'media', model: 'alice', post: 'beach day', relPath: name, name, kind: 'image', size, etag: '"e"', lastModified: Date.now() })
    .run();
}

describe('share links in Chromium over the real core (s3rver)', () => {
  let s3: LocalS3;
  let core: TestCore;
  let app: Harness;
  const clipboard = recordingClipboard();
  const bodies = new Map<string, Buffer>();

  beforeAll(async () => {
    s3 = await startS3rver();
    core = testCore({ clipboard });
    const profileId = insertProfile(core.database, { name: 'studio', endpoint: s3.endpoint, region: s3.region, bucket: s3.bucket, accessKeyId: s3.accessKeyId });
    await core.credentials.set(profileId, s3.secretAccessKey);
    const client = createS3Client({ ...s3, forcePathStyle: true, rootPrefix: '' });
    for (const key of FILES) {
      const body = randomBytes(2048);
      bodies.set(key, body);
      await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: body }));
      indexObject(core, profileId, key, body.length);
    }
    client.destroy();
    // A link made two days ago for a day: it must show as expired.
    const twoDaysAgo = Date.now() - 2 * 86_400_000;
    core.database.db
      .insert(sharedLinks)
      .values({ profileId, key: 'alice/old post/gone.jpg', url: 'http://127.0.0.1:9/media/gone.jpg?X-Amz-Expires=86400', kind: 'presigned', expiresAt: twoDaysAgo + 86_400_000, createdAt: twoDaysAgo })
      .run();
    app = await openApp({ core });
  });
  afterAll(async () => {
    await app?.close();
    await closeBrowser();
    core?.cleanup();
    await s3?.close();
  });

  it('shares pasted keys and links through the dialog: the clipboard holds working links, a toast says until when', async () => {
    const { page } = app;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Recently shared' }).click();
    await page.getByRole('heading', { name: 'Recently shared', level: 1 }).waitFor();
    const expiredRow = page.getByTestId('recent-links').getByRole('listitem', { name: 'gone.jpg' });
    await expect.poll(() => expiredRow.getByTestId('expiry').textContent()).toMatch(/^Expired .* ago$/);

    // One bare key, one as its origin URL (as a person would paste from a browser).
    const input = page.getByLabel(/Share a file by its key/);
    await input.fill(`${FILES[0]}\n${originObjectUrl({ endpoint: s3.endpoint, bucket: s3.bucket, cdnMode: 'none', cdnDomain: null, pathStyle: true }, FILES[1]!)}`);
    await page.getByRole('button', { name: 'Share…', exact: true }).first().click();

    const dialog = page.getByTestId('share-dialog');
    await dialog.getByRole('heading', { name: 'Share 2 files' }).waitFor();
    await dialog.getByText('6 hours', { exact: true }).click();
    await expect.poll(() => dialog.getByTestId('expiry-summary').textContent()).toMatch(/^Works for 6 hours, until /);
    // A custom value above 7 days is capped, and the reason shown.
    await dialog.getByText('Custom', { exact: true }).click();
    await dialog.getByLabel('Custom expiry amount').fill('9');
    await dialog.getByLabel('Custom expiry unit').selectOption({ label: 'days' });
    await expect.poll(() => dialog.getByTestId('expiry-capped').textContent()).toContain('SigV4');
    await expect.poll(() => dialog.getByTestId('expiry-summary').textContent()).toMatch(/^Works for 7 days/);
    await app.screenshot('share-dialog-capped');
    await dialog.getByText('6 hours', { exact: true }).click();
    await dialog.getByLabel(/Download with the original file name/).check();
    await app.screenshot('share-dialog');

    const writesBefore = clipboard.writes.length;
    await dialog.getByRole('button', { name: 'Copy 2 links' }).click();
    await expect.poll(() => clipboard.writes.length).toBe(writesBefore + 1);
    const lines = clipboard.writes.at(-1)!.split('\n');
    expect(lines).toHaveLength(2);
    for (const [i, url] of lines.entries()) {
      expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('21600');
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment/);
      expect(Buffer.from(await res.arrayBuffer()).equals(bodies.get(FILES[i]!)!)).toBe(true);
    }
    await expect.poll(() => dialog.getByTestId('share-links').inputValue()).toBe(lines.join('\n'));
    const toast = page.getByTestId('toasts');
    await expect.poll(() => toast.textContent()).toMatch(/Copied 2 links.*They expire in 6 hours/);
    await app.screenshot('share-dialog-copied');

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    const list = page.getByTestId('recent-links');
    await list.getByRole('listitem', { name: 'IMG 1.jpg' }).waitFor();
    await expect.poll(() => list.getByRole('listitem', { name: 'IMG 1.jpg' }).getByTestId('expiry').textContent()).toMatch(/^Expires in (5 h 59 min|6 h 0 min)$/);
    await app.screenshot('recently-shared');
  });

  it('copies new links for a selection with the keyboard shortcut, one a line', async () => {
    const { page } = app;
    const list = page.getByTestId('recent-links');
    await list.getByRole('checkbox', { name: 'Select IMG 1.jpg' }).check();
    await list.getByRole('checkbox', { name: 'Select фото #2 😀.jpg' }).check();
    const writesBefore = clipboard.writes.length;
    await page.keyboard.press('Control+Shift+C');
    await expect.poll(() => clipboard.writes.length).toBe(writesBefore + 1);
    const lines = clipboard.writes.at(-1)!.split('\n');
    expect(lines).toHaveLength(2);
    const fetched = await Promise.all(lines.map(async (url) => Buffer.from(await (await fetch(url)).arrayBuffer())));
    expect(new Set(fetched.map((b) => b.toString('hex')))).toEqual(new Set([FILES[0]!, FILES[1]!].map((k) => bodies.get(k)!.toString('hex'))));
    const copyCall = app.traffic.filter((t) => t.channel === 'links:copy').at(-1);
    expect(copyCall?.response).toMatchObject({ ok: true, data: { text: clipboard.writes.at(-1) } });

    // The same through the "Copy 2 links" button (the piece the media grid and viewer reuse).
    await page.getByRole('button', { name: /^Copy 2 links/ }).click();
    await expect.poll(() => clipboard.writes.length).toBe(writesBefore + 2);
    expect(clipboard.writes.at(-1)!.split('\n')).toHaveLength(2);
    await app.screenshot('recently-shared-selection');

    // The row's own Copy button copies that exact link again; an expired row cannot be copied.
    const row = list.getByRole('listitem', { name: 'gone.jpg' });
    expect(await row.getByRole('button', { name: /^Copy link/ }).isDisabled()).toBe(true);
  });

  it('says clearly when a pasted link belongs to another bucket', async () => {
    const { page } = app;
    await page.getByLabel(/Share a file by its key/).fill('https://other.nyc3.digitaloceanspaces.com/a.jpg');
    await page.getByLabel(/Share a file by its key/).press('Enter');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/other\.nyc3\.digitaloceanspaces\.com/);
    expect(await page.getByTestId('share-dialog').count()).toBe(0);
  });
});

const moto = motoAvailability();
if (!moto.ok) console.warn(`[skip] public-link dialog e2e: ${moto.reason}`);

describe.skipIf(!moto.ok)('public links in the share dialog (moto enforces ACLs)', () => {
  let server: MotoServer;
  let core: TestCore;
  let app: Harness;
  const clipboard = recordingClipboard();
  const key = 'alice/beach day/IMG 1.jpg';
  const body = randomBytes(1024);

  beforeAll(async () => {
    server = await startMoto();
    core = testCore({ clipboard });
    const profileId = insertProfile(core.database, { name: 'moto', endpoint: server.endpoint, region: server.region, bucket: 'media', accessKeyId: 'moto' });
    await core.credentials.set(profileId, 'moto-secret');
    const client = createS3Client({ endpoint: server.endpoint, region: server.region, bucket: 'media', forcePathStyle: true, accessKeyId: 'moto', secretAccessKey: 'moto-secret', rootPrefix: '' });
    await client.send(new CreateBucketCommand({ Bucket: 'media' }));
    await client.send(new PutObjectCommand({ Bucket: 'media', Key: key, Body: body }));
    client.destroy();
    indexObject(core, profileId, key, body.length);
    app = await openApp({ core });
  });
  afterAll(async () => {
    await app?.close();
    await closeBrowser();
    core?.cleanup();
    await server?.close();
  });

  it('reads the ACL when asked, makes the file public after confirmation, then copies its public link', async () => {
    const { page } = app;
    await page.getByRole('link', { name: 'Recently shared' }).click();
    await page.getByLabel(/Share a file by its key/).fill(key);
    await page.getByRole('button', { name: 'Share…', exact: true }).first().click();
    const dialog = page.getByTestId('share-dialog');
    await dialog.getByRole('tab', { name: 'Public link' }).click();
    await expect.poll(() => dialog.getByTestId('access-summary').textContent()).toMatch(/^Private/);
    expect(app.traffic.some((t) => t.channel === 'links:getAcl')).toBe(true);
    await app.screenshot('share-dialog-private');

    // Main asks in its own dialog (the harness's scripted stand-in): declined, nothing changes.
    app.dialogs.answer = false;
    await dialog.getByRole('button', { name: 'Make public…' }).click();
    await expect.poll(() => app.dialogs.prompts.length).toBe(1);
    expect(app.dialogs.prompts[0]).toMatchObject({ message: 'Make this file public?', confirm: 'Make public' });
    await dialog.getByRole('button', { name: 'Make public…' }).waitFor();
    expect(await dialog.getByRole('alert').count()).toBe(0);
    expect(await dialog.getByTestId('access-summary').textContent()).toMatch(/^Private/);
    expect(core.database.db.select({ p: objects.isPublic }).from(objects).get()?.p).not.toBe(true);
    // Confirmed: public.
    app.dialogs.answer = true;
    await dialog.getByRole('button', { name: 'Make public…' }).click();
    await expect.poll(() => dialog.getByTestId('access-summary').textContent()).toMatch(/^Public/);
    expect(app.dialogs.prompts).toHaveLength(2);
    expect(core.database.db.select({ p: objects.isPublic }).from(objects).get()?.p).toBe(true);

    await dialog.getByRole('button', { name: 'Copy origin link' }).click();
    await expect.poll(() => clipboard.writes.length).toBe(1);
    const url = clipboard.writes[0]!;
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(body)).toBe(true);
    await app.screenshot('share-dialog-public');
  });
});
