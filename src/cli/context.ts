import { AppError } from '../main/core/errors';
import { openDatabase, type IndexDatabase } from '../main/core/db/database';
import { dbPathIn, defaultDataDir } from '../main/core/paths';
import { getActiveProfile, getProfileByName, listProfiles, type ProfileRow } from '../main/core/repositories/profiles';
import type { CliIo } from './io';

/** Options every command understands (product.md, CLI contract). */
export interface CommonOptions {
  db?: string;
  profile?: string;
  json?: boolean;
}

export function openIndex(options: CommonOptions, io: CliIo): IndexDatabase {
  return openDatabase(options.db ?? dbPathIn(defaultDataDir(io.env)));
}

/** The profile a command works on: --profile, else the active one, else the only one. */
export function resolveProfile(database: IndexDatabase, options: CommonOptions): ProfileRow {
  const { db } = database;
  if (options.profile) {
    const named = getProfileByName(db, options.profile);
    if (!named) throw new AppError('NO_PROFILE', `No profile named "${options.profile}". See: spaces-media profiles list`);
    return named;
  }
  const active = getActiveProfile(db);
  if (active) return active;
  const all = listProfiles(db);
  if (all.length === 1 && all[0]) return all[0];
  throw new AppError(
    'NO_PROFILE',
    all.length === 0
      ? 'No connection profile yet. Add one with: spaces-media profiles add'
      : 'Several profiles and none active: choose one with --profile NAME',
  );
}
