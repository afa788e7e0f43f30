/** A peer-comparison run measured from outside: GNU time around one process (upload and download benchmarks). */
import { spawn } from 'node:child_process';

export interface Run {
  seconds: number;
  rssMb: number;
  /** User + system CPU seconds: on a 2-core machine the client's CPU is taken from the server's. */
  cpu: number;
  /** System (kernel) CPU seconds, part of cpu: syscalls and page-cache work. */
  sys: number;
}

/** Runs a command under /usr/bin/time; returns wall seconds, peak RSS (MB), CPU seconds and its stdout. */
export function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run & { stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', '__TIME__ %e %M %U %S', cmd, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      const m = /__TIME__ ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(err);
      if (code !== 0 || !m) return reject(new Error(`${cmd} failed (${code}): ${err.slice(-2000)}`));
      resolve({ seconds: Number(m[1]), rssMb: Number(m[2]) / 1024, cpu: Number(m[3]) + Number(m[4]), sys: Number(m[4]), stdout: out });
    });
  });
}
