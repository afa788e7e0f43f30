/** The shared_links table: every link the app made, for "Recently shared". */
import { and, asc, desc, eq, gte, inArray } from 'drizzle-orm';
import type { LinkKind, ShareLink, SharedLinkRecord } from '../../../shared/links';
import type { Db } from '../db/database';
import { sharedLinks } from '../db/schema';

/** Records links in one transaction (a multi-selection is one write). */
export function recordSharedLinks(db: Db, profileId: string, links: ShareLink[]): void {
  if (links.length === 0) return;
  db.transaction((tx) => {
    for (const link of links) {
      tx.insert(sharedLinks)
        .values({ profileId, key: link.key, url: link.url, kind: link.kind, expiresAt: link.expiresAt, createdAt: link.createdAt })
        .run();
    }
  });
}

/** Links made since `since` (epoch ms), newest first. */
export function listRecentLinks(db: Db, profileId: string, since: number, limit = 500): SharedLinkRecord[] {
  return db
    .select({
      id: sharedLinks.id,
      key: sharedLinks.key,
      url: sharedLinks.url,
      kind: sharedLinks.kind,
      expiresAt: sharedLinks.expiresAt,
      createdAt: sharedLinks.createdAt,
    })
    .from(sharedLinks)
    .where(and(eq(sharedLinks.profileId, profileId), gte(sharedLinks.createdAt, since)))
    .orderBy(desc(sharedLinks.createdAt), asc(sharedLinks.id)) // newest batch first, a batch in selection order
    .limit(limit)
    .all()
    .map((row) => ({ ...row, kind: row.kind as LinkKind }));
}

/** The profile's links with these ids, in the order asked. */
export function getSharedLinks(db: Db, profileId: string, ids: number[]): SharedLinkRecord[] {
  const rows = db
    .select()
    .from(sharedLinks)
    .where(and(eq(sharedLinks.profileId, profileId), inArray(sharedLinks.id, ids)))
    .all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ id: r.id, key: r.key, url: r.url, kind: r.kind as LinkKind, expiresAt: r.expiresAt, createdAt: r.createdAt }] : [];
  });
}
