/**
 * The concurrent listing cuts the key space into ranges at the prefixes a
 * delimiter listing names. moto answers delimiter listings fully; s3rver
 * names only models that hold a file directly. On both, every key under the
 * root prefix must be seen exactly once, whatever the cuts — also through
 * the strict Spaces stand-in, virtual-hosted.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { objects } from '../../src/main/core/db/schema';
import { getProfile } from '../../src/main/core/repositories/profiles';
import { createS3Client } from '../../src/main/core/s3/client';
import { listBucket, type ListedObject, type ListStrategy } from '../../src/main/core/sync/lister';
import { clientFor, createBucket, localConnection, putKeys } from '../fixtures/bucket';
import { insertProfile } from '../fixtures/database';
import { testCore } from '../fixtures/core';
import { startS3rver, type LocalS3 } from '../fixtures/s3rver';
import { startStore, stores, type StoreUnderTest } from '../fixtures/store-under-test';

const KEYS = [
  ...Array.from({ length: 120 }, (_, i) => `lib/model ${String(i % 24).padStart(2, '0')}/post ${i % 5}/img ${i}.jpg`),
  'lib/model 00/thumb.jpg',
  'lib/Ζωή/Αθήνα/φωτο.heic',
  'lib/ユキ/夏/🌊 wave.mp4',
  'lib/a+b %#?/p/x.png',
  'lib/root-file.jpg',
  'lib/zz-root.txt',
  'lib/model 07/',
  'outside/prefix/ignored.jpg',
];
const UNDER_ROOT = KEYS.filter((k) => k.startsWith('lib/')).sort();

async function collect(client: S3Client, bucket: string, strategy: ListStrategy, pageSize = 7, ramp?: { windowMs: number; minPages: number; gain: number }) {
  const keys: string[] = [];
  const result = await listBucket({
    client,
    bucket,
    prefix: 'lib/',
    pageSize,
    concurrency: 4,
    strategy,
    ramp,
    onPage: (page: ListedObject[]) => void keys.push(...page.map((o) => o.key)),
  });
  return { result, keys: [...new Set(keys)].sort(), total: keys.length };
}

describe.each(stores('moto', 'spaces(moto) virtual-hosted'))('prefix listing on $kind (moto answers delimiter listings fully)', ({ kind, skip }) => {
  let store: StoreUnderTest;
  let client: S3Client;
  const bucket = 'listing';

  beforeAll(async () => {
    if (skip) return;
    store = await startStore(kind, { bucket });
    // Keys are arranged straight on moto; the lister lists through the store.
    await putKeys(store.admin, bucket, KEYS);
    client = createS3Client(store.connection());
  });
  afterAll(async () => {
    client?.destroy();
    store?.checkAppTraffic();
    await store?.close();
  });

  it.skipIf(skip)('takes the concurrent prefix path and sees every key under the root prefix exactly once', async () => {
    const { result, keys, total } = await collect(client, bucket, 'prefixes');
    expect(result.strategy).toBe('prefixes');
    expect(result.prefixes).toBe(27); // 24 models, Ζωή, ユキ, 'a+b %#?'
    expect(keys).toEqual(UNDER_ROOT);
    expect(total).toBe(UNDER_ROOT.length);
    expect(result.pages).toBeGreaterThanOrEqual(UNDER_ROOT.length / 7); // pages of 7
  });

  it.skipIf(skip)('splits the remaining work when a worker runs out, one page at a time, and still sees each key once', async () => {
    // Page size 1: every range is many requests, so idle workers split running ranges many times.
    const { result, keys, total } = await collect(client, bucket, 'prefixes', 1);
    expect(result.strategy).toBe('prefixes');
    expect(keys).toEqual(UNDER_ROOT);
    expect(total).toBe(UNDER_ROOT.length);
  });

  it.skipIf(skip)('auto: grows the ranges in flight step by step, and steps back down handing ranges over, without losing or repeating a key', async () => {
    // gain 0: every step counts as faster, so the pace doubles to the most (4) a page at a time.
    const growing = await collect(client, bucket, 'auto', 1, { windowMs: 0, minPages: 1, gain: 0 });
    expect(growing.result.strategy).toBe('prefixes');
    expect(growing.keys).toEqual(UNDER_ROOT);
    expect(growing.total).toBe(UNDER_ROOT.length);
    // gain ∞: the second step is never fast enough, so the pace goes back to one and a worker hands its range back.
    const stepping = await collect(client, bucket, 'auto', 1, { windowMs: 0, minPages: 1, gain: Infinity });
    expect(stepping.keys).toEqual(UNDER_ROOT);
    expect(stepping.total).toBe(UNDER_ROOT.length);
  });

  it.skipIf(skip)('agrees with the flat listing', async () => {
    expect((await collect(client, bucket, 'flat')).keys).toEqual(UNDER_ROOT);
  });

  it.skipIf(skip)('with full pages too, and an empty bucket lists as empty (after the flat check)', async () => {
    const { result, keys } = await collect(client, bucket, 'prefixes', 1000);
    expect(keys).toEqual(UNDER_ROOT);
    expect(result.objects).toBe(UNDER_ROOT.length);
    await createBucket(store.admin, 'empty');
    const empty = await collect(client, 'empty', 'auto');
    expect(empty).toMatchObject({ keys: [], result: { strategy: 'flat', objects: 0, pages: 1 } }); // the flat page, after the delimiter one
  });

  it.skipIf(skip)('syncs a profile with a root prefix through the prefix path', async () => {
    const core = testCore();
    try {
      const id = insertProfile(core.database, { endpoint: store.endpoint, bucket, rootPrefix: 'lib/', pathStyle: store.pathStyleChoice, accessKeyId: store.accessKeyId });
      await core.credentials.set(id, store.secretAccessKey);
      const result = await core.sync.run(getProfile(core.database.db, id)!, { pageSize: 10, concurrency: 4, strategy: 'prefixes' });
      expect(result).toMatchObject({ status: 'completed', strategy: 'prefixes', objects: UNDER_ROOT.length, unclassified: 2 });
      const indexed = core.database.db.select({ key: objects.key }).from(objects).where(eq(objects.profileId, id)).all().map((r) => r.key).sort();
      expect(indexed).toEqual(UNDER_ROOT);
      expect(result.models).toBe(27);
    } finally {
      core.cleanup();
    }
  });
});

describe('prefix listing on s3rver (incomplete delimiter answers)', () => {
  let s3: LocalS3;
  let client: S3Client;

  beforeAll(async () => {
    s3 = await startS3rver('listing');
    client = clientFor(localConnection(s3.endpoint, 'listing'));
    await putKeys(client, 'listing', KEYS);
  });
  afterAll(async () => {
    client?.destroy();
    await s3?.close();
  });

  it('backs off on 503 SlowDown and completes the listing', async () => {
    // A proxy that throttles the first three requests the way Spaces does, then forwards.
    const { createServer, request } = await import('node:http');
    const upstream = new URL(s3.endpoint);
    let throttled = 0;
    const proxy = createServer((req, res) => {
      if (throttled < 3) {
        throttled++;
        res.writeHead(503, { 'content-type': 'application/xml' });
        res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>');
        return;
      }
      const forward = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const port = (proxy.address() as { port: number }).port;
    // maxAttempts 1: the SDK gives up at once, so the lister's own backoff is what is tested.
    const throttledClient = createS3Client(localConnection(`http://127.0.0.1:${port}`, 'listing'), { maxAttempts: 1 });
    try {
      const { keys } = await collect(throttledClient, 'listing', 'flat', 50);
      expect(throttled).toBe(3);
      expect(keys).toEqual(UNDER_ROOT);
    } finally {
      throttledClient.destroy();
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('cuts at the prefixes the incomplete delimiter answer names and still lists every key exactly once', async () => {
    for (const pageSize of [1, 7, 1000]) {
      const { result, keys, total } = await collect(client, 'listing', 'prefixes', pageSize);
      // s3rver names only 'model 00/' and 'model 07/' (they hold an object directly); 25 other prefixes are missing.
      expect(result).toMatchObject({ strategy: 'prefixes', prefixes: 2 });
      expect(keys).toEqual(UNDER_ROOT);
      expect(total).toBe(UNDER_ROOT.length);
    }
  });
});
