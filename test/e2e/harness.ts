/**
 * The e2e harness: the built renderer (out/renderer) in headless Chromium,
 * its window.api built by the same buildApi the preload uses. This test
 * process plays main: it starts the built core worker (out/main/core-worker.js)
 * the way Electron's main does, relays every call over the worker's port
 * (the worker's dispatch validates and answers), forwards the worker's
 * events to the page, and serves the library routes from the worker's
 * answers. So every spec crosses the same worker boundary as the app.
 *
 * The spec's own `core` (testCore()) shares the data directory and the
 * index with the worker, as the CLI shares them with the app: specs set up
 * and inspect rows through it, and the worker's credentials, clipboard and
 * log lines are that core's (host services the worker calls back for).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildApi } from '../../src/shared/api';
import { channelNames, type EventName, type PayloadOf } from '../../src/shared/contract';
import type { Envelope } from '../../src/shared/errors';
import { appRequests } from '../../src/main/core/app-protocol';
import { mediaOriginFor } from '../../src/shared/app-origins';
import type { WorkerTuning } from '../../src/main/worker/protocol';
import { startCoreWorker, WORKER_SCRIPT, type HostCore } from '../fixtures/core-worker';
import type { HostServices, RouteResponse } from '../../src/main/worker/core-host';
import { bodyBytes } from '../fixtures/library-route';
import { scriptedDialogs, type ScriptedDialogs } from '../fixtures/dialogs';
import { fileGrantHandler } from '../../src/main/ipc/file-grants';
import type { Logger } from '../../src/main/core/logger';

export const HARNESS_ORIGIN = 'http://spaces.app';
/** Where the harness serves originals, as main serves them from app://media. */
export const HARNESS_MEDIA_ORIGIN = mediaOriginFor(HARNESS_ORIGIN);
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
  /** When the call reached the harness and how long the worker took to answer (performance.now() of this process, ms). */
  at: number;
  ms: number;
}

export interface Harness {
  page: Page;
  traffic: Traffic[];
  events: { event: string; payload: unknown }[];
  screenshot(name: string): Promise<string>;
  /** A contract call through the worker, as the page would make it (a spec acting as the app: "check the network now"). */
  call(channel: string, request?: unknown): Promise<Envelope<unknown>>;
  /** Delivers an event to the page as main forwards one (a spec that changed rows behind the app's back says so). */
  emit<E extends EventName>(event: E, payload: PayloadOf<E>): Promise<void>;
  /** With `filePaths`: replaces the file name → local path map the page's `window.files.grant` resolves from. */
  setFilePaths(paths: Record<string, string>): Promise<void>;
  /** The stand-in for main's native dialogs (file dialog, confirmations): script answers, read what was asked. */
  dialogs: ScriptedDialogs;
  close(): Promise<void>;
}

