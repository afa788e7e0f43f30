/**
 * Duplicates: objects of one profile with the same size and ETag, i.e. the
 * same content under several keys (an ETag is the content's MD5 for a single
 * PUT, and the MD5 of its parts' MD5s for a multipart upload, so two copies
 * uploaded with different part sizes are not found — said in the view).
 * Empty objects (folder markers) are left out. The group list comes from one
 * index-only scan (objects_profile_size_etag) and is kept until the index
 * changes (data_version, or invalidate() on library:changed); a page then
 * reads only its groups' copies.
 */
import type Database from 'better-sqlite3';
import type { DuplicateCopy, DuplicatesPage, MediaKind, ObjectRole } from '../../../shared/domain';

interface Group {
  size: number;
  etag: string;
  count: number;
}

interface CopyRow {
  key: string;
  model: string | null;
  post: string | null;
  name: string;
  kind: MediaKind;
  role: ObjectRole;
  lastModified: number;
  isPublic: number | null;
}

export class DuplicateFinder {
  private cached: { profileId: string; version: unknown; groups: Group[]; extraCopies: number; extraBytes: number } | null = null;
  private readonly groups: Database.Statement;
  private readonly copies: Database.Statement;
  private readonly dataVersion: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.groups = sqlite.prepare(
      `SELECT size, etag, count(*) AS count FROM objects INDEXED BY objects_profile_size_etag
        WHERE profile_id = ? AND size > 0 GROUP BY size, etag HAVING count(*) > 1`,
    );
    this.copies = sqlite.prepare(
      `SELECT key, model, post, name, kind, role, last_modified AS lastModified, is_public AS isPublic
        FROM objects WHERE profile_id = ? AND size = ? AND etag = ? ORDER BY key`,
    );
    this.dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  }

  invalidate(): void {
    this.cached = null;
  }

  page(profileId: string, offset: number, limit: number): DuplicatesPage {
    const started = performance.now();
    const all = this.all(profileId);
    const groups = all.groups.slice(offset, offset + limit).map((g) => ({
      etag: g.etag,
      size: g.size,
      copies: (this.copies.all(profileId, g.size, g.etag) as CopyRow[]).map(
        (c): DuplicateCopy => ({ ...c, isPublic: c.isPublic === null ? null : c.isPublic === 1 }),
      ),
    }));
    return { groups, offset, totalGroups: all.groups.length, extraCopies: all.extraCopies, extraBytes: all.extraBytes, tookMs: performance.now() - started };
  }

  /** Every group, the most bytes spent on extra copies first. */
  private all(profileId: string) {
    const version = this.dataVersion.get();
    if (this.cached && this.cached.profileId === profileId && this.cached.version === version) return this.cached;
    const groups = (this.groups.all(profileId) as Group[]).sort((a, b) => b.size * (b.count - 1) - a.size * (a.count - 1) || a.etag.localeCompare(b.etag));
    let extraCopies = 0;
    let extraBytes = 0;
    for (const g of groups) {
      extraCopies += g.count - 1;
      extraBytes += g.size * (g.count - 1);
    }
    this.cached = { profileId, version, groups, extraCopies, extraBytes };
    return this.cached;
  }
}
