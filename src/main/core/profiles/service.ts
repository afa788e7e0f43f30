/**
 * Connection profiles: stored in the index, secrets in the keychain
 * (account = profile id). The secret goes in through `save` and comes out
 * only as an S3Connection from `connection()`, inside main; every view this
 * service returns says only whether one is stored.
 */
import { randomUUID } from 'node:crypto';
import type { CdnStatus } from '../../../shared/connection-check';
import type { ConnectionTestResult, ProfileInput, ProfileList, ProfileView } from '../../../shared/profile';
import type { CredentialStore } from '../credentials/credential-store';
import type { IndexDatabase } from '../db/database';
import { AppError } from '../errors';
import type { EventBus } from '../events';
import type { Logger } from '../logger';
import {
  deleteProfileRow,
  getProfile,
  getProfileByName,
  insertProfileRow,
  listProfiles,
  setActiveProfile,
  updateProfileRow,
  type ProfileRow,
} from '../repositories/profiles';
import { connectionHost, type S3Connection } from '../s3/connection';
import type { ActiveProfile } from './active';
import { adHocProfile, isAdHoc, type AdHocConnection } from './ad-hoc';
import { cdnCheckOptions, probeProfileCdn } from './cdn-status';
import { connectionFor, connectionFromProfile } from './connection';
import { secretAgainError, secretWouldMove } from './secret-binding';
import { draftRow, toProfileView } from './view';
import { testConnection } from './test-connection';

export type { ProfileRow };

export interface ProfileService {
  /** Every stored profile (ad-hoc CLI connections excluded) and the active one's id. */
  list(): Promise<ProfileList>;
  get(id: string): Promise<ProfileView>;
  /** Creates (no id) or updates a profile; `secret`, when given, sets or replaces the keychain entry. */
  save(input: ProfileInput): Promise<ProfileView>;
  /**
   * Removes the keychain entry, then the profile and its index rows. When the
   * keychain cannot be reached it refuses (KEYCHAIN_UNAVAILABLE) rather than
   * orphan a secret, unless `force` (a server without any keychain); the
   * result then says the entry was not checked.
   */
  remove(id: string, options?: { force?: boolean }): Promise<{ keychainEntryRemoved: boolean | null }>;
  setActive(id: string): Promise<ProfileView>;
  /**
   * Checks a stored profile, or an unsaved draft (with its own secret or the
   * stored one of draft.id), capability by capability; `tryWrite` also puts
   * and deletes a probe object. A stored profile keeps the CDN finding.
   * Never throws for S3 problems.
   */
  test(target: ({ id: string } | { draft: ProfileInput }) & { tryWrite?: boolean }): Promise<ConnectionTestResult>;
  /**
   * THE way features get to the bucket: the S3Connection (keys included) for
   * a profile, the active one when `profileId` is omitted. SPACES_KEY /
   * SPACES_SECRET in the environment win over the keychain. Throws
   * NO_PROFILE, NO_SECRET or KEYCHAIN_UNAVAILABLE with a message to show.
   * Build clients from it with createS3Client; map S3 errors with toAppError.
   */
  connection(profileId?: string): Promise<S3Connection>;
  /** The stored row for a profile id, or the active profile's. Throws NO_PROFILE. */
  profile(profileId?: string): ProfileRow;
  /** The stored row of the profile named so, if any. */
  find(name: string): ProfileRow | undefined;
  /** Every stored row, ad-hoc connections included (the CLI picks the only one). */
  rows(): ProfileRow[];
  /** The row standing for an ad-hoc connection (--endpoint/--bucket), created on first use. */
  adHoc(connection: AdHocConnection): ProfileRow;
}

export interface ProfileServiceDeps {
  database: IndexDatabase;
  active: ActiveProfile;
  credentials: CredentialStore;
  env: NodeJS.ProcessEnv;
  bus: EventBus;
  log: Logger;
}



