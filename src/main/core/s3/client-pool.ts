/**
 * The S3 clients of the core: one per profile and purpose, built on first
 * use and rebuilt when the profile row changes (its keys or endpoint were
 * edited). Purposes differ in how they treat the network:
 * - interactive: the library's reads, probes, links and ACLs — a person is
 *   waiting, so few attempts and short timeouts ("offline" shows fast);
 * - transfer: uploads — the long retry budget, sockets for every request in
 *   flight, Content-MD5 instead of a second SHA-256 pass over each body;
 * - download: downloads (offline store, exports, `get`) — the long retry
 *   budget, sockets for the GETs in flight, apart from the uploads' sockets;
 * - sync: listings — the long retry budget, sockets for the ranges in flight.
 * Features ask the pool; nothing else builds clients for a stored profile
 * (a connection test or CDN probe of a draft being saved builds its own
 * short-lived probe client, with the draft's own keys).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { ProfileRow } from '../repositories/profiles';
import { createS3Client, type ClientOptions } from './client';
import type { S3Connection } from './connection';

export type ClientPurpose = 'interactive' | 'transfer' | 'download' | 'sync';

export interface PooledClient {
  client: S3Client;
  connection: S3Connection;
}

export interface PurposeSettings {
  options: ClientOptions;
  /** Middleware for this purpose's clients (uploads' unsigned payload; tests' request counters). */
  configure?(client: S3Client): void;
}

export const DEFAULT_PURPOSES: Record<ClientPurpose, PurposeSettings> = {
  interactive: { options: { maxAttempts: 2, connectionTimeoutMs: 3_000, socketTimeoutMs: 30_000, maxSockets: 16 } },
  transfer: { options: { maxSockets: 20 } },
  download: { options: { maxSockets: 20 } },
  // Sockets are opened on demand: the cap only has to exceed the most ranges the lister runs at once.
  sync: { options: { maxSockets: 34 } },
};

export class S3ClientPool {
  private readonly clients = new Map<string, { version: number; client: Promise<PooledClient> }>();

  constructor(
    /** The connection (with its secret) for a stored profile; throws NO_SECRET / KEYCHAIN_UNAVAILABLE. */
    private readonly connect: (profile: ProfileRow) => Promise<S3Connection>,
    private readonly purposes: Record<ClientPurpose, PurposeSettings> = DEFAULT_PURPOSES,
  ) {}

  get(profile: ProfileRow, purpose: ClientPurpose): Promise<PooledClient> {
    const id = `${purpose}\u0000${profile.id}`;
    const cached = this.clients.get(id);
    if (cached && cached.version === profile.updatedAt) return cached.client;
    if (cached) release(cached.client);
    const settings = this.purposes[purpose];
    const client = this.connect(profile).then((connection) => {
      const built = createS3Client(connection, settings.options);
      settings.configure?.(built);
      return { connection, client: built };
    });
    // A failed lookup (no secret yet, keychain locked) is not kept: the next call asks again.
    client.catch(() => {
      if (this.clients.get(id)?.client === client) this.clients.delete(id);
    });
    this.clients.set(id, { version: profile.updatedAt, client });
    return client;
  }

  close(): void {
    for (const { client } of this.clients.values()) release(client);
    this.clients.clear();
  }
}

function release(client: Promise<PooledClient>): void {
  client.then((c) => c.client.destroy(), () => undefined);
}
