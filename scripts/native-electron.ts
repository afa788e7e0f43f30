/**
 * `npm run native:electron [-- --arch arm64] [--force] [--dest DIR]`: builds better-sqlite3
 * for the installed Electron into native/electron-v<version>-<platform>-<arch>/
 * (gitignored), apart from node_modules. The Node build that tests and the
 * CLI load is never touched, so `npm start`, `npm test` and `npx
 * spaces-media` work in any order (src/main/core/db/native-binding.ts picks
 * the build per runtime).
 *
 * @electron/rebuild works on a throwaway copy of the package under native/
 * (so it still finds prebuild-install in the project's node_modules and can
 * take a prebuilt Electron binary before compiling against Electron's
 * headers). Both come from Electron's and GitHub's download hosts; where
 * those cannot be reached this prints one paragraph and exits 1.
 */
import { rebuild } from '@electron/rebuild';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { BINDING_FILE, NATIVE_DIR, electronBuildDir } from '../src/main/core/db/native-binding';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    arch: { type: 'string', default: process.arch },
    force: { type: 'boolean', default: false },
    // Where native/ goes (default: the project); the test builds into a temp folder.
    dest: { type: 'string', default: root },
  },
});
const arch = values.arch!;

const electronVersion = (JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }).version;
const target = join(values.dest!, electronBuildDir(electronVersion, process.platform, arch), BINDING_FILE);
const shown = relative(process.cwd(), target);

if (existsSync(target) && !values.force) {
  console.log(`better-sqlite3 for Electron ${electronVersion}: ${shown} (already built)`);
  process.exit(0);
}

const source = dirname(require.resolve('better-sqlite3/package.json'));
// Inside the project, so @electron/rebuild finds prebuild-install in its node_modules.
const stage = join(root, NATIVE_DIR, `.stage-${process.pid}`);
const staged = join(stage, 'node_modules', 'better-sqlite3');
rmSync(stage, { recursive: true, force: true });
// The package's sources and SQLite amalgamation, without node_modules' (Node) build.
cpSync(source, staged, { recursive: true, filter: (path) => !relative(source, path).startsWith('build') });
writeFileSync(join(stage, 'package.json'), JSON.stringify({ name: 'native-stage', private: true, dependencies: { 'better-sqlite3': '*' } }));

// A `nodedir` npm setting (npm passes it on as npm_config_nodedir) makes node-gyp
// compile against that Node's headers: a Node build under an Electron name.
for (const name of Object.keys(process.env)) if (name.toLowerCase() === 'npm_config_nodedir') delete process.env[name];

/** The V8 module ABI a build registers for (better-sqlite3 is not N-API). */
function builtAbi(file: string): string | undefined {
  return /node_register_module_v(\d+)/.exec(readFileSync(file).toString('latin1'))?.[1];
}

console.log(`Building better-sqlite3 for Electron ${electronVersion} (${process.platform}-${arch}) into ${shown}…`);
try {
  await rebuild({ buildPath: stage, electronVersion, arch, onlyModules: ['better-sqlite3'], force: true });
  const built = join(staged, 'build', 'Release', BINDING_FILE);
  const abi = builtAbi(built);
  if (abi === undefined || abi === process.versions.modules) {
    throw new Error(`the build registers ABI ${abi ?? 'none'}, which is Node's own (${process.versions.modules}), not Electron's: it was compiled against Node's headers`);
  }
  mkdirSync(dirname(target), { recursive: true });
  // Copy then rename: a half-written .node is never left where the app looks.
  cpSync(built, `${target}.partial`);
  renameSync(`${target}.partial`, target);
  console.log(`better-sqlite3 for Electron ${electronVersion}: ${shown}`);
} catch (error) {
  const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  console.error(
    `\nSpaces Media Manager cannot start yet: its SQLite engine (better-sqlite3) must be compiled for Electron ${electronVersion}, ` +
      "and that needs Electron's C++ headers or a prebuilt module, which come from Electron's and GitHub's download hosts; " +
      `the build failed here (${reason}), most often because those hosts cannot be reached. Nothing in node_modules was changed: \`npm test\` and \`npx spaces-media\` ` +
      'keep working. On a machine that reaches those hosts (and has a C++ toolchain, see the README\'s prerequisites) run ' +
      `\`npm run native:electron\`, which writes ${shown}, then \`npm start\` again.`,
  );
  process.exitCode = 1;
} finally {
  rmSync(stage, { recursive: true, force: true });
}
