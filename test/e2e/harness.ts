/**
 * The e2e harness: the built renderer (out/renderer) in headless Chromium,
 * its window.api built by the same buildApi the preload uses and bound to
 * the same handler table main registers with ipcMain, running the real core
 * in this test process. Main→renderer events go through the same EventBus.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildApi } from '../../src/shared/api';
import { channelNames, type Handlers } from '../../src/shared/contract';
import { serveRendererFile } from '../../src/main/core/app-protocol';
import type { Core } from '../../src/main/core/core';
import { serveLibraryRoute } from '../../src/main/core/thumbnails/routes';
import { dispatch } from '../../src/main/ipc/dispatch';
import { createHandlers } from '../../src/main/ipc/handlers';

export const HARNESS_ORIGIN = 'http://spaces.app';
// __dirname under vitest; import.meta.dirname when a bench script imports the harness under tsx (ESM).
const here = typeof __dirname === 'string' ? __dirname : import.meta.dirname;
export const RENDERER_DIR = resolve(here, '../../out/renderer');
export const SCREENSHOT_DIR = resolve(here, '../../test-results');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Everything the page saw cross the bridge, for tests that check no secret leaks. */
export interface Traffic {
  channel: string;
  request: unknown;
  response: unknown;
}

export interface Harness {
  page: Page;
  traffic: Traffic[];
  events: { event: string; payload: unknown }[];
  screenshot(name: string): Promise<string>;
  /** With `filePaths`: replaces the file name → local path map the page's `window.files.pathFor` answers from. */
  setFilePaths(paths: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

export function assertRendererBuilt(): void {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error('The renderer is not built (out/renderer/index.html missing). `npm test` builds it; or run `npm run build`.');
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Install it: apt-get install chromium (or set CHROMIUM_PATH).`);
  }
}

let browser: Browser | undefined;

async function sharedBrowser(): Promise<Browser> {
  browser ??= await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  return browser;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}

/**
 * Opens the built renderer over `core`, served as main serves it: the
 * library routes (thumbnails, originals) first, then the renderer's files.
 */
export async function openApp(options: {
  core: Core;
  /** The handler table; defaults to main's own, createHandlers(core). */
  handlers?: Handlers;
  viewport?: { width: number; height: number };
  /** Routes answered before the app's own (a bench serves a fixed thumbnail instead of S3). */
  route?: (pathname: string) => Promise<{ status: number; headers: Record<string, string>; body: Buffer } | undefined>;
  /**
   * A stand-in for the preload's `window.files.pathFor` (webUtils, which
   * plain Chromium lacks): dropped or picked Files map to local paths by
   * name. Given, the page gets the bridge; `setFilePaths` changes the map.
   */
  filePaths?: Record<string, string>;
}): Promise<Harness> {
  assertRendererBuilt();
  const { core } = options;
  const handlers = options.handlers ?? createHandlers(core);
  const context: BrowserContext = await (await sharedBrowser()).newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  const traffic: Traffic[] = [];
  const events: { event: string; payload: unknown }[] = [];
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  await context.route(`${HARNESS_ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    const res =
      (options.route && (await options.route(url.pathname))) ??
      (await serveLibraryRoute(core, url.pathname)) ??
      (await serveRendererFile(RENDERER_DIR, url.pathname));
    await route.fulfill({ status: res.status, headers: res.headers, body: res.body });
  });

  await page.exposeBinding('__spacesInvoke', async (_source, channel: string, request: unknown) => {
    const response = await dispatch(handlers, channel, request, core.log);
    traffic.push({ channel, request, response });
    return response;
  });

  // The same buildApi as the preload, injected as source so the page runs it.
  await page.addInitScript(
    `(() => {
      const listeners = new Map();
      const on = (event, listener) => {
        if (!listeners.has(event)) listeners.set(event, new Set());
        listeners.get(event).add(listener);
        return () => listeners.get(event).delete(listener);
      };
      window.__spacesEmit = (event, payload) => { for (const l of listeners.get(event) ?? []) l(payload); };
      const buildApi = ${buildApi.toString()};
      Object.defineProperty(window, 'api', {
        value: buildApi(${JSON.stringify(channelNames)}, (c, r) => window.__spacesInvoke(c, r), on),
        writable: false,
      });
    })();`,
  );

  if (options.filePaths) {
    await page.addInitScript(
      `window.__harnessFilePaths = ${JSON.stringify(options.filePaths)};
      Object.defineProperty(window, 'files', { value: { pathFor: (f) => window.__harnessFilePaths[f.name] ?? '' }, writable: false });`,
    );
  }

  const unsubscribe = core.bus.subscribe((event, payload) => {
    events.push({ event, payload });
    void page
      .evaluate(([e, p]) => (globalThis as unknown as { __spacesEmit: (e: unknown, p: unknown) => void }).__spacesEmit(e, p), [event, payload] as const)
      .catch(() => undefined);
  });

  await page.goto(`${HARNESS_ORIGIN}/index.html`);
  return {
    page,
    traffic,
    events,
    async screenshot(name) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path, fullPage: false });
      return path;
    },
    async setFilePaths(paths) {
      await page.evaluate((p) => ((globalThis as unknown as { __harnessFilePaths: Record<string, string> }).__harnessFilePaths = p), paths);
    },
    async close() {
      unsubscribe();
      await context.close();
      if (pageErrors.length > 0) throw new Error(`The page threw: ${pageErrors.join(' | ')}`);
    },
  };
}
