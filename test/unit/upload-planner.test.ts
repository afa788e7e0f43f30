import { describe, expect, it } from 'vitest';
import { needsExistingKeys, planBatch, type PlanInput } from '../../src/main/core/uploads/planner';
import type { LocalFile } from '../../src/main/core/uploads/scan';

const file = (relPath: string, size = 10): LocalFile => ({ localPath: `/drop/${relPath}`, relPath, size, mtimeMs: 1 });
const target = { model: 'alice', post: 'beach' };
const plan = (files: LocalFile[], existing: string[], conflict?: PlanInput['conflict'], rootPrefix = '') =>
  planBatch({ files, rootPrefix, target, existing: new Set(existing), conflict });

describe('upload planner (pure: local files + the keys already in the post → what to send where)', () => {
  it('puts every file under ROOT/MODEL/POST when nothing is there yet', () => {
    const result = plan([file('a.jpg'), file('sub/b.jpg')], [], undefined, 'lib/');
    expect(result).toEqual({
      status: 'ready',
      files: [
        { file: file('a.jpg'), key: 'lib/alice/beach/a.jpg', relPath: 'a.jpg' },
        { file: file('sub/b.jpg'), key: 'lib/alice/beach/sub/b.jpg', relPath: 'sub/b.jpg' },
      ],
      skipped: [],
      renamed: {},
    });
  });

  it('asks for one decision for the batch when any key is taken, listing the conflicts', () => {
    expect(plan([file('a.jpg'), file('b.jpg'), file('c.jpg')], ['alice/beach/b.jpg', 'alice/beach/c.jpg'])).toEqual({
      status: 'needs-decision',
      conflicts: ['b.jpg', 'c.jpg'],
      files: 3,
    });
  });

  it('skip: leaves the existing objects alone and reports each skipped file', () => {
    const result = plan([file('a.jpg'), file('b.jpg')], ['alice/beach/b.jpg'], 'skip');
    expect(result.status).toBe('ready');
    if (result.status !== 'ready') return;
    expect(result.files.map((f) => f.key)).toEqual(['alice/beach/a.jpg']);
    expect(result.skipped).toEqual([{ path: '/drop/b.jpg', reason: 'already in the post (skipped)' }]);
  });

  it('overwrite: sends everything to its own key', () => {
    const result = plan([file('a.jpg'), file('b.jpg')], ['alice/beach/b.jpg'], 'overwrite');
    expect(result.status === 'ready' && result.files.map((f) => f.key)).toEqual(['alice/beach/a.jpg', 'alice/beach/b.jpg']);
    // Overwriting needs no listing of the post at all.
    expect(needsExistingKeys('overwrite')).toBe(false);
    expect(needsExistingKeys('skip')).toBe(true);
    expect(needsExistingKeys(undefined)).toBe(true);
  });

  it('keep both: the first free "name (n).ext", never one the server or the batch itself already uses', () => {
    const existing = ['alice/beach/a.jpg', 'alice/beach/a (2).jpg', 'alice/beach/sub/b.jpg'];
    // The batch itself brings "a (3).jpg", so the renamed copy of a.jpg must skip to (4).
    const result = plan([file('a.jpg'), file('a (3).jpg'), file('sub/b.jpg')], existing, 'keepBoth');
    expect(result.status).toBe('ready');
    if (result.status !== 'ready') return;
    expect(result.files.map((f) => f.key)).toEqual(['alice/beach/a (4).jpg', 'alice/beach/a (3).jpg', 'alice/beach/sub/b (2).jpg']);
    expect(result.renamed).toEqual({ 'a.jpg': 'a (4).jpg', 'sub/b.jpg': 'sub/b (2).jpg' });
    expect(result.files[0]!.relPath).toBe('a (4).jpg');
  });

  it('keep both: two renamed files never take the same new name', () => {
    const result = plan([file('x.png'), file('x.png')], ['alice/beach/x.png'], 'keepBoth');
    expect(result.status === 'ready' && result.files.map((f) => f.key)).toEqual(['alice/beach/x (2).png', 'alice/beach/x (3).png']);
  });

  it('refuses a name that cannot be a key, with the reason', () => {
    expect(() => plan([file('../up.jpg')], [])).toThrow(/cannot be used/);
    expect(() => plan([file('a.jpg')], [], undefined, '').valueOf()).not.toThrow();
    expect(() => planBatch({ files: [file('a.jpg')], rootPrefix: '', target: { model: '', post: 'p' }, existing: new Set() })).toThrow(/model name is empty/);
  });
});
