/** Main's side of src/shared/secret-binding.ts: the error a re-pointed profile without its secret gets. */
import { SECRET_AGAIN, type SecretTarget } from '../../../shared/secret-binding';
import { AppError } from '../errors';

export { secretWouldMove } from '../../../shared/secret-binding';

export function secretAgainError(stored: SecretTarget): AppError {
  return new AppError('NO_SECRET', `${SECRET_AGAIN} The stored one is only used with the bucket “${stored.bucket}” at ${stored.endpoint} and the key ${stored.accessKeyId}.`);
}
