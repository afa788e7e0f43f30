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
