/**
 * Crash trials, uploads: `spaces-media upload` is SIGKILLed at a random
 * moment (a random time, or the moment the proxy receives a random one of
 * its requests, so kills land between a request being applied and its
 * answer being journaled), then `upload --resume` finishes the batch (or,
 * when the kill came before the batch was journaled, the same upload runs
 * again). After each kill and after each resume: SQLite's integrity check
 * is ok; every file is on the server byte-identical (read back and hashed),
 * once (no "(2)" copies, nothing extra); no multipart upload is left open;
 * no part the server had acknowledged before the kill is sent again (parts
 * counted at the proxy, acknowledged ones listed with ListParts); the index
 * holds every uploaded object as the server lists it. On moto: s3rver has
 * neither ListParts nor ListMultipartUploads.
 */
import { ListPartsCommand } from '@aws-sdk/client-s3';
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/shared/seeded-random';
import { deleteKeys } from '../fixtures/bucket';
import { startFaultProxy, type FaultProxy } from '../fixtures/fault-proxy';
import { motoAvailability, startMoto, type MotoServer } from '../fixtures/moto';
import { tempDir } from '../fixtures/temp';
import { createBucket } from '../integration/uploads/setup';
import { checkBucket } from './support/bucket-check';
import { cliBuilt, cliConnection, runCliChild, startCli, type CliResult } from './support/cli-child';
import { recordFigures } from './support/figures';
import { directClient, indexListing, integrityCheck, listingDiff, serverListing, type ServerAccess } from './support/index-check';
import { writeFileSet } from './support/local-files';
import { runSeed, scaled } from './support/scale';

const moto = motoAvailability();
if (!moto.ok) console.warn(`upload crash trials skipped: ${moto.reason}`);
if (!cliBuilt()) console.warn('upload crash trials skipped: the CLI is not built (npm test and npm run reliability build it; or npm run build)');
const TRIALS = scaled(24, 3);
const seed = runSeed();

interface JournalRow {
  key: string;
  state: string;
  uploadId: string | null;
}

function journal(dbPath: string, prefix: string): { rows: JournalRow[]; profileId: string | null } {
  if (!existsSync(dbPath)) return { rows: [], profileId: null };
  const sqlite = new Database(dbPath, { fileMustExist: true });
  try {
    const rows = sqlite
      .prepare<{ p: string }, JournalRow>('SELECT key, state, upload_id AS uploadId FROM uploads WHERE substr(key, 1, length(@p)) = @p')
      .all({ p: prefix });
    const profile = sqlite.prepare<[], { id: string }>('SELECT id FROM profiles LIMIT 1').get();
    return { rows, profileId: profile?.id ?? null };
  } catch (error) {
    // A kill before the migrations ran leaves a database without tables.
    if (String(error).includes('no such table')) return { rows: [], profileId: null };
    throw error;
  } finally {
    sqlite.close();
  }
}

/** Part numbers the server holds for each upload id (what it has acknowledged). */
async function serverParts(server: ServerAccess, rows: JournalRow[]): Promise<Set<string>> {
  const client = directClient(server);
  const held = new Set<string>();
  try {
    for (const row of rows) {
      if (!row.uploadId) continue;
      const parts = await client.send(new ListPartsCommand({ Bucket: server.bucket, Key: row.key, UploadId: row.uploadId })).catch(() => null);
      for (const p of parts?.Parts ?? []) held.add(`${row.uploadId}#${p.PartNumber}`);
    }
  } finally {
    client.destroy();
  }
  return held;
}

