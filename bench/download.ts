/**
 * Download benchmark: 1 GiB (3 files of 256 MiB + 256 files of 1 MiB, as the
 * upload benchmark) from one local S3 server (s3rver, in its own process) to
 * disk, by us (`spaces-media get PREFIX/ --to DIR`), by `rclone copy` and by
 * `aws s3 cp --recursive`, at comparable concurrency (16 requests in flight;
 * ranged GETs of 8 MiB for the big files). Every tool's copy is checked
 * (259 files, every byte counted) before it is deleted. Prints medians over
 * the rounds, ratios (ours ÷ peer; ≤ 1.0: we are at least as fast) and peak
 * RSS (target ≤ 250 MB).
 *
 * `--floor` adds a reference that is not a product: the same ranged GETs
 * (8 MiB, 4 per file, the same cap in flight) through our own S3 client in
 * a bare Node process, written as they arrive (as ours: 32 KiB synchronous
 * writes), with no verification, journal
 * or index. It is the fastest this runtime moves the set here, so a gap
 * between it and rclone is the runtime's, not our engine's.
 *
 * Run: npm run bench -- download [--rounds N] [--only-ours] [--floor] [--concurrency N] [--mib N]
 * (--mib scales the set for a quick check: 3 × N/4 MiB + N/4 × 1 MiB; the default is the issue's 1024.)
 * Each tool runs as its own process, timed and measured by /usr/bin/time.
 * Ours runs from an esbuild bundle of this file (out/bench/download.mjs, with
 * the index's migrations beside it), as the shipped CLI would — not under
 * tsx, whose transpiler would inflate our peak RSS.
 */
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import pLimit from 'p-limit';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { timed, type Run } from './support/timed';

const MiB = 1024 * 1024;
const SELF = fileURLToPath(import.meta.url);
const KEY = 'S3RVER';

