import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { objects } from '../../../src/main/core/db/schema';
import { createHandlers } from '../../../src/main/ipc/handlers';
import { testCore, type TestCore } from '../../fixtures/core';
import { insertProfile } from '../../fixtures/database';
import { startS3rver, type LocalS3 } from '../../fixtures/s3rver';
import { tempDir } from '../../fixtures/temp';
import { writeRandom } from '../../integration/uploads/setup';
import { HARNESS_ORIGIN, closeBrowser, openApp, type Harness } from '../harness';

const MiB = 1024 * 1024;

/** Adds latency to every request so progress is visible between parts. */
function slowProxy(target: string, delayMs: number): Promise<{ endpoint: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () =>
      setTimeout(() => {
        const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        });
        out.on('error', () => req.socket.destroy());
        out.end(Buffer.concat(chunks));
      }, delayMs),
    );
  });
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () =>
      done({ endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => new Promise<void>((r) => server.close(() => r())) }),
    ),
  );
}

/** Page-side source for a DataTransfer holding Files of these names (their bytes are not used: main reads the paths). */
function dropOf(names: string[]): string {
  return `(() => { const dt = new DataTransfer(); for (const n of ${JSON.stringify(names)}) dt.items.add(new File([new Uint8Array(4)], n)); return dt; })()`;
}

