/**
 * Share links for one profile at a time: presigned GETs with an expiry,
 * public (origin) and CDN links, copying them to the clipboard, the
 * "Recently shared" list, and reading/changing an object's public ACL.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { originBase, type PublicUrlSettings } from '../../../shared/endpoints';
import { cdnCheckOptions } from '../profiles/cdn-status';
import {
  ACL_READ_DENIED,
  ACL_WRITE_DENIED,
  MAX_PRESIGN_REASON,
  MAX_PRESIGN_SECONDS,
  RECENT_WINDOW_MS,
  type CopiedLinks,
  type LinkKind,
  type LinkOptions,
  type ObjectAccess,
  type ShareLink,
  type SharedLinkRecord,
} from '../../../shared/links';
import { cdnObjectUrl, normalizeKey, originObjectUrl } from '../../../shared/object-urls';
import type { Clipboard } from '../clipboard';
import type { Db } from '../db/database';
import { AppError } from '../errors';
import type { EventBus } from '../events';
import { usesPathStyle } from '../profiles/connection';
import { isIndexedKey, setPublicFlags } from '../repositories/object-access';
import type { ProfileRow } from '../repositories/profiles';
import { getSharedLinks, listRecentLinks, recordSharedLinks } from '../repositories/shared-links';
import type { PooledClient } from '../s3/client-pool';
import type { S3Connection } from '../s3/connection';
import { readIsPublic, writeCannedAcl } from './acl';
import { presignGet } from './presign';
import { assertSameLink, unsignedUrl } from './stored-links';
import { toAppError } from '../s3/errors';

export interface CreateLinksRequest {
  keys: string[];
  kind: LinkKind;
  /** Seconds, presigned links only: 1 … 604,800. */
  expiresIn?: number;
  /** Presigned links only: download with the original name instead of opening inline. */
  download?: boolean;
}

export interface LinkServiceDeps {
  db: Db;
  clipboard: Clipboard;
  /** The profile links are made for (the app: the active one; the CLI: --profile or ad hoc). */
  profile: () => ProfileRow;
  /** The profile's interactive client (the core's pool). */
  client: (profile: ProfileRow) => Promise<PooledClient>;
  bus?: EventBus;
  now?: () => number;
}

export type LinkService = ReturnType<typeof createLinkService>;

const MAX_KEYS = 1000;
/** Parallel ACL requests: well under Spaces' per-bucket request rates. */
const ACL_CONCURRENCY = 8;

export function publicUrlSettings(profile: ProfileRow): PublicUrlSettings {
  return {
    endpoint: profile.endpoint,
    bucket: profile.bucket,
    cdnMode: profile.cdnMode,
    cdnDomain: profile.cdnDomain,
    pathStyle: usesPathStyle(profile),
  };
}

/**
 * The CDN base links may use, or why not: a CDN link is offered only once the
 * CDN answered (it is dead until enabled for the bucket, spaces.md).
 */
export function cdnAvailability(profile: ProfileRow): { base: string | null; note: string | null } {
  const where = cdnCheckOptions(profile);
  if (where.base === null) return { base: null, note: `The profile “${profile.name}” has no CDN: ${where.reason}` };
  if (profile.cdnStatus === 'on') return { base: where.base, note: null };
  const note =
    profile.cdnStatus === 'off'
      ? `The CDN of “${profile.name}” did not answer when last checked: enable it for the bucket in the Spaces panel, then check the connection again in Settings.`
      : `The CDN of “${profile.name}” has not been checked yet: check the connection in Settings (it needs one file in the bucket).`;
  return { base: null, note };
}

const DENIED = Symbol('acl-denied');

/**
 * Runs an ACL call; a 403 AccessDenied (a bucket-scoped key: spaces.md) becomes
 * DENIED instead of an error, so one key's missing permission does not fail
 * a batch. Bad credentials (also 403, but AUTH_FAILED) still throw.
 */
async function unlessAclDenied<T>(run: () => Promise<T>, context: { endpoint: string; bucket: string; key: string }): Promise<T | typeof DENIED> {
  try {
    return await run();
  } catch (error) {
    if (toAppError(error, context).code === 'ACCESS_DENIED') return DENIED;
    throw error;
  }
}

export function validateExpiry(expiresIn: number | undefined): number {
  const seconds = expiresIn ?? 3_600;
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw new AppError('INVALID_INPUT', 'The expiry must be a whole number of seconds, at least 1.');
  }
  if (seconds > MAX_PRESIGN_SECONDS) throw new AppError('INVALID_INPUT', MAX_PRESIGN_REASON);
  return seconds;
}

