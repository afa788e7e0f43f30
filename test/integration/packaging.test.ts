/**
 * The packaging config (electron-builder.yml) built for real with
 * electron-builder, then app.asar opened with @electron/asar.
 *
 * STAND-INS, said plainly: no Electron binary can be downloaded here, so
 * electron-builder packs a stand-in Electron distribution (a shell script
 * named `electron`, empty licence files and folders: `electronDist`), and the
 * Electron build of better-sqlite3 (which needs Electron's headers) is stood
 * in for by a copy of node_modules' Node build. Everything electron-builder
 * does with the app itself (file set, asar, unpacking, the afterPack hook)
 * is real. Fuses are flipped and checked only with a real Electron binary
 * (release.yml); here the hook must say it skipped them.
 */
import { extractFile, listPackage, statFile } from '@electron/asar';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { migrationCandidates } from '../../src/main/core/db/database';
import { BINDING_FILE, electronBuildDir } from '../../src/main/core/db/native-binding';
import { tempDir } from '../fixtures/temp';

const require = createRequire(import.meta.url);
const root = join(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const electronVersion = (JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }).version;
/** native/electron-v<version>-linux-x64, as the app looks for it. */
const nativeBuild = electronBuildDir(electronVersion, 'linux', 'x64').split(/[\\/]/).join('/');

interface FileSet {
  from?: string;
  to?: string;
  filter?: string[];
}