/** s3rver with the 1 GiB under bench/, in its own process (bench/support/s3rver-child.ts). */
async function startServer(dir: string, mib: number): Promise<{ endpoint: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(dirname(SELF), 'support', 's3rver-child.ts'), dir, 'media', String(mib), '0', 'mixed'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --openssl-legacy-provider`.trim() },
  });
  const endpoint = await new Promise<string>((done, fail) => {
    child.stdout.once('data', (d: Buffer) => done((JSON.parse(d.toString()) as { endpoint: string }).endpoint));
    child.once('exit', (code) => fail(new Error(`s3rver exited (${code})`)));
  });
  return { endpoint, stop: () => child.kill('SIGTERM') };
}

/** Our engine in this process: a temp index, an ad-hoc connection, one `get`. */
async function ours(endpoint: string, to: string, concurrency: string): Promise<void> {
  const { runCli } = await import('../src/cli/main');
  const db = join(mkdtempSync(join(dirname(to), 'ours-db-')), 'index.db');
  const io = {
    stdout: (t: string) => void process.stdout.write(t),
    stderr: (t: string) => void process.stderr.write(t),
    env: { SPACES_KEY: KEY, SPACES_SECRET: KEY },
    stderrIsTTY: false,
    readStdin: async () => null,
  };
  process.exitCode = await runCli(['get', 'bench/', '--to', to, '--endpoint', endpoint, '--bucket', 'media', '--path-style', '--db', db, '--json', '--concurrency', concurrency], io);
}

/** The Node floor (see the header): ranged GETs written as they arrive, nothing else. */
async function floor(endpoint: string, to: string, concurrency: string): Promise<void> {
  const { createS3Client } = await import('../src/main/core/s3/client');
  const { writeInline } = await import('../src/main/core/downloads/fetch-file');
  const connection = { endpoint, region: 'us-east-1', bucket: 'media', forcePathStyle: true, accessKeyId: KEY, secretAccessKey: KEY, rootPrefix: '' };
  const client = createS3Client(connection, { maxSockets: Number(concurrency) + 4 });
  const listed = await client.send(new ListObjectsV2Command({ Bucket: 'media', Prefix: 'bench/' }));
  const requests = pLimit(Number(concurrency));
  const CHUNK = 8 * MiB;
  let files = 0;
  await Promise.all(
    (listed.Contents ?? []).map(async ({ Key, Size }) => {
      const dest = join(to, Key!.slice('bench/'.length));
      await mkdir(dirname(dest), { recursive: true });
      const file = await open(dest, 'w');
      const lanes = pLimit(4);
      await Promise.all(
        Array.from({ length: Math.ceil(Size! / CHUNK) }, (_, chunk) =>
          lanes(() =>
            requests(async () => {
              let position = chunk * CHUNK;
              const res = await client.send(new GetObjectCommand({ Bucket: 'media', Key, Range: `bytes=${position}-${Math.min(Size!, position + CHUNK) - 1}` }));
              // As ours writes into its data directory or the CLI's target.
              for await (const piece of res.Body as AsyncIterable<Buffer>) position += writeInline(file.fd, piece, position);
            }),
          ),
        ),
      );
      await file.close();
      files++;
    }),
  );
  process.stdout.write(JSON.stringify({ files, failed: [] }));
}

/** Bundles this file for our runs; dependencies stay external (resolved from node_modules). */
async function bundleSelf(): Promise<string> {
  const { build } = await import('esbuild');
  const root = resolve(dirname(SELF), '..');
  const outfile = join(root, 'out', 'bench', 'download.mjs');
  await build({ entryPoints: [SELF], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile, logLevel: 'silent', define: { __APP_VERSION__: '"bench"' } });
  cpSync(join(root, 'src', 'main', 'core', 'db', 'migrations'), join(dirname(outfile), 'migrations'), { recursive: true });
  return outfile;
}

/** Files and bytes under `dir` (hidden partial files would count as files: there must be none). */
function tally(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += statSync(join(entry.parentPath, entry.name)).size;
  }
  return { files, bytes };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

async function main(): Promise<void> {
  const [mode, a, b, c] = process.argv.slice(2);
  if (mode === '--ours') return ours(a!, b!, c!);
  if (mode === '--floor') return floor(a!, b!, c!);
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, 'only-ours': { type: 'boolean' }, floor: { type: 'boolean' }, concurrency: { type: 'string', default: '16' }, mib: { type: 'string', default: '1024' } } });
  const mib = Number(values.mib);
  if (!Number.isInteger(mib) || mib < 4 || mib % 4 !== 0) throw new Error(`--mib must be a multiple of 4 (got ${values.mib})`);
  const quarter = mib / 4;
  const FILES = 3 + quarter;
  const TOTAL = mib * MiB;
  const shape = `${mib === 1024 ? '1 GiB' : `${mib} MiB`} (3 × ${quarter} MiB + ${quarter} × 1 MiB)`;
  const rounds = Number(values.rounds) || 1;
  const concurrency = values.concurrency!;

  const work = mkdtempSync(join(tmpdir(), 'bench-download-'));
  console.log(`filling s3rver with ${shape} in ${work}…`);
  const bundle = await bundleSelf();
  const server = await startServer(join(work, 's3rver'), mib);
  const rcloneEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: work,
    RCLONE_CONFIG_BENCH_TYPE: 's3',
    RCLONE_CONFIG_BENCH_PROVIDER: 'Other',
    RCLONE_CONFIG_BENCH_ENDPOINT: server.endpoint,
    RCLONE_CONFIG_BENCH_ACCESS_KEY_ID: KEY,
    RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY: KEY,
    RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE: 'true',
  };
  const awsConfig = join(work, 'aws-config');
  writeFileSync(awsConfig, `[default]\nregion = us-east-1\ns3 =\n  max_concurrent_requests = ${concurrency}\n  multipart_chunksize = 8MB\n  multipart_threshold = 8MB\n`);
  const awsEnv: NodeJS.ProcessEnv = { PATH: '/usr/bin:/bin', HOME: work, AWS_CONFIG_FILE: awsConfig, AWS_ACCESS_KEY_ID: KEY, AWS_SECRET_ACCESS_KEY: KEY };
  const tools = [...(values['only-ours'] ? ['ours'] : ['ours', 'rclone', 'aws']), ...(values.floor ? ['floor'] : [])];
  const results: Record<string, Run[]> = { ours: [], rclone: [], aws: [], floor: [] };
  try {
    const versions = values['only-ours']
      ? {}
      : {
          rclone: execFileSync('/usr/bin/rclone', ['version'], { encoding: 'utf8' }).split('\n')[0],
          aws: execFileSync('/usr/bin/aws', ['--version'], { encoding: 'utf8', env: awsEnv }).trim(),
        };
    const bundled = async (mode: string, to: string): Promise<Run> => {
      const run = await timed(process.execPath, [bundle, mode, server.endpoint, to, concurrency], { ...process.env, NODE_OPTIONS: '' });
      const report = JSON.parse(run.stdout) as { files: number; failed: unknown[] };
      if (report.failed.length > 0 || report.files !== FILES) throw new Error(`${mode}: ${run.stdout}`);
      return run;
    };
    const runners: Record<string, (to: string) => Promise<Run>> = {
      ours: (to) => bundled('--ours', to),
      floor: (to) => bundled('--floor', to),
      // rclone's defaults otherwise: 256 MiB files are fetched in 4 ranged streams (--multi-thread-streams), like ours in chunks.
      rclone: (to) => timed('/usr/bin/rclone', ['copy', 'bench:media/bench', to, '--transfers', concurrency, '--checkers', concurrency], rcloneEnv),
      aws: (to) => timed('/usr/bin/aws', ['s3', 'cp', 's3://media/bench/', to, '--recursive', '--only-show-errors', '--endpoint-url', server.endpoint], awsEnv),
    };
    for (let round = 1; round <= rounds; round++) {
      // Rotate who goes first each round, so no tool always meets a fresher page cache.
      const order = [...tools];
      for (let i = 1; i < round; i++) order.push(order.shift()!);
      for (const tool of order) {
        const to = join(work, `${tool}-${round}`);
        mkdirSync(to);
        results[tool]!.push(await runners[tool]!(to));
        const got = tally(to);
        if (got.files !== FILES || got.bytes !== TOTAL) throw new Error(`${tool} round ${round}: ${got.files} files, ${got.bytes} bytes on disk`);
        rmSync(to, { recursive: true, force: true });
      }
      console.log(`round ${round}: ${tools.map((t) => `${t} ${results[t]!.at(-1)!.seconds}s (cpu ${results[t]!.at(-1)!.cpu.toFixed(1)}s, sys ${results[t]!.at(-1)!.sys.toFixed(1)}s, ${results[t]!.at(-1)!.rssMb.toFixed(0)} MB)`).join(', ')}`);
    }
    const line = (tool: string, version = '') => {
      const runs = results[tool]!;
      const s = median(runs.map((r) => r.seconds));
      return `  ${tool.padEnd(7)} ${s.toFixed(2)} s  ${(TOTAL / MiB / s).toFixed(0)} MiB/s  peak RSS ${Math.max(...runs.map((r) => r.rssMb)).toFixed(0)} MB  cpu ${median(runs.map((r) => r.cpu)).toFixed(1)} s (sys ${median(runs.map((r) => r.sys)).toFixed(1)})${version ? `  (${version})` : ''}`;
    };
    console.log(`\n${shape} from s3rver to disk, ${concurrency} requests in flight, median of ${rounds}:`);
    console.log(line('ours'));
    if (values.floor) console.log(line('floor', 'bare Node: same GETs, written as they arrive, unverified — a reference, not a product'));
    if (values['only-ours']) return;
    console.log(line('rclone', versions.rclone));
    console.log(line('aws', versions.aws));
    const [mo, mr, mw] = ['ours', 'rclone', 'aws'].map((t) => median(results[t]!.map((r) => r.seconds))) as [number, number, number];
    const rss = Math.max(...results.ours!.map((r) => r.rssMb));
    console.log(`  ratio ours/rclone ${(mo / mr).toFixed(2)}, ours/aws ${(mo / mw).toFixed(2)} (target ≤ 1.0 both); our peak RSS ${rss.toFixed(0)} MB (target ≤ 250 MB)`);
    const figures = (runs: Run[]) => runs.map(({ seconds, rssMb, cpu, sys }) => ({ seconds, rssMb: Math.round(rssMb), cpu, sys }));
    console.log(JSON.stringify(Object.fromEntries(tools.map((t) => [t, figures(results[t]!)]))));
  } finally {
    server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
