/**
 * Responsiveness benchmark: how free the thread that answers IPC and the app
 * protocol (Electron's main) stays while the core works. This process plays
 * main. Every 50 ms it asks `library:listMedia` (timed from the moment it was
 * due, so a blocked loop counts), and monitorEventLoopDelay samples its loop,
 * during three workloads:
 *   (a) a full sync of 100,000 objects through a 20 ms latency proxy,
 *   (b) a 1 GiB upload (3 × 256 MiB + 256 × 1 MiB),
 *   (c) thumbnails for 2,000 photos (1600×1200 JPEGs),
 *   (d) the viewer opening a 150 MiB original through the app protocol: streamed
 *       from the worker (a transferred stream) versus, in-process, buffered whole
 *       as main did before (also prints the time to the first byte).
 * Each runs twice, side by side: with the core in a worker thread (the app
 * now; the same CoreWorker and worker script main uses) and, as before, in
 * this process (`in-process`: the core on main's thread, calls through the
 * same dispatch). S3 servers run in child processes.
 *
 *   npm run bench -- responsiveness [--objects 100000] [--latency 20] [--upload-mib 1024]
 *       [--images 2000] [--original-mib 150] [--only sync,upload,thumbs,original] [--worker | --in-process]
 *
 * The worker is bundled from the sources with esbuild into out/bench (with
 * the migrations beside it), so no `npm run build` is needed first.
 */
import { spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, cpSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { EventName } from '../src/shared/contract';
import type { Envelope } from '../src/shared/errors';
import { createCore } from '../src/main/core/core';
import { createLogger } from '../src/main/core/logger';
import { dispatch } from '../src/main/ipc/dispatch';
import { createHandlers } from '../src/main/ipc/handlers';
import { CoreWorker } from '../src/main/worker/core-host';
import { toWebResponse } from '../src/main/worker/route-response';
import { memoryCredentials } from '../test/fixtures/core';
import { bodyBytes } from '../test/fixtures/library-route';

const { values } = parseArgs({
  options: {
    objects: { type: 'string', default: '100000' },
    latency: { type: 'string', default: '20' },
    'upload-mib': { type: 'string', default: '1024' },
    images: { type: 'string', default: '2000' },
    'original-mib': { type: 'string', default: '150' },
    only: { type: 'string', default: 'sync,upload,thumbs,original' },
    worker: { type: 'boolean' },
    /** Also print when the slowest calls were due (ms into the run). */
    detail: { type: 'boolean' },
    'in-process': { type: 'boolean' },
  },
});
const MiB = 1024 * 1024;
const KEY = 'S3RVER';
const PROBE_EVERY_MS = 50;
const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'bench-responsive-'));
const modes: Mode[] = values.worker ? ['worker'] : values['in-process'] ? ['in-process'] : ['in-process', 'worker'];
const only = new Set(values.only!.split(','));

type Mode = 'worker' | 'in-process';

/** The core as main sees it: calls answered with envelopes, library routes as protocol responses, events, close. */
interface Host {
  call(channel: string, request?: unknown): Promise<Envelope<unknown>>;
  /** Upload grants for local paths, as main registers a drop the preload resolved. */
  grant(paths: string[]): Promise<string[]>;
  route(pathname: string): Promise<Response>;
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void;
  close(): Promise<void>;
}

