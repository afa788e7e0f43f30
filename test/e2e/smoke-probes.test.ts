import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoLibrary, type DemoLibrary } from '../../src/main/core/demo/demo-library';
import { PAINT_PROBE, SHELL_PROBE, SMOKE_SAMPLE, THUMB_PROBE, fetchProbe } from '../../src/main/smoke-probes';
import { testCore, type TestCore } from '../fixtures/core';
import { closeBrowser, openApp, type Harness } from './harness';
import { startDemoServer } from '../fixtures/demo-server';

/**
 * Smoke mode's page-side half in Chromium: the same probes smoke.ts runs in
 * the Electron window, over the same small demo library, against the real
 * renderer. (The Electron half — preload, protocol, native modules — runs
 * only where an Electron binary exists: electron-app.test.ts.)
 */
describe("smoke mode's probes against the real renderer", () => {
  let core: TestCore;
  let demo: DemoLibrary;
  let app: Harness;

  beforeAll(async () => {
    core = testCore();
    demo = await startDemoLibrary(core, { start: startDemoServer, sample: SMOKE_SAMPLE });
    app = await openApp({ core });
  });
  afterAll(async () => {
    await app?.close();
    await closeBrowser();
    await demo?.stop();
    core?.cleanup();
  });

  it('sees the shell render with the version from app:info, then a thumbnail load over the app route', async () => {
    const { page } = app;
    await expect.poll(() => page.evaluate(PAINT_PROBE), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.evaluate(SHELL_PROBE), { timeout: 30_000 }).toMatch(/^v\d/);
    await expect.poll(() => page.evaluate(THUMB_PROBE), { timeout: 60_000 }).toMatch(/^\d+x\d+ .*\/thumb\//);
    const thumb = (await page.evaluate(THUMB_PROBE)) as string;
    expect(await page.evaluate(fetchProbe(thumb.slice(thumb.indexOf(' ') + 1)))).toMatch(/^200 image\/webp/);
    await app.screenshot('smoke-probes-demo');
  });
});
