/**
 * `npm run demo`: an embedded local S3 server (s3rver, in-process) seeded
 * with the generated sample library, a "Demo library" profile pointing at
 * it, and an index built from it — a populated library without an account.
 * s3rver is a dependency (the demo ships with the app) kept out of the
 * bundle: it is imported by name at run time, only when the demo starts.
 */
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type S3rverType from 's3rver';
import { join } from 'node:path';
import pLimit from 'p-limit';
import type { Core } from '../core';
import { profiles } from '../db/schema';
import { createS3Client } from '../s3/client';
import { sampleLibrary, type SampleObject, type SampleOptions } from './sample-library';
import { getProfile } from '../repositories/profiles';

export const DEMO_PROFILE_ID = 'demo';
export const DEMO_BUCKET = 'demo-media';
/** s3rver's fixed credentials (it does not verify signatures). */
export const DEMO_KEY = 'S3RVER';

export interface LocalS3Server {
  endpoint: string;
  close(): Promise<void>;
}

/** s3rver on 127.0.0.1 with its files in `directory` (kept between runs). */
export async function startEmbeddedS3(directory: string, bucket = DEMO_BUCKET, port = 0): Promise<LocalS3Server> {
  const moduleName = 's3rver';
  let S3rver: typeof S3rverType;
  try {
    S3rver = ((await import(/* @vite-ignore */ moduleName)) as { default: typeof S3rverType }).default;
  } catch (error) {
    throw new Error('The demo needs the s3rver package: run `npm install` in the project folder.', { cause: error });
  }
  const server = new S3rver({ port, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    close: async () => {
      const closing = server.close();
      // Streaming players and keep-alive clients would hold the server open for minutes.
      (server as unknown as { httpServer?: Server }).httpServer?.closeAllConnections();
      await closing;
    },
  };
}

/** Uploads the sample objects the bucket does not hold yet. */
export async function seedBucket(client: S3Client, bucket: string, objects: SampleObject[], concurrency = 8): Promise<number> {
  await client.send(new CreateBucketCommand({ Bucket: bucket })).catch(() => undefined);
  const existing = await client.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1 }));
  if ((existing.KeyCount ?? 0) > 0) return 0;
  const limit = pLimit(concurrency);
  await Promise.all(
    objects.map((o) =>
      limit(async () => client.send(new PutObjectCommand({ Bucket: bucket, Key: o.key, Body: await o.body(), ContentType: o.contentType }))),
    ),
  );
  return objects.length;
}

/** Creates (or re-points) the demo profile at `endpoint` and makes it active. */
export async function ensureDemoProfile(core: Core, endpoint: string): Promise<string> {
  const now = Date.now();
  const { db } = core.database;
  db.transaction((tx) => {
    tx.update(profiles).set({ active: false }).run();
    tx.insert(profiles)
      .values({
        id: DEMO_PROFILE_ID,
        name: 'Demo library',
        endpoint,
        region: 'us-east-1',
        bucket: DEMO_BUCKET,
        pathStyle: 'path',
        cdnMode: 'none',
        accessKeyId: DEMO_KEY,
        active: true,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({ target: profiles.id, set: { endpoint, active: true, updatedAt: now } })
      .run();
  });
  try {
    await core.credentials.set(DEMO_PROFILE_ID, DEMO_KEY);
  } catch (error) {
    // The demo's secret is public; without a keychain the env override (SPACES_SECRET) serves.
    if (!core.env.SPACES_SECRET) throw error;
    core.log.warn('demo: keychain unavailable, using the environment override', error);
  }
  return DEMO_PROFILE_ID;
}

export interface DemoLibrary {
  endpoint: string;
  profileId: string;
  seeded: number;
  indexed: { objects: number; media: number };
  /** Stops the embedded server (the app goes offline; the index stays). */
  stop(): Promise<void>;
}

/** Starts the server, seeds it once, creates the profile, indexes, queues thumbnails. */
export async function startDemoLibrary(core: Core, options: { directory?: string; sample?: SampleOptions; port?: number } = {}): Promise<DemoLibrary> {
  const server = await startEmbeddedS3(options.directory ?? join(core.info.dataDir, 'demo-bucket'), DEMO_BUCKET, options.port);
  const client = createS3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    bucket: DEMO_BUCKET,
    forcePathStyle: true,
    accessKeyId: DEMO_KEY,
    secretAccessKey: DEMO_KEY,
    rootPrefix: '',
  });
  try {
    const seeded = await seedBucket(client, DEMO_BUCKET, sampleLibrary(options.sample));
    const profileId = await ensureDemoProfile(core, server.endpoint);
    // The real sync, as a person's first sync would run (it emits library:changed).
    const result = await core.sync.run(getProfile(core.database.db, profileId)!);
    const indexed = { objects: result.objects, media: result.media };
    await core.network.check();
    core.thumbnails.prefetch(profileId);
    return { endpoint: server.endpoint, profileId, seeded, indexed, stop: () => server.close() };
  } finally {
    client.destroy();
  }
}