async function bundleWorker(): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = join(root, 'out', 'bench', 'core-worker.mjs');
  await build({
    entryPoints: [join(root, 'src/main/worker/core-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'silent',
    define: { __APP_VERSION__: '"bench"' },
  });
  cpSync(join(root, 'src/main/core/db/migrations'), join(dirname(outfile), 'migrations'), { recursive: true });
  return outfile;
}

async function startHost(mode: Mode, dataDir: string, script: string): Promise<Host> {
  const env = { SPACES_KEY: KEY, SPACES_SECRET: KEY };
  const silent = createLogger(() => undefined);
  if (mode === 'worker') {
    const worker = await CoreWorker.start({
      script,
      data: { dataDir, electronVersion: null, env, credentials: { kind: 'host' }, background: false, demo: false, logFile: null },
      services: { credentials: memoryCredentials() },
      log: silent,
      workerLog: () => undefined,
    });
    return {
      call: (c, r) => worker.call(c, r),
      grant: async (paths) => (await ok<{ id: string }[]>(worker.grantPaths(paths))).map((g) => g.id),
      route: async (pathname) => toWebResponse((await worker.route(pathname))!),
      onEvent: (l) => worker.onEvent(l),
      close: () => worker.close(),
    };
  }
  const core = createCore({ dataDir, env, credentials: memoryCredentials(), log: silent });
  const handlers = createHandlers(core);
  return {
    call: (c, r) => dispatch(handlers, c, r, silent),
    grant: async (paths) => (await core.grants.grant(paths, 'drop')).map((g) => g.id),
    // As main answered before the worker: the whole body read into a Buffer, then the response.
    route: async (pathname) => {
      const res = (await core.serveRoute(pathname))!;
      return new Response(new Uint8Array(await bodyBytes(res.body)), { status: res.status, headers: res.headers });
    },
    onEvent: (l) => core.bus.subscribe(l),
    close: async () => {
      await core.uploads.close();
      core.close();
    },
  };
}

async function startServer(dir: string, objects: number, latency: number, layout: 'bench' | 'images' | 'original'): Promise<{ endpoint: string; fillMs: number; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'support/s3rver-child.ts'), dir, 'bench', String(objects), String(latency), layout], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  });
  const line = await new Promise<string>((done, fail) => {
    child.once('exit', (code) => fail(new Error(`the S3 server child exited (${code})`)));
    createInterface({ input: child.stdout! }).once('line', done);
  });
  return { ...(JSON.parse(line) as { endpoint: string; fillMs: number }), stop: () => child.kill() };
}

function writeRandomFile(path: string, size: number): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(8 * MiB);
  for (let left = size; left > 0; left -= chunk.length) {
    randomFillSync(chunk);
    writeSync(fd, chunk, 0, Math.min(chunk.length, left));
  }
  closeSync(fd);
}

