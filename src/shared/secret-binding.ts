/**
 * A stored secret belongs to the endpoint, bucket and access key it was
 * entered for: it is only ever sent there. Changing any of the three (save
 * or test alike) needs the secret typed again, so a script in the renderer
 * cannot re-point a profile at its own server and receive requests signed
 * with the user's key (docs/SECURITY.md). Main enforces it; the profile form
 * asks for the secret as soon as it would be needed.
 */
import { canonicalEndpoint } from './pasted-location';

export interface SecretTarget {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
}

/** Where requests signed with the secret go: the endpoint's origin (case-folded), the bucket, the key id. */
function targetOf(p: SecretTarget): string {
  const endpoint = canonicalEndpoint(p.endpoint, p.bucket);
  let origin: string;
  try {
    origin = new URL(endpoint).origin.toLowerCase();
  } catch {
    origin = endpoint.trim().toLowerCase();
  }
  return JSON.stringify([origin, p.bucket, p.accessKeyId]);
}

/** Whether `next` sends requests somewhere the stored secret was not entered for. */
export function secretWouldMove(stored: SecretTarget, next: SecretTarget): boolean {
  return targetOf(stored) !== targetOf(next);
}

export const SECRET_AGAIN = 'The endpoint, bucket or access key changed: enter the secret key again.';
