import type { ErrorCode, ErrorInfo } from '../../shared/errors';
import { describeStorageFailure } from './db/storage-errors';
import { detailsHint } from './log-location';

const RETRYABLE: ReadonlySet<ErrorCode> = new Set(['NETWORK', 'THROTTLED', 'BUSY']);

/**
 * An error with a stable code and a message meant for a person. `cause`
 * keeps the raw error for the log; it never crosses IPC or reaches stdout.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE.has(code);
  }

  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
}

/**
 * A full, read-only or broken disk under the library (SQLite or file-system
 * codes) as the AppError that says so; null for anything else.
 */
export function storageError(error: unknown, path?: string): AppError | null {
  if (error instanceof AppError) return null;
  const failure = describeStorageFailure(error, path);
  return failure ? new AppError(failure.code, failure.message, { cause: error }) : null;
}

/** Anything thrown, as something safe to show. Unknown errors become INTERNAL. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof AppError) return error.toInfo();
  const storage = storageError(error);
  if (storage) return storage.toInfo();
  return {
    code: 'INTERNAL',
    message: `Something went wrong inside the app. ${detailsHint()}`,
    retryable: false,
  };
}