function checkKeys(keys: string[]): void {
  if (keys.length === 0) throw new AppError('INVALID_INPUT', 'Choose at least one file to share.');
  if (keys.length > MAX_KEYS) throw new AppError('INVALID_INPUT', `At most ${MAX_KEYS} files can be shared at once.`);
  for (const key of keys) {
    if (key === '' || key.endsWith('/')) throw new AppError('INVALID_INPUT', `“${key}” is not a file.`);
    if (/[\uD800-\uDFFF]/u.test(key)) throw new AppError('INVALID_INPUT', 'A key has a broken character (a lone UTF-16 surrogate).');
  }
}

export function createLinkService(deps: LinkServiceDeps) {
  const now = deps.now ?? Date.now;

  async function withClient<T>(profile: ProfileRow, run: (client: S3Client, connection: S3Connection) => Promise<T>): Promise<T> {
    const { client, connection } = await deps.client(profile);
    return run(client, connection);
  }

  async function create(request: CreateLinksRequest): Promise<ShareLink[]> {
    checkKeys(request.keys);
    for (const key of request.keys) {
      // Browsers and HTTP clients fold "." and ".." path segments away (even escaped as %2E), so no URL reaches such a key.
      if (key.split('/').some((segment) => segment === '.' || segment === '..')) {
        throw new AppError('INVALID_INPUT', `“${key}” has a “.” or “..” folder in its name; browsers rewrite such links, so it cannot be shared by URL. Rename it first.`);
      }
    }
    const profile = deps.profile();
    const createdAt = now();
    let links: ShareLink[];
    if (request.kind === 'presigned') {
      const expiresIn = validateExpiry(request.expiresIn);
      const download = request.download ?? false;
      links = await withClient(profile, async (client, connection) => {
        const out: ShareLink[] = [];
        for (const key of request.keys) {
          try {
            const url = await presignGet(client, connection.bucket, key, { expiresIn, download, signingDate: new Date(createdAt) });
            out.push({ key, url, kind: 'presigned', expiresAt: createdAt + expiresIn * 1000, createdAt, download });
          } catch (error) {
            throw toAppError(error, { ...connection, key });
          }
        }
        return out;
      });
    } else {
      if (request.download) {
        throw new AppError('INVALID_INPUT', 'Only presigned links can force a download (the file name is part of the signature).');
      }
      const settings = publicUrlSettings(profile);
      const cdn = cdnAvailability(profile);
      if (request.kind === 'cdn' && cdn.note !== null) throw new AppError('INVALID_INPUT', cdn.note);
      links = request.keys.map((key) => {
        const url = request.kind === 'cdn' ? cdnObjectUrl(settings, key) : originObjectUrl(settings, key);
        if (url === null) throw new AppError('INVALID_INPUT', `The profile “${profile.name}” has no valid endpoint; fix it in Settings.`);
        return { key, url, kind: request.kind, expiresAt: null, createdAt, download: false };
      });
    }
    // Presigned links are recorded without their signature (a bearer secret): stored-links.ts.
    recordSharedLinks(deps.db, profile.id, links.map((l) => (l.kind === 'presigned' ? { ...l, url: unsignedUrl(l.url) } : l)));
    return links;
  }

  async function writeClipboard(links: ShareLink[]): Promise<CopiedLinks> {
    const text = links.map((l) => l.url).join('\n');
    await deps.clipboard.writeText(text);
    const expiries = links.map((l) => l.expiresAt).filter((e): e is number => e !== null);
    return { text, links, expiresAt: expiries.length > 0 ? Math.min(...expiries) : null };
  }

  async function copy(request: CreateLinksRequest): Promise<CopiedLinks> {
    return writeClipboard(await create(request));
  }

  /** Copies links made earlier again, as they were (same URL, same expiry): presigned ones are signed again, identically. */
  async function copyRecent(ids: number[]): Promise<CopiedLinks> {
    const rows = getSharedLinks(deps.db, deps.profile().id, ids);
    if (rows.length !== ids.length) throw new AppError('NOT_FOUND', 'Some of those links are no longer in the list; refresh it.');
    const expired = rows.filter((r) => r.expiresAt !== null && r.expiresAt <= now());
    if (expired.length > 0) {
      throw new AppError('INVALID_INPUT', `${expired.length === 1 ? 'That link has' : `${expired.length} of those links have`} expired: make a new one instead.`);
    }
    const links = rows.map((r): ShareLink => ({ key: r.key, url: r.url, kind: r.kind, expiresAt: r.expiresAt, createdAt: r.createdAt, download: r.url.includes('response-content-disposition=') }));
    if (links.some((l) => l.kind === 'presigned')) {
      const profile = deps.profile();
      await withClient(profile, async (client, connection) => {
        for (const link of links) {
          if (link.kind !== 'presigned' || link.expiresAt === null) continue;
          const expiresIn = Math.round((link.expiresAt - link.createdAt) / 1000);
          const signed = await presignGet(client, connection.bucket, link.key, { expiresIn, download: link.download, signingDate: new Date(link.createdAt) }).catch((error: unknown) => {
            throw toAppError(error, { ...connection, key: link.key });
          });
          link.url = assertSameLink(link.url, signed);
        }
      });
    }
    return writeClipboard(links);
  }

  /**
   * Runs `task` for every key, at most ACL_CONCURRENCY at once, and waits for
   * all of them (the client is destroyed afterwards); the index records every
   * answer the server gave even when another key failed, then the first failure is thrown.
   * A change that failed may still have been applied (its answer lost on the
   * way back), so with `failedAreUnknown` those keys become "unknown" in the
   * index rather than keep a state the server may no longer have.
   */
  async function forEachKey(
    keys: string[],
    task: (client: S3Client, bucket: string, key: string) => Promise<ObjectAccess>,
    failedAreUnknown = false,
  ): Promise<ObjectAccess[]> {
    checkKeys(keys);
    const profile = deps.profile();
    const settled = await withClient(profile, (client, connection) => {
      const limit = pLimit(ACL_CONCURRENCY);
      return Promise.allSettled(
        keys.map((key) =>
          limit(async () => {
            try {
              return await task(client, connection.bucket, key);
            } catch (error) {
              throw toAppError(error, { ...connection, key });
            }
          }),
        ),
      );
    });
    const done = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    // An unknown answer leaves what the index knew alone; a failed change makes it unknown.
    const failedKeys = failedAreUnknown ? keys.filter((_, i) => settled[i]!.status === 'rejected') : [];
    setPublicFlags(deps.db, profile.id, [
      ...done.flatMap((a) => (a.isPublic === null ? [] : [{ key: a.key, isPublic: a.isPublic }])),
      ...failedKeys.map((key) => ({ key, isPublic: null })),
    ]);
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    return done;
  }

  function readAccess(keys: string[]): Promise<ObjectAccess[]> {
    return forEachKey(keys, async (client, bucket, key) => {
      const isPublic = await unlessAclDenied(() => readIsPublic(client, bucket, key), { endpoint: '', bucket, key });
      return isPublic === DENIED ? { key, isPublic: null, reason: ACL_READ_DENIED } : { key, isPublic };
    });
  }

  /** Makes objects public-read or private, then reads the ACL back: the index holds what the server says. */
  async function writeAccess(keys: string[], isPublic: boolean): Promise<ObjectAccess[]> {
    try {
      return await forEachKey(keys, async (client, bucket, key) => {
        const context = { endpoint: '', bucket, key };
        const written = await unlessAclDenied(() => writeCannedAcl(client, bucket, key, isPublic), context);
        if (written === DENIED) return { key, isPublic: null, reason: ACL_WRITE_DENIED };
        // A key that may change ACLs but not read them: the store accepted the change, so that is the state.
        const readBack = await unlessAclDenied(() => readIsPublic(client, bucket, key), context);
        return { key, isPublic: readBack === DENIED ? isPublic : readBack };
      }, true);
    } finally {
      deps.bus?.emit('library:changed', { profileId: deps.profile().id });
    }
  }

  return {
    options(): LinkOptions {
      const profile = deps.profile();
      const cdn = cdnAvailability(profile);
      return { profileName: profile.name, bucket: profile.bucket, cdnBase: cdn.base, originBase: originBase(publicUrlSettings(profile)), cdnNote: cdn.note };
    },
    /** What a person pasted (key or URL) → the key, or INVALID_INPUT / FOREIGN_URL. */
    resolve(input: string): string {
      const profile = deps.profile();
      const result = normalizeKey(input, publicUrlSettings(profile), { isKnownKey: (key) => isIndexedKey(deps.db, profile.id, key) });
      if (!result.ok) throw new AppError(result.code, result.message);
      return result.key;
    },
    create,
    copy,
    copyRecent,
    recent(): SharedLinkRecord[] {
      return listRecentLinks(deps.db, deps.profile().id, now() - RECENT_WINDOW_MS);
    },
    getAcl: readAccess,
    setAcl: writeAccess,
  };
}
