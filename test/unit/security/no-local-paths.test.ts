import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertUnchanged } from '../../../src/main/core/uploads/transfer';

/** Upload errors reach the renderer (uploads:list, the transfers panel): they name the file, never where it lives. */
describe('upload errors without local paths', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spaces-private-folder-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says a queued file changed or went away by its name only', async () => {
    const path = join(dir, 'holiday.jpg');
    writeFileSync(path, 'one');
    const { size, mtimeMs } = statSync(path);
    await expect(assertUnchanged({ localPath: path, size, mtimeMs })).resolves.toBeUndefined();

    const changed = await assertUnchanged({ localPath: path, size: size + 1, mtimeMs }).catch((e: Error) => e);
    expect(changed).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('“holiday.jpg” changed') });
    rmSync(path);
    const gone = await assertUnchanged({ localPath: path, size, mtimeMs }).catch((e: Error) => e);
    expect(gone).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('“holiday.jpg” is no longer there') });
    for (const error of [changed, gone]) expect((error as Error).message).not.toContain(dir);
  });
});