interface Figures {
  ms: number;
  loop: { p50: number; p99: number; max: number };
  ipc: { p50: number; p99: number; max: number; n: number };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/** Runs `work` while probing: the loop's delay, and a listMedia call due every 50 ms. */
async function measure(host: Host, probe: unknown, work: () => Promise<string | void>): Promise<Figures & { note: string }> {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const latencies: number[] = [];
  const slowest: { at: number; ms: number }[] = [];
  let probing = true;
  const started = performance.now();
  const prober = (async () => {
    for (let tick = 1; probing; tick++) {
      const due = started + tick * PROBE_EVERY_MS;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (!probing) break;
      void host.call('library:listMedia', probe).then((res) => {
        if (!res.ok) throw new Error(`listMedia failed: ${res.error.message}`);
        const ms = performance.now() - due;
        latencies.push(ms);
        slowest.push({ at: due - started, ms });
      });
    }
  })();
  loop.enable();
  const note = (await work()) ?? '';
  const ms = performance.now() - started;
  loop.disable();
  probing = false;
  await prober;
  latencies.sort((a, b) => a - b);
  if (values.detail) {
    const worst = slowest.sort((a, b) => b.ms - a.ms).slice(0, 6);
    console.log(`  slowest listMedia calls (due at → took): ${worst.map((w) => `${Math.round(w.at)} → ${Math.round(w.ms)} ms`).join(', ')}`);
  }
  const toMs = (ns: number) => ns / 1e6;
  return {
    note,
    ms,
    loop: { p50: toMs(loop.percentile(50)), p99: toMs(loop.percentile(99)), max: toMs(loop.max) },
    ipc: { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: latencies.at(-1) ?? 0, n: latencies.length },
  };
}

async function ok<T>(res: Promise<Envelope<unknown>>): Promise<T> {
  const answer = await res;
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.data as T;
}

function waitForEvent(host: Host, event: EventName, until: (payload: unknown) => boolean): Promise<void> {
  return new Promise((done) => {
    const off = host.onEvent((e, p) => {
      if (e === event && until(p)) {
        off();
        done();
      }
    });
  });
}

/** A profile for the server, and one probe of it: as in the app after start-up (the network monitor probes), the S3 client is built and warm. */
async function addProfile(host: Host, endpoint: string): Promise<string> {
  const view = await ok<{ id: string }>(host.call('profiles:save', { name: 'bench', endpoint, bucket: 'bench', pathStyle: 'path', accessKeyId: KEY }));
  await ok(host.call('network:check'));
  return view.id;
}

interface Scenario {
  name: string;
  /** Prepares a fresh core (untimed); returns the probe's request and the timed work (which may return a note for the row). */
  prepare(host: Host): Promise<{ probe: unknown; run: () => Promise<string | void> }>;
}

function syncScenario(endpoint: string, objects: number): Scenario {
  return {
    name: `sync ${objects.toLocaleString('en')} objects @${values.latency} ms`,
    async prepare(host) {
      await addProfile(host, endpoint);
      return {
        probe: { model: 'model-0000', post: 'post 000', offset: 0, limit: 100 },
        run: async () => {
          const result = await ok<{ objects: number }>(host.call('sync:start'));
          if (result.objects !== objects) throw new Error(`the sync saw ${result.objects} objects of ${objects}`);
        },
      };
    },
  };
}

function uploadScenario(endpoint: string, src: string, mib: number): Scenario {
  let round = 0;
  return {
    name: `upload ${mib} MiB`,
    async prepare(host) {
      await addProfile(host, endpoint);
      const post = `round ${++round}`;
      return {
        probe: { model: 'uploads', post, offset: 0, limit: 100 },
        run: async () => {
          const finished = waitForEvent(host, 'uploads:finished', () => true);
          const queued = await ok<{ status: string }>(host.call('uploads:start', { target: { model: 'uploads', post }, grants: await host.grant([src]), conflict: 'overwrite' }));
          if (queued.status !== 'queued') throw new Error(`upload not queued: ${queued.status}`);
          await finished;
        },
      };
    },
  };
}

function thumbsScenario(endpoint: string, images: number): Scenario {
  return {
    name: `thumbnails for ${images.toLocaleString('en')} photos`,
    async prepare(host) {
      await addProfile(host, endpoint);
      await ok(host.call('sync:start'));
      return {
        probe: { model: 'gallery', post: 'shoot', offset: 0, limit: 100 },
        run: async () => {
          const done = waitForEvent(host, 'thumbs:progress', (p) => {
            const t = p as { done: number; total: number };
            return t.total >= images && t.done === t.total;
          });
          await ok(host.call('thumbs:prefetch', { model: 'gallery', post: 'shoot' }));
          await done;
        },
      };
    },
  };
}

function originalScenario(endpoint: string, mib: number): Scenario {
  return {
    name: `viewer opens a ${mib} MiB original`,
    async prepare(host) {
      const profileId = await addProfile(host, endpoint);
      await ok(host.call('sync:start'));
      const item = await ok<{ etag: string }>(host.call('library:getMedia', { key: 'gallery/big/panorama.jpg' }));
      return {
        probe: { model: 'gallery', post: 'big', offset: 0, limit: 100 },
        run: async () => {
          const asked = performance.now();
          const res = await host.route(`/original/${profileId}/${item.etag}/${encodeURIComponent('gallery/big/panorama.jpg')}`);
          if (res.status !== 200) throw new Error(`the original answered ${res.status}`);
          const reader = res.body!.getReader();
          let first = 0;
          let bytes = 0;
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            first ||= performance.now() - asked;
            bytes += value.length;
          }
          if (bytes !== mib * MiB) throw new Error(`the original came with ${bytes} bytes`);
          return `first byte after ${Math.round(first)} ms`;
        },
      };
    },
  };
}

