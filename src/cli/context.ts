import { createHash } from 'node:crypto';
import { AppError } from '../main/core/errors';
import { openDatabase, type IndexDatabase } from '../main/core/db/database';
import { profiles } from '../main/core/db/schema';
import { keychainStore } from '../main/core/credentials/keychain';
import type { CredentialStore } from '../main/core/credentials/credential-store';
import { dbPathIn, defaultDataDir } from '../main/core/paths';
import { connectionFor, connectionFromProfile } from '../main/core/profiles/connection';
import { getActiveProfile, getProfile, getProfileByName, listProfiles, type ProfileRow } from '../main/core/repositories/profiles';
import type { S3Connection } from '../main/core/s3/connection';
import { parsePastedLocation } from '../shared/pasted-location';
import { normalizePrefix, regionFor } from '../shared/profile';
import type { CliIo } from './io';

/** Options every command understands (product.md, CLI contract). */
export interface CommonOptions {
  db?: string;
  profile?: string;
  json?: boolean;
  /** Ad-hoc connection instead of a stored profile. */
  endpoint?: string;
  bucket?: string;
  region?: string;
  pathStyle?: boolean;
  prefix?: string;
}

export function openIndex(options: CommonOptions, io: CliIo): IndexDatabase {
  return openDatabase(options.db ?? dbPathIn(defaultDataDir(io.env)));
}

/** The profile a command works on: ad hoc (--endpoint/--bucket), --profile, the active one, or the only one. */
export function resolveProfile(database: IndexDatabase, options: CommonOptions): ProfileRow {
  const { db } = database;
  if (options.endpoint || options.bucket) return adHocProfile(database, options);
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
      ? 'No connection profile yet. Add one with: spaces-media profiles add (or pass --endpoint and --bucket)'
      : 'Several profiles and none active: choose one with --profile NAME',
  );
}

/**
 * An ad-hoc connection still needs a profile row (the index keys everything
 * by profile): one per endpoint+bucket+prefix, never active, no keychain entry.
 */
function adHocProfile(database: IndexDatabase, options: CommonOptions): ProfileRow {
  // --endpoint may be the Spaces panel's Origin/CDN URL or a path-style URL: it then names the bucket (and prefix) too.
  const location = options.endpoint ? parsePastedLocation(options.endpoint) : null;
  if (options.endpoint && !location?.endpoint) {
    throw new AppError('INVALID_INPUT', `--endpoint "${options.endpoint}" is not a URL (e.g. https://nyc3.digitaloceanspaces.com).`);
  }
  const bucket = options.bucket ?? location?.bucket ?? undefined;
  if (!location?.endpoint || !bucket) {
    throw new AppError('INVALID_INPUT', 'An ad-hoc connection needs both --endpoint URL and --bucket NAME.');
  }
  if (options.bucket && location.bucket && options.bucket !== location.bucket) {
    throw new AppError('INVALID_INPUT', `--endpoint names the bucket "${location.bucket}" but --bucket says "${options.bucket}": keep one.`);
  }
  const endpoint = new URL(location.endpoint);
  const prefix = normalizePrefix(options.prefix ?? location.prefix);
  const id = `adhoc-${createHash('sha256').update(`${endpoint.origin}\n${bucket}\n${prefix}`).digest('hex').slice(0, 16)}`;
  const existing = getProfile(database.db, id);
  const region = options.region ?? regionFor(endpoint.origin, null);
  const row = {
    id,
    name: `${bucket}@${endpoint.host}${prefix ? `/${prefix}` : ''}`,
    endpoint: endpoint.origin,
    region,
    bucket,
    rootPrefix: prefix,
    pathStyle: options.pathStyle ? 'path' : 'auto',
    accessKeyId: '',
    active: false,
    createdAt: existing?.createdAt ?? Date.now(),
    updatedAt: Date.now(),
  };
  database.db.insert(profiles).values(row).onConflictDoUpdate({ target: profiles.id, set: { region, pathStyle: row.pathStyle, updatedAt: row.updatedAt } }).run();
  return getProfile(database.db, id)!;
}

/**
 * The keychain the CLI uses: the app's entry, or SPACES_MEDIA_KEYCHAIN_SERVICE
 * (separate installs side by side; tests use a throwaway service name).
 */
export function cliCredentials(io: CliIo): CredentialStore {
  return io.env.SPACES_MEDIA_KEYCHAIN_SERVICE ? keychainStore(io.env.SPACES_MEDIA_KEYCHAIN_SERVICE) : keychainStore();
}

/** Credentials for a command: SPACES_KEY/SPACES_SECRET first, then the keychain. */
export async function resolveConnection(
  profile: ProfileRow,
  io: CliIo,
  credentials: CredentialStore = cliCredentials(io),
): Promise<S3Connection> {
  if (profile.id.startsWith('adhoc-')) {
    if (!io.env.SPACES_KEY || !io.env.SPACES_SECRET) {
      throw new AppError('NO_SECRET', 'An ad-hoc connection reads its keys from SPACES_KEY and SPACES_SECRET in the environment.');
    }
    return connectionFromProfile(profile, io.env.SPACES_SECRET, io.env.SPACES_KEY);
  }
  return connectionFor(profile, credentials, io.env);
}
