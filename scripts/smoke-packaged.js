#!/usr/bin/env node
// `npm run smoke:packaged`: after `npm run dist`, runs the packaged app in
// dist/ once in smoke mode (src/main/smoke.ts) and checks the fuses
// afterPack flipped in its real Electron binary. Exit 0 only if both pass.
// release.yml runs it on each OS (under xvfb on Linux).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { wrongFuses } from './after-pack.js';

const dist = resolve('dist');
const productName = 'Spaces Media Manager';
const dirs = existsSync(dist) ? readdirSync(dist).map((d) => join(dist, d)) : [];

/** The packaged app (what @electron/fuses takes) and the executable to run. */
function packagedApp() {
  for (const dir of dirs) {
    if (process.platform === 'darwin' && existsSync(join(dir, `${productName}.app`))) {
      const app = join(dir, `${productName}.app`);
      return { app, exe: join(app, 'Contents', 'MacOS', productName) };
    }
    if (process.platform === 'win32' && existsSync(join(dir, `${productName}.exe`))) return { app: join(dir, `${productName}.exe`), exe: join(dir, `${productName}.exe`) };
    if (process.platform === 'linux' && existsSync(join(dir, 'spaces-media-manager'))) return { app: join(dir, 'spaces-media-manager'), exe: join(dir, 'spaces-media-manager') };
  }
  return null;
}

const packaged = packagedApp();
if (!packaged) {
  console.error(`smoke:packaged: no packaged app for ${process.platform} in ${dist}; run \`npm run dist\` first.`);
  process.exit(1);
}

const wrong = await wrongFuses(packaged.app);
console.log(`fuses in ${packaged.app}: ${wrong.length === 0 ? 'as configured' : `not as configured: ${wrong.join(', ')}`}`);

// Beside the installers, so the release workflow uploads it with them.
const report = join(dist, `smoke-report-${process.platform}.json`);
// Linux CI runners allow no unprivileged sandbox; the app's pages are sandboxed by Electron's renderer settings all the same.
const args = ['--smoke', '--smoke-report', report, ...(process.platform === 'linux' ? ['--no-sandbox'] : [])];
const res = spawnSync(packaged.exe, args, { stdio: 'inherit', timeout: 180_000 });
const smoke = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : null;
console.log(JSON.stringify(smoke, null, 2));
process.exit(wrong.length === 0 && res.status === 0 && smoke?.ok === true ? 0 : 1);
