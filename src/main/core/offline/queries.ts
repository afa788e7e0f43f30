/**
 * The offline store's reads over the index: which objects the pins want,
 * which store files are no longer wanted, and each pin's totals. Objects and
 * store files meet on content (ETag + size), never on the key, so a file is
 * kept through a rename or move that keeps the ETag.
 */
import type Database from 'better-sqlite3';

export interface WantedObject {
  key: string;
  etag: string;
  size: number;
  lastModified: number;
  /** Every pin covering it was cancelled: kept if present, not fetched. */
  held: number;
}

export interface PinTotals {
  model: string;
  post: string;
  createdAt: number;
  cancelledAt: number | null;
  files: number;
  bytes: number;
  filesDone: number;
  bytesDone: number;
}

/** The index's ETag as the store keys it (no quotes, lower case). */
export const STORE_ETAG = (column: string) => `lower(replace(${column}, '"', ''))`;

export function bareEtag(etag: string): string {
  return etag.replace(/"/g, '').trim().toLowerCase();
}

const COVERS = `p.profile_id = o.profile_id AND p.model = o.model AND (p.post = '' OR p.post = o.post) AND o.role = 'media'`;

export class OfflineQueries {
  private readonly statements;

  constructor(sqlite: Database.Database) {
    this.statements = {
      wanted: sqlite.prepare<[string], WantedObject>(
        `SELECT o.key, o.etag, o.size, o.last_modified AS lastModified, min(p.cancelled_at IS NOT NULL) AS held
         FROM offline_pins p JOIN objects o ON ${COVERS}
         WHERE p.profile_id = ? GROUP BY o.key ORDER BY o.model, o.post, o.rel_path`,
      ),
      unwanted: sqlite.prepare<{ profileId: string }, { etag: string; size: number; file: string }>(
        `SELECT f.etag, f.size, f.file FROM offline_files f
         WHERE f.profile_id = @profileId AND NOT EXISTS (
           SELECT 1 FROM offline_pins p JOIN objects o ON ${COVERS}
           WHERE p.profile_id = @profileId AND ${STORE_ETAG('o.etag')} = f.etag AND o.size = f.size)`,
      ),
      pins: sqlite.prepare<[string], PinTotals>(
        `SELECT p.model, p.post, p.created_at AS createdAt, p.cancelled_at AS cancelledAt,
                count(o.key) AS files, coalesce(sum(o.size), 0) AS bytes,
                count(f.file) AS filesDone, coalesce(sum(CASE WHEN f.file IS NOT NULL THEN o.size ELSE 0 END), 0) AS bytesDone
         FROM offline_pins p
         LEFT JOIN objects o ON ${COVERS}
         LEFT JOIN offline_files f ON f.profile_id = o.profile_id AND f.etag = ${STORE_ETAG('o.etag')} AND f.size = o.size
         WHERE p.profile_id = ?
         GROUP BY p.model, p.post ORDER BY p.model, p.post`,
      ),
      /** Problems of files of each pin's scope: failed downloads, with their message. */
      failures: sqlite.prepare<[string], { model: string; post: string; code: string | null; message: string | null }>(
        `SELECT p.model, p.post, d.error_code AS code, d.error_message AS message
         FROM downloads d
         JOIN objects o ON o.profile_id = d.profile_id AND o.key = d.key
         JOIN offline_pins p ON ${COVERS}
         WHERE d.profile_id = ? AND d.purpose = 'offline' AND d.state = 'failed'
         ORDER BY d.id`,
      ),
      running: sqlite.prepare<[string], { model: string; post: string }>(
        `SELECT DISTINCT p.model, p.post
         FROM downloads d
         JOIN objects o ON o.profile_id = d.profile_id AND o.key = d.key
         JOIN offline_pins p ON ${COVERS}
         WHERE d.profile_id = ? AND d.purpose = 'offline' AND d.state = 'downloading'`,
      ),
      /** Pins with a download still to finish (queued, fetching or paused). */
      pending: sqlite.prepare<[string], { model: string; post: string }>(
        `SELECT DISTINCT p.model, p.post
         FROM downloads d
         JOIN objects o ON o.profile_id = d.profile_id AND o.key = d.key
         JOIN offline_pins p ON ${COVERS}
         WHERE d.profile_id = ? AND d.purpose = 'offline' AND d.state IN ('queued', 'downloading', 'paused')`,
      ),
      /** The pins covering a key. */
      covering: sqlite.prepare<{ profileId: string; key: string }, { model: string; post: string }>(
        `SELECT p.model, p.post FROM offline_pins p JOIN objects o ON ${COVERS} WHERE o.profile_id = @profileId AND o.key = @key`,
      ),
      /** The store file holding an object's current version, if any, and whether a pin covers the object. */
      item: sqlite.prepare<{ profileId: string; key: string }, { file: string | null; size: number; etag: string; pinned: number }>(
        `SELECT f.file, o.size, o.etag,
                EXISTS (SELECT 1 FROM offline_pins p WHERE ${COVERS}) AS pinned
         FROM objects o
         LEFT JOIN offline_files f ON f.profile_id = o.profile_id AND f.etag = ${STORE_ETAG('o.etag')} AND f.size = o.size
         WHERE o.profile_id = @profileId AND o.key = @key`,
      ),
      usedBytes: sqlite.prepare<[], number>(`SELECT coalesce(sum(size), 0) FROM offline_files`).pluck(),
      hasAny: sqlite
        .prepare<{ profileId: string }, number>(
          `SELECT EXISTS (SELECT 1 FROM offline_pins WHERE profile_id = @profileId) OR EXISTS (SELECT 1 FROM offline_files WHERE profile_id = @profileId)
             OR EXISTS (SELECT 1 FROM downloads WHERE profile_id = @profileId AND purpose = 'offline' AND state IN ('queued', 'downloading', 'paused'))`,
        )
        .pluck(),
      profilesWithPins: sqlite.prepare<[], string>(`SELECT DISTINCT profile_id FROM offline_pins`).pluck(),
      scopeSize: sqlite.prepare<{ profileId: string; model: string; post: string }, { files: number; bytes: number; missing: number }>(
        `SELECT count(*) AS files, coalesce(sum(o.size), 0) AS bytes,
                coalesce(sum(CASE WHEN f.file IS NULL THEN o.size ELSE 0 END), 0) AS missing
         FROM objects o
         LEFT JOIN offline_files f ON f.profile_id = o.profile_id AND f.etag = ${STORE_ETAG('o.etag')} AND f.size = o.size
         WHERE o.profile_id = @profileId AND o.model = @model AND (@post = '' OR o.post = @post) AND o.role = 'media'`,
      ),
    };
  }

  wanted(profileId: string): WantedObject[] {
    return this.statements.wanted.all(profileId);
  }

  unwanted(profileId: string): { etag: string; size: number; file: string }[] {
    return this.statements.unwanted.all({ profileId });
  }

  pins(profileId: string): PinTotals[] {
    return this.statements.pins.all(profileId);
  }

  failures(profileId: string) {
    return this.statements.failures.all(profileId);
  }

  running(profileId: string) {
    return this.statements.running.all(profileId);
  }

  pending(profileId: string) {
    return this.statements.pending.all(profileId);
  }

  covering(profileId: string, key: string) {
    return this.statements.covering.all({ profileId, key });
  }

  item(profileId: string, key: string) {
    return this.statements.item.get({ profileId, key });
  }

  usedBytes(): number {
    return this.statements.usedBytes.get() as number;
  }

  /** Whether the profile has pins, store files or offline downloads at all (most profiles have none). */
  hasAny(profileId: string): boolean {
    return this.statements.hasAny.get({ profileId }) === 1;
  }

  profilesWithPins(): string[] {
    return this.statements.profilesWithPins.all();
  }

  /** Media of a model (post '') or post, and how many of their bytes the store lacks. */
  scopeSize(profileId: string, model: string, post: string) {
    return this.statements.scopeSize.get({ profileId, model, post })!;
  }
}
