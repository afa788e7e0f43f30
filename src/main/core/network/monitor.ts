/**
 * Knows whether the active profile's bucket answers (navigator.onLine only
 * says a network interface is up). Probes with HeadBucket on demand and on
 * an interval; other services report failures and successes they see so the
 * indicator reacts without waiting for the next probe.
 */
import { HeadBucketCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { NetworkStatus } from '../../../shared/domain';
import type { EventBus } from '../events';
import type { Logger } from '../logger';
import type { ActiveProfile } from '../profiles/active';
import type { ProfileRow } from '../repositories/profiles';
import type { PooledClient } from '../s3/client-pool';
import { connectionHost } from '../s3/connection';

/** Errors that mean "could not reach the server", as opposed to "the server said no". */
export function isUnreachable(error: unknown): boolean {
  const e = error as { code?: string; name?: string; $metadata?: { httpStatusCode?: number }; cause?: unknown } | null;
  if (!e) return false;
  if (e.$metadata?.httpStatusCode) return false;
  const code = e.code ?? e.name ?? '';
  return /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|TimeoutError|RequestTimeout|socket hang up/i.test(
    `${code} ${String((e as Error).message ?? '')}`,
  );
}

export class NetworkMonitor {
  private current: NetworkStatus = { online: null, host: null, checkedAt: null, message: null };
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<NetworkStatus> | undefined;

  constructor(
    private readonly active: ActiveProfile,
    /** The profile's interactive client (the core's pool). */
    private readonly client: (profile: ProfileRow) => Promise<PooledClient>,
    private readonly bus: EventBus,
    private readonly log: Logger,
  ) {}

  status(): NetworkStatus {
    return this.current;
  }

  /** Probe now (concurrent callers share one probe). */
  check(): Promise<NetworkStatus> {
    this.inFlight ??= this.probe().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  start(intervalMs = 20_000): void {
    this.stop();
    void this.check();
    this.timer = setInterval(() => void this.check(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Another service reached the server. */
  reportReachable(): void {
    if (this.current.online !== true) this.set({ ...this.current, online: true, checkedAt: Date.now(), message: null });
  }

  /** Another service could not reach the server. */
  reportUnreachable(): void {
    if (this.current.online !== false) this.set({ ...this.current, online: false, checkedAt: Date.now(), message: offlineMessage(this.current.host) });
  }

  private async probe(): Promise<NetworkStatus> {
    const profile = this.active.current();
    if (!profile) {
      this.set({ online: null, host: null, checkedAt: Date.now(), message: 'No Spaces connection yet.' });
      return this.current;
    }
    const host = connectionHost(profile);
    try {
      const { client, connection } = await this.client(profile);
      await reachBucket(client, connection.bucket, connection.rootPrefix);
      this.set({ online: true, host, checkedAt: Date.now(), message: null });
    } catch (error) {
      const unreachable = isUnreachable(error) || (error as Error)?.name === 'AbortError';
      if (!unreachable) this.log.warn('network probe: the server answered with an error', error);
      // A server that answers (even with an error) is online; the error shows where it belongs.
      this.set({
        online: !unreachable,
        host,
        checkedAt: Date.now(),
        message: unreachable ? offlineMessage(host) : `${host} answers but refused the request — check the connection in Settings.`,
      });
    }
    return this.current;
  }

  private set(next: NetworkStatus): void {
    const changed = next.online !== this.current.online || next.host !== this.current.host || next.message !== this.current.message;
    this.current = next;
    if (changed) this.bus.emit('network:changed', next);
  }
}

/**
 * HeadBucket, and when it fails, a one-key listing: a key that may list but
 * not HEAD the bucket (some scoped keys) is connected, and a HEAD that timed
 * out while a listing answers is not "offline". Throws the listing's error.
 */
async function reachBucket(client: S3Client, bucket: string, rootPrefix: string): Promise<void> {
  const timeout = () => ({ abortSignal: AbortSignal.timeout(4_000) });
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }), timeout());
  } catch {
    await client.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1, Prefix: rootPrefix || undefined }), timeout());
  }
}

function offlineMessage(host: string | null): string {
  return `Offline: ${host ?? 'the server'} does not answer. The library, thumbnails and search still work from this computer.`;
}