describe('installable package (electron-builder --linux dir, stand-in Electron)', () => {
  const work = tempDir('spaces-packaging-');
  let asar = '';
  let files = new Set<string>();
  let log = '';

  beforeAll(() => {
    if (!existsSync(join(root, 'out/main/index.js'))) throw new Error('out/ is not built: run `npm run build` (npm test does) first');

    // The stand-in Electron: what electron-builder copies from electronDist (see environment.md).
    const dist = join(work.path, 'electron-dist');
    mkdirSync(join(dist, 'locales'), { recursive: true });
    mkdirSync(join(dist, 'resources'), { recursive: true });
    writeFileSync(join(dist, 'electron'), '#!/bin/sh\necho "stand-in Electron: no real binary here" >&2\nexit 1\n');
    chmodSync(join(dist, 'electron'), 0o755);
    writeFileSync(join(dist, 'LICENSE'), '');
    writeFileSync(join(dist, 'LICENSES.chromium.html'), '');

    // The stand-in for native/'s Electron build (a Node build: only its packing is under test).
    mkdirSync(join(work.path, nativeBuild), { recursive: true });
    copyFileSync(join(dirname(require.resolve('better-sqlite3/package.json')), 'build/Release/better_sqlite3.node'), join(work.path, nativeBuild, BINDING_FILE));

    // The repository's config as is, but for where the stand-ins are and where output goes.
    const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as { files: (string | FileSet)[]; [key: string]: unknown };
    const nativeSet = config.files.find((f): f is FileSet => typeof f === 'object' && f.from === 'native');
    if (!nativeSet) throw new Error('electron-builder.yml has no `from: native` file set for the Electron build of better-sqlite3');
    nativeSet.from = join(work.path, 'native');
    const output = join(work.path, 'dist');
    const configFile = join(work.path, 'electron-builder.json');
    writeFileSync(configFile, JSON.stringify({ ...config, electronDist: dist, directories: { ...(config.directories as object), output } }));

    const res = spawnSync(
      process.execPath,
      [require.resolve('electron-builder/cli.js'), '--linux', 'dir', '--x64', '--publish', 'never', '--config', configFile],
      { cwd: root, encoding: 'utf8', env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
    );
    log = `${res.stdout}\n${res.stderr}`;
    if (res.status !== 0) throw new Error(`electron-builder failed (${res.status}):\n${log}`);
    asar = join(output, 'linux-unpacked', 'resources', 'app.asar');
    files = new Set(listPackage(asar, { isPack: false }).map((f) => f.split(/[\\/]/).join('/')));
  }, 180_000);
  afterAll(() => work.cleanup());

  const inAsar = (path: string) => files.has(path);
  const under = (prefix: string) => [...files].filter((f) => f === prefix || f.startsWith(`${prefix}/`));

  it('names the app, and claims no file types', () => {
    const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
    expect([config.appId, config.productName]).toEqual(['io.github.spacesmediamanager.app', 'Spaces Media Manager']);
    expect(config.fileAssociations).toBeUndefined();
    expect(config.protocols).toBeUndefined();
  });

  it('holds the built app and package.json', () => {
    for (const path of ['/package.json', '/out/main/index.js', '/out/main/core-worker.js', '/out/main/demo-server.js', '/out/main/cli.js', '/out/preload/index.cjs', '/out/renderer/index.html']) {
      expect(inAsar(path), path).toBe(true);
    }
    const packed = JSON.parse(extractFile(asar, 'package.json').toString()) as { main: string; type: string; productName: string };
    expect([packed.main, packed.type, packed.productName]).toEqual(['out/main/index.js', 'module', 'Spaces Media Manager']);
  });

  it('holds every production dependency and no development one', () => {
    for (const dep of Object.keys(pkg.dependencies)) expect(inAsar(`/node_modules/${dep}/package.json`), dep).toBe(true);
    // Bundled into out/ or used only to build and test.
    // s3rver serves tests only: the demo's server is the app's own read-only one (src/main/core/demo).
    for (const dev of ['electron', 'electron-builder', 'vitest', 'typescript', 'react', 'react-dom', 'playwright-core', 'vite', 'electron-vite', 'tsx', '@electron/rebuild', 'drizzle-kit', 's3rver', '@doyensec/electronegativity']) {
      expect(pkg.devDependencies[dev], `${dev} is a devDependency`).toBeDefined();
      expect(under(`/node_modules/${dev}`), dev).toEqual([]);
    }
  });

  it('leaves out sources, tests, benchmarks, scripts, build resources, source maps and test data', () => {
    for (const dir of ['/src', '/test', '/bench', '/scripts', '/bin', '/test-results', '/dist', '/node_modules/.bin']) {
      expect(under(dir), dir).toEqual([]);
    }
    // Of the build resources, only the window icon and the drag-out icon.
    expect(under('/resources')).toEqual(['/resources', '/resources/icons', '/resources/icons/512x512.png', '/resources/icons/64x64.png']);
    const unwanted = [...files].filter(
      (f) => /\.(map|ts|tsx|md|db|sqlite)$/.test(f) && !f.endsWith('.d.ts') || /\/(test|tests|__tests__|example|examples)\//.test(`${f}/`),
    );
    expect(unwanted).toEqual([]);
    // better-sqlite3's C sources, SQLite amalgamation and Node build stay behind.
    for (const dir of ['build', 'deps', 'src']) expect(under(`/node_modules/better-sqlite3/${dir}`), dir).toEqual([]);
  });

  it('unpacks every .node file, the Electron build of better-sqlite3 among them', () => {
    const nodeFiles = [...files].filter((f) => f.endsWith('.node'));
    expect(nodeFiles).toContain(`/${nativeBuild}/${BINDING_FILE}`);
    expect(nodeFiles.some((f) => f.startsWith('/node_modules/keytar/'))).toBe(true);
    expect(nodeFiles.some((f) => f.startsWith('/node_modules/@img/sharp-'))).toBe(true);
    for (const f of nodeFiles) {
      const stat = statFile(asar, f.slice(1), false) as { unpacked?: boolean };
      expect(stat.unpacked, f).toBe(true);
      expect(existsSync(join(`${asar}.unpacked`, f)), `${f} on disk beside app.asar`).toBe(true);
    }
    // sharp's libvips is a shared library its .node links to: also on disk.
    expect(under('/node_modules/@img').filter((f) => f.includes('/lib/libvips')).length).toBeGreaterThan(0);
  });

  it('has the window and drag icons where the packaged bundle looks for them, unpacked', () => {
    // electron-vite compiles `import icon from '…png?asset'` into a path relative to out/main/.
    const main = extractFile(asar, 'out/main/index.js').toString();
    const relativePaths = [...main.matchAll(/import\.meta\.dirname, "([^"]+\.png)"/g)].map((m) => m[1]!);
    expect(relativePaths.length).toBeGreaterThanOrEqual(2);
    for (const relativePath of relativePaths) {
      const icon = posix.join('/out/main', relativePath);
      expect(inAsar(icon), icon).toBe(true);
      expect((statFile(asar, icon.slice(1), false) as { unpacked?: boolean }).unpacked, icon).toBe(true);
    }
  });

  it('finds the migrations where the packaged bundle looks for them', () => {
    // The bundle file that holds migrationsFolder(), and the folders it tries from there.
    const holder = [...files].find((f) => f.startsWith('/out/main/') && f.endsWith('.js') && extractFile(asar, f.slice(1)).includes('Database migrations not found beside'));
    expect(holder).toBeDefined();
    const folder = migrationCandidates(posix.dirname(holder!)).map((c) => posix.normalize(c)).find((c) => inAsar(`${c}/meta/_journal.json`));
    expect(folder, `migrations beside ${holder}`).toBeDefined();
    const journal = JSON.parse(extractFile(asar, `${folder!.slice(1)}/meta/_journal.json`).toString()) as { entries: { tag: string }[] };
    expect(journal.entries.length).toBeGreaterThan(0);
    for (const { tag } of journal.entries) expect(inAsar(`${folder}/${tag}.sql`), tag).toBe(true);
  });

  it('writes the update feed settings electron-updater reads, and skips fuses on the stand-in', () => {
    expect(existsSync(join(dirname(asar), 'app-update.yml'))).toBe(true);
    expect(log).toMatch(/fuses skipped: .* stand-in, not a real Electron binary/);
  });
});
