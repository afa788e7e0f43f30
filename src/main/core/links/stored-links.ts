/**
 * What "Recently shared" keeps of a presigned link: everything but its
 * X-Amz-Signature, which is the bearer secret (anyone holding the whole URL
 * reads the object until it expires). Copying the link again signs it again
 * with the same key, date and expiry: SigV4 is deterministic, so the URL is
 * the one made before, byte for byte, as long as the profile still connects
 * the same way.
 */
import { AppError } from '../errors';

const SIGNATURE = /([?&])X-Amz-Signature=[^&#]*(&?)/;

/** The URL without its signature (what the database and the renderer's list hold). */
export function unsignedUrl(url: string): string {
  return url.replace(SIGNATURE, (_, before: string, after: string) => (before === '?' ? '?' : after)).replace(/[?&]$/, '');
}

/** The link re-signed now must be the one recorded: same endpoint, bucket, key id and parameters. */
export function assertSameLink(recorded: string, signedAgain: string): string {
  if (unsignedUrl(signedAgain) !== recorded) {
    throw new AppError('CONFLICT', 'The connection changed since that link was made (endpoint, bucket or key), so it cannot be copied again: make a new one.');
  }
  return signedAgain;
}
