/**
 * Runs an upload in its own process and SIGKILLs itself once KILL_AFTER_PARTS
 * parts are journaled — a real crash mid-multipart for the resume test.
 * Env: DB, ENDPOINT, BUCKET, PATH_STYLE (path|virtual), SPACES_KEY, SPACES_SECRET, FILE, MODEL, POST, KILL_AFTER_PARTS.
 */
import { createCore } from '../../../src/main/core/core';
import { memoryLogger } from '../../../src/main/core/logger';
import { insertProfile } from '../../fixtures/database';
import { resolveLocalhostSubdomains } from '../../fixtures/localhost-dns';

// The Spaces stand-in is reached virtual-hosted at BUCKET.localhost.
resolveLocalhostSubdomains();

const env = process.env;
const killAfter = Number(env.KILL_AFTER_PARTS);
const core = createCore({
  dataDir: env.DATA_DIR!,
  dbPath: env.DB!,
  log: memoryLogger(),
  credentials: { get: async () => null, set: async () => undefined, delete: async () => false },
  env: { SPACES_KEY: env.SPACES_KEY, SPACES_SECRET: env.SPACES_SECRET },
  uploads: {
    partSize: 5 * 1024 * 1024,
    partsPerFile: 1,
    concurrency: 1,
    onPartJournaled: (_id, _part, done) => {
      if (done >= killAfter) process.kill(process.pid, 'SIGKILL');
    },
  },
});
const profileId = insertProfile(core.database, { id: 'child', endpoint: env.ENDPOINT!, bucket: env.BUCKET!, pathStyle: env.PATH_STYLE === 'virtual' ? 'virtual' : 'path', accessKeyId: env.SPACES_KEY! });
await core.uploads.enqueue({ profileId, target: { model: env.MODEL!, post: env.POST! }, paths: [env.FILE!] });
await new Promise((r) => setTimeout(r, 60_000));
console.error('child was not killed');
process.exit(3);
