/**
 * Sync benchmark: fills a local s3rver (in a child process) with N objects
 * in a realistic layout, then measures in one run: our full sync into a
 * fresh index, our no-change re-sync, and `rclone lsf -R` over the same
 * bucket; prints the ratios, index rows written per second and our peak RSS.
 *
 *   npm run bench -- sync [--objects 100000] [--latency MS] [--concurrency 6] [--strategy auto|flat|prefixes] [--rounds N]
 *
 * --strategy may name several (auto,flat,prefixes): the full sync uses the first,
 * and every round runs a no-change sync with each, so they are compared on the
 * same load. auto (the app's default) finds how many range listings in flight
 * the server rewards; --concurrency is the most it tries (prefixes: exactly).
 *
 * --latency puts a proxy holding every request MS milliseconds in front of
 * the server (for rclone too), the way a remote Spaces endpoint behaves.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createCore } from '../src/main/core/core';
import { profiles } from '../src/main/core/db/schema';
import { createLogger } from '../src/main/core/logger';
import { getProfile } from '../src/main/core/repositories/profiles';
import type { ListStrategy } from '../src/main/core/sync/lister';

const { values } = parseArgs({
  options: {
    objects: { type: 'string', default: '100000' },
    latency: { type: 'string', default: '0' },
    concurrency: { type: 'string', default: '6' },
    strategy: { type: 'string', default: 'auto' },
    /** No-change syncs and rclone listings alternate this many times (medians reported): the machine is shared. */
    rounds: { type: 'string', default: '1' },
  },
});
const objects = Number(values.objects);
const bucket = 'bench';
const work = mkdtempSync(join(tmpdir(), 'bench-sync-'));

async function startServer(): Promise<{ endpoint: string; fillMs: number; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'support/s3rver-child.ts'), join(work, 's3'), bucket, String(objects), values.latency!],
    { stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
  );
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the S3 server child exited (${code})`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  return { ...(JSON.parse(line) as { endpoint: string; fillMs: number }), stop: () => child.kill() };
}

function rclone(endpoint: string): { ms: number; lines: number } {
  const env = { ...process.env };
  delete env.AWS_CA_BUNDLE; // rclone fails with LoadCustomCABundleError when it is set
  Object.assign(env, {
    RCLONE_CONFIG_BENCH_TYPE: 's3',
    RCLONE_CONFIG_BENCH_PROVIDER: 'Other',
    RCLONE_CONFIG_BENCH_ENDPOINT: endpoint,
    RCLONE_CONFIG_BENCH_ACCESS_KEY_ID: 'S3RVER',
    RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY: 'S3RVER',
    RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE: 'true',
  });
  const started = performance.now();
  const res = spawnSync('rclone', ['lsf', '-R', '--files-only', `bench:${bucket}`], { env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - started;
  if (res.status !== 0) throw new Error(`rclone failed: ${res.stderr || res.error?.message}`);
  return { ms, lines: res.stdout.split('\n').filter(Boolean).length };
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const server = await startServer();
try {
  console.log(`filled s3rver with ${objects.toLocaleString('en')} objects in ${fmt(server.fillMs)} (written to its on-disk store); latency ${values.latency} ms/request`);
  // The app's own core (its client pool, its sync service), keys from the environment as the CLI takes them.
  const core = createCore({ dataDir: work, log: createLogger(() => {}), env: { SPACES_KEY: 'S3RVER', SPACES_SECRET: 'S3RVER' } });
  const { database } = core;
  const now = Date.now();
  database.db
    .insert(profiles)
    .values({ id: 'bench', name: 'bench', endpoint: server.endpoint, region: 'us-east-1', bucket, pathStyle: 'path', accessKeyId: 'S3RVER', createdAt: now, updatedAt: now })
    .run();
  const service = core.sync;
  const profile = getProfile(database.db, 'bench')!;
  const strategies = values.strategy!.split(',') as ListStrategy[];
  const options = { concurrency: Number(values.concurrency), strategy: strategies[0] };

  const changesBefore = database.sqlite.prepare('SELECT total_changes() AS n').get() as { n: number };
  const full = await service.run(profile, options);
  const changesAfter = database.sqlite.prepare('SELECT total_changes() AS n').get() as { n: number };
  const rows = full.added + full.models + full.posts;
  console.log(
    `ours, full sync:      ${fmt(full.durationMs)}  ${full.objects.toLocaleString('en')} objects, ${full.pages} pages, strategy ${full.strategy} (${full.pace} in flight); ` +
      `${full.models} models, ${full.posts} posts; ${Math.round((rows * 1000) / full.durationMs).toLocaleString('en')} index rows/s ` +
      `(${(changesAfter.n - changesBefore.n).toLocaleString('en')} SQLite row changes incl. FTS and bookkeeping)`,
  );
  if (full.objects !== objects) throw new Error(`the sync saw ${full.objects} objects, the server holds ${objects}`);
  // Ours (no change) and rclone alternate, so both see the same load on a shared machine.
  const oursMs = new Map<ListStrategy, number[]>(strategies.map((st) => [st, []]));
  const peerMs: number[] = [];
  let peerLines = 0;
  for (let round = 0; round < Math.max(1, Number(values.rounds)); round++) {
    const ours: string[] = [];
    for (const strategy of strategies) {
      const again = await service.run(profile, { ...options, strategy });
      if (again.added + again.updated + again.removed !== 0) throw new Error('the no-change sync changed the index');
      oursMs.get(strategy)!.push(again.durationMs);
      ours.push(`${strategies.length > 1 ? `${strategy} (${again.strategy}) ` : ''}${fmt(again.durationMs)} (${again.pace} in flight)`);
    }
    const peer = rclone(server.endpoint);
    peerMs.push(peer.ms);
    peerLines = peer.lines;
    console.log(`round ${round + 1}: ours, no-change sync ${ours.join(', ')}; rclone lsf -R ${fmt(peer.ms)} (${peer.lines.toLocaleString('en')} keys)`);
  }
  const rssMb = process.resourceUsage().maxRSS / 1024;
  core.close();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const peerMedian = median(peerMs);
  if (peerLines !== objects) console.log(`  (rclone listed ${peerLines} keys, expected ${objects})`);
  console.log(`ratio full (${strategies[0]})/rclone ${(full.durationMs / peerMedian).toFixed(2)} (target ≤ 1.00)`);
  for (const [strategy, ms] of oursMs) {
    const oursMedian = median(ms);
    const label = strategies.length > 1 ? ` [${strategy}]` : '';
    console.log(`ours, no-change sync (median)${label}: ${fmt(oursMedian)}; rclone lsf -R (median): ${fmt(peerMedian)}`);
    console.log(`ratio${label} no-change/rclone ${(oursMedian / peerMedian).toFixed(2)} (target ≤ 1.00)`);
  }
  console.log(`peak RSS (this process: SDK, SQLite, sync) ${rssMb.toFixed(0)} MB (target < 300 MB)`);
} finally {
  server.stop();
  rmSync(work, { recursive: true, force: true });
}
