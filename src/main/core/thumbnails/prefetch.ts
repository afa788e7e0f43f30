/**
 * What to make thumbnails for in the background: a post → all its images and
 * videos (posters), and those whose facts were never read; a
 * model → what its page shows (icon, banner, thumbnail, post covers);
 * nothing → the whole library. Scopes are read in key order, a batch at a
 * time, so a 100,000-item post costs nothing up front; counting what is
 * missing runs once per scope, when its first batch is taken.
 */
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../db/database';
import { mediaFacts, objects, posts, thumbnails } from '../db/schema';
import type { ThumbTarget } from './store';

export interface PrefetchScope {
  profileId: string;
  model?: string;
  post?: string;
}

interface OpenScope extends PrefetchScope {
  id: string;
  /** Keyset cursor: keys up to here were handed out. */
  after: string;
  /** Missing thumbnails not handed out yet (null: not counted yet). */
  remaining: number | null;
}

export class PrefetchPlanner {
  private readonly scopes: OpenScope[] = [];

  constructor(private readonly db: Db) {}

  /** Adds a scope (once: asking again for one still open changes nothing). */
  add(scope: PrefetchScope): boolean {
    const id = JSON.stringify([scope.profileId, scope.model ?? null, scope.post ?? null]);
    if (this.scopes.some((s) => s.id === id)) return false;
    this.scopes.push({ ...scope, id, after: '', remaining: null });
    return true;
  }

  pending(): boolean {
    return this.scopes.length > 0;
  }

  /** Missing thumbnails not handed out yet, in scopes counted so far. */
  remaining(): number {
    return this.scopes.reduce((n, s) => n + (s.remaining ?? 0), 0);
  }

  /** Up to `limit` missing thumbnails, from the oldest open scope; scopes close when read to the end. */
  next(limit: number): ThumbTarget[] {
    const scope = this.scopes[0];
    if (!scope) return [];
    if (scope.remaining === null) scope.remaining = this.db.select({ n: sql<number>`count(*)` }).from(objects).where(missing(scope)).get()!.n;
    // Nothing missing (a post browsed before): close it without the batch query, which finds nothing only after
    // walking the key index past the scope (~0.4 s at 1,000,000 objects, the worker and the open page waiting).
    if (scope.remaining === 0) {
      this.scopes.shift();
      return [];
    }
    const batch = this.db
      .select({ key: objects.key, etag: objects.etag })
      .from(objects)
      .where(and(missing(scope), gt(objects.key, scope.after)))
      .orderBy(asc(objects.key))
      .limit(limit)
      .all();
    scope.remaining = Math.max(0, scope.remaining - batch.length);
    if (batch.length < limit) this.scopes.shift();
    else scope.after = batch.at(-1)!.key;
    return batch.map((m) => ({ profileId: scope.profileId, key: m.key, etag: m.etag }));
  }

  clear(): void {
    this.scopes.length = 0;
  }
}

/** Images and videos of the scope with no thumbnail for their current ETag, or (media) whose facts were never read. */
function missing(scope: PrefetchScope) {
  const conds = [
    eq(objects.profileId, scope.profileId),
    sql`${objects.kind} IN ('image','video')`,
    sql`${objects.role} IN ('media','model_thumb','icon','banner')`,
    sql`(NOT EXISTS (SELECT 1 FROM ${thumbnails} WHERE ${thumbnails.profileId} = ${objects.profileId} AND ${thumbnails.key} = ${objects.key}
           AND ${thumbnails.etag} = ${objects.etag} AND ${thumbnails.variant} = '')
         OR (${objects.role} = 'media' AND NOT EXISTS (SELECT 1 FROM ${mediaFacts} WHERE ${mediaFacts.objectId} = ${objects.id})))`,
  ];
  if (scope.model) conds.push(eq(objects.model, scope.model));
  if (scope.post) conds.push(eq(objects.post, scope.post));
  else if (scope.model) {
    // The model's own files (icon, banner, thumbnail: no post) and its post covers, as a list of keys: a handful of
    // lookups by key. As "model = ? AND (role != 'media' OR key IN covers)" SQLite walked every object of the model
    // (the count) and then the whole profile's key index (the batch ordered by key): over a second for a 100,000-item
    // model, with the worker — and the page the user just opened — waiting behind it.
    // (Inside the subquery the column names mean its own `objects`: SQL resolves names innermost first.)
    conds.push(
      sql`${objects.key} IN (SELECT ${objects.key} FROM ${objects} WHERE ${objects.profileId} = ${scope.profileId} AND ${objects.model} = ${scope.model} AND ${objects.post} IS NULL
           UNION ALL SELECT ${posts.coverKey} FROM ${posts} WHERE ${posts.profileId} = ${scope.profileId} AND ${posts.model} = ${scope.model})`,
    );
  }
  return and(...conds);
}
