/**
 * How a command gets its services: `withCore` builds the same Core the app
 * and the tests build (createCore), with the CLI's keychain, environment and
 * log, and closes it afterwards. The CLI runs the core in its own process,
 * not in a worker: it has no UI thread to keep free, and a worker would only
 * add start-up time and a second copy of the modules to every command.
 */
import { dirname } from 'node:path';
import type { CredentialStore } from '../main/core/credentials/credential-store';
import { keychainStore } from '../main/core/credentials/keychain';
import { createCore, type Core, type CoreOptions } from '../main/core/core';
import { AppError } from '../main/core/errors';
import { openLogFile } from '../main/core/log-file';
import { createLogger, type LogSink } from '../main/core/logger';
import { dbPathIn, defaultDataDir } from '../main/core/paths';
import type { ProfileRow } from '../main/core/profiles/service';
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
  /** The log's lines on stderr too (also SPACES_DEBUG=1). */
  verbose?: boolean;
}

/** What a command may tune of the core it runs (the upload command's concurrency). */
export type CoreTuning = Pick<CoreOptions, 'uploads' | 'downloads'>;

/** The directory of the index in use: the app's data directory, or where --db puts it. */
export function dataDirOf(options: CommonOptions, io: CliIo): string {
  return options.db ? dirname(options.db) : defaultDataDir(io.env);
}

/**
 * The keychain the CLI uses: the app's entry, or SPACES_MEDIA_KEYCHAIN_SERVICE
 * (separate installs side by side; tests use a throwaway service name).
 */
export function cliCredentials(io: CliIo): CredentialStore {
  return io.env.SPACES_MEDIA_KEYCHAIN_SERVICE ? keychainStore(io.env.SPACES_MEDIA_KEYCHAIN_SERVICE) : keychainStore();
}

/** Runs `fn` over the one Core, built for this command line and closed afterwards whatever happens. */
export async function withCore<T>(options: CommonOptions & CoreTuning, io: CliIo, fn: (core: Core) => Promise<T> | T): Promise<T> {
  const dataDir = dataDirOf(options, io);
  // The same lines as the file, on stderr, only when asked: otherwise a failure is one line there
  // (a disk too full or read-only for the log file included).
  const verbose = options.verbose || io.env.SPACES_DEBUG === '1';
  const file = openLogFile(dataDir, 'cli', (line) => verbose && io.stderr(line));
  const sinks: LogSink[] = [file.sink];
  if (verbose) sinks.push((line) => io.stderr(`${line}\n`));
  const core = createCore({
    dataDir,
    dbPath: options.db ?? dbPathIn(dataDir),
    credentials: cliCredentials(io),
    env: io.env,
    log: createLogger(...sinks),
    // Uploads from the shell make no thumbnails: the app makes them when the post is browsed.
    thumbnailsAfterUpload: false,
    uploads: options.uploads,
    downloads: options.downloads,
  });
  try {
    return await fn(core);
  } catch (error) {
    // The one line on stderr says what happened; the log keeps the cause (and the stack of anything unexpected).
    if (error instanceof AppError && error.code !== 'INTERNAL') core.log.warn(`command failed: ${error.code}`, error.cause ?? error);
    else core.log.error('command failed', error);
    throw error;
  } finally {
    await core.uploads.close();
    await core.downloads.close();
    core.close();
    await file.close();
  }
}

/** The profile a command works on: ad hoc (--endpoint/--bucket), --profile, the active one, or the only one. */
export function resolveProfile(core: Core, options: CommonOptions): ProfileRow {
  if (options.endpoint || options.bucket) return core.profiles.adHoc(options);
  if (options.profile) return profileNamed(core, options.profile);
  const active = core.active.current();
  if (active) return active;
  const all = core.profiles.rows();
  if (all.length === 1 && all[0]) return all[0];
  throw new AppError(
    'NO_PROFILE',
    all.length === 0
      ? 'No connection profile yet. Add one with: spaces-media profiles add (or pass --endpoint and --bucket)'
      : 'Several profiles and none active: choose one with --profile NAME',
  );
}

export function profileNamed(core: Core, name: string): ProfileRow {
  const named = core.profiles.find(name);
  if (!named) throw new AppError('NO_PROFILE', `No profile named "${name}". See: spaces-media profiles list`);
  return named;
}
