/**
 * The active profile, for every feature that works on "the library being
 * shown": one lookup and one "no profile" message, so a handler is a line.
 */
import type { Db } from '../db/database';
import { AppError } from '../errors';
import { getActiveProfile, type ProfileRow } from '../repositories/profiles';

export const NO_PROFILE_MESSAGE = 'No Spaces connection is active. Add or choose one in Settings › Profiles.';

export interface ActiveProfile {
  /** The active profile, or undefined (first run, or every profile removed). */
  current(): ProfileRow | undefined;
  /** The active profile; NO_PROFILE with the one message otherwise. */
  require(): ProfileRow;
  /** `read(profile)` for the active profile, or `none` without one: reads show an empty library. */
  read<T>(read: (profile: ProfileRow) => T, none: T): T;
}

export function activeProfile(db: Db): ActiveProfile {
  const current = () => getActiveProfile(db);
  return {
    current,
    require() {
      const profile = current();
      if (!profile) throw new AppError('NO_PROFILE', NO_PROFILE_MESSAGE);
      return profile;
    },
    read(read, none) {
      const profile = current();
      return profile ? read(profile) : none;
    },
  };
}
