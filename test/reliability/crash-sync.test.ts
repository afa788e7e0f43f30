/**
 * Crash trials, sync: the `spaces-media sync` process is SIGKILLed at a
 * random moment (from start-up and migrations on a fresh index to the last
 * page and the sweep) while the bucket changes between trials. After each
 * kill: SQLite's integrity check is ok, every index row is either as it was
 * or as the server has it now, the aggregates agree with the rows; the next
 * run converges to exactly the server's listing and records the killed run
 * as stopped.
 */
import Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/shared/seeded-random';
import { benchKeys } from '../fixtures/library-layout';
import { startS3rver, type LocalS3 } from '../fixtures/s3rver';
import { tempDir } from '../fixtures/temp';
import { churnBucket } from './support/bucket-churn';
import { cliBuilt, cliConnection, killAfter, runCliChild } from './support/cli-child';
import { recordFigures } from './support/figures';
import { aggregateDrift, indexListing, integrityCheck, listingDiff, serverListing, type ListedRow } from './support/index-check';
import { runSeed, scaled } from './support/scale';

const TRIALS = scaled(24, 3);
const OBJECTS = scaled(10_000, 1_500);
const seed = runSeed();

/** The one profile the CLI made for the ad-hoc connection, read from the index file. */
function readIndex(dbPath: string): { profileId: string | null; rows: Map<string, ListedRow>; drift: string[]; running: number } {
  const sqlite = new Database(dbPath, { fileMustExist: true });
  try {
    // A kill between SQLite creating the file and the first migration committing leaves a file with no tables: no index yet.
    const migrated = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'profiles'").get() !== undefined;
    const profile = migrated ? sqlite.prepare<[], { id: string }>('SELECT id FROM profiles LIMIT 1').get() : undefined;
    if (!profile) return { profileId: null, rows: new Map(), drift: [], running: 0 };
    const running = sqlite.prepare<[], { n: number }>("SELECT count(*) AS n FROM sync_runs WHERE status = 'running'").get()!.n;
    return { profileId: profile.id, rows: indexListing(sqlite, profile.id), drift: aggregateDrift(sqlite, profile.id), running };
  } finally {
    sqlite.close();
  }
}

describe.skipIf(!cliBuilt())(`crash trials: spaces-media sync killed at random moments (${TRIALS} trials, ${OBJECTS} objects, seed ${seed})`, () => {
  let s3: LocalS3;
  let dir: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    s3 = await startS3rver('media', { objects: benchKeys(OBJECTS) });
    dir = tempDir('crash-sync-');
  });
  afterAll(async () => {
    await s3?.close();
    dir?.cleanup();
  });

  it('leaves an intact index after every kill, and the next run converges exactly', async () => {
    const random = seededRandom(seed);
    const { dbPath, args: connection, env } = cliConnection(s3, s3.endpoint, dir.path);
    const args = ['sync', '--json', '--confirm-deletes', ...connection];
    const first = await runCliChild(args, env);
    expect(first.code, first.stderr).toBe(0);
    // How long an uncut run with a few changes takes here (the last one): kills are spread over it.
    let span = (await runCliChild(args, env)).ms;
    const figures = { trials: 0, killedMidRun: 0, finishedBeforeKill: 0, freshIndex: 0, killedBeforeIndexFile: 0, objectsChecked: 0 };

    for (let trial = 1; trial <= TRIALS; trial++) {
      // Every fifth trial starts from no index at all: the kill may land in start-up and migrations.
      if (trial % 5 === 0) {
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
        figures.freshIndex++;
      }
      const listedBefore = await serverListing(s3);
      await churnBucket(s3, listedBefore, random, 0.01);
      const now = await serverListing(s3);
      const before = trial % 5 === 0 ? new Map<string, ListedRow>() : readIndex(dbPath).rows;

      const at = random() * span * 1.1;
      const killed = await killAfter(args, env, at);
      if (killed.killed) figures.killedMidRun++;
      else {
        expect(killed.code, killed.stderr).toBe(0);
        figures.finishedBeforeKill++;
      }

      const label = `trial ${trial} (kill at ${Math.round(at)} ms)`;
      // The index file does not exist yet if the kill came before the database was opened.
      let after = { profileId: null as string | null, rows: new Map<string, ListedRow>(), drift: [] as string[], running: 0 };
      if (existsSync(dbPath)) {
        expect(integrityCheck(dbPath), label).toBe('ok');
        after = readIndex(dbPath);
      } else {
        expect(trial % 5, `${label}: the index file vanished from an existing index`).toBe(0);
        figures.killedBeforeIndexFile++;
      }
      const neither = [...after.rows].filter(([key, row]) => ![before.get(key), now.get(key)].some((r) => r && r.etag === row.etag && r.size === row.size && r.lastModified === row.lastModified));
      expect(neither.map(([key]) => key), `${label}: rows neither old nor new`).toEqual([]);
      expect(after.drift, `${label}: aggregates`).toEqual([]);

      const next = await runCliChild(args, env);
      expect(next.code, `${label}: next run: ${next.stderr}`).toBe(0);
      span = next.ms;
      expect(JSON.parse(next.stdout)).toMatchObject({ objects: now.size });
      const converged = readIndex(dbPath);
      expect(listingDiff(now, converged.rows), `${label}: next run`).toEqual([]);
      expect(converged.drift, `${label}: aggregates after the next run`).toEqual([]);
      expect(converged.running, `${label}: a run left 'running'`).toBe(0);
      expect(integrityCheck(dbPath), label).toBe('ok');
      figures.trials++;
      figures.objectsChecked += now.size;
    }
    expect(figures.killedMidRun).toBeGreaterThan(0);
    recordFigures('crash-sync', { seed, objects: OBJECTS, ...figures, failures: 0 });
  });
});
