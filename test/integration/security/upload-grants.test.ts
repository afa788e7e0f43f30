/**
 * Upload grants through the real core worker: paths reach the queue only
 * from main's file dialog (`uploads:pick`, a scripted stand-in for
 * Electron's dialog here) or from a drop main's own handler registered
 * (ipc/file-grants.ts, the preload's channel); `uploads:start` takes the ids.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileGrant } from '../../../src/shared/file-grants';
import { fileGrantHandler } from '../../../src/main/ipc/file-grants';
import { PathGrants } from '../../../src/main/core/files/grants';
import type { CoreWorker } from '../../../src/main/worker/core-host';
import { clientFor, localConnection } from '../../fixtures/bucket';
import { testCore, type TestCore } from '../../fixtures/core';
import { startCoreWorker } from '../../fixtures/core-worker';
import { scriptedDialogs } from '../../fixtures/dialogs';
import { startS3rver, type LocalS3 } from '../../fixtures/s3rver';
import { tempDir } from '../../fixtures/temp';

describe('upload grants: main dialog and preload-resolved drops only', () => {
  const files = tempDir('spaces-grants-');
  const dialogs = scriptedDialogs();
  let s3: LocalS3;
  let bucket: S3Client;
  let core: TestCore;
  let worker: CoreWorker;

  const grantsOf = (answer: { ok: boolean; data?: unknown }) => {
    expect(answer).toMatchObject({ ok: true });
    return answer.data as FileGrant[];
  };
  const body = async (key: string) => (await bucket.send(new GetObjectCommand({ Bucket: 'media', Key: key }))).Body!.transformToString();

  beforeAll(async () => {
    writeFileSync(join(files.path, 'one.jpg'), 'first photo');
    mkdirSync(join(files.path, 'shoot'));
    writeFileSync(join(files.path, 'shoot', 'two.jpg'), 'second photo');
    writeFileSync(join(files.path, 'three.jpg'), 'third photo');
    s3 = await startS3rver('media');
    bucket = clientFor(localConnection(s3.endpoint, 'media'));
    core = testCore();
    worker = await startCoreWorker(core, undefined, { dialogs });
    expect(await worker.call('profiles:save', { name: 'studio', endpoint: s3.endpoint, bucket: 'media', pathStyle: 'path', accessKeyId: 'S3RVER', secret: 'S3RVER' })).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    await worker?.close();
    core?.cleanup();
    bucket?.destroy();
    await s3?.close();
    files.cleanup();
  });

  it('uploads what the file dialog granted (files, and folders), then the grant is spent', async () => {
    dialogs.nextPick = [join(files.path, 'one.jpg')];
    const picked = grantsOf(await worker.call('uploads:pick', { kind: 'files' }));
    expect(picked).toEqual([{ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'one.jpg', folder: false }]);
    dialogs.nextPick = [join(files.path, 'shoot')];
    const folder = grantsOf(await worker.call('uploads:pick', { kind: 'folder' }));
    expect(folder).toMatchObject([{ name: 'shoot', folder: true }]);
    expect(dialogs.picks).toEqual(['files', 'folder']);
    // Cancelled: nothing granted.
    expect(grantsOf(await worker.call('uploads:pick', { kind: 'files' }))).toEqual([]);

    const grants = [...picked, ...folder].map((g) => g.id);
    const queued = await worker.call('uploads:start', { target: { model: 'alice', post: 'beach' }, grants });
    expect(queued).toMatchObject({ ok: true, data: { status: 'queued', items: 2 } });
    await expect.poll(() => body('alice/beach/one.jpg').catch(() => null), { timeout: 20_000 }).toBe('first photo');
    await expect.poll(() => body('alice/beach/shoot/two.jpg').catch(() => null), { timeout: 20_000 }).toBe('second photo');
    // Spent: the same ids grant nothing more.
    expect(await worker.call('uploads:start', { target: { model: 'alice', post: 'again' }, grants })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('registers a drop only from the app page, through the handler main gives the preload', async () => {
    const trusted = (url: string) => url.startsWith('app://bundle/');
    const handler = fileGrantHandler((paths) => worker.grantPaths(paths), trusted, core.log);
    const path = join(files.path, 'three.jpg');
    for (const url of ['app://media/original/x', 'https://evil.example/', '']) {
      expect(await handler({ senderFrame: { url } }, [path]), url).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await handler({ senderFrame: { url: 'app://bundle/index.html' } }, ['relative/path.jpg'])).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const dropped = await handler({ senderFrame: { url: 'app://bundle/index.html' } }, [path]);
    expect(dropped).toMatchObject({ ok: true, data: [{ name: 'three.jpg', folder: false }] });
  });

  it('asks main before uploading as public when the profile does not, and uploads nothing when declined', async () => {
    dialogs.nextPick = [join(files.path, 'three.jpg')];
    const [grant] = grantsOf(await worker.call('uploads:pick', { kind: 'files' }));
    dialogs.answer = false;
    const declined = await worker.call('uploads:start', { target: { model: 'alice', post: 'public' }, grants: [grant!.id], acl: 'public-read' });
    expect(declined).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(dialogs.prompts.at(-1)).toMatchObject({ message: 'Upload this item as public?', confirm: 'Upload as public' });
    await expect(body('alice/public/three.jpg')).rejects.toThrow();
    dialogs.answer = true;
    expect(await worker.call('uploads:start', { target: { model: 'alice', post: 'public' }, grants: [grant!.id], acl: 'public-read' })).toMatchObject({ ok: true });
    await expect.poll(() => body('alice/public/three.jpg').catch(() => null), { timeout: 20_000 }).toBe('third photo');
  });

  it('forgets grants after their time', async () => {
    let now = 1_000;
    const grants = new PathGrants(() => now);
    const [grant] = await grants.grant([join(files.path, 'one.jpg')], 'dialog');
    expect(grants.paths([grant!.id])).toEqual([join(files.path, 'one.jpg')]);
    now += 10 * 60 * 1000;
    expect(() => grants.paths([grant!.id])).toThrow(/no longer available/);
    expect(grants.size).toBe(0);
  });
});
