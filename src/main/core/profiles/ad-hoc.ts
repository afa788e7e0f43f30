/**
 * An ad-hoc connection (the CLI's --endpoint/--bucket) still needs a profile
 * row, since the index keys everything by profile: one per
 * endpoint + bucket + prefix, never active, no keychain entry — its keys come
 * from SPACES_KEY / SPACES_SECRET (profiles/connection.ts).
 */
import { createHash } from 'node:crypto';
import { parsePastedLocation } from '../../../shared/pasted-location';
import { normalizePrefix, regionFor } from '../../../shared/profile';
import type { Db } from '../db/database';
import { profiles } from '../db/schema';
import { AppError } from '../errors';
import { getProfile, type ProfileRow } from '../repositories/profiles';

export const AD_HOC_PREFIX = 'adhoc-';

export interface AdHocConnection {
  endpoint?: string;
  bucket?: string;
  region?: string;
  pathStyle?: boolean;
  prefix?: string;
}

export const isAdHoc = (row: Pick<ProfileRow, 'id'>) => row.id.startsWith(AD_HOC_PREFIX);

export function adHocProfile(db: Db, options: AdHocConnection): ProfileRow {
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
  const id = `${AD_HOC_PREFIX}${createHash('sha256').update(`${endpoint.origin}\n${bucket}\n${prefix}`).digest('hex').slice(0, 16)}`;
  const existing = getProfile(db, id);
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
  db.insert(profiles).values(row).onConflictDoUpdate({ target: profiles.id, set: { region, pathStyle: row.pathStyle, updatedAt: row.updatedAt } }).run();
  return getProfile(db, id)!;
}
