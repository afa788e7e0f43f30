/**
 * Local storage failures say what they are (found by the reliability
 * trials: `--db` on a folder or on a file that is not a database printed
 * "internal error: unable to open database file"; a full disk during a sync
 * was reported as "talking to the server failed unexpectedly").
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/database';
import { toErrorInfo } from '../../src/main/core/errors';
import { toAppError } from '../../src/main/core/s3/errors';
import { tempDir } from '../fixtures/temp';

describe('local storage errors', () => {
  it('a folder or a file that is not a database is refused with a clear INVALID_INPUT', () => {
    const dir = tempDir();
    try {
      mkdirSync(join(dir.path, 'folder.db'));
      writeFileSync(join(dir.path, 'text.db'), 'not a database, only text that is long enough for a SQLite header check');
      expect(() => openDatabase(join(dir.path, 'folder.db'))).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('is a folder') }));
      expect(() => openDatabase(join(dir.path, 'text.db'))).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('not a Spaces Media library') }));
    } finally {
      dir.cleanup();
    }
  });

  it('SQLite and file-system codes for a full or read-only disk map to DISK_FULL and READ_ONLY, also inside an S3 call', () => {
    const sqliteFull = Object.assign(new Error('database or disk is full'), { name: 'SqliteError', code: 'SQLITE_FULL' });
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const readonly = Object.assign(new Error('attempt to write a readonly database'), { name: 'SqliteError', code: 'SQLITE_READONLY' });
    expect(toErrorInfo(sqliteFull)).toMatchObject({ code: 'DISK_FULL', message: expect.stringContaining('no space left') });
    expect(toErrorInfo(readonly)).toMatchObject({ code: 'READ_ONLY' });
    expect(toAppError(enospc, { endpoint: 'http://127.0.0.1:9000', bucket: 'media' })).toMatchObject({ code: 'DISK_FULL' });
    expect(toErrorInfo(new Error('something else'))).toMatchObject({ code: 'INTERNAL' });
    // drizzle wraps SQLite's error: the code is on the cause.
    expect(toErrorInfo(new Error('Failed to run the query', { cause: sqliteFull }))).toMatchObject({ code: 'DISK_FULL' });
  });
});
