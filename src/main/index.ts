/**
 * The Electron entry: the only file that builds real services and wires
 * them together. Everything it builds lives in ./core and runs without
 * Electron too (tests, CLI).
 */
import { app, BrowserWindow, clipboard, ipcMain, protocol } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_HOST, APP_SCHEME, serveRendererFile } from './core/app-protocol';
import { createCore } from './core/core';
import { startDemoLibrary, DEMO_KEY } from './core/demo/demo-library';
import { createLogger } from './core/logger';
import { serveLibraryRoute } from './core/thumbnails/routes';
import { createHandlers } from './ipc/handlers';
import { forwardEvents, registerIpc } from './ipc/register';
import { hardenApp, isTrustedUrl } from './security';
import { createMainWindow } from './window';

const here = dirname(fileURLToPath(import.meta.url));
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const log = createLogger();

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

if (!app.requestSingleInstanceLock()) app.quit();

async function main(): Promise<void> {
  await app.whenReady();
  hardenApp(devServerUrl);

  // `npm run demo` (--demo or SPACES_MEDIA_DEMO=1): a sample library in its own data directory.
  const demo = process.argv.includes('--demo') || process.env.SPACES_MEDIA_DEMO === '1';
  const baseDir = process.env.SPACES_MEDIA_DATA_DIR ?? app.getPath('userData');
  const dataDir = demo ? join(baseDir, 'demo') : baseDir;
  const core = createCore({
    dataDir,
    electronVersion: process.versions.electron ?? null,
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
    startDemoLibrary(core).then(
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
  app.exit(1);
});
