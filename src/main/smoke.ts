/**
 * Smoke mode: `--smoke --smoke-report PATH`. The app starts on a small
 * generated demo library (embedded S3 server, real sync into a fresh index)
 * in a throwaway data directory, opens its window, waits for the shell to
 * render, round-trips app:info, waits for one thumbnail to load through the
 * app:// protocol, writes a JSON report and quits with 0 (all passed) or 1.
 *
 * It checks what only a real Electron can: the preload and contextBridge,
 * ipcMain, the protocol handler, and that the native modules (better-sqlite3's
 * Electron build, keytar, sharp) load under Electron's ABI. The `_electron`
 * e2e spec and the release workflow (on each packaged app) run it.
 *
 * The page is driven through what a person sees (the rendered shell, an
 * <img> of the grid) and window.api, so it holds whatever main runs where.
 */
import { app, type BrowserWindow } from 'electron';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { AppInfo } from '../shared/domain';
import type { SampleOptions } from './core/demo/sample-library';
import { openDatabase } from './core/db/database';
import { PAINT_PROBE, SHELL_PROBE, SMOKE_SAMPLE, THUMB_PROBE, fetchProbe } from './smoke-probes';

export interface SmokeRun {
  reportPath: string;
  /** A fresh data directory: the person's own library is never touched. */
  dataDir: string;
  sample: SampleOptions;
}

export interface SmokeReport {
  ok: boolean;
  electron: string | null;
  chromium: string | null;
  node: string;
  /** better-sqlite3 (from its Electron build), keytar and sharp all loaded under this runtime. */
  abiOk: boolean;
  /** Chromium's first contentful paint of the app's page, ms after navigation. */
  renderMs: number | null;
  checks: Record<string, string>;
  error?: string;
}

const TIMEOUT_MS = 90_000;

/**
 * Reads `--smoke` and `--smoke-report PATH` (or `=PATH`). Call before the
 * single-instance lock: a smoke run gets its own userData, so it neither
 * meets an open copy of the app nor writes into the person's profile.
 */
export function prepareSmoke(argv: readonly string[]): SmokeRun | null {
  if (!argv.includes('--smoke')) return null;
  const at = argv.indexOf('--smoke-report');
  const reportPath = at >= 0 ? argv[at + 1] : argv.find((a) => a.startsWith('--smoke-report='))?.slice('--smoke-report='.length);
  if (!reportPath || reportPath.startsWith('--')) {
    process.stderr.write('--smoke needs --smoke-report PATH (where to write the JSON report)\n');
    app.exit(2);
    return null;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'spaces-smoke-'));
  app.setPath('userData', join(dataDir, 'electron'));
  const run = { reportPath: resolve(reportPath), dataDir, sample: SMOKE_SAMPLE };
  // Whatever ends the process first (a startup failure, a hang), a report says so.
  process.once('exit', (code) => {
    if (!reported) writeReport(run, { ...emptyReport(), error: `the app exited (code ${code}) before the smoke checks finished; see its log` });
    try {
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // Chromium may still hold a file of its profile (Windows); a temp folder left behind is harmless.
    }
  });
  setTimeout(() => app.exit(1), TIMEOUT_MS + 10_000).unref();
  return run;
}

let reported = false;

function emptyReport(): SmokeReport {
  return {
    ok: false,
    electron: process.versions.electron ?? null,
    chromium: process.versions.chrome ?? null,
    node: process.versions.node,
    abiOk: false,
    renderMs: null,
    checks: {},
  };
}

function writeReport(run: SmokeRun, report: SmokeReport): void {
  mkdirSync(dirname(run.reportPath), { recursive: true });
  writeFileSync(run.reportPath, `${JSON.stringify(report, null, 2)}\n`);
  reported = true;
}

/** Runs the checks against the app's first window, writes the report and quits. */
export async function runSmoke(win: BrowserWindow, run: SmokeRun, nativeBinding: string | undefined): Promise<void> {
  const createdAt = Date.now();
  const report = emptyReport();
  const deadline = createdAt + TIMEOUT_MS;
  const inPage = <T>(script: string): Promise<T> => win.webContents.executeJavaScript(script, true) as Promise<T>;
  async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>): Promise<T> {
    for (;;) {
      const value = await probe().catch(() => null);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  try {
    report.checks.nativeModules = await loadNativeModules(nativeBinding);
    report.abiOk = true;

    await until('the page to load', async () => !win.webContents.isLoading());
    const paint = await until('the first paint', () => inPage<number | null>(PAINT_PROBE));
    report.renderMs = Math.round(paint);
    const version = await until('the shell to render', () => inPage<string | null>(SHELL_PROBE));
    report.checks.shell = `first paint ${Math.round(paint)} ms after navigation; library shell showing ${version} ${Date.now() - createdAt} ms after the window opened (the demo library indexed first)`;

    const info = await inPage<{ ok: boolean; data?: AppInfo }>('window.api.app.info()');
    if (!info.ok || info.data?.electron !== process.versions.electron) throw new Error(`app:info answered ${JSON.stringify(info)}`);
    report.checks.appInfo = `round-tripped: ${info.data.name} ${info.data.version} on Electron ${info.data.electron}`;

    // The demo library indexes in the background; its model cards then load thumbnails over app://.
    const thumb = await until('a thumbnail to load over app://', () => inPage<string | null>(THUMB_PROBE));
    const fetched = await inPage<string>(fetchProbe(thumb.slice(thumb.indexOf(' ') + 1)));
    if (!/^200 image\//.test(fetched)) throw new Error(`the thumbnail answered ${fetched}`);
    report.checks.thumbnail = `${thumb} (${fetched})`;
    report.ok = true;
  } catch (error) {
    report.error = error instanceof Error ? error.message : String(error);
  }
  writeReport(run, report);
  process.stdout.write(`smoke: ${report.ok ? 'ok' : `FAILED: ${report.error}`} (report: ${run.reportPath})\n`);
  app.exit(report.ok ? 0 : 1);
}

/** Each native module the app uses, loaded under this runtime; throws naming the first that fails. */
async function loadNativeModules(nativeBinding: string | undefined): Promise<string> {
  // An in-memory index: the SQLite build and the migrations shipped with the app.
  const database = openDatabase(':memory:', { nativeBinding });
  const sqlite = (database.sqlite.prepare('select sqlite_version() as v').get() as { v: string }).v;
  database.close();
  const keytar = await import('keytar');
  if (typeof keytar.default.getPassword !== 'function') throw new Error('keytar did not load');
  const sharp = (await import('sharp')).default;
  return `better-sqlite3 (SQLite ${sqlite}) from ${nativeBinding ?? 'node_modules'}, keytar, sharp (libvips ${sharp.versions.vips}) on ABI ${process.versions.modules}`;
}
