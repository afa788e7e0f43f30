/**
 * The core worker as the app runs it: the built worker script
 * (out/main/core-worker.js, which `npm test` builds) in a worker thread, this
 * test playing main over its port, a real SQLite file and a real local S3
 * server (s3rver). Covers the boundary itself: numbered calls validated in
 * the worker, events coming back, host-rpc (clipboard, credentials),
 * streamed routes, forwarded and redacted log lines, and what callers see
 * when the worker dies; the library reader thread that answers the index's
 * reads while the core is busy, and hands them back if it goes away.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { BroadcastChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingClipboard } from '../../src/main/core/clipboard';
import { createLogger, memoryLogger } from '../../src/main/core/logger';
import { CoreWorker } from '../../src/main/worker/core-host';
import { clientFor, localConnection } from '../fixtures/bucket';
import { memoryCredentials, testCore, type TestCore } from '../fixtures/core';
import { startCoreWorker, WORKER_SCRIPT } from '../fixtures/core-worker';
import { bodyBytes } from '../fixtures/library-route';
import { startS3rver, type LocalS3 } from '../fixtures/s3rver';

const secret = `worker-secret-${Math.random().toString(36).slice(2)}`;

describe('the core in a worker thread, over its port', () => {
  let s3: LocalS3;
  let client: S3Client;
  let core: TestCore;
  let worker: CoreWorker;
  const clipboard = recordingClipboard();
  const credentials = memoryCredentials();
  const events: { event: string; payload: unknown }[] = [];
  let photo: Buffer;

  beforeAll(async () => {
    s3 = await startS3rver('media');
    client = clientFor(localConnection(s3.endpoint, 'media'));
    photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: { r: 30, g: 140, b: 90 } } }).jpeg().toBuffer();
    await client.send(new PutObjectCommand({ Bucket: 'media', Key: 'alice/beach/one.jpg', Body: photo, ContentType: 'image/jpeg' }));
    core = testCore({ clipboard, credentials });
    worker = await startCoreWorker(core);
    worker.onEvent((event, payload) => events.push({ event, payload }));
  });
  afterAll(async () => {
    await worker?.close();
    core?.cleanup();
    client?.destroy();
    await s3?.close();
  });

  it('answers contract calls with envelopes from the worker: validation and unknown channels included', async () => {
    expect(await worker.call('app:info', undefined)).toMatchObject({ ok: true, data: { dbPath: core.database.path, dataDir: core.dataDir } });
    expect(await worker.call('library:listModels', { sort: 'sideways' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await worker.call('fs:readFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: 'Unknown request "fs:readFile".' } });
    // Many calls at once each get their own answer (numbered requests).
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => worker.call('library:search', { query: `q${i}` })));
    expect(answers.map((a) => (a.ok ? (a.data as { query: string }).query : null))).toEqual(Array.from({ length: 50 }, (_, i) => `q${i}`));
  });

  it('stores a profile secret through the host, syncs, and sends the events back', async () => {
    const saved = await worker.call('profiles:save', {
      name: 'studio',
      endpoint: s3.endpoint,
      bucket: 'media',
      pathStyle: 'path',
      accessKeyId: 'S3RVER',
      secret,
    });
    expect(saved).toMatchObject({ ok: true, data: { name: 'studio', hasSecret: true, active: true } });
    // The worker asked this process to keep the secret (host-rpc), and nothing else has it.
    const profileId = (saved as { data: { id: string } }).data.id;
    expect(credentials.entries.get(profileId)).toBe(secret);
    expect(JSON.stringify(saved)).not.toContain(secret);

    expect(await worker.call('sync:start', undefined)).toMatchObject({ ok: true, data: { status: 'completed', objects: 1 } });
    expect(events.some((e) => e.event === 'sync:progress')).toBe(true);
    expect(events.some((e) => e.event === 'library:changed')).toBe(true);
    // This process's own connection sees the rows the worker wrote.
    expect(core.library.models(profileId).map((m) => m.name)).toEqual(['alice']);
  });

  it('writes the clipboard through the host, and a host that cannot says so in the envelope', async () => {
    const copied = await worker.call('links:copy', { keys: ['alice/beach/one.jpg'], kind: 'presigned', expiresIn: 60 });
    expect(copied).toMatchObject({ ok: true });
    expect(clipboard.writes.at(-1)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\/alice\/beach\/one\.jpg\?/);

    const bare = await CoreWorker.start({
      script: WORKER_SCRIPT,
      data: { dataDir: core.dataDir, dbPath: core.database.path, electronVersion: null, env: {}, credentials: { kind: 'host' }, background: false, demo: false, logFile: null },
      services: { credentials, clipboardWrite: () => Promise.reject(new Error('no clipboard on this host')) },
      log: memoryLogger(),
      workerLog: () => undefined,
    });
    try {
      const refused = await bare.call('links:copy', { keys: ['alice/beach/one.jpg'], kind: 'presigned', expiresIn: 60 });
      expect(refused).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    } finally {
      await bare.close();
    }
  });

  it('streams routes: a thumbnail as its cache file, an original as a stream transferred from the worker', async () => {
    const profileId = core.active.current()!.id;
    const etag = core.library.item(profileId, 'alice/beach/one.jpg')!.etag;
    const key = encodeURIComponent('alice/beach/one.jpg');
    const thumb = await worker.route(`/thumb/${profileId}/${etag}/${key}`);
    expect(thumb).toMatchObject({ status: 200, headers: { 'content-type': 'image/webp' }, body: { kind: 'file' } });
    const webp = await readFile((thumb!.body as { path: string }).path);
    expect((await sharp(webp).metadata()).format).toBe('webp');

    const original = await worker.route(`/original/${profileId}/${etag}/${key}`);
    expect(original).toMatchObject({ status: 200, headers: { 'content-type': 'image/jpeg', 'content-length': String(photo.length) }, body: { kind: 'stream' } });
    expect((await bodyBytes(original!.body)).equals(photo)).toBe(true);
    expect(await worker.route('/thumb/nope')).toMatchObject({ status: 404 });
  });

  it("forwards the worker's log lines to the host, with secrets redacted in the worker", async () => {
    // A wrong secret makes the SDK and our mapping log about the failure.
    await worker.call('profiles:test', {
      draft: { name: 'probe', endpoint: 'http://127.0.0.1:9', bucket: 'media', pathStyle: 'path', accessKeyId: 'K', secret: `${secret}-2` },
    });
    await expect.poll(() => core.log.lines.some((l) => l.includes('connection test'))).toBe(true);
    expect(core.log.lines.join('\n')).not.toContain(secret);
  });

  it('logs calls slower than the threshold, with the time spent in the handler', async () => {
    const log = memoryLogger();
    const timed = await CoreWorker.start({
      script: WORKER_SCRIPT,
      data: { dataDir: core.dataDir, dbPath: core.database.path, electronVersion: null, env: {}, credentials: { kind: 'host' }, background: false, demo: false, logFile: null },
      services: { credentials },
      log,
      workerLog: () => undefined,
      slowCallMs: 0,
    });
    try {
      await timed.call('app:info', undefined);
      expect(log.lines.join('\n')).toMatch(/core call #1 took \d+ ms \(\d+ ms in its handler\)/);
    } finally {
      await timed.close();
    }
  });

  it('answers every caller when the worker dies, and says what to do', async () => {
    const doomed = await startCoreWorker(core);
    const log = memoryLogger();
    Object.assign(doomed, { options: { ...(doomed as unknown as { options: object }).options, log } });
    // The worker thread goes away as a crash would take it.
    await (doomed as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    const after = await doomed.call('app:info', undefined);
    expect(after).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('restart the app') } });
    expect(log.lines.join('\n')).toContain('the core worker exited');
    await doomed.close();
  });

  it('fails to start with the reason when the core cannot open its index', async () => {
    await expect(
      CoreWorker.start({
        script: WORKER_SCRIPT,
        data: { dataDir: core.dataDir, dbPath: core.dataDir /* a directory, not a database file */, electronVersion: null, env: {}, credentials: { kind: 'host' }, background: false, demo: false, logFile: null },
        log: createLogger(() => undefined),
        workerLog: () => undefined,
      }),
    ).rejects.toThrow(/could not start/);
  });

  describe('the library reader thread', () => {
    // Blocks the core's thread on request, as a sync's page write or a sweep would: a module the core thread imports first (preload).
    const busyModule = `data:text/javascript,${encodeURIComponent(`
      import { BroadcastChannel } from 'node:worker_threads';
      const channel = new BroadcastChannel('core-busy');
      channel.onmessage = (event) => { const end = performance.now() + event.data; while (performance.now() < end); };
      channel.unref();`)}`;
    const start = (log = memoryLogger()) =>
      CoreWorker.start({
        script: WORKER_SCRIPT,
        data: { dataDir: core.dataDir, dbPath: core.database.path, electronVersion: null, env: {}, credentials: { kind: 'host' }, background: false, demo: false, logFile: null, preload: [busyModule] },
        services: { credentials },
        log,
        workerLog: () => undefined,
      });

    it("answers the index's reads while the core's thread is busy; other calls wait for the core", async () => {
      const host = await start();
      const busy = new BroadcastChannel('core-busy');
      try {
        const order: string[] = [];
        busy.postMessage(1_500);
        await new Promise((resolve) => setTimeout(resolve, 50));
        const core = host.call('app:info', undefined).then((r) => (order.push('app:info'), r));
        const read = host.call('library:listMedia', { model: 'alice', post: 'beach', offset: 0, limit: 10 }).then((r) => (order.push('listMedia'), r));
        const [info, media] = await Promise.all([core, read]);
        expect(info.ok).toBe(true);
        expect(media).toMatchObject({ ok: true, data: { total: 1, items: [{ key: 'alice/beach/one.jpg' }] } });
        expect(order).toEqual(['listMedia', 'app:info']);
        // Validation runs on the reader's side too.
        expect(await host.call('library:listMedia', { model: 'alice', post: 'beach', offset: -1, limit: 10 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      } finally {
        busy.close();
        await host.close();
      }
    });

    it('hands its calls to the core when the reader thread goes away, and the core answers reads from then on', async () => {
      const log = memoryLogger();
      const host = await start(log);
      try {
        const reader = (host as unknown as { reader: { worker: { terminate(): Promise<number> } } }).reader;
        const pending = host.call('library:listModels', {});
        await reader.worker.terminate();
        expect(await pending).toMatchObject({ ok: true, data: [{ name: 'alice' }] });
        expect(await host.call('library:getMedia', { key: 'alice/beach/one.jpg' })).toMatchObject({ ok: true, data: { key: 'alice/beach/one.jpg' } });
        expect(log.lines.join('\n')).toContain('the library reader exited');
      } finally {
        await host.close();
      }
    });
  });
});