describe('drag-and-drop uploads in Chromium over the real core and s3rver', () => {
  let s3: LocalS3;
  let proxy: { endpoint: string; close(): Promise<void> };
  let core: TestCore;
  let app: Harness;
  const files = tempDir('drop-files-');
  const page = new Map<string, { type: string; body: Buffer }>();

  beforeAll(async () => {
    s3 = await startS3rver('media');
    proxy = await slowProxy(s3.endpoint, 150);
    core = testCore({
      env: { SPACES_KEY: s3.accessKeyId, SPACES_SECRET: s3.secretAccessKey },
      uploads: { partSize: 5 * MiB, concurrency: 2, filesAtOnce: 2, partsPerFile: 1, progressIntervalMs: 50 },
    });
    insertProfile(core.database, { name: 'studio', endpoint: proxy.endpoint, bucket: s3.bucket, pathStyle: 'path', accessKeyId: s3.accessKeyId });
    // The test page: the real components, bundled here (the app's post view hosts them after merge).
    const out = await build({
      entryPoints: [resolve(__dirname, 'page.tsx')],
      bundle: true,
      write: false,
      outdir: '/uploads-test',
      format: 'esm',
      jsx: 'automatic',
      loader: { '.png': 'dataurl', '.svg': 'dataurl' },
      define: { 'process.env.NODE_ENV': '"production"', __APP_VERSION__: '"test"' },
      logLevel: 'silent',
    });
    for (const f of out.outputFiles) page.set(f.path.replace(/^.*\/uploads-test/, '/uploads-test'), { type: f.path.endsWith('.css') ? 'text/css' : 'text/javascript', body: Buffer.from(f.contents) });
    page.set('/uploads-test/index.html', {
      type: 'text/html',
      body: Buffer.from('<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="page.css"></head><body><div id="root"></div><script type="module" src="page.js"></script></body></html>'),
    });
    app = await openApp({
      handlers: createHandlers(core),
      bus: core.bus,
      log: core.log,
      viewport: { width: 1280, height: 720 },
      route: async (pathname) => {
        const hit = page.get(decodeURIComponent(pathname));
        return hit && { status: 200, headers: { 'content-type': hit.type }, body: hit.body };
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await closeBrowser();
    core?.cleanup();
    await proxy?.close();
    await s3?.close();
    files.cleanup();
  });

  it('drops files on a post, shows per-file progress, and indexes them without a sync', async () => {
    const sources: Record<string, string> = {};
    for (const [name, size] of [
      ['sunset.mp4', 22 * MiB],
      ['portrait.jpg', 7 * MiB],
      ['behind the scenes.mov', 16 * MiB],
    ] as const) {
      writeRandom(files.path, name, size);
      sources[name] = join(files.path, name);
    }
    // No webUtils in Chromium: the harness's stand-in for the preload's
    // window.files.pathFor maps the dropped File's name to the temp file.
    await app.page.addInitScript(`window.files = { pathFor: (f) => (${JSON.stringify(sources)})[f.name] ?? '' };`);
    await app.page.goto(`${HARNESS_ORIGIN}/uploads-test/index.html?model=alice&post=beach%20day`);
    await app.page.getByText('No uploads yet').waitFor();

    const dataTransfer = await app.page.evaluateHandle(dropOf(Object.keys(sources)));
    const zone = app.page.getByTestId('dropzone');
    await zone.dispatchEvent('dragenter', { dataTransfer });
    await zone.dispatchEvent('dragover', { dataTransfer });
    await app.page.getByText('Drop to upload to alice › beach day').waitFor();
    await app.screenshot('uploads-drag-over');
    await zone.dispatchEvent('drop', { dataTransfer });

    // Per-file progress: a row part-way through (between 0 and its size).
    const rows = app.page.getByTestId('transfer-row');
    await expect.poll(() => rows.count()).toBe(3);
    await expect
      .poll(
        () =>
          app.page.$$eval('[data-testid=transfer-row] progress', (bars) =>
            (bars as unknown as { value: number; max: number }[]).some((b) => b.value > 0 && b.value < b.max),
          ),
        { timeout: 30_000, interval: 50 },
      )
      .toBe(true);
    await app.page.getByLabel('Overall progress').waitFor();
    await app.screenshot('uploads-in-progress');

    await app.page.getByText('3 files uploaded').waitFor({ timeout: 60_000 });
    expect(await rows.filter({ hasText: 'Done' }).count()).toBe(3);
    await app.screenshot('uploads-done');

    const indexed = core.database.db.select().from(objects).where(eq(objects.model, 'alice')).all();
    expect(indexed.map((o) => o.key).sort()).toEqual(['alice/beach day/behind the scenes.mov', 'alice/beach day/portrait.jpg', 'alice/beach day/sunset.mp4']);
    expect(indexed.find((o) => o.name === 'sunset.mp4')?.size).toBe(readFileSync(sources['sunset.mp4']!).length);
    expect(app.events.some((e) => e.event === 'uploads:finished')).toBe(true);
  });

  it('dropping again asks once for the whole batch, and "Keep both" renames', async () => {
    const dataTransfer = await app.page.evaluateHandle(dropOf(['portrait.jpg']));
    const zone = app.page.getByTestId('dropzone');
    await zone.dispatchEvent('dragenter', { dataTransfer });
    await zone.dispatchEvent('drop', { dataTransfer });
    const dialog = app.page.getByRole('dialog');
    await dialog.getByText('1 of 1 file already exists in beach day').waitFor();
    await app.screenshot('uploads-conflict');
    await dialog.getByRole('button', { name: 'Keep both' }).click();
    await app.page.getByText('1 file uploaded').waitFor({ timeout: 30_000 });
    expect(core.database.db.select().from(objects).where(eq(objects.key, 'alice/beach day/portrait (2).jpg')).get()).toBeTruthy();
  });

  it('a drop on a model asks for the new post\'s name; a drop on the library names the model too', async () => {
    const drop = async () => {
      const dataTransfer = await app.page.evaluateHandle(dropOf(['portrait.jpg']));
      const zone = app.page.getByTestId('dropzone');
      await zone.dispatchEvent('dragenter', { dataTransfer });
      await zone.dispatchEvent('drop', { dataTransfer });
    };
    await app.page.goto(`${HARNESS_ORIGIN}/uploads-test/index.html?model=bob`);
    await drop();
    const dialog = app.page.getByRole('dialog', { name: 'New post for bob' });
    const postName = dialog.getByLabel('Post name');
    expect(await postName.inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/); // the default offered
    await postName.fill('..');
    await dialog.getByText('cannot be used as a post name').waitFor();
    expect(await dialog.getByRole('button', { name: 'Upload' }).isDisabled()).toBe(true);
    await postName.fill('first shoot');
    await app.screenshot('uploads-name-post');
    await dialog.getByRole('button', { name: 'Upload' }).click();
    await app.page.getByText('1 file uploaded').waitFor({ timeout: 30_000 });
    expect(core.database.db.select().from(objects).where(eq(objects.key, 'bob/first shoot/portrait.jpg')).get()).toBeTruthy();

    await app.page.goto(`${HARNESS_ORIGIN}/uploads-test/index.html`);
    await drop();
    const library = app.page.getByRole('dialog', { name: 'New model' });
    await library.getByLabel('Model name').fill('carol');
    await library.getByLabel('Post name').fill('intro');
    await library.getByRole('button', { name: 'Upload' }).click();
    await app.page.getByText('1 file uploaded').waitFor({ timeout: 30_000 });
    expect(core.database.db.select().from(objects).where(eq(objects.key, 'carol/intro/portrait.jpg')).get()).toBeTruthy();
  });
});
