#!/usr/bin/env node
// `npm run dist [-- electron-builder options]`: the installers for this
// platform (electron-builder.yml: AppImage + deb, dmg, NSIS) in dist/.
// Builds out/, then better-sqlite3 for Electron into native/ (for each
// --x64/--arm64/… asked for, else this machine's CPU), then runs
// electron-builder. Publishing is off unless `--publish` is passed.
//   npm run dist                     this platform's installers
//   npm run dist -- --linux dir      an unpacked app only (dist/linux-unpacked)
import { run } from './run.js';

const args = process.argv.slice(2);
const asked = ['x64', 'arm64', 'ia32', 'armv7l', 'universal'].filter((a) => args.includes(`--${a}`));
// A macOS universal app merges an x64 and an arm64 build.
const arches = [...new Set(asked.flatMap((a) => (a === 'universal' ? ['x64', 'arm64'] : [a])))];

function step(label, command, commandArgs) {
  const status = run(command, commandArgs);
  if (status !== 0) {
    console.error(`npm run dist: ${label} failed.`);
    process.exit(status);
  }
}

step('the app build', 'npx', ['electron-vite', 'build']);
for (const arch of arches.length > 0 ? arches : [process.arch]) {
  step(`better-sqlite3 for Electron (${arch})`, process.execPath, ['--import', 'tsx', 'scripts/native-electron.ts', '--arch', arch]);
}
const publish = args.some((a) => a === '--publish' || a.startsWith('--publish=')) ? [] : ['--publish', 'never'];
step('electron-builder', 'npx', ['electron-builder', ...publish, ...args]);
