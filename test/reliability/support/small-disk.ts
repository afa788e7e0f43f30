/**
 * A small filesystem of its own for disk-fault trials: a tmpfs of a few MiB
 * mounted in a private mount namespace (`unshare --mount`; as a normal user
 * `unshare --user --map-root-user --mount`, which Debian allows), so the
 * mount needs no cleanup and vanishes with the namespace. Filling it with a
 * ballast file makes the disk really full (ENOSPC / SQLITE_FULL from the
 * kernel, not an injected error); remounting it read-only makes it really
 * read-only (EROFS). The agent inside does the work there (small-disk-agent.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export interface SmallDisk {
  /** The mount point: a path only the agent's namespace sees as the small disk. */
  mount: string;
  call<T = unknown>(op: string, args?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

function namespaceCommand(): string[] {
  return process.getuid?.() === 0 ? ['unshare', '--mount', '--propagation', 'private'] : ['unshare', '--user', '--map-root-user', '--mount', '--propagation', 'private'];
}

let availability: { ok: boolean; reason: string } | undefined;

/** Whether a private mount namespace with a tmpfs can be made here; the reason when not. */
export function smallDiskAvailability(): { ok: boolean; reason: string } {
  if (availability) return availability;
  if (process.platform !== 'linux') return (availability = { ok: false, reason: 'disk-fault trials need Linux mount namespaces (unshare); not on this platform' });
  const probe = spawnSync(namespaceCommand()[0]!, [...namespaceCommand().slice(1), 'sh', '-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=1m tmpfs "$d" && umount "$d" && rmdir "$d"'], { encoding: 'utf8' });
  availability =
    probe.status === 0
      ? { ok: true, reason: '' }
      : { ok: false, reason: `cannot mount a tmpfs in a private namespace here (${(probe.stderr || probe.error?.message || '').trim()}); disk-fault trials skipped` };
  return availability;
}

export async function startSmallDisk(sizeMiB: number): Promise<SmallDisk> {
  const mount = mkdtempSync(join(tmpdir(), 'small-disk-'));
  const agent = resolve(import.meta.dirname, 'small-disk-agent.ts');
  const script = `mount -t tmpfs -o size=${sizeMiB}m tmpfs "$0" && exec "$1" --import tsx "$2" "$0"`;
  const ns = namespaceCommand();
  const child: ChildProcess = spawn(ns[0]!, [...ns.slice(1), 'sh', '-c', script, mount, process.execPath, agent], { stdio: ['pipe', 'pipe', 'pipe'], env: process.env });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let ready!: () => void;
  const started = new Promise<void>((res, rej) => {
    ready = res;
    child.once('exit', (code) => rej(new Error(`the small-disk agent exited (${code}): ${stderr}`)));
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const message = JSON.parse(line) as { ready?: boolean; id?: number; ok?: boolean; result?: unknown; error?: string };
    if (message.ready) return ready();
    const waiter = pending.get(message.id!);
    pending.delete(message.id!);
    if (message.ok) waiter?.resolve(message.result);
    else waiter?.reject(new Error(message.error));
  });
  await started;
  let next = 0;
  return {
    mount,
    call: <T>(op: string, args: Record<string, unknown> = {}) =>
      new Promise<T>((res, rej) => {
        const id = ++next;
        pending.set(id, { resolve: res as (v: unknown) => void, reject: rej });
        child.stdin!.write(`${JSON.stringify({ id, op, ...args })}\n`);
      }),
    close: async () => {
      child.stdin!.end();
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      rmSync(mount, { recursive: true, force: true });
    },
  };
}
