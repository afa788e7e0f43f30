/**
 * Offset paging over a post's media that stays fast and stable at 100,000+
 * items: the first request for a (post, kind, sort, filter) computes the
 * ordered list of row ids once (one index-ordered scan), later pages are a
 * slice of it plus a lookup by primary key. SQLite's OFFSET would re-walk
 * every skipped row on each page, and size/date orders have no index.
 * Snapshots are dropped on `library:changed` (see core.ts) and whenever
 * another connection (the CLI's sync) committed (data_version).
 */
import type Database from 'better-sqlite3';
import type { KindFilter, MediaItem, MediaPage, MediaSort } from '../../../shared/domain';

export interface MediaQuery {
  model: string;
  post: string;
  kind?: KindFilter;
  sort?: MediaSort;
  filter?: string;
  offset: number;
  limit: number;
  locate?: string;
}

const ORDER: Record<MediaSort, string> = {
  name: 'name, id',
  size: 'size DESC, name, id',
  newest: 'last_modified DESC, name, id',
  oldest: 'last_modified, name, id',
};

const COLUMNS = `id, key, model, post, rel_path AS relPath, name, kind, size, etag, last_modified AS lastModified, is_public AS isPublic`;

interface Row extends Omit<MediaItem, 'isPublic'> {
  isPublic: number | null;
}

const MAX_SNAPSHOTS = 8;
/** Items served straight from the name index before the snapshot is needed. */
const FAST_WINDOW = 2_000;

export class MediaPager {
  private readonly snapshots = new Map<string, Int32Array | Float64Array>();
  private version = '';
  private readonly byIds: Database.Statement;
  private readonly dataVersion: Database.Statement;
  private readonly idOf: Database.Statement;
  private readonly firstPages: Database.Statement;
  private readonly postCount: Database.Statement;
  private warming: string | null = null;

  constructor(private readonly sqlite: Database.Database) {
    this.byIds = sqlite.prepare(`SELECT ${COLUMNS} FROM objects WHERE id IN (SELECT value FROM json_each(?))`);
    this.dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
    this.idOf = sqlite.prepare('SELECT id FROM objects WHERE profile_id = ? AND key = ?').pluck();
    this.firstPages = sqlite.prepare(
      `SELECT ${COLUMNS} FROM objects WHERE profile_id = ? AND model = ? AND post = ? AND role = 'media' ORDER BY name, id LIMIT ? OFFSET ?`,
    );
    this.postCount = sqlite.prepare('SELECT media_count FROM posts WHERE profile_id = ? AND model = ? AND name = ?').pluck();
  }

  invalidate(): void {
    this.snapshots.clear();
  }

  page(profileId: string, query: MediaQuery): MediaPage {
    const fast = this.firstPagesByName(profileId, query);
    if (fast) return fast;
    const ids = this.snapshot(profileId, query);
    const slice = Array.from(ids.subarray(query.offset, query.offset + query.limit));
    const rows = slice.length > 0 ? (this.byIds.all(JSON.stringify(slice)) as Row[]) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const items: MediaItem[] = [];
    for (const id of slice) {
      const row = byId.get(id);
      if (row) items.push({ ...row, isPublic: row.isPublic === null ? null : row.isPublic === 1 });
    }
    const page: MediaPage = { items, offset: query.offset, total: ids.length };
    if (query.locate !== undefined) {
      const id = this.idOf.get(profileId, query.locate) as number | undefined;
      page.located = id === undefined ? -1 : ids.indexOf(id);
    }
    return page;
  }

  /**
   * The opening pages in the default order straight from the index (it is
   * ordered by name), with the post's stored count as the total: the first
   * grid does not wait for the snapshot, which is built right after.
   */
  private firstPagesByName(profileId: string, query: MediaQuery): MediaPage | null {
    if ((query.sort ?? 'name') !== 'name' || (query.kind ?? 'all') !== 'all' || query.filter?.trim() || query.locate !== undefined) return null;
    if (query.offset + query.limit > FAST_WINDOW || this.snapshots.has(this.cacheKey(profileId, query))) return null;
    const total = this.postCount.get(profileId, query.model, query.post) as number | undefined;
    if (total === undefined) return null;
    const rows = this.firstPages.all(profileId, query.model, query.post, query.limit, query.offset) as Row[];
    const warmKey = this.cacheKey(profileId, query);
    if (this.warming !== warmKey) {
      this.warming = warmKey;
      setImmediate(() => {
        try {
          this.snapshot(profileId, query);
        } catch {
          // The database closed meanwhile; the next page builds it.
        } finally {
          this.warming = null;
        }
      });
    }
    return { items: rows.map((r) => ({ ...r, isPublic: r.isPublic === null ? null : r.isPublic === 1 })), offset: query.offset, total };
  }

  private cacheKey(profileId: string, query: MediaQuery): string {
    return JSON.stringify([profileId, query.model, query.post, query.kind ?? 'all', query.sort ?? 'name', query.filter?.trim() ?? '']);
  }

  private snapshot(profileId: string, query: MediaQuery): Int32Array | Float64Array {
    const version = String(this.dataVersion.get());
    if (version !== this.version) {
      this.snapshots.clear();
      this.version = version;
    }
    const kind = query.kind ?? 'all';
    const sort = query.sort ?? 'name';
    const filter = query.filter?.trim() ?? '';
    const cacheKey = this.cacheKey(profileId, query);
    const cached = this.snapshots.get(cacheKey);
    if (cached) {
      // Refresh recency (Map keeps insertion order: oldest first).
      this.snapshots.delete(cacheKey);
      this.snapshots.set(cacheKey, cached);
      return cached;
    }
    const where = ['profile_id = ?', 'model = ?', 'post = ?', "role = 'media'"];
    const params: unknown[] = [profileId, query.model, query.post];
    if (kind !== 'all') {
      where.push('kind = ?');
      params.push(kind);
    }
    if (filter) {
      // instr, not LIKE: the user's text is matched literally.
      where.push('instr(lower(name), lower(?)) > 0');
      params.push(filter);
    }
    const list = this.sqlite
      .prepare(`SELECT id FROM objects WHERE ${where.join(' AND ')} ORDER BY ${ORDER[sort]}`)
      .pluck()
      .all(...params) as number[];
    const ids = list.every((id) => id <= 0x7fffffff) ? Int32Array.from(list) : Float64Array.from(list);
    this.snapshots.set(cacheKey, ids);
    if (this.snapshots.size > MAX_SNAPSHOTS) this.snapshots.delete(this.snapshots.keys().next().value!);
    return ids;
  }
}
