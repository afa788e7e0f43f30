/**
 * Which compiled better-sqlite3 a runtime loads.
 *
 * better-sqlite3 talks to V8 directly (it exports `node_register_module_v<ABI>`,
 * not N-API), so one build loads under one runtime only: Node 20 (tests, the
 * CLI) or Electron (the app). Node keeps the build `npm install` made in
 * node_modules; Electron loads a second build kept apart from it under
 * `native/` (made by scripts/native-electron.ts, packaged beside the app), so
 * neither runtime's build ever overwrites the other's.
 *
 * keytar 7.9 and sharp need no such care: both are N-API modules (they export
 * `napi_register_module_v1`; keytar's package.json declares
 * `binary.napi_versions: [3]`), which load under any runtime of the same
 * platform. test/unit/native-binding.test.ts checks those symbols.
 *
 * Pure: versions and paths in, a path (or a clear AppError) out. Electron's
 * main passes the result to the core, and from there to any worker_thread
 * (through workerData), which hands it to openDatabase.
 */
import { join } from 'node:path';
import { AppError } from '../errors';

export const NATIVE_DIR = 'native';
export const BINDING_FILE = 'better_sqlite3.node';

export interface Runtime {
  /** process.versions.electron: present only under Electron. */
  electron?: string | undefined;
  platform: string;
  arch: string;
}

/** The Electron build's folder, relative to the app root: one per Electron version, platform and CPU. */
export function electronBuildDir(electron: string, platform: string, arch: string): string {
  return join(NATIVE_DIR, `electron-v${electron}-${platform}-${arch}`);
}

/** An app root inside `app.asar` → its unpacked twin: native code cannot be loaded from inside an archive. */
export function unpackedRoot(appRoot: string): string {
  return appRoot.replace(/\.asar(?=$|[\\/])/, '.asar.unpacked');
}

/**
 * The `nativeBinding` for better-sqlite3 under `runtime`: undefined under
 * plain Node (better-sqlite3 finds its own build in node_modules), else the
 * Electron build's path below `appRoot` (app.getAppPath()).
 */
export function chooseNativeBinding(runtime: Runtime, appRoot: string, exists: (path: string) => boolean): string | undefined {
  if (!runtime.electron) return undefined;
  const file = join(unpackedRoot(appRoot), electronBuildDir(runtime.electron, runtime.platform, runtime.arch), BINDING_FILE);
  if (exists(file)) return file;
  throw new AppError(
    'NATIVE_MODULE',
    `The SQLite engine built for Electron ${runtime.electron} (${runtime.platform}-${runtime.arch}) is missing: ${file}. ` +
      'From a clone, `npm start` builds it (or run `npm run native:electron`); an installed app is damaged, so reinstall it.',
  );
}

/**
 * A build made for another runtime fails to load with "…compiled against a
 * different Node.js version using NODE_MODULE_VERSION…": name the build and
 * the fix. Other errors pass through unchanged.
 */
export function explainLoadError(error: unknown, binding: string | undefined): unknown {
  const message = error instanceof Error ? error.message : '';
  if (!/NODE_MODULE_VERSION/.test(message)) return error;
  const fix =
    binding === undefined
      ? 'The copy in node_modules was built for another runtime (an older `npm start` rebuilt it for Electron in place): run `npm rebuild better-sqlite3` to rebuild it for Node.'
      : `Delete ${binding} and run \`npm run native:electron\` to build it again for this Electron.`;
  return new AppError('NATIVE_MODULE', `The SQLite engine cannot load under this runtime. ${fix}`, { cause: error });
}
