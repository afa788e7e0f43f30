import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CoreOptions } from '../../../src/main/core/core';
import { testCore, type TestCore } from '../../fixtures/core';
import { insertProfile } from '../../fixtures/database';
import { createMotoUsers, type IamKey } from '../../fixtures/moto-iam';

export interface Server {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The profile's addressing; path style unless a store under test says otherwise. */
  pathStyleChoice?: 'path' | 'virtual';
}

/** A real core whose active profile points at `server` (keys via SPACES_KEY/SPACES_SECRET). */
export function uploadCore(server: Server, uploads: CoreOptions['uploads'] = {}, dbPath?: string): TestCore & { profileId: string } {
  const core = testCore({
    env: { SPACES_KEY: server.accessKeyId, SPACES_SECRET: server.secretAccessKey },
    uploads: { partSize: 5 * 1024 * 1024, progressIntervalMs: 20, ...uploads },
    ...(dbPath ? { dbPath } : {}),
  });
  const profileId = insertProfile(core.database, { endpoint: server.endpoint, bucket: server.bucket, pathStyle: server.pathStyleChoice ?? 'path', accessKeyId: server.accessKeyId });
  return Object.assign(core, { profileId });
}

export function rawClient(server: Server): S3Client {
  return new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export async function createBucket(server: Server): Promise<void> {
  const client = rawClient(server);
  await client.send(new CreateBucketCommand({ Bucket: server.bucket }));
  client.destroy();
}

/** Writes random bytes to dir/rel (creating folders) and returns the bytes. */
export function writeRandom(dir: string, rel: string, size: number): Buffer {
  const bytes = randomBytes(size);
  const path = join(dir, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return bytes;
}

/** Counts S3 requests by command name (UploadPartCommand…) at the client. */
export function countRequests(client: S3Client): Map<string, number> {
  const counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? '?';
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  return counts;
}

/** An admin access key on a moto server in auth mode (start it with authActions: 3); the bucket is made with it. */
export function motoAdminKey(endpoint: string, bucket: string): IamKey {
  return createMotoUsers(endpoint, bucket).admin;
}
