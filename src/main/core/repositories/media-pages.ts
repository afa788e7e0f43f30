/**
 * Offset paging over a post's media that stays fast and stable at 100,000+
 * items: the first request for a (post, kind, sort, filters) computes the
 * ordered list of row ids once (one index-ordered scan), later pages are a
 * slice of it plus a lookup by primary key. SQLite's OFFSET would re-walk
 * every skipped row on each page, and size/date orders have no index.
 * Snapshots are dropped on `library:changed` (see core.ts) and whenever
 * another connection (the CLI's sync) committed (data_version).
 */
import type Database from 'better-sqlite3';
import type { KindFilter, MediaFilters, MediaItem, MediaPage, MediaSort } from '../../../shared/domain';
import { MEDIA_COLUMNS, MEDIA_FROM, toMediaItem, type MediaRow } from './media-rows';

export interface MediaQuery extends MediaFilters {
  model: string;
  post: string;
  kind?: KindFilter;
  sort?: MediaSort;
  /** The sort's other direction. */
  reverse?: boolean;
  filter?: string;
  offset: number;
  limit: number;
  locate?: string;
}

/** The date a photo was taken, else the date its object was last modified (uploaded). */
const DATE = 'coalesce(f.taken_at, o.last_modified)';

/** Each sort's key and its natural direction; unknown values (no facts yet) sort last either way; ties go by name. */
const ORDER: Record<MediaSort, [expression: string, direction: 'ASC' | 'DESC']> = {
  name: ['o.name', 'ASC'],
  size: ['o.size', 'DESC'],
  newest: ['o.last_modified', 'DESC'],
  oldest: ['o.last_modified', 'ASC'],
  taken: [DATE, 'DESC'],
  dimensions: ['f.width * f.height', 'DESC'],
  duration: ['f.duration_ms', 'DESC'],
  kind: ['o.kind', 'ASC'],
  access: ['o.is_public', 'DESC'],
};

function orderBy(sort: MediaSort, reverse: boolean): string {
  const [expression, natural] = ORDER[sort];
  const direction = reverse ? (natural === 'ASC' ? 'DESC' : 'ASC') : natural;
  if (sort === 'name') return `o.name ${direction}, o.id ${direction}`;
  return `${expression} ${direction} NULLS LAST, o.name, o.id`;
}

