/**
 * Writes listed pages into the index. Each page is one transaction: upsert
 * what is new or changed (prepared statements), mark every listed row as
 * seen in a per-run TEMP table (so unchanged rows are never rewritten), then
 * recompute the aggregates of just the posts and models that page touched,
 * set-based. The index is consistent after every commit, so a crash or a
 * cancel mid-run leaves nothing half-written. The sweep deletes what the run
 * did not see, in one transaction, and only when the caller says so.
 */
import type Database from 'better-sqlite3';
import { parseKey } from '../../../shared/key-layout';
import type { ListedObject } from './lister';

export interface PageStats {
  added: number;
  updated: number;
  unclassified: number;
}

interface ExistingRow {
  id: number;
  key: string;
  etag: string;
  size: number;
  lastModified: number;
  role: string;
  model: string | null;
  post: string | null;
  relPath: string | null;
}

export class IndexWriter {
  private readonly seen: string;
  private readonly dirtyPosts: string;
  private readonly dirtyModels: string;
  private readonly statements;
  private readonly pageTx;
  private readonly sweepTx;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly profileId: string,
    private readonly runId: number,
    private readonly rootPrefix: string,
  ) {
    // Per-run names: two profiles may sync at once over the same connection.
    this.seen = `temp.sync_seen_${runId}`;
    this.dirtyPosts = `temp.sync_dirty_posts_${runId}`;
    this.dirtyModels = `temp.sync_dirty_models_${runId}`;
    sqlite.exec(`
      CREATE TABLE IF NOT EXISTS ${this.seen} (id INTEGER PRIMARY KEY);
      CREATE TABLE IF NOT EXISTS ${this.dirtyPosts} (model TEXT NOT NULL, post TEXT NOT NULL, PRIMARY KEY (model, post)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS ${this.dirtyModels} (model TEXT PRIMARY KEY) WITHOUT ROWID;
    `);
    // Only rows whose aggregates changed are written (a no-change sync writes none).
    const differs = (cols: string[]) => cols.map((c) => `${c} IS NOT excluded.${c}`).join(' OR ');
    this.statements = {
      // One lookup per page, not per key: the page's keys as a JSON array drive an index probe each.
      findPage: sqlite.prepare<[string, string], ExistingRow>(
        `SELECT o.id, o.key, o.etag, o.size, o.last_modified AS lastModified, o.role, o.model, o.post, o.rel_path AS relPath
         FROM json_each(?) j CROSS JOIN objects o ON o.profile_id = ? AND o.key = j.value`,
      ),
      insert: sqlite.prepare(
        `INSERT INTO objects (profile_id, key, role, model, post, rel_path, name, kind, size, etag, last_modified, seen_run)
         VALUES (@profileId, @key, @role, @model, @post, @relPath, @name, @kind, @size, @etag, @lastModified, @runId)`,
      ),
      update: sqlite.prepare(
        `UPDATE objects SET role = @role, model = @model, post = @post, rel_path = @relPath, name = @name, kind = @kind,
           size = @size, etag = @etag, last_modified = @lastModified, seen_run = @runId
         WHERE id = @id`,
      ),
      markSeen: sqlite.prepare(`INSERT OR IGNORE INTO ${this.seen} (id) SELECT value FROM json_each(?)`),
      dirtyPost: sqlite.prepare(`INSERT OR IGNORE INTO ${this.dirtyPosts} (model, post) VALUES (?, ?)`),
      dirtyModel: sqlite.prepare(`INSERT OR IGNORE INTO ${this.dirtyModels} (model) VALUES (?)`),
      upsertPosts: sqlite.prepare(
        `INSERT INTO posts (profile_id, model, name, media_count, bytes, newest_at, cover_key)
         SELECT o.profile_id, o.model, o.post,
           sum(o.role = 'media'),
           sum(CASE WHEN o.role = 'media' THEN o.size ELSE 0 END),
           max(CASE WHEN o.role = 'media' THEN o.last_modified END),
           (SELECT c.key FROM objects c
             WHERE c.profile_id = o.profile_id AND c.model = o.model AND c.post = o.post AND c.role = 'media' AND c.kind = 'image'
             ORDER BY c.rel_path LIMIT 1)
         FROM ${this.dirtyPosts} d
         -- CROSS JOIN keeps the (small) dirty table outermost: otherwise the planner may scan every object.
         CROSS JOIN objects o ON o.profile_id = @profileId AND o.model = d.model AND o.post = d.post
         WHERE true
         GROUP BY o.model, o.post
         ON CONFLICT (profile_id, model, name) DO UPDATE SET
           media_count = excluded.media_count, bytes = excluded.bytes, newest_at = excluded.newest_at, cover_key = excluded.cover_key
         WHERE ${differs(['media_count', 'bytes', 'newest_at', 'cover_key'])}`,
      ),
      deleteEmptyPosts: sqlite.prepare(
        `DELETE FROM posts WHERE profile_id = @profileId
           AND (model, name) IN (SELECT model, post FROM ${this.dirtyPosts})
           AND NOT EXISTS (SELECT 1 FROM objects o WHERE o.profile_id = posts.profile_id AND o.model = posts.model AND o.post = posts.name)`,
      ),
      upsertModels: sqlite.prepare(
        `INSERT INTO models (profile_id, name, post_count, media_count, bytes, newest_at, cover_key, icon_key, banner_key, thumb_key)
         SELECT @profileId, d.model,
           (SELECT count(*) FROM posts p WHERE p.profile_id = @profileId AND p.model = d.model),
           (SELECT coalesce(sum(p.media_count), 0) FROM posts p WHERE p.profile_id = @profileId AND p.model = d.model),
           (SELECT coalesce(sum(p.bytes), 0) FROM posts p WHERE p.profile_id = @profileId AND p.model = d.model),
           (SELECT max(p.newest_at) FROM posts p WHERE p.profile_id = @profileId AND p.model = d.model),
           (SELECT p.cover_key FROM posts p WHERE p.profile_id = @profileId AND p.model = d.model AND p.cover_key IS NOT NULL
             ORDER BY p.newest_at DESC, p.name LIMIT 1),
           ${['icon', 'banner', 'model_thumb']
             .map(
               // INDEXED BY: left alone the planner walks the (profile, key) index over the whole profile.
               (role) => `(SELECT o.key FROM objects o INDEXED BY objects_profile_model_post_name
                 WHERE o.profile_id = @profileId AND o.model = d.model AND o.post IS NULL AND o.role = '${role}'
                 ORDER BY o.name LIMIT 1)`,
             )
             .join(',\n')}
         FROM ${this.dirtyModels} d
         WHERE EXISTS (SELECT 1 FROM objects o WHERE o.profile_id = @profileId AND o.model = d.model)
         ON CONFLICT (profile_id, name) DO UPDATE SET
           post_count = excluded.post_count, media_count = excluded.media_count, bytes = excluded.bytes,
           newest_at = excluded.newest_at, cover_key = excluded.cover_key, icon_key = excluded.icon_key,
           banner_key = excluded.banner_key, thumb_key = excluded.thumb_key
         WHERE ${differs(['post_count', 'media_count', 'bytes', 'newest_at', 'cover_key', 'icon_key', 'banner_key', 'thumb_key'])}`,
      ),
      deleteEmptyModels: sqlite.prepare(
        `DELETE FROM models WHERE profile_id = @profileId
           AND name IN (SELECT model FROM ${this.dirtyModels})
           AND NOT EXISTS (SELECT 1 FROM objects o WHERE o.profile_id = models.profile_id AND o.model = models.name)`,
      ),
      clearDirty: [sqlite.prepare(`DELETE FROM ${this.dirtyPosts}`), sqlite.prepare(`DELETE FROM ${this.dirtyModels}`)],
      indexed: sqlite.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM objects WHERE profile_id = ?`),
      seenCount: sqlite.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${this.seen}`),
      seenUnclassified: sqlite.prepare<[string], { n: number }>(
        `SELECT count(*) AS n FROM objects WHERE profile_id = ? AND role = 'unclassified' AND id IN (SELECT id FROM ${this.seen})`,
      ),
      dirtyFromUnseen: [
        sqlite.prepare(
          `INSERT OR IGNORE INTO ${this.dirtyPosts} (model, post)
           SELECT DISTINCT model, post FROM objects
           WHERE profile_id = ? AND model IS NOT NULL AND post IS NOT NULL AND id NOT IN (SELECT id FROM ${this.seen})`,
        ),
        sqlite.prepare(
          `INSERT OR IGNORE INTO ${this.dirtyModels} (model)
           SELECT DISTINCT model FROM objects WHERE profile_id = ? AND model IS NOT NULL AND id NOT IN (SELECT id FROM ${this.seen})`,
        ),
      ],
      deleteUnseen: sqlite.prepare(`DELETE FROM objects WHERE profile_id = ? AND id NOT IN (SELECT id FROM ${this.seen})`),
    };
    this.pageTx = sqlite.transaction((page: ListedObject[]) => this.applyPage(page));
    this.sweepTx = sqlite.transaction(() => {
      for (const statement of this.statements.dirtyFromUnseen) statement.run(this.profileId);
      const removed = this.statements.deleteUnseen.run(this.profileId).changes;
      this.recomputeDirty();
      return removed;
    });
  }

  /** Upserts one listed page and its aggregates, in one transaction. */
  writePage(page: ListedObject[]): PageStats {
    return this.pageTx(page);
  }

  /** How many indexed objects this run has not seen (what a sweep would remove). */
  removalsPending(): { indexed: number; seen: number; removals: number } {
    const indexed = this.statements.indexed.get(this.profileId)?.n ?? 0;
    const seen = this.statements.seenCount.get()?.n ?? 0;
    return { indexed, seen, removals: indexed - seen };
  }

  /** Distinct keys this run saw (a fallback re-listing may hand the same key over twice). */
  seenTotals(): { objects: number; unclassified: number } {
    return {
      objects: this.statements.seenCount.get()?.n ?? 0,
      unclassified: this.statements.seenUnclassified.get(this.profileId)?.n ?? 0,
    };
  }

  /** Deletes every indexed object this run did not see. Only after a listing that completed. */
  sweep(): number {
    return this.sweepTx();
  }

  dispose(): void {
    this.sqlite.exec(`DROP TABLE IF EXISTS ${this.seen}; DROP TABLE IF EXISTS ${this.dirtyPosts}; DROP TABLE IF EXISTS ${this.dirtyModels};`);
  }

  /** Touched models and posts of the current page, deduplicated here rather than by a statement per row. */
  private readonly touchedModels = new Set<string>();
  private readonly touchedPosts = new Map<string, [string, string]>();

  private touch(model: string | null, post: string | null): void {
    if (model === null) return;
    this.touchedModels.add(model);
    if (post !== null) this.touchedPosts.set(`${model}/${post}`, [model, post]);
  }

  private flushTouched(): void {
    for (const model of this.touchedModels) this.statements.dirtyModel.run(model);
    for (const [model, post] of this.touchedPosts.values()) this.statements.dirtyPost.run(model, post);
    this.touchedModels.clear();
    this.touchedPosts.clear();
  }

  private applyPage(page: ListedObject[]): PageStats {
    const stats: PageStats = { added: 0, updated: 0, unclassified: 0 };
    const { findPage, insert, update, markSeen } = this.statements;
    const existing = new Map<string, ExistingRow>();
    for (const row of findPage.iterate(JSON.stringify(page.map((o) => o.key)), this.profileId)) existing.set(row.key, row);
    const seenIds: number[] = [];
    let dirty = false;
    for (const object of page) {
      const parsed = parseKey(object.key, this.rootPrefix);
      if (parsed.role === 'unclassified') stats.unclassified++;
      const found = existing.get(object.key);
      if (!found) {
        const id = Number(insert.run({ ...parsed, ...object, profileId: this.profileId, runId: this.runId }).lastInsertRowid);
        seenIds.push(id);
        // A key repeated within a page is then an update of this row, not a second insert.
        existing.set(object.key, { id, ...object, role: parsed.role, model: parsed.model, post: parsed.post, relPath: parsed.relPath });
        this.touch(parsed.model, parsed.post);
        stats.added++;
        dirty = true;
        continue;
      }
      seenIds.push(found.id);
      const same =
        found.etag === object.etag &&
        found.size === object.size &&
        found.lastModified === object.lastModified &&
        found.role === parsed.role &&
        found.model === parsed.model &&
        found.post === parsed.post &&
        found.relPath === parsed.relPath;
      if (same) continue;
      update.run({ ...parsed, ...object, profileId: this.profileId, runId: this.runId, id: found.id });
      this.touch(found.model, found.post);
      this.touch(parsed.model, parsed.post);
      stats.updated++;
      dirty = true;
    }
    markSeen.run(JSON.stringify(seenIds));
    if (dirty) {
      this.flushTouched();
      this.recomputeDirty();
    }
    return stats;
  }

  /** Posts first (models sum their posts), then models; both set-based over the dirty tables. */
  private recomputeDirty(): void {
    const p = { profileId: this.profileId };
    this.statements.upsertPosts.run(p);
    this.statements.deleteEmptyPosts.run(p);
    this.statements.upsertModels.run(p);
    this.statements.deleteEmptyModels.run(p);
    for (const statement of this.statements.clearDirty) statement.run();
  }
}
