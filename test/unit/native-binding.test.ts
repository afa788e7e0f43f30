import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/database';
import { chooseNativeBinding, electronBuildDir, explainLoadError, unpackedRoot } from '../../src/main/core/db/native-binding';
import { AppError } from '../../src/main/core/errors';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
const nodeBuild = join(packageDir('better-sqlite3'), 'build', 'Release', 'better_sqlite3.node');
const electron = { electron: '45.5.0', platform: 'linux', arch: 'x64' };
const nothingExists = () => false;

describe('better-sqlite3 build per runtime', () => {
  it('plain Node keeps the build npm installed in node_modules', () => {
    expect(chooseNativeBinding({ platform: 'linux', arch: 'x64' }, '/work/app', nothingExists)).toBeUndefined();
    expect(chooseNativeBinding({ electron: undefined, platform: 'win32', arch: 'x64' }, 'C:\\app', nothingExists)).toBeUndefined();

    // And that build is what openDatabase then loads (Node's module cache names the file).
    openDatabase(':memory:', { nativeBinding: undefined }).close();
    expect(Object.keys(require.cache)).toContain(nodeBuild);
  });

  it('Electron picks its own build under native/, keyed by version, platform and CPU', () => {
    const dev = '/home/me/spaces-media-manager';
    const devBuild = join(dev, 'native', 'electron-v45.5.0-linux-x64', 'better_sqlite3.node');
    expect(chooseNativeBinding(electron, dev, (p) => p === devBuild)).toBe(devBuild);
    expect(electronBuildDir('45.5.0', 'darwin', 'arm64')).toBe(join('native', 'electron-v45.5.0-darwin-arm64'));

    // Packaged: the app root is inside app.asar, the .node file sits unpacked beside it.
    const packaged = '/opt/Spaces Media Manager/resources/app.asar';
    const unpackedBuild = '/opt/Spaces Media Manager/resources/app.asar.unpacked/native/electron-v45.5.0-linux-x64/better_sqlite3.node';
    expect(chooseNativeBinding(electron, packaged, (p) => p === unpackedBuild)).toBe(unpackedBuild);
    expect(unpackedRoot('/x/app.asar.unpacked')).toBe('/x/app.asar.unpacked');
    expect(unpackedRoot('/x/my.asarfile/app')).toBe('/x/my.asarfile/app');
  });

  it('a missing Electron build is a clear NATIVE_MODULE error that says how to make it', () => {
    let thrown: unknown;
    try {
      chooseNativeBinding(electron, '/home/me/app', nothingExists);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('NATIVE_MODULE');
    expect((thrown as AppError).message).toContain('Electron 45.5.0 (linux-x64)');
    expect((thrown as AppError).message).toContain(join('/home/me/app', 'native', 'electron-v45.5.0-linux-x64', 'better_sqlite3.node'));
    expect((thrown as AppError).message).toContain('npm start');
  });

  it('openDatabase loads the binding it is given (a worker receives it as a path)', () => {
    openDatabase(':memory:', { nativeBinding: nodeBuild }).close();
    expect(() => openDatabase(':memory:', { nativeBinding: '/nonexistent/better_sqlite3.node' })).toThrow(/Cannot find module/);
  });

  it('a build of another runtime fails with the fix, not a bare NODE_MODULE_VERSION', () => {
    const abi = new Error(
      "The module 'better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 150. This version of Node.js requires NODE_MODULE_VERSION 115.",
    );
    const fromNodeModules = explainLoadError(abi, undefined) as AppError;
    expect([fromNodeModules.code, fromNodeModules.cause]).toEqual(['NATIVE_MODULE', abi]);
    expect(fromNodeModules.message).toContain('npm rebuild better-sqlite3');
    expect((explainLoadError(abi, '/app/native/x/better_sqlite3.node') as AppError).message).toContain('npm run native:electron');
    const other = new Error('disk I/O error');
    expect(explainLoadError(other, undefined)).toBe(other);
  });
});

/**
 * Why only better-sqlite3 needs two builds: N-API modules export
 * napi_register_module_v1 and load under Node and Electron alike; a V8/NAN
 * module exports node_register_module_v<ABI> and loads under one ABI only.
 */
describe('which native modules are ABI-stable', () => {
  const exportsOf = (file: string) => {
    const bytes = readFileSync(file);
    return { napi: bytes.includes('napi_register_module_v1'), v8: /node_register_module_v\d+/.test(bytes.toString('latin1')) };
  };

  it('keytar 7.9 is N-API (declared and built so)', () => {
    const pkg = JSON.parse(readFileSync(join(packageDir('keytar'), 'package.json'), 'utf8')) as { version: string; binary?: { napi_versions?: number[] } };
    expect(pkg.version).toBe('7.9.0');
    expect(pkg.binary?.napi_versions).toEqual([3]);
    expect(exportsOf(join(packageDir('keytar'), 'build', 'Release', 'keytar.node'))).toEqual({ napi: true, v8: false });
  });

  it("sharp's binary is N-API", () => {
    // sharp's platform package exports `./package` rather than `./package.json`.
    const dir = join(dirname(require.resolve(`@img/sharp-${process.platform}-${process.arch}/package`)), 'lib');
    const file = readdirSync(dir).find((f) => f.endsWith('.node'));
    expect(file).toBeDefined();
    expect(exportsOf(join(dir, file!))).toEqual({ napi: true, v8: false });
  });

  it('better-sqlite3 is not: its build is tied to one runtime ABI', () => {
    expect(exportsOf(nodeBuild)).toEqual({ napi: false, v8: true });
  });
});