const f = (ms: number) => ms.toFixed(1).padStart(7);
const verdict = (x: Figures) => (x.loop.p99 <= 10 && x.loop.max <= 50 && x.ipc.p99 <= 30 ? 'meets targets' : 'misses targets');

const servers: { stop(): void }[] = [];
try {
  const script = modes.includes('worker') ? await bundleWorker() : '';
  const scenarios: Scenario[] = [];
  if (only.has('sync')) {
    const objects = Number(values.objects);
    const s = await startServer(join(work, 's3-sync'), objects, Number(values.latency), 'bench');
    servers.push(s);
    console.log(`sync: s3rver filled with ${objects.toLocaleString('en')} objects in ${(s.fillMs / 1000).toFixed(1)} s`);
    scenarios.push(syncScenario(s.endpoint, objects));
  }
  if (only.has('upload')) {
    const mib = Number(values['upload-mib']);
    const src = join(work, 'upload-src');
    mkdirSync(join(src, 'small'), { recursive: true });
    // The upload bench's shape: three quarters in three big files, a quarter in 1 MiB photos.
    const big = Math.floor((mib * 3) / 4 / 3);
    for (let i = 0; i < 3; i++) writeRandomFile(join(src, `video-${i}.mp4`), big * MiB);
    for (let i = 0; i < mib - big * 3; i++) writeRandomFile(join(src, 'small', `photo-${String(i).padStart(3, '0')}.jpg`), MiB);
    const s = await startServer(join(work, 's3-upload'), 0, 0, 'bench');
    servers.push(s);
    scenarios.push(uploadScenario(s.endpoint, src, mib));
  }
  if (only.has('thumbs')) {
    const images = Number(values.images);
    const s = await startServer(join(work, 's3-images'), images, 0, 'images');
    servers.push(s);
    console.log(`thumbnails: s3rver filled with ${images.toLocaleString('en')} photos in ${(s.fillMs / 1000).toFixed(1)} s`);
    scenarios.push(thumbsScenario(s.endpoint, images));
  }
  if (only.has('original')) {
    const mib = Number(values['original-mib']);
    const s = await startServer(join(work, 's3-original'), mib, 0, 'original');
    servers.push(s);
    scenarios.push(originalScenario(s.endpoint, mib));
  }

  const rows: string[] = [];
  for (const scenario of scenarios) {
    for (const mode of modes) {
      const dataDir = join(work, `data-${mode}-${scenarios.indexOf(scenario)}`);
      const host = await startHost(mode, dataDir, script);
      try {
        const { probe, run } = await scenario.prepare(host);
        const x = await measure(host, probe, run);
        const row =
          `${scenario.name.padEnd(36)} ${mode.padEnd(10)} ${(x.ms / 1000).toFixed(1).padStart(6)} s | loop p50 ${f(x.loop.p50)} p99 ${f(x.loop.p99)} max ${f(x.loop.max)} ms` +
          ` | listMedia p50 ${f(x.ipc.p50)} p99 ${f(x.ipc.p99)} max ${f(x.ipc.max)} ms (${x.ipc.n} calls) | ${verdict(x)}${x.note ? ` | ${x.note}` : ''}`;
        console.log(row);
        rows.push(row);
      } finally {
        await host.close();
      }
    }
  }
  console.log(`\ntargets (the thread answering IPC and the protocol): event loop p99 ≤ 10 ms, max ≤ 50 ms; listMedia p99 ≤ 30 ms`);
  for (const row of rows) console.log(row);
} finally {
  for (const s of servers) s.stop();
  rmSync(work, { recursive: true, force: true });
}
