/** Per-object facts the link service reads and writes in the index. */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/database';
import { objects } from '../db/schema';

export function isIndexedKey(db: Db, profileId: string, key: string): boolean {
  return db.select({ id: objects.id }).from(objects).where(and(eq(objects.profileId, profileId), eq(objects.key, key))).get() !== undefined;
}

/** Stores what the server said about each key's ACL, or null for "unknown" (rows not in the index are ignored). */
export function setPublicFlags(db: Db, profileId: string, access: { key: string; isPublic: boolean | null }[]): void {
  db.transaction((tx) => {
    for (const isPublic of [true, false, null]) {
      const keys = access.filter((a) => a.isPublic === isPublic).map((a) => a.key);
      for (let i = 0; i < keys.length; i += 500) {
        tx.update(objects)
          .set({ isPublic })
          .where(and(eq(objects.profileId, profileId), inArray(objects.key, keys.slice(i, i + 500))))
          .run();
      }
    }
  });
}
