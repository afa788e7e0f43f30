#!/usr/bin/env node
// `npm run security:electron`: Doyensec's Electronegativity over the app's
// sources, for the Electron version we ship. It reports but always exits 0,
// so this fails on any finding. A finding is fixed, or justified where it is
// raised with an `eng-disable CHECK_ID` comment the tool reads (see
// docs/SECURITY.md). Without network it cannot fetch Electron's release list
// and says so; the checks still run.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './run.js';

const electron = createRequire(import.meta.url)('electron/package.json').version;
const dir = mkdtempSync(join(tmpdir(), 'electronegativity-'));
const report = join(dir, 'findings.csv');
try {
  const status = run('npx', ['electronegativity', '--input', 'src', '--relative', '--verbose', 'false', '--electron-version', electron, '--output', report]);
  if (status !== 0) process.exit(status);
  const rows = readFileSync(report, 'utf8').trim().split('\n').slice(1).filter((line) => line.trim() !== '');
  if (rows.length > 0) {
    console.error(`\nElectronegativity: ${rows.length} finding(s). Fix each, or justify it where it is raised with an eng-disable comment:\n${rows.join('\n')}`);
    process.exit(1);
  }
  console.log(`Electronegativity (Electron ${electron}): no findings.`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
