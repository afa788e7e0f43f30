#!/usr/bin/env node
// `npm start`: builds the app and launches Electron. Where the Electron binary
// is not installed (it downloads from outside the npm registry at install
// time), explains how to get it instead of failing with a stack trace.
// better-sqlite3 for Electron is built into native/ (scripts/native-electron.ts),
// never in place in node_modules, so `npm test` and the CLI keep their Node build.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { run } from './run.js';

const require = createRequire(import.meta.url);
const passThrough = process.argv.slice(2);

const electronDir = dirname(require.resolve('electron/package.json'));

/** The Electron executable, downloading it once if the package has none yet. */
function electronBinary() {
  const located = () => {
    const pathFile = join(electronDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const rel = readFileSync(pathFile, 'utf8');
    const full = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(electronDir, 'dist'), rel);
    return existsSync(full) ? full : null;
  };
  if (located()) return located();
  // npm is told not to run electron's install script (allowScripts); fetch the binary now.
  console.error('Fetching the Electron binary (first start only)…');
  spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'ignore' });
  return located();
}

const binary = electronBinary();
if (!binary) {
  console.error(
    'Spaces Media Manager cannot start: the Electron binary is not installed. npm installs the `electron` package, ' +
      'but the binary itself is downloaded separately at install time, and that download was skipped or blocked ' +
      '(ELECTRON_SKIP_BINARY_DOWNLOAD, no access to Electron\'s release host, or an install that ran with scripts off). ' +
      'On a machine that can reach Electron\'s downloads run `node node_modules/electron/install.js`, or point ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron, then ' +
      '`npm start` again. Everything else works without it: `npm test` runs the whole suite in Chromium, and ' +
      '`npx spaces-media --help` shows the command-line interface.',
  );
  process.exit(1);
}

const steps = [
  // First, as it can fail for want of Electron's headers: then it says so, and nothing else has run.
  [process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'native-electron.ts')]],
  ['npx', ['electron-vite', 'build']],
];
for (const [cmd, args] of steps) {
  const status = run(cmd, args);
  if (status !== 0) process.exit(status);
}
const res = spawnSync(binary, ['.', ...passThrough], { stdio: 'inherit' });
process.exit(res.status ?? 0);
