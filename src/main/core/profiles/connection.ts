import { defaultPathStyle, hostableBucket } from '../../../shared/endpoints';
import { canonicalEndpoint } from '../../../shared/pasted-location';
import { AppError } from '../errors';
import { registerSecret } from '../logger';
import type { CredentialStore } from '../credentials/credential-store';
import type { ProfileRow } from '../repositories/profiles';
import type { S3Connection } from '../s3/connection';
import { isAdHoc } from './ad-hoc';

/**
 * The profile's explicit choice, else the endpoint's default (see
 * defaultPathStyle). A dotted bucket over HTTPS is always path style: no
 * wildcard certificate covers BUCKET.WITH.DOTS.host.
 */
export function usesPathStyle(profile: Pick<ProfileRow, 'pathStyle' | 'endpoint' | 'bucket'>): boolean {
  if (profile.pathStyle === 'path') return true;
  if (!hostableBucket(profile.bucket) && profile.endpoint.startsWith('https:')) return true;
  if (profile.pathStyle === 'virtual') return false;
  return defaultPathStyle(profile.endpoint, profile.bucket);
}

/** A profile row plus its secret, as a connection. */
export function connectionFromProfile(profile: ProfileRow, secretAccessKey: string, accessKeyId = profile.accessKeyId): S3Connection {
  registerSecret(secretAccessKey);
  return {
    // A row saved before endpoints were split keeps working (the migration fixes stored ones too).
    endpoint: canonicalEndpoint(profile.endpoint, profile.bucket),
    region: profile.region,
    bucket: profile.bucket,
    forcePathStyle: usesPathStyle(profile),
    accessKeyId,
    secretAccessKey,
    rootPrefix: profile.rootPrefix,
  };
}

/**
 * The connection for a stored profile: SPACES_KEY/SPACES_SECRET from the
 * environment when given (servers, CI), else the keychain.
 */
export async function connectionFor(
  profile: ProfileRow,
  credentials: CredentialStore,
  env: NodeJS.ProcessEnv = {},
): Promise<S3Connection> {
  if (isAdHoc(profile)) {
    if (!env.SPACES_KEY || !env.SPACES_SECRET) {
      throw new AppError('NO_SECRET', 'An ad-hoc connection reads its keys from SPACES_KEY and SPACES_SECRET in the environment.');
    }
    return connectionFromProfile(profile, env.SPACES_SECRET, env.SPACES_KEY);
  }
  if (env.SPACES_SECRET) return connectionFromProfile(profile, env.SPACES_SECRET, env.SPACES_KEY || profile.accessKeyId);
  const secret = await credentials.get(profile.id);
  if (!secret) {
    throw new AppError('NO_SECRET', `No secret key is stored for the profile "${profile.name}". Add it in Settings › Profiles.`);
  }
  return connectionFromProfile(profile, secret);
}
