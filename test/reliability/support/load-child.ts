/**
 * The load trial's "main process": starts the core worker the app runs (the
 * built out/main/core-worker.js, through the same CoreWorker host main
 * uses), then at once drops a folder of files and starts a sync of the whole
 * bucket, while a probe asks `library:listMedia` through the worker's IPC
 * dispatch every 250 ms (timed from when it was due, so a stalled loop
 * counts) and RSS is sampled every 50 ms. Bundled with esbuild and run with
 * plain node (no transpiler in the measured process). Prints one JSON line.
 * argv: a JSON file { script, dataDir, endpoint, bucket, key, src }.
 */
import { readFileSync } from 'node:fs';
import type { EventName } from '../../../src/shared/contract';
import type { Envelope } from '../../../src/shared/errors';
import { createLogger } from '../../../src/main/core/logger';
import { CoreWorker } from '../../../src/main/worker/core-host';
import { memoryCredentials } from '../../fixtures/core';

interface Job {
  script: string;
  dataDir: string;
  endpoint: string;
  bucket: string;
  key: string;
  src: string;
}

const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Job;
const PROBE_EVERY_MS = 250;
const silent = createLogger(() => undefined);
const worker = await CoreWorker.start({
  script: job.script,
  data: { dataDir: job.dataDir, electronVersion: null, env: { SPACES_KEY: job.key, SPACES_SECRET: job.key }, credentials: { kind: 'host' }, background: false, demo: false, logFile: null },
  services: { credentials: memoryCredentials() },
  log: silent,
  workerLog: () => undefined,
});

async function ok<T>(answer: Promise<Envelope<unknown>>): Promise<T> {
  const res = await answer;
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.data as T;
}

const rss = { before: process.memoryUsage().rss, peak: 0 };
const sampler = setInterval(() => (rss.peak = Math.max(rss.peak, process.memoryUsage().rss)), 50);
await ok(worker.call('profiles:save', { name: 'load', endpoint: job.endpoint, bucket: job.bucket, pathStyle: 'path', accessKeyId: job.key }));

const latencies: number[] = [];
let probeFailures = 0;
let probing = true;
const started = performance.now();
const prober = (async () => {
  for (let tick = 1; probing; tick++) {
    const due = started + tick * PROBE_EVERY_MS;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (!probing) break;
    void worker.call('library:listMedia', { model: 'load', post: 'drop', offset: 0, limit: 100 }).then((res) => {
      if (!res.ok) probeFailures++;
      latencies.push(performance.now() - due);
    });
  }
})();

const finished = new Promise<unknown>((resolve) => {
  const off = worker.onEvent((event: EventName, payload) => {
    if (event !== 'uploads:finished') return;
    off();
    resolve(payload);
  });
});
const uploadStarted = performance.now();
const uploading = ok<{ status: string; items: number }>(worker.call('uploads:start', { target: { model: 'load', post: 'drop' }, grants: (await ok<{ id: string }[]>(worker.grantPaths([job.src]))).map((g) => g.id), conflict: 'overwrite' })).then(async (queued) => {
  if (queued.status !== 'queued') throw new Error(`upload not queued: ${queued.status}`);
  const summary = await finished;
  return { queued: queued.items, summary, ms: performance.now() - uploadStarted };
});
const syncStarted = performance.now();
const syncing = ok<{ objects: number; status: string }>(worker.call('sync:start', undefined)).then((r) => ({ objects: r.objects, status: r.status, ms: performance.now() - syncStarted }));
const [upload, sync] = await Promise.all([uploading, syncing]);
probing = false;
await prober;
clearInterval(sampler);
await worker.close();

latencies.sort((a, b) => a - b);
const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
process.stdout.write(
  `${JSON.stringify({
    rssMb: { before: Math.round(rss.before / 2 ** 20), peak: Math.round(rss.peak / 2 ** 20) },
    listMedia: { calls: latencies.length, failures: probeFailures, p50: Math.round(q(0.5)), p95: Math.round(q(0.95)), p99: Math.round(q(0.99)), max: Math.round(latencies.at(-1) ?? 0) },
    upload,
    sync,
  })}\n`,
);