export function createProfileService({ database, active, credentials, env, bus, log }: ProfileServiceDeps): ProfileService {
  const { db } = database;

  function row(profileId?: string): ProfileRow {
    if (profileId === undefined) return active.require();
    const found = getProfile(db, profileId);
    if (found) return found;
    throw new AppError('NO_PROFILE', 'That profile no longer exists.');
  }

  async function hasSecret(id: string): Promise<boolean> {
    return (await credentials.get(id)) !== null;
  }

  async function view(r: ProfileRow): Promise<ProfileView> {
    let stored = false;
    try {
      stored = await hasSecret(r.id);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      log.warn(`keychain: cannot tell whether profile ${r.id} has a secret`, error.cause);
    }
    return toProfileView(r, stored);
  }

  function announce(profileId: string | null): void {
    bus.emit('library:changed', { profileId });
  }

  /** Keeps the CDN finding without touching updatedAt (clients are cached by it). */
  function recordCdn(id: string, status: CdnStatus): void {
    updateProfileRow(db, id, { cdnStatus: status, cdnCheckedAt: Date.now() });
  }

  /** Probes the CDN of a just-saved profile; a profile that cannot be reached yet stays 'unknown'. */
  async function refreshCdn(r: ProfileRow, secret: string | undefined): Promise<void> {
    let connection: S3Connection;
    try {
      connection = secret !== undefined ? connectionFromProfile(r, secret) : await connectionFor(r, credentials, env);
    } catch {
      return;
    }
    const status = await probeProfileCdn(r, connection, log);
    if (status !== 'unknown') recordCdn(r.id, status);
  }

  return {
    profile: row,
    find: (name) => getProfileByName(db, name),
    rows: () => listProfiles(db),
    adHoc: (connection) => adHocProfile(db, connection),

    async list() {
      const rows = listProfiles(db).filter((r) => !isAdHoc(r));
      let keychainProblem: string | null = null;
      const profiles: ProfileView[] = [];
      for (const r of rows) {
        let stored = false;
        if (keychainProblem === null) {
          try {
            stored = await hasSecret(r.id);
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            log.warn('keychain unavailable while listing profiles', error.cause);
            keychainProblem = error.message;
          }
        }
        profiles.push(toProfileView(r, stored));
      }
      return { profiles, activeId: profiles.find((p) => p.active)?.id ?? null, keychainProblem };
    },

    async get(id) {
      return view(row(id));
    },

    async save(input) {
      const existing = input.id === undefined ? undefined : row(input.id);
      if (existing && input.secret === undefined && secretWouldMove(existing, input)) throw secretAgainError(existing);
      const sameName = getProfileByName(db, input.name);
      if (sameName && sameName.id !== existing?.id) {
        throw new AppError('CONFLICT', `A profile named "${input.name}" already exists. Choose another name.`);
      }
      const id = existing?.id ?? randomUUID();
      const now = Date.now();
      const values = {
        name: input.name,
        endpoint: input.endpoint,
        region: input.region,
        bucket: input.bucket,
        rootPrefix: input.rootPrefix,
        pathStyle: input.pathStyle,
        cdnMode: input.cdnMode,
        cdnDomain: input.cdnDomain,
        defaultAcl: input.defaultAcl,
        cacheControl: input.cacheControl,
        accessKeyId: input.accessKeyId,
        updatedAt: now,
      };
      // Where the CDN is changed: what was found about the old one no longer holds.
      const cdnChanged =
        !existing ||
        existing.endpoint !== input.endpoint ||
        existing.bucket !== input.bucket ||
        existing.cdnMode !== input.cdnMode ||
        existing.cdnDomain !== input.cdnDomain;
      const cdnValues = cdnChanged ? { cdnStatus: 'unknown', cdnCheckedAt: null } : {};
      const wasActive = active.current()?.id ?? null;
      const makeActive = input.active === true || wasActive === null;

      // Keychain first: if it is unavailable, nothing is written. If the row
      // then fails, the keychain goes back to how it was.
      const previousSecret = input.secret !== undefined && existing ? await credentials.get(id) : null;
      if (input.secret !== undefined) await credentials.set(id, input.secret);
      try {
        // better-sqlite3 transactions belong to the connection (nested ones become savepoints).
        db.transaction(() => {
          if (existing) updateProfileRow(db, id, { ...values, ...cdnValues });
          else insertProfileRow(db, { id, ...values, ...cdnValues, active: false, createdAt: now });
          if (makeActive) setActiveProfile(db, id);
        });
      } catch (error) {
        if (input.secret !== undefined) {
          await (previousSecret !== null ? credentials.set(id, previousSecret) : credentials.delete(id)).catch(() => undefined);
        }
        throw error;
      }
      log.info(`profile ${existing ? 'updated' : 'created'}: ${input.name} (${id})${input.secret !== undefined ? ', secret stored in the keychain' : ''}`);
      const connectionChanged =
        existing && (existing.endpoint !== input.endpoint || existing.bucket !== input.bucket || existing.rootPrefix !== input.rootPrefix);
      if (cdnChanged || row(id).cdnStatus === 'unknown') await refreshCdn(row(id), input.secret);
      if ((makeActive && wasActive !== id) || (existing?.active && connectionChanged)) announce(id);
      return view(row(id));
    },

    async remove(id, options = {}) {
      const r = row(id);
      // The keychain entry goes first: a profile that cannot drop its secret stays, rather than orphan the secret.
      let keychainEntryRemoved: boolean | null;
      try {
        keychainEntryRemoved = await credentials.delete(id);
      } catch (error) {
        if (!(options.force && error instanceof AppError && error.code === 'KEYCHAIN_UNAVAILABLE')) throw error;
        log.warn(`profile ${id} removed without reaching the keychain`, error.cause);
        keychainEntryRemoved = null;
      }
      deleteProfileRow(db, id);
      log.info(`profile removed: ${r.name} (${id}), keychain entry ${keychainEntryRemoved === null ? 'not checked' : 'deleted'}`);
      if (r.active) {
        const next = listProfiles(db).find((p) => !isAdHoc(p));
        setActiveProfile(db, next?.id ?? null);
        announce(next?.id ?? null);
      }
      return { keychainEntryRemoved };
    },

    async setActive(id) {
      const r = row(id);
      if (!r.active) {
        setActiveProfile(db, id);
        announce(id);
      }
      return view(row(id));
    },

    async test(target) {
      const tryWrite = target.tryWrite === true;
      let r: ProfileRow;
      let secret: string | undefined;
      let accessKeyId: string | undefined;
      if ('id' in target) {
        r = row(target.id);
      } else {
        const draft = target.draft;
        const stored = draft.id === undefined ? undefined : row(draft.id);
        r = draftRow(draft, stored);
        secret = draft.secret;
        accessKeyId = draft.accessKeyId;
        if (secret === undefined && !stored) {
          return failure(r, new AppError('NO_SECRET', 'Enter the secret key to test the connection.'));
        }
        // The stored secret is tested only where it was entered for.
        if (secret === undefined && stored && secretWouldMove(stored, draft)) return failure(r, secretAgainError(stored));
      }
      let connection: S3Connection;
      try {
        connection = secret !== undefined ? connectionFromProfile(r, secret, accessKeyId) : await connectionFor(r, credentials, env);
      } catch (error) {
        if (error instanceof AppError) return failure(r, error);
        throw error;
      }
      const result = await testConnection(connection, log, { tryWrite, cdn: cdnCheckOptions(r) });
      log.info(`connection test ${r.name}: ${result.ok ? `ok, ${result.capabilities.map((c) => `${c.capability} ${c.status}`).join(', ')}` : result.error.code}`);
      // A stored profile remembers what its CDN did; a draft's finding is the form's to show.
      if ('id' in target && result.ok && result.cdnStatus !== 'unknown') recordCdn(r.id, result.cdnStatus);
      return result;
    },

    async connection(profileId) {
      return connectionFor(row(profileId), credentials, env);
    },
  };
}

function failure(r: ProfileRow, error: AppError): ConnectionTestResult {
  return { ok: false, host: connectionHost(r), bucket: r.bucket, error: error.toInfo() };
}
