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
import { APP_ORIGIN, APP_SCHEME, MEDIA_ORIGIN, appRequests } from './core/app-protocol';
import { chooseNativeBinding } from './core/db/native-binding';
import { demoCredential } from './core/demo/demo-process';
import { AppError } from './core/errors';
import { openLogFile } from './core/log-file';
import { detailsHint } from './core/log-location';
import { createLogger, stderrSink, type Logger } from './core/logger';
import { registerFileGrants } from './ipc/file-grants';
import { forwardEvents, registerIpc } from './ipc/register';
import { nativeDialogs } from './native-dialogs';
import { hardenApp, isTrustedUrl } from './security';
import { prepareSmoke, runSmoke } from './smoke';
import { electronUpdates } from './updates';
import { utilityDemoServer } from './demo-server-host';
import { chooseFolder, startDrag } from './export-host';
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

  let win: BrowserWindow | undefined;
  const demoKeys = demo ? demoCredential() : null;
  const core = await CoreWorker.start({
    script: workerScript(),
    data: {
      dataDir,
      nativeBinding,
      electronVersion: process.versions.electron ?? null,
      // The demo's server takes this run's random credential; the worker signs with it (no keychain needed).
      env: demoKeys ? { SPACES_KEY: demoKeys.accessKeyId, SPACES_SECRET: demoKeys.secretAccessKey } : {},
      credentials: { kind: 'keychain' },
      background: true,
      demo: demoKeys ? { sample: smoke?.sample, credential: demoKeys } : false,
      logFile: logFile.path,
    },
    services: {
      clipboardWrite: (text) => clipboard.writeText(text),
      dialogs: nativeDialogs(() => win),
      demoServer: demoKeys ? utilityDemoServer(join(here, 'demo-server.js'), log) : undefined,
      // Exports and drags out (issue 16): the folder is main's dialog's answer, never the renderer's word.
      chooseFolder: (title) => chooseFolder(win, title),
      startDrag: (files) => startDrag(win, files),
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

  const answer = appRequests({
    rendererDir: join(here, '../renderer'),
    pageOrigin: APP_ORIGIN,
    mediaOrigin: MEDIA_ORIGIN,
    route: (pathname, request) => core.route(pathname, request),
  });
  protocol.handle(APP_SCHEME, async (request) => toWebResponse(await answer(request.url, { range: request.headers.get('range') ?? undefined })));

  const trusted = (url: string) => isTrustedUrl(url, devServerUrl);
  registerIpc(ipcMain, (channel, request) => core.call(channel, request), trusted, log);
  registerFileGrants(ipcMain, (paths) => core.grantPaths(paths), trusted, log);

  win = createMainWindow(join(here, '../preload'), devServerUrl);
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
