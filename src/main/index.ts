/**
 * The Electron entry: the only file that builds real services and wires
 * them together. Everything it builds lives in ./core and runs without
 * Electron too (tests, CLI).
 */
import { app, BrowserWindow, clipboard, dialog, ipcMain, protocol } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_HOST, APP_SCHEME, serveRendererFile } from './core/app-protocol';
import { createCore } from './core/core';
import { startDemoLibrary, DEMO_KEY } from './core/demo/demo-library';
import { createLogger } from './core/logger';
import { chooseNativeBinding } from './core/db/native-binding';
import { AppError } from './core/errors';
import { serveLibraryRoute } from './core/thumbnails/routes';
import { createHandlers } from './ipc/handlers';
import { forwardEvents, registerIpc } from './ipc/register';
import { hardenApp, isTrustedUrl } from './security';
import { prepareSmoke, runSmoke } from './smoke';
import { electronUpdates } from './updates';
import { createMainWindow } from './window';

const here = dirname(fileURLToPath(import.meta.url));
// The dev server (npm run dev) only ever for a development build: an installed app loads its own pages.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const log = createLogger();
const smoke = prepareSmoke(process.argv);

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

if (!app.requestSingleInstanceLock()) app.quit();

async function main(): Promise<void> {
  await app.whenReady();
  hardenApp(devServerUrl);

  // `npm run demo` (--demo or SPACES_MEDIA_DEMO=1): a sample library in its own data directory.
  const demo = smoke !== null || process.argv.includes('--demo') || process.env.SPACES_MEDIA_DEMO === '1';
  const baseDir = smoke?.dataDir ?? process.env.SPACES_MEDIA_DATA_DIR ?? app.getPath('userData');
  // better-sqlite3's Electron build (native/), never node_modules' Node one.
  const nativeBinding = chooseNativeBinding({ electron: process.versions.electron, platform: process.platform, arch: process.arch }, app.getAppPath(), existsSync);
  const updates = electronUpdates(app, log, { smoke: smoke !== null });
  const dataDir = demo ? join(baseDir, 'demo') : baseDir;
  const core = createCore({
    dataDir,
    electronVersion: process.versions.electron ?? null,
    nativeBinding,
    updates,
    log,
    // The demo's local server takes fixed public credentials; no keychain needed.
    env: demo ? { SPACES_KEY: DEMO_KEY, SPACES_SECRET: DEMO_KEY } : {},
    clipboard,
    // Relaunch on the demo's own data directory; the user's index is untouched.
    openDemo: demo
      ? undefined
      : () => {
          app.relaunch({ args: [...process.argv.slice(1), '--demo'] });
          app.exit(0);
        },
  });

  const rendererDir = join(here, '../renderer');
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    const res = (await serveLibraryRoute(core, url.pathname)) ?? (await serveRendererFile(rendererDir, url.pathname));
    return new Response(new Uint8Array(res.body), { status: res.status, headers: res.headers });
  });

  registerIpc(ipcMain, createHandlers(core), (url) => isTrustedUrl(url, devServerUrl), log);

  let win: BrowserWindow | undefined = createMainWindow(join(here, '../preload'), devServerUrl);
  if (smoke) void runSmoke(win, smoke, nativeBinding);
  else updates.startBackgroundCheck();
  forwardEvents(core.bus, () => win?.webContents);
  core.syncScheduler.start();
  win.on('closed', () => (win = undefined));

  app.on('second-instance', () => {
    if (win?.isMinimized()) win.restore();
    win?.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) win = createMainWindow(join(here, '../preload'), devServerUrl);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  core.network.start();
  let stopDemo: (() => Promise<void>) | undefined;
  if (demo) {
    startDemoLibrary(core, { sample: smoke?.sample }).then(
      (library) => {
        stopDemo = library.stop;
        log.info(`demo library: ${library.indexed.media} media at ${library.endpoint}`);
      },
      (error: unknown) => log.error('demo library failed to start', error),
    );
  }
  app.on('will-quit', () => {
    void stopDemo?.();
    core.close();
  });
}

main().catch((error: unknown) => {
  log.error('startup failed', error);
  // A person launching the app sees why (e.g. a missing Electron build of the SQLite engine), not just nothing.
  if (error instanceof AppError && !smoke) dialog.showErrorBox('Spaces Media Manager cannot start', error.message);
  app.exit(1);
});
