/**
 * Upload benchmark: 1 GiB (3 files of 256 MiB + 256 files of 1 MiB) sent to
 * one local S3 server (s3rver, in its own process) by us, by `rclone copy`
 * and by `aws s3 cp --recursive`, at comparable concurrency (16 requests in
 * flight, 8 MiB parts); then the peak RSS of one 2 GiB file. Prints times,
 * ratios (ours ÷ peer; ≤ 1.0 means we are at least as fast) and peak RSS.
 *
 * Run: node --import tsx bench/upload.ts [--rounds N] [--skip-2g] [--only-ours]
 * Each tool runs as its own process, timed and measured by /usr/bin/time.
 * Ours runs from an esbuild bundle of this file (out/bench/upload.mjs, with
 * the index's migrations copied beside it), as the shipped CLI would — not
 * under tsx, whose transpiler would inflate our peak RSS.
 */
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { execFileSync, spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, cpSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timed, type Run } from './support/timed';

const MiB = 1024 * 1024;
const CONCURRENCY = 16;
const SELF = fileURLToPath(import.meta.url);
const KEY = 'S3RVER';

function writeRandomFile(path: string, size: number, random = true): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(8 * MiB);
  for (let left = size; left > 0; left -= chunk.length) {
    if (random) randomFillSync(chunk);
    writeSync(fd, chunk, 0, Math.min(chunk.length, left));
  }
  closeSync(fd);
}

async function startServer(dir: string): Promise<{ endpoint: string; stop(): void }> {
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', SELF, '--serve', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code})`)));
  });
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

async function serve(dir: string): Promise<void> {
  const { default: S3rver } = await import('s3rver');
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'media', configs: [] }] });
  const address = (await server.run()) as { port: number };
  process.stdout.write(`${address.port}\n`);
}

/** Our engine in this process: a temp index, an ad-hoc profile, one batch. */
async function ours(endpoint: string, src: string, to: string): Promise<void> {
  const { runCli } = await import('../src/cli/main');
  // Beside the source data, inside the run's work directory (removed at the end).
  const db = join(mkdtempSync(join(dirname(src), 'ours-db-')), 'index.db');
  const io = {
    stdout: (t: string) => void process.stdout.write(t),
    stderr: (t: string) => void process.stderr.write(t),
    env: { SPACES_KEY: KEY, SPACES_SECRET: KEY },
    stderrIsTTY: false,
    readStdin: async () => null,
  };
  const code = await runCli(['upload', src, '--to', to, '--endpoint', endpoint, '--bucket', 'media', '--path-style', '--db', db, '--json', '--concurrency', String(CONCURRENCY)], io);
  process.exitCode = code;
}

async function prefixStats(endpoint: string, prefix: string): Promise<{ objects: number; bytes: number }> {
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: KEY, secretAccessKey: KEY } });
  let objects = 0;
  let bytes = 0;
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: 'media', Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      objects++;
      bytes += o.Size ?? 0;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  client.destroy();
  return { objects, bytes };
}

/** Bundles this file for our runs; dependencies stay external (resolved from node_modules). */
async function bundleSelf(): Promise<string> {
  const { build } = await import('esbuild');
  const root = resolve(dirname(SELF), '..');
  const outfile = join(root, 'out', 'bench', 'upload.mjs');
  await build({ entryPoints: [SELF], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile, logLevel: 'silent', define: { __APP_VERSION__: '"bench"' } });
  cpSync(join(root, 'src', 'main', 'core', 'db', 'migrations'), join(dirname(outfile), 'migrations'), { recursive: true });
  return outfile;
}

