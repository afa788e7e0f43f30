/**
 * Independent checks of the local index: the server's own listing (a plain
 * SDK loop straight to the server, never through the proxy under test), the
 * index's rows, the aggregates recomputed from scratch, and SQLite's own
 * integrity check on a separate connection.
 */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import Database from 'better-sqlite3';
import { rawClient } from '../../integration/uploads/setup';

export interface ServerAccess {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface ListedRow {
  size: number;
  etag: string;
  lastModified: number;
}

/** A client that talks straight to the server (the proxy under test is not in the way). */
export const directClient = (server: ServerAccess): S3Client => rawClient(server);

/** Every object the server holds, by key: one sequential ListObjectsV2 loop. */
export async function serverListing(server: ServerAccess, prefix = ''): Promise<Map<string, ListedRow>> {
  const client = directClient(server);
  const rows = new Map<string, ListedRow>();
  try {
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: server.bucket, Prefix: prefix || undefined, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        rows.set(o.Key!, { size: o.Size ?? 0, etag: (o.ETag ?? '').replace(/"/g, ''), lastModified: o.LastModified?.getTime() ?? 0 });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  } finally {
    client.destroy();
  }
  return rows;
}

/** The index's objects of a profile, by key. */
export function indexListing(sqlite: Database.Database, profileId: string): Map<string, ListedRow> {
  const rows = sqlite
    .prepare<[string], { key: string; size: number; etag: string; lastModified: number }>(
      'SELECT key, size, etag, last_modified AS lastModified FROM objects WHERE profile_id = ?',
    )
    .all(profileId);
  // ETags as stored: the index keeps one form (unquoted) whoever wrote the row.
  return new Map(rows.map((r) => [r.key, { size: r.size, etag: r.etag, lastModified: r.lastModified }]));
}

/** The differences between two listings, as lines a person can read (none: equal). */
export function listingDiff(expected: Map<string, ListedRow>, actual: Map<string, ListedRow>, limit = 10, dateSlackMs = 0): string[] {
  const out: string[] = [];
  for (const [key, row] of expected) {
    const got = actual.get(key);
    if (!got) out.push(`missing ${key}`);
    else if (got.size !== row.size || got.etag !== row.etag || Math.abs(got.lastModified - row.lastModified) > dateSlackMs) {
      out.push(`differs ${key}: ${JSON.stringify(got)} ≠ ${JSON.stringify(row)}`);
    }
  }
  for (const key of actual.keys()) if (!expected.has(key)) out.push(`extra ${key}`);
  return out.length > limit ? [...out.slice(0, limit), `… ${out.length - limit} more`] : out;
}

/** Post and model rows whose counts or bytes differ from a recomputation over the objects (none: consistent). */
export function aggregateDrift(sqlite: Database.Database, profileId: string): string[] {
  const posts = sqlite
    .prepare(
      `WITH expected AS (
         SELECT model, post AS name, sum(role = 'media') AS media, sum(CASE WHEN role = 'media' THEN size ELSE 0 END) AS bytes
         FROM objects WHERE profile_id = @p AND model IS NOT NULL AND post IS NOT NULL GROUP BY model, post)
       SELECT 'post ' || coalesce(e.model, p.model) || '/' || coalesce(e.name, p.name) AS what
       FROM expected e FULL OUTER JOIN (SELECT * FROM posts WHERE profile_id = @p) p ON p.model = e.model AND p.name = e.name
       WHERE p.id IS NULL OR e.name IS NULL OR p.media_count != e.media OR p.bytes != e.bytes`,
    )
    .all({ p: profileId }) as { what: string }[];
  const models = sqlite
    .prepare(
      `WITH expected AS (
         SELECT o.model AS name,
           (SELECT count(DISTINCT post) FROM objects q WHERE q.profile_id = @p AND q.model = o.model AND q.post IS NOT NULL) AS posts,
           sum(o.role = 'media' AND o.post IS NOT NULL) AS media
         FROM objects o WHERE o.profile_id = @p AND o.model IS NOT NULL GROUP BY o.model)
       SELECT 'model ' || coalesce(e.name, m.name) AS what
       FROM expected e FULL OUTER JOIN (SELECT * FROM models WHERE profile_id = @p) m ON m.name = e.name
       WHERE m.id IS NULL OR e.name IS NULL OR m.post_count != e.posts OR m.media_count != e.media`,
    )
    .all({ p: profileId }) as { what: string }[];
  return [...posts, ...models].map((r) => r.what);
}

/** `PRAGMA integrity_check` on its own connection (as the next run would open it): 'ok', or what SQLite found. */
export function integrityCheck(path: string): string {
  const db = new Database(path, { fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}
