/**
 * A process that fills the thumbnail cache the way the app does: from the
 * bucket (ensure) and, for files it has a local copy of, from the local
 * file as after an upload (fromLocalFile, which writes even a thumbnail
 * already cached). The crash trials SIGKILL it at random moments.
 * argv: a JSON file with { dataDir, endpoint, bucket, accessKeyId, secretAccessKey, targets: [{ key, etag, local? }] }.
 */
import { readFileSync } from 'node:fs';
import { createCore } from '../../../src/main/core/core';
import { memoryLogger } from '../../../src/main/core/logger';
import { insertProfile } from '../../fixtures/database';

interface Job {
  dataDir: string;
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  targets: { key: string; etag: string; local?: string }[];
}

const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Job;
const core = createCore({
  dataDir: job.dataDir,
  log: memoryLogger(),
  credentials: { get: async () => null, set: async () => undefined, delete: async () => false },
  env: { SPACES_KEY: job.accessKeyId, SPACES_SECRET: job.secretAccessKey },
});
const profileId =
  core.database.sqlite.prepare<[], { id: string }>('SELECT id FROM profiles LIMIT 1').get()?.id ??
  insertProfile(core.database, { endpoint: job.endpoint, bucket: job.bucket, pathStyle: 'path', accessKeyId: job.accessKeyId });
const results = await Promise.allSettled(
  job.targets.map((t) => (t.local ? core.thumbnails.fromLocalFile({ profileId, key: t.key, etag: t.etag }, t.local) : core.thumbnails.ensure({ profileId, key: t.key, etag: t.etag }))),
);
const failed = results.filter((r) => r.status === 'rejected');
core.close();
process.stdout.write(`${JSON.stringify({ made: results.length - failed.length, failed: failed.map((f) => String((f as PromiseRejectedResult).reason)) })}\n`);
