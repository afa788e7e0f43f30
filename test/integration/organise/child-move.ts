/**
 * Runs a rename of a post in its own process and SIGKILLs itself once
 * KILL_AFTER_COPIES copies are journaled — before any source is deleted: a
 * real crash between copy and delete, for the kill test.
 * Env: DATA_DIR, DB, ENDPOINT, BUCKET, SPACES_KEY, SPACES_SECRET, MODEL, POST, NAME, KILL_AFTER_COPIES.
 */
import { createCore } from '../../../src/main/core/core';
import { memoryLogger } from '../../../src/main/core/logger';
import { getProfile } from '../../../src/main/core/repositories/profiles';
import { insertProfile } from '../../fixtures/database';

const env = process.env;
const killAfter = Number(env.KILL_AFTER_COPIES);
const core = createCore({
  dataDir: env.DATA_DIR!,
  dbPath: env.DB!,
  log: memoryLogger(),
  credentials: { get: async () => null, set: async () => undefined, delete: async () => false },
  env: { SPACES_KEY: env.SPACES_KEY, SPACES_SECRET: env.SPACES_SECRET },
  // One request at a time: the copies are journaled in order and no delete has started when it dies.
  organise: {
    concurrency: 1,
    onCopied: (_batch, copied) => {
      if (copied >= killAfter) process.kill(process.pid, 'SIGKILL');
    },
  },
});
const id = insertProfile(core.database, { id: 'child', endpoint: env.ENDPOINT!, bucket: env.BUCKET!, pathStyle: 'path', accessKeyId: env.SPACES_KEY! });
const profile = getProfile(core.database.db, id)!;
await core.sync.run(profile);
await core.organise.rename(profile, { kind: 'post', model: env.MODEL!, post: env.POST! }, env.NAME!);
console.error('child was not killed');
process.exit(3);
