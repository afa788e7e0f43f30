import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BINDING_FILE, NATIVE_DIR, electronBuildDir } from '../../src/main/core/db/native-binding';
import { tempDir } from '../fixtures/temp';

const require = createRequire(import.meta.url);
const root = join(__dirname, '../..');
const nodeBuild = join(dirname(require.resolve('better-sqlite3/package.json')), 'build/Release/better_sqlite3.node');
const electronVersion = (JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }).version;
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * `npm run native:electron` (what `npm start` runs first): builds
 * better-sqlite3 for Electron apart from node_modules. Where Electron's
 * headers can be fetched it builds; where not (this machine) it must say so
 * in one paragraph. Either way node_modules' Node build — what tests and the
 * CLI load — is left exactly as it was.
 */
describe('building better-sqlite3 for Electron', () => {
  const dest = tempDir('spaces-native-');
  afterAll(() => dest.cleanup());

  it('never touches the Node build, and builds for Electron or says why it cannot', () => {
    const before = sha(nodeBuild);
    const res = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/native-electron.ts'), '--force', '--dest', dest.path], {
      cwd: root,
      encoding: 'utf8',
      // npm passes a `nodedir` setting on like this (this machine's npmrc has one): it must not turn the build into a Node one.
      env: { ...process.env, npm_config_nodedir: dirname(dirname(process.execPath)) },
      timeout: 300_000,
    });
    const target = join(dest.path, electronBuildDir(electronVersion, process.platform, process.arch), BINDING_FILE);

    expect(sha(nodeBuild), 'node_modules/better-sqlite3 build').toBe(before);
    expect(readdirSync(join(root, NATIVE_DIR)).filter((d) => d.startsWith('.stage-')), 'staging copies left behind').toEqual([]);
    if (res.status === 0) {
      console.info('native-electron: built (Electron headers reachable)');
      const abi = /node_register_module_v(\d+)/.exec(readFileSync(target).toString('latin1'))?.[1];
      expect(abi, 'the Electron build registers a V8 module ABI').toBeDefined();
      expect(abi, "not Node's own ABI").not.toBe(process.versions.modules);
    } else {
      console.info('native-electron: Electron headers unreachable; checked the message');
      expect(res.status).toBe(1);
      expect(res.stderr).toContain(`must be compiled for Electron ${electronVersion}`);
      expect(res.stderr).toContain('Nothing in node_modules was changed');
      expect(res.stderr).toContain('npm run native:electron');
      expect(existsSync(target), 'no half-built file where the app looks').toBe(false);
    }
  }, 320_000);
});
