/**
 * Stable error codes shared by main, renderer and CLI. The code is for
 * programs (tests, scripts, UI branching); the message is for people.
 */
export const ERROR_CODES = [
  'AUTH_FAILED',
  'ACCESS_DENIED',
  'BUCKET_NOT_FOUND',
  'NOT_FOUND',
  'NETWORK',
  'TLS',
  'THROTTLED',
  'INVALID_INPUT',
  'FOREIGN_URL',
  'CONFLICT',
  /** A move's destination exists (the CLI's mv without --overwrite). */
  'EXISTS',
  /** Removing a prefix (a post, a model) needs an explicit yes (the CLI's rm without --yes; a model's typed name). */
  'CONFIRM_REQUIRED',
  'KEYCHAIN_UNAVAILABLE',
  'NO_PROFILE',
  'NO_SECRET',
  'CANCELLED',
  'INTEGRITY',
  /** The store does not implement something the app sent (Spaces: 501 NotImplemented): permanent. */
  'NOT_SUPPORTED',
  'NEEDS_CONFIRMATION',
  'BUSY',
  'FORBIDDEN',
  /** The disk holding the library (index, thumbnails) is full. */
  'DISK_FULL',
  /** The library's folder or disk cannot be written (read-only, permissions, I/O error). */
  'READ_ONLY',
  /** The offline store's size limit would be exceeded (Settings › Offline storage). */
  'STORAGE_LIMIT',
  /** A compiled module built for another runtime, or missing (see core/db/native-binding). */
  'NATIVE_MODULE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** What crosses a process boundary: never a raw Error, never a stack. */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  retryable: boolean;
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorInfo };

export function isErrorCode(code: string | null | undefined): code is ErrorCode {
  return (ERROR_CODES as readonly (string | null | undefined)[]).includes(code);
}

export function isErrorInfo(value: unknown): value is ErrorInfo {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(v.code) &&
    typeof v.message === 'string' &&
    typeof v.retryable === 'boolean'
  );
}
