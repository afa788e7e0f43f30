import type { Db } from '../db/database';
import { AppError } from '../errors';
import { getActiveProfile, type ProfileRow } from '../repositories/profiles';

/** The active profile, or NO_PROFILE with what to do about it. */
export function activeProfileOrThrow(db: Db): ProfileRow {
  const profile = getActiveProfile(db);
  if (!profile) throw new AppError('NO_PROFILE', 'No active connection: add a Spaces profile in Settings, or choose one.');
  return profile;
}
