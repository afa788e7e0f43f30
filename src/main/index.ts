/**
 * The Electron entry. Main keeps only what must be here — the window, the
 * app protocol, the clipboard, relaunching — and stays free to answer them:
 * the core (database, sync, uploads, thumbnails, links, profiles) runs in a
 * worker thread (worker/core-worker.ts). IPC calls are checked for their
 * sender here and relayed over the worker's port; events come back the same
 * way; thumbnails and originals stream to the protocol handler.
 */
import { app, BrowserWindow, clipboard, dialog, ipcMain, protocol } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_HOST, APP_SCHEME, serveRendererFile } from './core/app-protocol';
import { chooseNativeBinding } from './core/db/native-binding';
import { DEMO_KEY } from './core/demo/demo-library';
import { AppError } from './core/errors';
import { openLogFile } from './core/log-file';
import { detailsHint } from './core/log-location';
import { createLogger, stderrSink, type Logger } from './core/logger';
import { isLibraryRoute } from './core/thumbnails/routes';
import { forwardEvents, registerIpc } from './ipc/register';
import { hardenApp, isTrustedUrl } from './security';
import { prepareSmoke, runSmoke } from './smoke';
import { electronUpdates } from './updates';
import { createMainWindow } from './window';
import { CoreWorker } from './worker/core-host';
import { toWebResponse } from './worker/route-response';

const here = dirname(fileURLToPath(import.meta.url));
// The dev server (npm run dev) only ever for a development build: an installed app loads its own pages.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
/** stderr until the data directory's log file is open. */
let log: Logger = createLogger(stderrSink);
const smoke = prepareSmoke(process.argv);

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

if (!app.requestSingleInstanceLock()) app.quit();

/**
 * The worker script, outside the asar when packaged (Signal Desktop does the
 * same): a worker thread's loader reads the real file system.
 */
function workerScript(): string {
  const packed = join(here, 'core-worker.js');
  const unpacked = packed.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  return unpacked !== packed && existsSync(unpacked) ? unpacked : packed;
}

async function main(): Promise<void> {
  await app.whenReady();
  hardenApp(devServerUrl);

  // `npm run demo` (--demo or SPACES_MEDIA_DEMO=1): a sample library in its own data directory.
  const demo = smoke !== null || process.argv.includes('--demo') || process.env.SPACES_MEDIA_DEMO === '1';
  const baseDir = smoke?.dataDir ?? process.env.SPACES_MEDIA_DATA_DIR ?? app.getPath('userData');
  const dataDir = demo ? join(baseDir, 'demo') : baseDir;
  const logFile = openLogFile(dataDir, 'main');
  log = createLogger(logFile.sink, stderrSink);
  // better-sqlite3's Electron build (native/), never node_modules' Node one; the worker loads it.
  const nativeBinding = chooseNativeBinding({ electron: process.versions.electron, platform: process.platform, arch: process.arch }, app.getAppPath(), existsSync);
  const updates = electronUpdates(app, log, { smoke: smoke !== null });

  const core = await CoreWorker.start({
    script: workerScript(),
    data: {
      dataDir,
      nativeBinding,
      electronVersion: process.versions.electron ?? null,
      // The demo's local server takes fixed public credentials; no keychain needed.
      env: demo ? { SPACES_KEY: DEMO_KEY, SPACES_SECRET: DEMO_KEY } : {},
      credentials: { kind: 'keychain' },
      background: true,
      demo: demo ? { sample: smoke?.sample } : false,
      logFile: logFile.path,
    },
    services: {
      clipboardWrite: (text) => clipboard.writeText(text),
      checkForUpdates: () => updates.check(),
      // Relaunch on the demo's own data directory; the user's index is untouched.
      openDemo: demo
        ? undefined
        : () => {
            app.relaunch({ args: [...process.argv.slice(1), '--demo'] });
            app.exit(0);
          },
    },
    log,
    workerLog: (line) => {
      logFile.sink(line);
      stderrSink(line);
    },
  });

  const rendererDir = join(here, '../renderer');
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    if (isLibraryRoute(url.pathname)) {
      const routed = await core.route(url.pathname);
      if (routed) return toWebResponse(routed);
    }
    const file = await serveRendererFile(rendererDir, url.pathname);
    return new Response(new Uint8Array(file.body), { status: file.status, headers: file.headers });
  });

  registerIpc(ipcMain, (channel, request) => core.call(channel, request), (url) => isTrustedUrl(url, devServerUrl), log);

  let win: BrowserWindow | undefined = createMainWindow(join(here, '../preload'), devServerUrl);
  if (smoke) void runSmoke(win, smoke, nativeBinding);
  else updates.startBackgroundCheck();
  forwardEvents(core, () => win?.webContents);
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
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    // The core stops its transfers where they are (resumable) and closes the index first.
    event.preventDefault();
    void core
      .close()
      .then(() => logFile.close())
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
}

main().catch((error: unknown) => {
  log.error('startup failed', error);
  // A person launching the app sees why (e.g. a missing Electron build of the SQLite engine), not just nothing.
  if (!smoke) dialog.showErrorBox('Spaces Media Manager cannot start', error instanceof AppError ? error.message : `${String((error as Error)?.message ?? error)}. ${detailsHint()}`);
  app.exit(1);
});
