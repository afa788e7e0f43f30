/**
 * The built `spaces-media` CLI as a child process: what a cron job or a
 * person runs, killed at will. Trials drive this stable interface rather
 * than the core's internals, so they outlive refactors of the core.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
export const BIN = resolve(ROOT, 'bin/spaces-media.js');

/** npm test and npm run reliability build first; a bare vitest run needs `npm run build`. */
export function cliBuilt(): boolean {
  return existsSync(resolve(ROOT, 'out/main/cli.js'));
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface CliRun {
  child: ChildProcess;
  result: Promise<CliResult>;
  /** SIGKILL: no handler runs, nothing is flushed — a crash or a power cut as far as the process knows. */
  kill(): void;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv): CliRun {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const result = new Promise<CliResult>((resolveResult, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolveResult({ code, signal, stdout, stderr, ms: performance.now() - started }));
  });
  return { child, result, kill: () => void child.kill('SIGKILL') };
}

export function runCliChild(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return startCli(args, env).result;
}

/**
 * Starts the CLI and SIGKILLs it `atMs` later (if it is still running then).
 * The shape every crash trial uses: kill, check what is on disk, run again.
 */
export async function killAfter(args: string[], env: NodeJS.ProcessEnv, atMs: number): Promise<CliResult & { killed: boolean }> {
  const run = startCli(args, env);
  const timer = setTimeout(() => run.kill(), atMs);
  const result = await run.result;
  clearTimeout(timer);
  return { ...result, killed: result.signal === 'SIGKILL' };
}

/** The CLI pointed at a local server (or a proxy in front of it): its index in `dataDir`, the server's throwaway keys in the environment. */
export function cliConnection(
  server: { bucket: string; accessKeyId: string; secretAccessKey: string },
  endpoint: string,
  dataDir: string,
): { dbPath: string; args: string[]; env: NodeJS.ProcessEnv } {
  const dbPath = join(dataDir, 'library.db');
  return {
    dbPath,
    args: ['--endpoint', endpoint, '--bucket', server.bucket, '--path-style', '--db', dbPath],
    env: { SPACES_KEY: server.accessKeyId, SPACES_SECRET: server.secretAccessKey, SPACES_MEDIA_DATA_DIR: dataDir },
  };
}