describe.skipIf(!moto.ok || !cliBuilt())(`crash trials: spaces-media upload killed at random moments (${TRIALS} trials, seed ${seed})`, () => {
  let m: MotoServer;
  let server: ServerAccess;
  let proxy: FaultProxy;
  let dir: ReturnType<typeof tempDir>;
  let killAtRequest = 0;
  let onKillRequest: (() => void) | null = null;
  beforeAll(async () => {
    m = await startMoto();
    server = { endpoint: m.endpoint, bucket: 'media', accessKeyId: 'testing', secretAccessKey: 'testing' };
    await createBucket(server);
    // No faults: the proxy counts part PUTs and, for some trials, is where the kill is triggered.
    proxy = await startFaultProxy(server.endpoint, {
      seed,
      rates: {},
      plan: (r) => {
        if (r.n === killAtRequest) onKillRequest?.();
        return null;
      },
    });
    dir = tempDir('crash-upload-');
  });
  afterAll(async () => {
    await proxy?.close();
    await m?.close();
    dir?.cleanup();
  });

  it('resumes from the journal after every kill without re-sending acknowledged parts, duplicating objects or leaving uploads open', async () => {
    const random = seededRandom(seed);
    const { dbPath, args: connection, env } = cliConnection(server, proxy.endpoint, dir.path);
    const figures = { trials: 0, killedMidRun: 0, killedByTime: 0, killedAtRequest: 0, notJournaled: 0, resumed: 0, partsResentAfterAck: 0, partsReused: 0, partsSentOnResume: 0, bytesVerified: 0, filesVerified: 0 };
    let span = 0;
    let requestsPerRun = 0;

    for (let trial = 0; trial <= TRIALS; trial++) {
      const post = `trial ${trial}`;
      const prefix = `crash/${post}/`;
      const files = writeFileSet(join(dir.path, post), 8, 2, random, [17, 40]);
      const upload = ['upload', join(dir.path, post), '--to', `crash/${post}`, '--json', '--concurrency', '4', ...connection];
      const mark = proxy.log.length;
      if (trial === 0) {
        // Calibration: an uncut run of the same shape says how long a run takes and how many requests it makes.
        const uncut = await runCliChild(upload, env);
        expect(uncut.code, uncut.stderr).toBe(0);
        span = uncut.ms;
        requestsPerRun = proxy.log.length - mark;
        continue;
      }
      const byRequest = trial % 2 === 0;
      const run = startCli(upload, env);
      let timer: NodeJS.Timeout | undefined;
      if (byRequest) {
        killAtRequest = mark + 1 + Math.floor(random() * requestsPerRun);
        onKillRequest = () => run.kill();
      } else {
        timer = setTimeout(() => run.kill(), random() * span);
      }
      const killed: CliResult = await run.result;
      clearTimeout(timer);
      onKillRequest = null;
      const label = `trial ${trial} (${byRequest ? `kill at request ${killAtRequest - mark}/${requestsPerRun}` : 'kill by time'})`;
      if (killed.signal === 'SIGKILL') {
        figures.killedMidRun++;
        if (byRequest) figures.killedAtRequest++;
        else figures.killedByTime++;
      } else expect(killed.code, `${label}: ${killed.stderr}`).toBe(0);

      if (existsSync(dbPath)) expect(integrityCheck(dbPath), label).toBe('ok');
      const journaled = journal(dbPath, prefix);
      const heldAtKill = await serverParts(server, journaled.rows);
      const resumeMark = proxy.log.length;
      let finish: CliResult;
      if (journaled.rows.length === 0) {
        figures.notJournaled++;
        finish = await runCliChild(upload, env);
      } else {
        figures.resumed++;
        finish = await runCliChild(['upload', '--resume', '--json', ...connection], env);
      }
      expect(finish.code, `${label}: finishing run: ${finish.stderr}`).toBe(0);

      const resent = proxy.log.slice(resumeMark).filter((r) => r.op === 'UploadPart');
      const again = resent.filter((r) => heldAtKill.has(`${r.uploadId}#${r.partNumber}`));
      expect(again.map((r) => `${r.key} part ${r.partNumber}`), `${label}: acknowledged parts sent again`).toEqual([]);
      figures.partsSentOnResume += resent.length;
      figures.partsReused += heldAtKill.size;

      const verdict = await checkBucket(server, prefix, files, { listUploads: true });
      expect(verdict.wrong, label).toEqual([]);
      expect(verdict.unexpected, `${label}: objects no file accounts for`).toEqual([]);
      expect(verdict.openUploads, `${label}: multipart uploads left open`).toEqual([]);
      expect(integrityCheck(dbPath), label).toBe('ok');
      const { profileId } = journal(dbPath, prefix);
      const sqlite = new Database(dbPath, { readonly: true });
      const indexed = new Map([...indexListing(sqlite, profileId!)].filter(([key]) => key.startsWith(prefix)));
      sqlite.close();
      expect(listingDiff(await serverListing(server, prefix), indexed), `${label}: index`).toEqual([]);

      figures.trials++;
      figures.filesVerified += verdict.verified;
      figures.bytesVerified += verdict.bytesVerified;
      // Keep moto's memory flat: this trial's objects are checked; remove them.
      const client = directClient(server);
      await deleteKeys(client, server.bucket, files.map((f) => `${prefix}${f.rel}`));
      client.destroy();
    }
    expect(figures.killedMidRun).toBeGreaterThan(0);
    recordFigures('crash-upload', { seed, ...figures, failures: 0 });
  });
});
