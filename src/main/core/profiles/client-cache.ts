/**
 * One S3 client per profile, built on first use and rebuilt when the profile
 * row changes, for the library's reads (thumbnails, originals, probes).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { CredentialStore } from '../credentials/credential-store';
import { createS3Client } from '../s3/client';
import type { S3Connection } from '../s3/connection';
import type { ProfileRow } from '../repositories/profiles';
import { connectionFor } from './connection';

export interface ProfileClient {
  client: S3Client;
  connection: S3Connection;
}

export class ProfileClients {
  private readonly clients = new Map<string, { version: number; client: Promise<ProfileClient> }>();

  constructor(
    private readonly credentials: CredentialStore,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get(profile: ProfileRow): Promise<ProfileClient> {
    const cached = this.clients.get(profile.id);
    if (cached && cached.version === profile.updatedAt) return cached.client;
    cached?.client.then((c) => c.client.destroy(), () => undefined);
    const client = connectionFor(profile, this.credentials, this.env).then((connection) => ({
      connection,
      // Library reads are interactive: fail fast and let the UI say "offline".
      client: createS3Client(connection, { maxAttempts: 2, connectionTimeoutMs: 3_000, socketTimeoutMs: 30_000, maxSockets: 16 }),
    }));
    // A failed lookup (no secret yet) is not cached.
    client.catch(() => this.clients.delete(profile.id));
    this.clients.set(profile.id, { version: profile.updatedAt, client });
    return client;
  }

  close(): void {
    for (const { client } of this.clients.values()) client.then((c) => c.client.destroy(), () => undefined);
    this.clients.clear();
  }
}
