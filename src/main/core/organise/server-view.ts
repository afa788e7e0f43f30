/**
 * The server's side of organising: what a batch acts on and what is already
 * at its destinations, asked of the bucket (never trusted from the index
 * alone), plus the bucket's versioning (cached a few minutes) and the S3
 * context the runner's requests use. Shares the service's request cap.
 */
import type { LimitFunction } from 'p-limit';
import type { OrganiseSource, Versioning } from '../../../shared/organise';
import type { IndexDatabase } from '../db/database';
import type { ProfileRow } from '../repositories/profiles';
import type { PooledClient } from '../s3/client-pool';
import { sourcePrefix } from './mappings';
import type { Mapping, SourceObject } from './plan';
import { head, listUnder, readVersioning, SINGLE_COPY_LIMIT, type OpsContext } from './s3-ops';

export type ListedSource = SourceObject & { isPublic: boolean | null };

const VERSIONING_TTL_MS = 5 * 60_000;
/** Few destination keys are checked one by one; more, by listing their folder. */
const HEAD_AT_MOST = 20;

export interface ServerViewOptions {
  database: IndexDatabase;
  client(profile: ProfileRow): Promise<PooledClient>;
  limit: LimitFunction;
  partCopyThreshold?: number;
  partSize?: number;
}

export class ServerView {
  private readonly versioning = new Map<string, { value: Versioning; at: number }>();

  constructor(private readonly options: ServerViewOptions) {}

  async ops(profile: ProfileRow, signal?: AbortSignal): Promise<OpsContext> {
    const { client, connection } = await this.options.client(profile);
    return {
      client,
      target: { endpoint: connection.endpoint, bucket: connection.bucket, accessKeyId: connection.accessKeyId },
      signal,
      partCopyThreshold: this.options.partCopyThreshold ?? SINGLE_COPY_LIMIT,
      partSize: this.options.partSize ?? 256 * 1024 * 1024,
      partsAtOnce: 4,
    };
  }

  async bucketVersioning(profile: ProfileRow): Promise<Versioning> {
    const cached = this.versioning.get(profile.id);
    if (cached && Date.now() - cached.at < VERSIONING_TTL_MS) return cached.value;
    const value = await readVersioning(await this.ops(profile)).catch((): Versioning => 'unknown');
    this.versioning.set(profile.id, { value, at: Date.now() });
    return value;
  }

  /** The objects below sources, as the server lists them now. */
  async objectsOf(profile: ProfileRow, sources: OrganiseSource[]): Promise<ListedSource[]> {
    return this.listSources(profile, sources.map((s) => sourcePrefix(profile.rootPrefix, s)));
  }

  /**
   * Keys and prefixes → objects: a prefix is listed on the server; a key is
   * taken from the index (the grid's selection is indexed) or, when not
   * indexed, asked for with HeadObject.
   */
  async listSources(profile: ProfileRow, keys: string[]): Promise<ListedSource[]> {
    const ctx = await this.ops(profile);
    const row = this.options.database.sqlite.prepare<[string, string], { size: number; isPublic: number | null }>(
      `SELECT size, is_public AS isPublic FROM objects WHERE profile_id = ? AND key = ?`,
    );
    const found = new Map<string, ListedSource>();
    const publicOf = (r: { isPublic: number | null } | undefined) => (r === undefined || r.isPublic === null ? null : r.isPublic === 1);
    const known = (key: string) => publicOf(row.get(profile.id, key));
    await Promise.all(
      keys.map((key) =>
        this.options.limit(async () => {
          if (key.endsWith('/')) {
            for (const o of await listUnder(ctx, key)) found.set(o.key, { key: o.key, size: o.size, isPublic: known(o.key) });
            return;
          }
          const indexed = row.get(profile.id, key);
          if (indexed) return void found.set(key, { key, size: indexed.size, isPublic: publicOf(indexed) });
          const h = await head(ctx, key);
          if (h) found.set(key, { key, size: h.ContentLength ?? 0, isPublic: null });
        }),
      ),
    );
    return [...found.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Keys at the destinations on the server: a prefix's listing; a few keys one by one, many by their folders' listings. */
  async existingAt(profile: ProfileRow, mappings: Mapping[]): Promise<Set<string>> {
    const ctx = await this.ops(profile);
    const existing = new Set<string>();
    const prefixes = new Set(mappings.filter((m) => m.to.endsWith('/')).map((m) => m.to));
    const keys = mappings.filter((m) => !m.to.endsWith('/')).map((m) => m.to);
    if (keys.length > HEAD_AT_MOST) for (const k of keys) prefixes.add(k.slice(0, k.lastIndexOf('/') + 1));
    await Promise.all([
      ...[...prefixes].map((p) => this.options.limit(async () => (await listUnder(ctx, p)).forEach((o) => existing.add(o.key)))),
      ...(keys.length > HEAD_AT_MOST ? [] : keys).map((k) => this.options.limit(async () => ((await head(ctx, k)) ? existing.add(k) : undefined))),
    ]);
    return existing;
  }
}
