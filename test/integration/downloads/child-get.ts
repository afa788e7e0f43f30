/**
 * Runs `get` in its own process and SIGKILLs itself once KILL_AFTER_CHUNKS
 * chunks are journaled — a real crash half way through a download, for the
 * resume tests. Env: DATA_DIR, DB, PROFILE_ID (a profile row the test made),
 * SPACES_KEY, SPACES_SECRET, TARGET (key or prefix), TO, CHUNK_SIZE, KILL_AFTER_CHUNKS.
 */
import { createCore } from '../../../src/main/core/core';
import { getObjects } from '../../../src/main/core/downloads/get';
import { memoryLogger } from '../../../src/main/core/logger';
import { getProfile } from '../../../src/main/core/repositories/profiles';
import { resolveLocalhostSubdomains } from '../../fixtures/localhost-dns';

// The Spaces stand-in is reached virtual-hosted at BUCKET.localhost.
resolveLocalhostSubdomains();

const env = process.env;
const killAfter = Number(env.KILL_AFTER_CHUNKS);
const core = createCore({
  dataDir: env.DATA_DIR!,
  dbPath: env.DB!,
  log: memoryLogger(),
  credentials: { get: async () => null, set: async () => undefined, delete: async () => false },
  env: { SPACES_KEY: env.SPACES_KEY, SPACES_SECRET: env.SPACES_SECRET },
  downloads: {
    chunkSize: Number(env.CHUNK_SIZE),
    concurrency: 1,
    filesAtOnce: 1,
    onChunkJournaled: (_id, _chunk, done) => {
      if (done >= killAfter) process.kill(process.pid, 'SIGKILL');
    },
  },
});
const profile = getProfile(core.database.db, env.PROFILE_ID!)!;
const pooled = await core.clients.get(profile, 'download');
await getObjects({ db: core.database.db, downloads: core.downloads, profileId: profile.id, pooled }, env.TARGET!, env.TO!);
console.error('child was not killed');
process.exit(3);
