/**
 * `npm run reliability`: builds the app (the trials drive the built CLI),
 * runs the reliability suite (test/reliability) at its full counts
 * (RELIABILITY=full: ≥ 20 crash trials each, 10,000-object syncs, a
 * 200-file batch, 100,000 hostile strings per parser, the load trial), then
 * writes docs/RELIABILITY.md from what the tests measured
 * (test-results/reliability/*.json): each promise, the test that proves it,
 * and the figures of this run. The normal `npm test` runs the same tests at
 * reduced counts and writes no doc.
 *
 *   npm run reliability [-- --seed N] [-- vitest filters…]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PROMISES } from '../test/reliability/promises';

/** Runs one step with its output on the terminal; npx is a .cmd on Windows, started only through a shell. */
function run(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd: string }): number {
  const res = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32', ...options });
  if (res.error) throw res.error;
  return res.status ?? 1;
}

const root = join(import.meta.dirname, '..');
const figuresDir = join(root, 'test-results', 'reliability');
const summaryFile = join(root, 'test-results', 'reliability-vitest.json');
const docFile = join(root, 'docs', 'RELIABILITY.md');

const { values, positionals } = parseArgs({ options: { seed: { type: 'string' } }, allowPositionals: true });
const env: NodeJS.ProcessEnv = {
  ...process.env,
  RELIABILITY: 'full',
  ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
  // s3rver's continuation tokens use a cipher OpenSSL 3 keeps in its legacy provider.
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --openssl-legacy-provider`.trim(),
  ...(values.seed ? { RELIABILITY_SEED: values.seed } : {}),
};

const machine = {
  cpu: `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}`,
  memory: `${Math.round(totalmem() / 2 ** 30)} GiB (${Math.round(freemem() / 2 ** 30)} GiB free at the start)`,
  load: loadavg().map((n) => n.toFixed(1)).join(', '),
  node: process.version,
  commit: (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })(),
};

if (run('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { env, cwd: root }) !== 0) process.exit(1);
rmSync(figuresDir, { recursive: true, force: true });
mkdirSync(figuresDir, { recursive: true });
const started = Date.now();
const status = run(
  'npx',
  ['vitest', 'run', '--project', 'reliability', '--reporter=default', '--reporter=json', `--outputFile.json=${summaryFile}`, ...positionals],
  { env, cwd: root },
);
const minutes = (Date.now() - started) / 60_000;

interface Recorded {
  id: string;
  full: boolean;
  at: string;
  figures: Record<string, number | string | Record<string, number>>;
}
const recorded = new Map<string, Recorded>();
for (const name of existsSync(figuresDir) ? readdirSync(figuresDir) : []) {
  if (!name.endsWith('.json')) continue;
  const r = JSON.parse(readFileSync(join(figuresDir, name), 'utf8')) as Recorded;
  recorded.set(r.id, r);
}
const results = existsSync(summaryFile)
  ? (JSON.parse(readFileSync(summaryFile, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; testResults: { assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[] })
  : null;
const failedTests = results?.testResults.flatMap((f) => f.assertionResults.filter((a) => a.status === 'failed').map((a) => a.fullName)) ?? ['(the suite did not report)'];

/** Sums a figure (or every count inside it) over every promise's figures. */
function total(name: string): number {
  let sum = 0;
  for (const r of recorded.values()) {
    const v = r.figures[name];
    if (typeof v === 'number') sum += v;
    else if (v && typeof v === 'object') sum += Object.values(v).reduce((a, b) => a + b, 0);
  }
  return sum;
}

const fmt = (v: number | string | Record<string, number>): string =>
  typeof v === 'number' ? v.toLocaleString('en') : typeof v === 'string' ? v : Object.entries(v).map(([k, n]) => `${k} ${n.toLocaleString('en')}`).join(', ') || '—';
const MiB = 1024 * 1024;

const lines: string[] = [];
lines.push(
  '# Reliability, measured',
  '',
  'What the app promises about faults, crashes, full disks and hostile input, the',
  'test that proves each promise, and the figures of the last full run. This file',
  'is written by `npm run reliability` (scripts/reliability.ts) from what the tests',
  'measured; run it again to refresh the figures. `npm test` runs the same tests at',
  'reduced counts (a few trials each) and does not touch this file.',
  '',
  '## Last full run',
  '',
  `- when: ${new Date(started).toISOString()} (commit ${machine.commit}), ${minutes.toFixed(1)} minutes`,
  `- machine: ${machine.cpu}, ${machine.memory}, load average at the start ${machine.load}; Node ${machine.node}`,
  `- tests: ${results?.numPassedTests ?? 0} passed, ${results?.numFailedTests ?? '?'} failed, ${results?.numPendingTests ?? 0} skipped`,
  `- crash trials: ${fmt(total('trials'))} (processes SIGKILLed at random moments: ${fmt(total('killedMidRun'))} mid-run)`,
  `- faults injected: ${fmt(total('faults'))} (network) · disk full / read-only episodes: ${fmt(total('fullDiskSyncs') + total('readOnlySyncs') + total('thumbnailsRefused'))}`,
  `- bytes verified (read back from the server and hashed): ${(total('bytesVerified') / MiB).toFixed(1)} MiB in ${fmt(total('filesVerified') + total('files'))} files`,
  `- hostile strings: ${fmt(total('parseKey') + total('buildUploadKey') + total('normalizeKey'))}; part plans checked: ${fmt(total('sizes'))}`,
  `- failures: ${failedTests.length}${failedTests.length ? ` — ${failedTests.join('; ')}` : ''}`,
  '',
  'Seeds: each test prints its seed in its title; `npm run reliability -- --seed N`',
  'repeats a run (concurrent requests still meet the drawn faults in the order the',
  'scheduler gives them, so a seed fixes the draws, not which request gets which).',
  '',
  '## The promises',
  '',
);
for (const promise of PROMISES) {
  const r = recorded.get(promise.id);
  lines.push(`### ${promise.title}`, '', promise.promise, '', `Proved by: \`${promise.test}\``, '');
  if (!r) {
    lines.push('_No figures in the last run (the test was skipped or failed before recording; see above)._', '');
    continue;
  }
  lines.push('| figure | value |', '| --- | --- |');
  for (const [name, value] of Object.entries(r.figures)) lines.push(`| ${promise.labels?.[name] ?? name} | ${fmt(value)} |`);
  lines.push('');
}
const unlisted = [...recorded.keys()].filter((id) => !PROMISES.some((p) => p.id === id));
if (unlisted.length) lines.push(`Figures recorded without a promise here: ${unlisted.join(', ')}.`, '');

mkdirSync(join(root, 'docs'), { recursive: true });
writeFileSync(docFile, `${lines.join('\n')}\n`);
console.log(`\nreliability: ${results?.numPassedTests ?? 0} passed, ${failedTests.length} failed in ${minutes.toFixed(1)} min; wrote ${docFile}`);
process.exit(status === 0 && failedTests.length === 0 ? 0 : 1);