export function assertRendererBuilt(): void {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error('The renderer is not built (out/renderer/index.html missing). `npm test` builds it; or run `npm run build`.');
  }
  if (!existsSync(WORKER_SCRIPT)) {
    throw new Error('The core worker is not built (out/main/core-worker.js missing). `npm test` builds it; or run `npm run build`.');
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

/** A route's answer for Playwright (which fulfils from a file or a whole body, not a stream). */
async function fulfilment(res: RouteResponse): Promise<{ status: number; headers: Record<string, string>; path?: string; body?: Buffer }> {
  if (res.body.kind === 'file' && res.body.start === undefined) return { status: res.status, headers: res.headers, path: res.body.path };
  return { status: res.status, headers: res.headers, body: await bodyBytes(res.body) };
}

/**
 * Opens the built renderer over a core worker on `core`'s data, served as
 * main serves it: the library routes (thumbnails, originals) from the worker,
 * then the renderer's files.
 */
export async function openApp(options: {
  core: HostCore;
  /** Worker tuning (small listing pages so progress shows, upload caps); default: the spec's core's. */
  tuning?: WorkerTuning;
  viewport?: { width: number; height: number };
  /** Routes answered before the app's own (a bench serves a fixed thumbnail instead of S3). */
  route?: (pathname: string) => Promise<{ status: number; headers: Record<string, string>; body: Buffer } | undefined>;
  /**
   * A stand-in for the preload's `window.files.grant` (webUtils, which plain
   * Chromium lacks): dropped Files map to local paths by name, which are
   * then registered through main's own grant handler (ipc/file-grants.ts)
   * and the worker's registry, as in the app. Given, the page gets the
   * bridge; `setFilePaths` changes the map.
   */
  filePaths?: Record<string, string>;
  /** Main's dialogs; default: a scripted stand-in that confirms and picks nothing. */
  dialogs?: ScriptedDialogs;
  /** Script run in the page before the app's own (a spec's stand-in for a browser API). */
  initScript?: string;
  /** Main's folder picker and OS drag, scripted by the spec (exports, drags out). */
  host?: Pick<HostServices, 'chooseFolder' | 'startDrag'>;
}): Promise<Harness> {
  assertRendererBuilt();
  const dialogs = options.dialogs ?? scriptedDialogs();
  const worker = await startCoreWorker(options.core, options.tuning, { dialogs, ...options.host });
  const context: BrowserContext = await (await sharedBrowser()).newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  const traffic: Traffic[] = [];
  const events: { event: string; payload: unknown }[] = [];
  const pageErrors: string[] = [];
  let setFilePathsOf: (paths: Record<string, string>) => void = () => {
    throw new Error('openApp({filePaths}) gives the page its files bridge');
  };
  page.on('pageerror', (e) => pageErrors.push(e.message));

  // As main's protocol handler answers: the page's origin, and the media origin for originals.
  const answer = appRequests({ rendererDir: RENDERER_DIR, pageOrigin: HARNESS_ORIGIN, mediaOrigin: HARNESS_MEDIA_ORIGIN, route: (p, r) => worker.route(p, r) });
  for (const origin of [HARNESS_ORIGIN, HARNESS_MEDIA_ORIGIN]) {
    await context.route(`${origin}/**`, async (route) => {
      const url = new URL(route.request().url());
      const own = origin === HARNESS_ORIGIN && options.route && (await options.route(url.pathname));
      if (own) return route.fulfill(own);
      await route.fulfill(await fulfilment(await answer(url.href, { range: route.request().headers()['range'] })));
    });
  }

  await page.exposeBinding('__spacesInvoke', async (_source, channel: string, request: unknown) => {
    const at = performance.now();
    const response = await worker.call(channel, request);
    traffic.push({ channel, request, response, at, ms: performance.now() - at });
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
    // Main's own drop handler, its sender check against the frame that called.
    const grantDropped = fileGrantHandler((paths) => worker.grantPaths(paths), (url) => url.startsWith(`${HARNESS_ORIGIN}/`), options.core.log as Logger);
    const filePaths = { current: options.filePaths };
    setFilePathsOf = (paths) => void (filePaths.current = paths);
    await page.exposeBinding('__spacesGrantDropped', async (source, names: string[]) => {
      // The preload's part: File → local path (webUtils there; the spec's map here).
      const paths = names.flatMap((n) => (filePaths.current[n] ? [filePaths.current[n]] : []));
      const missing = names.filter((n) => !filePaths.current[n]);
      if (paths.length === 0) return { grants: [], missing };
      const answer = await grantDropped({ senderFrame: { url: source.frame.url() } }, paths);
      return answer.ok ? { grants: answer.data, missing } : { grants: [], missing, error: answer.error.message };
    });
    await page.addInitScript(
      `Object.defineProperty(window, 'files', { value: Object.freeze({ grant: (files) => window.__spacesGrantDropped(Array.from(files, (f) => f.name)) }), writable: false });`,
    );
  }

  const deliver = (event: string, payload: unknown) =>
    page
      .evaluate(([e, p]) => (globalThis as unknown as { __spacesEmit: (e: unknown, p: unknown) => void }).__spacesEmit(e, p), [event, payload] as const)
      .catch(() => undefined);
  const unsubscribe = worker.onEvent((event, payload) => {
    events.push({ event, payload });
    void deliver(event, payload);
  });

  if (options.initScript) await page.addInitScript(options.initScript);
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
    call: (channel, request) => worker.call(channel, request),
    async emit(event, payload) {
      events.push({ event, payload });
      await deliver(event, payload);
    },
    async setFilePaths(paths) {
      setFilePathsOf(paths);
    },
    dialogs,
    async close() {
      unsubscribe();
      await context.close();
      await worker.close();
      if (pageErrors.length > 0) throw new Error(`The page threw: ${pageErrors.join(' | ')}`);
    },
  };
}
