/**
 * Failures of the disk the library lives on — full, read-only, a file that
 * is not a database — as what they mean for a person. SQLite reports them
 * with SQLITE_* codes (better-sqlite3's SqliteError), the file system with
 * errno codes; both mean "this computer's disk", never "the server", so
 * they must not reach the S3 error mapping's "talking to the host failed".
 * SQLite rolls back the statement or transaction that failed: the index is
 * as it was before it, and usable again once space returns.
 * (core/errors.ts turns these into AppErrors: `storageError`.)
 */
import { dirname } from 'node:path';
import type { ErrorCode } from '../../../shared/errors';

export interface StorageFailure {
  code: Extract<ErrorCode, 'DISK_FULL' | 'READ_ONLY' | 'INVALID_INPUT'>;
  message: string;
}

/** The error's code, or its cause's (drizzle wraps SQLite's error as `cause`). */
function codeOf(error: unknown, depth = 0): string {
  const e = error as { code?: unknown; cause?: unknown } | null;
  if (typeof e?.code === 'string') return e.code;
  return e?.cause && depth < 3 ? codeOf(e.cause, depth + 1) : '';
}

/** What a local storage failure means for a person, or null when `error` is something else. `path` names the file involved. */
export function describeStorageFailure(error: unknown, path?: string): StorageFailure | null {
  const code = codeOf(error);
  const disk = path ? `the library's disk (${dirname(path)})` : "the library's disk";
  const library = path ? `The library at ${path}` : 'The library';
  // SHMSIZE: SQLite could not grow the WAL index (-shm) while opening: the disk had no room for it.
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_SHMSIZE' || code === 'ENOSPC' || code === 'EDQUOT') {
    return { code: 'DISK_FULL', message: `There is no space left on ${disk}: free some space, then try again. Nothing in the library was lost.` };
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_PERM') {
    return { code: 'READ_ONLY', message: `${library} cannot be written: its folder or disk is read-only, or this user may not write there. Nothing was changed.` };
  }
  if (code === 'SQLITE_CANTOPEN') {
    return { code: 'READ_ONLY', message: `${library} cannot be opened or created: its folder is read-only, missing or not open to this user.` };
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return {
      code: 'INVALID_INPUT',
      message: `${path ?? 'The library file'} is not a Spaces Media library: it is not a SQLite database, or it is damaged. Move it aside to start a new one (a sync fills it again).`,
    };
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return { code: 'READ_ONLY', message: `Reading or writing the library on ${disk} failed (an I/O error from the disk). Nothing was changed.` };
  }
  return null;
}
