/**
 * Library browser benchmark: an index of 1,000,000 media (100,000 of them in
 * one post of one model, the rest over 900 models × 10 posts), then
 *  - index query time per page (the grid's 200-item pages, random offsets
 *    into the 100,000-item post) and the one-off ordering snapshot, sorts
 *    by facts included (every medium has facts: a poster's or EXIF's),
 *  - search time (FTS5 trigram) for typical queries,
 *  - in Chromium over the real handler table: time from navigation (click on
 *    the post card) to the first rendered grid, and frame times while
 *    scrolling the 100,000-item grid (requestAnimationFrame deltas via
 *    performance.now(), plus long tasks).
 * Thumbnails are served as one cached WebP for every item (a warm cache),
 * so scrolling measures the grid, not image generation.
 *
 *   npm run bench -- library [--db PATH] [--frames 600] [--runs 3] [--trace FILE]
 *   (or: npx electron-vite build && node --import tsx bench/library.ts)
 *
 * The browser part runs --runs times (a fresh page each) and prints each
 * run, then the medians. --trace writes a Chromium trace (JSON) of the last
 * run's first grid (FILE.first-grid.json) and 6k px/s scroll (FILE). --db keeps the generated index between runs
 * (filling takes a few minutes).
 * Needs the built renderer (out/renderer) and Chromium.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { createCore, type Core } from '../src/main/core/core';
import { sampleMediaName } from '../src/main/core/demo/sample-library';
import { createLogger } from '../src/main/core/logger';
import { MediaPager } from '../src/main/core/repositories/media-pages';
import { searchLibrary } from '../src/main/core/repositories/search';
import { closeBrowser, openApp } from '../test/e2e/harness';

const BIG_MODEL = 'bigmodel';
const BIG_POST = 'everything';
const BIG_COUNT = 100_000;
const TOTAL = 1_000_000;
const PROFILE = 'bench';
const PAGE = 200;

function stats(values: number[]): { p50: number; p95: number; max: number; n: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? NaN, n: sorted.length };
}
const ms = (v: number) => `${v.toFixed(2)} ms`;
const fmt = (s: ReturnType<typeof stats>) => `p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  max ${ms(s.max)}  (n=${s.n})`;

/** Fills the index straight through SQLite (the FTS triggers run as in a sync). */
function fill(core: Core): void {
  const { sqlite } = core.database;
  const have = sqlite.prepare('SELECT count(*) FROM objects WHERE profile_id = ?').pluck().get(PROFILE) as number;
  const haveFacts = sqlite.prepare('SELECT count(*) FROM media_facts').pluck().get() as number;
  if (have >= TOTAL && haveFacts >= TOTAL) {
    console.log(`index: reusing ${have.toLocaleString()} objects`);
    return;
  }
  const started = performance.now();
  const now = Date.now();
  sqlite
    .prepare(
      `INSERT OR REPLACE INTO profiles (id, name, endpoint, region, bucket, access_key_id, active, created_at, updated_at)
       VALUES (?, 'Bench', 'http://127.0.0.1:9', 'us-east-1', 'bench', 'BENCH', 1, ?, ?)`,
    )
    .run(PROFILE, now, now);
  const insert = sqlite.prepare(
    `INSERT INTO objects (profile_id, key, role, model, post, rel_path, name, kind, size, etag, last_modified)
     VALUES (?, ?, 'media', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertPost = sqlite.prepare(
    `INSERT INTO posts (profile_id, model, name, media_count, bytes, newest_at, cover_key) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertModel = sqlite.prepare(
    `INSERT INTO models (profile_id, name, post_count, media_count, bytes, newest_at, cover_key) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const addPost = (model: string, post: string, from: number, count: number) => {
    let bytes = 0;
    let cover = '';
    for (let i = 0; i < count; i++) {
      const n = from + i;
      const name = n % 37 === 0 ? sampleMediaName(n).replace('.jpg', '.mp4') : sampleMediaName(n);
      const key = `${model}/${post}/${name}`;
      const size = 200_000 + ((n * 7919) % 5_000_000);
      bytes += size;
      if (!cover) cover = key;
      insert.run(PROFILE, key, model, post, name, name, name.endsWith('.mp4') ? 'video' : 'image', size, (n * 2654435761).toString(16).padStart(32, '0'), now - n * 1000);
    }
    insertPost.run(PROFILE, model, post, count, bytes, now - from * 1000, cover);
    return { bytes, cover };
  };
  sqlite.exec('DELETE FROM media_facts; DELETE FROM objects; DELETE FROM posts; DELETE FROM models;');
  // Each medium reaches search once, with its facts (media_facts' trigger), instead of by name and then again with facts:
  // the same index the app ends with, in half the FTS work. The objects trigger is put back after.
  const objectsFtsTrigger = sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'objects_fts_insert'").pluck().get() as string;
  sqlite.exec('DROP TRIGGER objects_fts_insert');
  const tx = sqlite.transaction(() => {
    const big = addPost(BIG_MODEL, BIG_POST, 0, BIG_COUNT);
    insertModel.run(PROFILE, BIG_MODEL, 1, BIG_COUNT, big.bytes, now, big.cover);
    let n = BIG_COUNT;
    for (let m = 0; n < TOTAL; m++) {
      const model = `model-${String(m).padStart(3, '0')}`;
      let bytes = 0;
      let cover = '';
      for (let p = 0; p < 10 && n < TOTAL; p++) {
        const r = addPost(model, `post-${String(p).padStart(2, '0')}`, n, 100);
        n += 100;
        bytes += r.bytes;
        cover ||= r.cover;
      }
      insertModel.run(PROFILE, model, 10, 1000, bytes, now - n, cover);
      if (m % 100 === 0) process.stdout.write(`\rindex: ${n.toLocaleString()} of ${TOTAL.toLocaleString()} media`);
    }
  });
  tx();
  // Posters and metadata in the index, as thumbnailing leaves them: facts for every medium
  // (sizes, dates taken, cameras, durations and codecs for videos), through the app's triggers into search.
  const factsStarted = performance.now();
  sqlite.exec(`
    INSERT INTO media_facts (object_id, etag, width, height, duration_ms, taken_at, camera, orientation, codec, search_text, read_at)
    SELECT id, etag, w, h, dur, taken, cam, 1, codec,
           trim(coalesce(cam || ' ', '') || strftime('%Y-%m-%d', taken / 1000, 'unixepoch') || ' ' || w || 'x' || h || ' ' ||
                CASE WHEN w > h THEN 'landscape' WHEN w < h THEN 'portrait' ELSE 'square' END || coalesce(' ' || codec, '')),
           ${now}
    FROM (SELECT id, etag,
                 CASE WHEN kind = 'video' THEN 1920 WHEN id % 3 = 0 THEN 3000 ELSE 4000 END AS w,
                 CASE WHEN kind = 'video' THEN 1080 WHEN id % 3 = 0 THEN 4000 ELSE 3000 END AS h,
                 CASE WHEN kind = 'video' THEN 5000 + (id * 7919) % 600000 END AS dur,
                 ${now} - (id * 104729) % (10 * 365 * 86400000) AS taken,
                 CASE id % 4 WHEN 0 THEN 'Canon EOS R5' WHEN 1 THEN 'Apple iPhone 12' WHEN 2 THEN 'NIKON D750' END AS cam,
                 CASE WHEN kind = 'video' THEN 'h264' END AS codec
          FROM objects WHERE profile_id = '${PROFILE}' AND role = 'media')`);
  sqlite.exec(objectsFtsTrigger);
  console.log(`facts: ${TOTAL.toLocaleString()} written (with search text) in ${((performance.now() - factsStarted) / 1000).toFixed(1)} s`);
  sqlite.exec('ANALYZE');
  console.log(`\rindex: ${TOTAL.toLocaleString()} media written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * The warm cache in the index too: the big post's thumbnails recorded as made (the routes serve one WebP for all),
 * so the worker's background prefetch finds nothing missing, as it would in a library browsed before. Without
 * them it queued all 100,000 against the bench's unreachable endpoint and failed them through the whole run,
 * on the CPU the scroll is measured on.
 */
function warmThumbnails(core: Core, bytes: number): void {
  core.database.sqlite
    .prepare(
      `INSERT OR IGNORE INTO thumbnails (profile_id, key, etag, variant, file, bytes, last_used_at)
       SELECT profile_id, key, etag, '', 'bench.webp', ?, ? FROM objects WHERE profile_id = ? AND model = ? AND post = ?`,
    )
    .run(bytes, Date.now(), PROFILE, BIG_MODEL, BIG_POST);
}

function queryBench(core: Core): void {
  const pager = new MediaPager(core.database.sqlite);
  pager.invalidate();
  for (const sort of ['name', 'newest', 'size', 'taken', 'dimensions', 'duration'] as const) {
    pager.invalidate();
    const t = performance.now();
    pager.page(PROFILE, { model: BIG_MODEL, post: BIG_POST, sort, offset: 0, limit: PAGE });
    const how = sort === 'name' ? 'straight from the name index; snapshot built after' : 'builds the ordering snapshot';
    console.log(`first page of ${BIG_COUNT.toLocaleString()}, sort ${sort} (${how}): ${ms(performance.now() - t)}`);
  }
  const times: number[] = [];
  for (let i = 0; i < 500; i++) {
    const offset = Math.floor(Math.random() * (BIG_COUNT - PAGE));
    const t = performance.now();
    const page = pager.page(PROFILE, { model: BIG_MODEL, post: BIG_POST, sort: 'size', offset, limit: PAGE });
    times.push(performance.now() - t);
    if (page.items.length !== PAGE) throw new Error(`page at ${offset} had ${page.items.length} items`);
  }
  console.log(`page query (${PAGE} items, random offsets): ${fmt(stats(times))}   target ≤ 5 ms`);
}

function searchBench(core: Core): void {
  // Names, then the facts (camera, a date taken, pixels, a codec).
  const queries = ['beach', 'golden', 'IMG_123456', 'sunset 0777', 'mountain_portrait', 'model-42', 'zzzz-no-match', '.mp4', 'IMG_0', 'Canon', '2024-06', '3000x4000', 'h264'];
  const all: number[] = [];
  for (const q of queries) {
    const times: number[] = [];
    let count = 0;
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      count = searchLibrary(core.database.sqlite, PROFILE, q, 300).count;
      times.push(performance.now() - t);
    }
    all.push(...times);
    console.log(`  search "${q}": ${count} hits, p50 ${ms(stats(times).p50)}`);
  }
  console.log(`search over ${TOTAL.toLocaleString()} media: ${fmt(stats(all))}   target ≤ 50 ms`);
}

/** One browser run's figures (each run opens a fresh page over the same worker-less core). */
interface BrowserRun {
  firstGrid: number;
  stages: string[];
  scrolls: { speed: number; frame: ReturnType<typeof stats>; dropped: number; longTasks: number[]; height: number; perFrame: Record<string, number> }[];
  jumps: ReturnType<typeof stats>;
  pagesFetched: number;
}

const SPEEDS = [100, 300];
/** What --trace records: the main thread's tasks, rendering stages, raster and image decodes, script. */
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'blink', 'cc', 'gpu', 'v8.execute', 'benchmark', 'toplevel'];

async function browserRun(core: Core & { dataDir: string }, frames: number, webp: Buffer, trace: string | undefined): Promise<BrowserRun> {
  const app = await openApp({
    core,
    viewport: { width: 1360, height: 860 },
    route: async (pathname: string) =>
      pathname.startsWith('/thumb/') ? { status: 200, headers: { 'content-type': 'image/webp', 'cache-control': 'max-age=3600' }, body: webp } : undefined,
  });
  try {
    const { page } = app;
    await page.getByTestId('model-grid').waitFor();
    await page.getByPlaceholder('Filter models').fill(BIG_MODEL);
    await page.getByTestId('model-grid').getByRole('listitem', { name: BIG_MODEL }).click();
    const card = page.getByTestId('post-grid').getByRole('listitem', { name: BIG_POST });
    await card.waitFor();
    // In-page code is passed as source text: tsx's transform would inject helpers the page lacks.
    await card.evaluate((el) => ((globalThis as unknown as { __benchCard: unknown }).__benchCard = el));
    const browser = page.context().browser()!;
    const navigationTrace = trace?.replace(/(\.json)?$/, '.first-grid.json');
    if (navigationTrace) await browser.startTracing(page, { path: navigationTrace, categories: TRACE_CATEGORIES });
    const clickedAt = performance.now();
    const trafficBefore = app.traffic.length;
    const firstGrid = (await page.evaluate(`new Promise((resolve) => {
      const t0 = performance.now();
      window.__benchCard.click();
      const check = () => {
        if (document.querySelector('[data-testid="media-grid"] [role="option"] img')) resolve(performance.now() - t0);
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    })`)) as number;
    if (navigationTrace) await browser.stopTracing();
    // The stages: which calls crossed the bridge meanwhile, when (from about the click) and how long the worker took.
    const stages = app.traffic
      .slice(trafficBefore)
      .filter((t) => t.at - clickedAt < firstGrid + 50)
      .map((t) => `${t.channel} +${(t.at - clickedAt).toFixed(0)} ms took ${t.ms.toFixed(0)} ms`);

    await page.getByTestId('media-grid').waitFor();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () =>
      Object.fromEntries(((await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.map((m) => [m.name, m.value]));
    const scrolls: BrowserRun['scrolls'] = [];
    for (const speed of SPEEDS) {
      const tracing = trace !== undefined && speed === SPEEDS[0];
      if (tracing) await browser.startTracing(page, { path: trace, categories: TRACE_CATEGORIES });
      const before = await metrics();
      const result = (await page.evaluate(`new Promise((resolve) => {
        const scroller = document.querySelector('[data-testid="media-grid"]');
        const longTasks = [];
        const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push(e.duration); });
        try { observer.observe({ type: 'longtask', buffered: false }); } catch {}
        const deltas = [];
        let last = -1;
        let frame = 0;
        let dir = 1;
        const step = (now) => {
          if (last >= 0) deltas.push(now - last);
          last = now;
          // A steady scroll of ${speed} px per frame, bouncing at the ends.
          const max = scroller.scrollHeight - scroller.clientHeight;
          if (scroller.scrollTop >= max) dir = -1;
          if (scroller.scrollTop <= 0) dir = 1;
          scroller.scrollTop = scroller.scrollTop + dir * ${speed};
          frame += 1;
          if (frame < ${frames}) requestAnimationFrame(step);
          else { observer.disconnect(); resolve({ deltas, longTasks, height: scroller.scrollHeight }); }
        };
        requestAnimationFrame(step);
      })`)) as { deltas: number[]; longTasks: number[]; height: number };
      const after = await metrics();
      if (tracing) await browser.stopTracing();
      const work = (name: string) => ((after[name]! - before[name]!) * 1000) / frames;
      // Main-thread work per frame (script + style + layout), as Chromium's own counters report it.
      const perFrame = { script: work('ScriptDuration'), style: work('RecalcStyleDuration'), layout: work('LayoutDuration'), task: work('TaskDuration') };
      scrolls.push({ speed, frame: stats(result.deltas), dropped: result.deltas.filter((d) => d > 16.7 * 1.5).length, longTasks: result.longTasks, height: result.height, perFrame });
    }
    // Fast jumps: a scrollbar drag to arbitrary positions (pages fetched on demand).
    const jumps = (await page.evaluate(`new Promise((resolve) => {
      const scroller = document.querySelector('[data-testid="media-grid"]');
      const deltas = [];
      let last = -1;
      let i = 0;
      const step = (now) => {
        if (last >= 0) deltas.push(now - last);
        last = now;
        scroller.scrollTop = Math.random() * scroller.scrollHeight;
        if (++i < 120) requestAnimationFrame(step);
        else resolve(deltas);
      };
      requestAnimationFrame(step);
    })`)) as number[];
    return { firstGrid, stages, scrolls, jumps: stats(jumps), pagesFetched: app.traffic.filter((t) => t.channel === 'library:listMedia').length };
  } finally {
    await app.close();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function browserBench(core: Core & { dataDir: string }, frames: number, runCount: number, trace: string | undefined): Promise<void> {
  const webp = await sharp({ create: { width: 200, height: 200, channels: 3, background: { r: 90, g: 120, b: 200 } } }).webp().toBuffer();
  warmThumbnails(core, webp.length);
  const runs: BrowserRun[] = [];
  try {
    for (let r = 0; r < runCount; r++) {
      // One trace is enough (of the last run: the browser is warm by then).
      const run = await browserRun(core, frames, webp, r === runCount - 1 ? trace : undefined);
      runs.push(run);
      const line = run.scrolls.map((s) => `${((s.speed * 60) / 1000).toFixed(0)}k px/s p95 ${ms(s.frame.p95)}`).join(', ');
      console.log(`  run ${r + 1} of ${runCount}: first grid ${ms(run.firstGrid)}; scroll ${line}; jumps p95 ${ms(run.jumps.p95)}`);
      console.log(`    calls before the first grid: ${run.stages.join('; ') || 'none'}`);
    }
  } finally {
    await closeBrowser();
  }
  console.log(`median of ${runs.length} runs:`);
  console.log(`first grid after navigation (click → first thumbnails in the DOM; IPC through Playwright's bridge): ${ms(median(runs.map((r) => r.firstGrid)))}   target ≤ 300 ms`);
  SPEEDS.forEach((speed, i) => {
    const of = runs.map((r) => r.scrolls[i]!);
    const m = (f: (s: (typeof of)[number]) => number) => median(of.map(f));
    console.log(
      `scroll ${frames} frames at ${speed} px/frame (${((speed * 60) / 1000).toFixed(0)}k px/s) through ${BIG_COUNT.toLocaleString()} items (${(of[0]!.height / 1e6).toFixed(1)} Mpx tall): frame time p50 ${ms(m((s) => s.frame.p50))}  p95 ${ms(m((s) => s.frame.p95))}  max ${ms(m((s) => s.frame.max))}; ${m((s) => s.dropped)} frames over 25 ms; long tasks ${m((s) => s.longTasks.length)}   target p95 ≤ 20 ms at 6k px/s (60 Hz vsync floor 16.7 ms)`,
    );
    console.log(
      `  renderer main-thread work per frame: script ${ms(m((s) => s.perFrame.script!))}, style ${ms(m((s) => s.perFrame.style!))}, layout ${ms(m((s) => s.perFrame.layout!))}; all tasks ${ms(m((s) => s.perFrame.task!))}`,
    );
  });
  console.log(`random jumps (scrollbar drag), 120 frames: frame time p50 ${ms(median(runs.map((r) => r.jumps.p50)))}  p95 ${ms(median(runs.map((r) => r.jumps.p95)))}`);
  console.log(`pages fetched over IPC per run: ${median(runs.map((r) => r.pagesFetched))}`);
  if (trace) console.log(`Chromium traces of the last run (open in chrome://tracing or Perfetto): its first grid ${trace.replace(/(\.json)?$/, '.first-grid.json')}, its ${((SPEEDS[0]! * 60) / 1000).toFixed(0)}k px/s scroll ${trace}`);
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { db: { type: 'string' }, frames: { type: 'string', default: '600' }, runs: { type: 'string', default: '3' }, trace: { type: 'string' } } });
  const work = mkdtempSync(join(tmpdir(), 'bench-library-'));
  const dbPath = values.db ?? join(work, 'library.db');
  const core = Object.assign(createCore({ dataDir: work, dbPath, log: createLogger(() => undefined), env: { SPACES_SECRET: 'x' } }), { dataDir: work });
  try {
    console.log(`library bench: ${TOTAL.toLocaleString()} media, ${BIG_COUNT.toLocaleString()} in ${BIG_MODEL}/${BIG_POST}; db ${dbPath}${existsSync(dbPath) ? '' : ' (new)'}`);
    fill(core);
    queryBench(core);
    searchBench(core);
    await browserBench(core, Number(values.frames), Math.max(1, Number(values.runs)), values.trace);
  } finally {
    core.close();
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