/** Whether a query narrows by anything but the post (the name-ordered fast path serves only the whole post). */
function narrowed(query: MediaQuery): boolean {
  return (
    (query.kind ?? 'all') !== 'all' ||
    !!query.filter?.trim() ||
    query.orientation !== undefined ||
    query.from !== undefined ||
    query.to !== undefined ||
    query.minSize !== undefined ||
    query.maxSize !== undefined
  );
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
    this.byIds = sqlite.prepare(`SELECT ${MEDIA_COLUMNS} FROM ${MEDIA_FROM} WHERE o.id IN (SELECT value FROM json_each(?))`);
    this.dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
    this.idOf = sqlite.prepare('SELECT id FROM objects WHERE profile_id = ? AND key = ?').pluck();
    this.firstPages = sqlite.prepare(
      `SELECT ${MEDIA_COLUMNS} FROM ${MEDIA_FROM}
        WHERE o.profile_id = ? AND o.model = ? AND o.post = ? AND o.role = 'media' ORDER BY o.name, o.id LIMIT ? OFFSET ?`,
    );
    this.postCount = sqlite.prepare('SELECT media_count FROM posts WHERE profile_id = ? AND model = ? AND name = ?').pluck();
  }

  invalidate(): void {
    this.snapshots.clear();
  }

  /** Facts were read (thumbnails, posters): orderings and filters by them are stale; by name, size or date they are not. */
  factsChanged(): void {
    for (const [key, ids] of [...this.snapshots]) {
      const [, , , , sort, , , factFilters] = JSON.parse(key) as [unknown, unknown, unknown, unknown, MediaSort, unknown, unknown, unknown[]];
      const byFacts = sort === 'taken' || sort === 'dimensions' || sort === 'duration' || factFilters.slice(0, 3).some((v) => v !== null && v !== undefined);
      if (byFacts) this.snapshots.delete(key);
      else this.snapshots.set(key, ids);
    }
  }

  page(profileId: string, query: MediaQuery): MediaPage {
    const fast = this.firstPagesByName(profileId, query);
    if (fast) return fast;
    const ids = this.snapshot(profileId, query);
    const slice = Array.from(ids.subarray(query.offset, query.offset + query.limit));
    const rows = slice.length > 0 ? (this.byIds.all(JSON.stringify(slice)) as MediaRow[]) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const items: MediaItem[] = [];
    for (const id of slice) {
      const row = byId.get(id);
      if (row) items.push(toMediaItem(row));
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
    if ((query.sort ?? 'name') !== 'name' || query.reverse || narrowed(query) || query.locate !== undefined) return null;
    if (query.offset + query.limit > FAST_WINDOW || this.snapshots.has(this.cacheKey(profileId, query))) return null;
    const total = this.postCount.get(profileId, query.model, query.post) as number | undefined;
    if (total === undefined) return null;
    const rows = this.firstPages.all(profileId, query.model, query.post, query.limit, query.offset) as MediaRow[];
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
    return { items: rows.map(toMediaItem), offset: query.offset, total };
  }

  private cacheKey(profileId: string, query: MediaQuery): string {
    const { orientation, from, to, minSize, maxSize } = query;
    return JSON.stringify([
      profileId,
      query.model,
      query.post,
      query.kind ?? 'all',
      query.sort ?? 'name',
      query.reverse ?? false,
      query.filter?.trim() ?? '',
      [orientation, from, to, minSize, maxSize],
    ]);
  }

  private snapshot(profileId: string, query: MediaQuery): Int32Array | Float64Array {
    const version = String(this.dataVersion.get());
    if (version !== this.version) {
      this.snapshots.clear();
      this.version = version;
    }
    const kind = query.kind ?? 'all';
    const filter = query.filter?.trim() ?? '';
    const cacheKey = this.cacheKey(profileId, query);
    const cached = this.snapshots.get(cacheKey);
    if (cached) {
      // Refresh recency (Map keeps insertion order: oldest first).
      this.snapshots.delete(cacheKey);
      this.snapshots.set(cacheKey, cached);
      return cached;
    }
    const where = ['o.profile_id = ?', 'o.model = ?', 'o.post = ?', "o.role = 'media'"];
    const params: unknown[] = [profileId, query.model, query.post];
    const add = (condition: string, ...values: unknown[]) => {
      where.push(condition);
      params.push(...values);
    };
    if (kind !== 'all') add('o.kind = ?', kind);
    // instr, not LIKE: the user's text is matched literally.
    if (filter) add('instr(lower(o.name), lower(?)) > 0', filter);
    if (query.orientation === 'landscape') add('f.width > f.height');
    if (query.orientation === 'portrait') add('f.height > f.width');
    if (query.orientation === 'square') add('f.width = f.height');
    if (query.from !== undefined) add(`${DATE} >= ?`, query.from);
    if (query.to !== undefined) add(`${DATE} < ?`, query.to);
    if (query.minSize !== undefined) add('o.size >= ?', query.minSize);
    if (query.maxSize !== undefined) add('o.size < ?', query.maxSize);
    const list = this.sqlite
      .prepare(`SELECT o.id FROM ${MEDIA_FROM} WHERE ${where.join(' AND ')} ORDER BY ${orderBy(query.sort ?? 'name', query.reverse ?? false)}`)
      .pluck()
      .all(...params) as number[];
    const ids = list.every((id) => id <= 0x7fffffff) ? Int32Array.from(list) : Float64Array.from(list);
    this.snapshots.set(cacheKey, ids);
    if (this.snapshots.size > MAX_SNAPSHOTS) this.snapshots.delete(this.snapshots.keys().next().value!);
    return ids;
  }
}
