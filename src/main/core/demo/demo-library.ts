/**
 * `npm run demo`: the generated sample library as files in the demo's data
 * directory, served by a small read-only S3 server in a process of its own
 * (read-only-s3.ts, demo-process.ts) on 127.0.0.1 with a credential made for
 * this run; a "Demo library" profile pointing at it, and an index built
 * from it by the real sync — a populated library without an account. The
 * demo cannot be written to (uploads and access changes say so).
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import pLimit from 'p-limit';
import type { Core } from '../core';
import { profiles } from '../db/schema';
import { getProfile } from '../repositories/profiles';
import { demoCredential, type StartDemoServer } from './demo-process';
import { sampleLibrary, type SampleObject, type SampleOptions } from './sample-library';
import type { Credential } from './sigv4-verify';

export const DEMO_PROFILE_ID = 'demo';
export const DEMO_BUCKET = 'demo-media';

/** Writes the sample objects as files under `root` once; a marker beside it says they are complete. */
export async function writeSampleFiles(root: string, objects: SampleObject[], concurrency = 8): Promise<number> {
  const marker = `${root}.complete`;
  if (existsSync(marker)) return 0;
  rmSync(root, { recursive: true, force: true });
  const limit = pLimit(concurrency);
  await Promise.all(
    objects.map((o) =>
      limit(async () => {
        // The generator's own keys (plain names, no dots or separators of their own).
        const path = join(root, ...o.key.split('/'));
        mkdirSync(dirname(path), { recursive: true });
        await writeFile(path, await o.body());
      }),
    ),
  );
  writeFileSync(marker, `${objects.length}\n`);
  return objects.length;
}

/** Creates (or re-points) the demo profile at `endpoint` with this run's credential and makes it active. */
export async function ensureDemoProfile(core: Core, endpoint: string, credential: Credential): Promise<string> {
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
        accessKeyId: credential.accessKeyId,
        active: true,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({ target: profiles.id, set: { endpoint, accessKeyId: credential.accessKeyId, active: true, updatedAt: now } })
      .run();
  });
  // The app's worker gets the run's credential in its environment (no keychain needed); other hosts store it.
  if (core.env.SPACES_SECRET !== credential.secretAccessKey) await core.credentials.set(DEMO_PROFILE_ID, credential.secretAccessKey);
  return DEMO_PROFILE_ID;
}

export interface DemoLibrary {
  endpoint: string;
  profileId: string;
  seeded: number;
  indexed: { objects: number; media: number };
  credential: Credential;
  /** Stops the server process (the app goes offline; the index stays). */
  stop(): Promise<void>;
}

export interface DemoOptions {
  /** How the host starts the server process (Electron: a utilityProcess; Node: a child). */
  start: StartDemoServer;
  /** The folder of the bucket's files; default: demo-files/demo-media in the data directory. */
  directory?: string;
  sample?: SampleOptions;
  /** This run's credential (the app's main makes it and gives the worker the same); default: a new one. */
  credential?: Credential;
}

/** Writes the files once, starts the server, points the profile at it, indexes, queues thumbnails. */
export async function startDemoLibrary(core: Core, options: DemoOptions): Promise<DemoLibrary> {
  const root = options.directory ?? join(core.info.dataDir, 'demo-files', DEMO_BUCKET);
  const seeded = await writeSampleFiles(root, sampleLibrary(options.sample));
  const credential = options.credential ?? demoCredential();
  const server = await options.start({ root, bucket: DEMO_BUCKET, credential });
  try {
    const profileId = await ensureDemoProfile(core, server.endpoint, credential);
    // The real sync, as a person's first sync would run (it emits library:changed).
    const result = await core.sync.run(getProfile(core.database.db, profileId)!);
    await core.network.check();
    core.thumbnails.prefetch(profileId);
    return { endpoint: server.endpoint, profileId, seeded, indexed: { objects: result.objects, media: result.media }, credential, stop: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
