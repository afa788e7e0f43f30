#!/usr/bin/env node
// `npm test`: builds the app (the e2e specs drive the built renderer, the CLI
// test runs the built bin), then runs every vitest project inside a private
// D-Bus session with an unlocked gnome-keyring so keychain tests use a real
// Secret Service without touching the user's own keyring.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as runStep } from './run.js';

const summaryFile = join('test-results', 'vitest-summary.json');
mkdirSync('test-results', { recursive: true });
rmSync(summaryFile, { force: true });
const vitestArgs = ['--reporter=default', '--reporter=json', `--outputFile.json=${summaryFile}`, ...process.argv.slice(2)];
const env = {
  ...process.env,
  ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
  // s3rver's continuation tokens use a cipher OpenSSL 3 keeps in its legacy provider.
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --openssl-legacy-provider`.trim(),
};


const run = (command, args, options = {}) => runStep(command, args, { env, ...options });

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

if (run('npx', ['electron-vite', 'build', '--logLevel', 'warn']) !== 0) process.exit(1);

let status;
if (process.platform === 'linux') {
  const missing = ['dbus-run-session', 'gnome-keyring-daemon'].filter((c) => !has(c));
  if (missing.length > 0) {
    console.error(
      `npm test needs ${missing.join(' and ')} for the keychain tests.\n` +
        'Install them: sudo apt-get install -y dbus-x11 gnome-keyring libsecret-1-dev libsecret-tools',
    );
    process.exit(1);
  }
  const home = mkdtempSync(join(tmpdir(), 'spaces-keyring-home-'));
  try {
    // A non-empty password, or gnome-keyring creates no login keyring.
    const script =
      'printf x | gnome-keyring-daemon --unlock --components=secrets >/dev/null && ' +
      'exec npx vitest run "$@"';
    status = run('dbus-run-session', ['--', 'sh', '-c', script, 'sh', ...vitestArgs], {
      env: { ...env, HOME: home, XDG_DATA_HOME: join(home, '.local/share'), XDG_RUNTIME_DIR: home, SPACES_TEST_KEYRING: '1' },
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
} else {
  // macOS/Windows: keychain tests skip (printing why) rather than write to the user's keychain.
  status = run('npx', ['vitest', 'run', ...vitestArgs]);
}
// One plain closing line, for CI logs and people.
if (existsSync(summaryFile)) {
  const r = JSON.parse(readFileSync(summaryFile, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
}
process.exit(status);
