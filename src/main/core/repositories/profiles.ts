import { eq } from 'drizzle-orm';
import type { Db } from '../db/database';
import { profiles } from '../db/schema';

export type ProfileRow = typeof profiles.$inferSelect;

export function getActiveProfile(db: Db): ProfileRow | undefined {
  return db.select().from(profiles).where(eq(profiles.active, true)).get();
}

export function getProfile(db: Db, id: string): ProfileRow | undefined {
  return db.select().from(profiles).where(eq(profiles.id, id)).get();
}

export function getProfileByName(db: Db, name: string): ProfileRow | undefined {
  return db.select().from(profiles).where(eq(profiles.name, name)).get();
}

export function listProfiles(db: Db): ProfileRow[] {
  return db.select().from(profiles).orderBy(profiles.name).all();
}

export type NewProfileRow = typeof profiles.$inferInsert;

export function insertProfileRow(db: Db, row: NewProfileRow): void {
  db.insert(profiles).values(row).run();
}

export function updateProfileRow(db: Db, id: string, values: Partial<Omit<NewProfileRow, 'id' | 'createdAt'>>): void {
  db.update(profiles).set(values).where(eq(profiles.id, id)).run();
}

/** Deletes the profile; its index rows (models, posts, objects, runs…) go with it by cascade. */
export function deleteProfileRow(db: Db, id: string): boolean {
  return db.delete(profiles).where(eq(profiles.id, id)).run().changes > 0;
}

/** Makes `id` the only active profile (null: none), in one transaction. */
export function setActiveProfile(db: Db, id: string | null): void {
  db.transaction((tx) => {
    tx.update(profiles).set({ active: false }).where(eq(profiles.active, true)).run();
    if (id !== null) tx.update(profiles).set({ active: true }).where(eq(profiles.id, id)).run();
  });
}