async function main(): Promise<void> {
  const [mode, a, b, c] = process.argv.slice(2);
  if (mode === '--serve') return serve(a!);
  if (mode === '--ours') return ours(a!, b!, c!);
  const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 1;
  const skip2g = process.argv.includes('--skip-2g');
  const onlyOurs = process.argv.includes('--only-ours');

  const work = mkdtempSync(join(tmpdir(), 'bench-upload-'));
  const src = join(work, 'src');
  mkdirSync(join(src, 'small'), { recursive: true });
  console.log(`generating 1 GiB of test data in ${src}…`);
  for (let i = 0; i < 3; i++) writeRandomFile(join(src, `video-${i}.mp4`), 256 * MiB);
  for (let i = 0; i < 256; i++) writeRandomFile(join(src, 'small', `photo-${String(i).padStart(3, '0')}.jpg`), 1 * MiB);
  const totalBytes = 3 * 256 * MiB + 256 * MiB;

  const bundle = await bundleSelf();
  const server = await startServer(join(work, 's3rver'));
  const node = process.execPath;
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
  writeFileSync(awsConfig, `[default]\nregion = us-east-1\ns3 =\n  max_concurrent_requests = ${CONCURRENCY}\n  multipart_chunksize = 8MB\n  multipart_threshold = 8MB\n`);
  const awsEnv: NodeJS.ProcessEnv = { PATH: '/usr/bin:/bin', HOME: work, AWS_CONFIG_FILE: awsConfig, AWS_ACCESS_KEY_ID: KEY, AWS_SECRET_ACCESS_KEY: KEY };
  const rcloneVersion = execFileSync('/usr/bin/rclone', ['version'], { encoding: 'utf8' }).split('\n')[0];
  const awsVersion = execFileSync('/usr/bin/aws', ['--version'], { encoding: 'utf8', env: awsEnv }).trim();

  const results: Record<string, Run[]> = { ours: [], rclone: [], aws: [] };
  try {
    const runners: Record<string, (round: number) => Promise<Run>> = {
      ours: async (round) => {
        const run = await timed(node, [bundle, '--ours', server.endpoint, src, `ours${round}/bench`], { ...process.env, NODE_OPTIONS: '' });
        const parsed = JSON.parse(run.stdout) as { uploaded: number; failed: number };
        if (parsed.failed) throw new Error(`our upload failed: ${run.stdout}`);
        return run;
      },
      rclone: (round) =>
        timed('/usr/bin/rclone', ['copy', src, `bench:media/rclone${round}/bench`, '--transfers', String(CONCURRENCY), '--s3-upload-concurrency', '4', '--s3-chunk-size', '8M', '--s3-no-check-bucket'], rcloneEnv),
      aws: (round) => timed('/usr/bin/aws', ['s3', 'cp', src, `s3://media/aws${round}/bench`, '--recursive', '--only-show-errors', '--endpoint-url', server.endpoint], awsEnv),
    };
    for (let round = 1; round <= rounds; round++) {
      if (onlyOurs) {
        const ourRun = await runners.ours!(round);
        results.ours!.push(ourRun);
        console.log(`round ${round}: ours ${ourRun.seconds}s, cpu ${ourRun.cpu.toFixed(1)}s, peak RSS ${ourRun.rssMb.toFixed(0)} MB`);
        continue;
      }
      // Rotate who goes first each round, so no tool always meets a fresher server.
      const order = ['ours', 'rclone', 'aws'];
      for (let i = 1; i < round; i++) order.push(order.shift()!);
      for (const tool of order) results[tool]!.push(await runners[tool]!(round));
      for (const tool of ['ours', 'rclone', 'aws']) {
        const stats = await prefixStats(server.endpoint, `${tool}${round}/`);
        if (stats.objects !== 259 || stats.bytes !== totalBytes) throw new Error(`${tool} round ${round}: ${stats.objects} objects, ${stats.bytes} bytes on the server`);
      }
      const line = (tool: string) => `${tool} ${results[tool]!.at(-1)!.seconds}s (cpu ${results[tool]!.at(-1)!.cpu.toFixed(1)}s)`;
      console.log(`round ${round}: ${line('ours')}, ${line('rclone')}, ${line('aws')}`);
    }

    let big: Run | null = null;
    if (!skip2g) {
      const bigDir = join(work, 'big');
      mkdirSync(bigDir);
      writeRandomFile(join(bigDir, 'huge.mov'), 2048 * MiB);
      big = await timed(node, [bundle, '--ours', server.endpoint, bigDir, 'ours-2g/bench'], { ...process.env, NODE_OPTIONS: '' });
    }

    if (onlyOurs) {
      if (big) console.log(`one 2 GiB file: ${big.seconds.toFixed(2)} s, our peak RSS ${big.rssMb.toFixed(0)} MB`);
      return;
    }
    const best = (tool: string) => results[tool]!.reduce((x, y) => (y.seconds < x.seconds ? y : x));
    const o = best('ours');
    const r = best('rclone');
    const w = best('aws');
    console.log(`\n1 GiB (3 × 256 MiB + 256 × 1 MiB) to s3rver, ${CONCURRENCY} requests in flight, 8 MiB parts, best of ${rounds}:`);
    console.log(`  ours    ${o.seconds.toFixed(2)} s  ${(totalBytes / MiB / o.seconds).toFixed(0)} MiB/s  peak RSS ${o.rssMb.toFixed(0)} MB  cpu ${o.cpu.toFixed(1)} s`);
    console.log(`  rclone  ${r.seconds.toFixed(2)} s  ${(totalBytes / MiB / r.seconds).toFixed(0)} MiB/s  peak RSS ${r.rssMb.toFixed(0)} MB  cpu ${r.cpu.toFixed(1)} s  (${rcloneVersion})`);
    console.log(`  aws     ${w.seconds.toFixed(2)} s  ${(totalBytes / MiB / w.seconds).toFixed(0)} MiB/s  peak RSS ${w.rssMb.toFixed(0)} MB  cpu ${w.cpu.toFixed(1)} s  (${awsVersion})`);
    console.log(`  ratio ours/rclone ${(o.seconds / r.seconds).toFixed(2)} (target ≤ 1.0), ours/aws ${(o.seconds / w.seconds).toFixed(2)}`);
    if (rounds > 1) {
      const median = (tool: string) => {
        const s = results[tool]!.map((x) => x.seconds).sort((x, y) => x - y);
        return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
      };
      const [mo, mr, mw] = [median('ours'), median('rclone'), median('aws')];
      console.log(`  medians: ours ${mo.toFixed(2)} s, rclone ${mr.toFixed(2)} s, aws ${mw.toFixed(2)} s; ratio ours/rclone ${(mo / mr).toFixed(2)}, ours/aws ${(mo / mw).toFixed(2)}`);
    }
    if (big) console.log(`  one 2 GiB file: ${big.seconds.toFixed(2)} s, our peak RSS ${big.rssMb.toFixed(0)} MB (target ≤ 250 MB)`);
    const figures = (runs: Run[]) => runs.map(({ seconds, rssMb, cpu }) => ({ seconds, rssMb: Math.round(rssMb), cpu }));
    console.log(JSON.stringify({ ours: figures(results.ours!), rclone: figures(results.rclone!), aws: figures(results.aws!), big: big && figures([big])[0] }));
  } finally {
    server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
