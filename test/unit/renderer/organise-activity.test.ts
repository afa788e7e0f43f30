import { describe, expect, it } from 'vitest';
import type { BatchProgress, BatchSummary } from '../../../src/shared/organise';
import { createOrganiseActivity } from '../../../src/renderer/src/data/organise-activity';
import { nameProblem } from '../../../src/renderer/src/organise/NameDialog';

const progress = (batchId: string, done: number): BatchProgress => ({
  batchId,
  kind: 'move',
  label: 'Moved 3 items to alice/beach',
  total: 3,
  done,
  failed: 0,
  bytesTotal: 300,
  bytesDone: done * 100,
  startedAt: 1,
});
const summary = (batchId: string): BatchSummary => ({
  batchId,
  kind: 'move',
  label: 'Moved 3 items to alice/beach',
  done: 3,
  bytes: 300,
  skipped: [],
  failed: [],
  renamed: {},
  undoable: true,
  aclUnknown: 0,
});

describe('organise activity (what the organise toasts show)', () => {
  it('tracks a running batch until it finishes, then keeps its summary until dismissed', () => {
    const store = createOrganiseActivity();
    let notified = 0;
    store.subscribe(() => notified++);
    store.progress(progress('a', 1));
    store.progress(progress('a', 2));
    expect(store.snapshot().running.get('a')?.done).toBe(2);
    store.finished(summary('a'));
    expect(store.snapshot().running.size).toBe(0);
    expect(store.snapshot().finished.map((s) => s.batchId)).toEqual(['a']);
    store.dismiss('a');
    expect(store.snapshot().finished).toEqual([]);
    expect(notified).toBe(4);
  });

  it('keeps the newest few summaries, one per batch', () => {
    const store = createOrganiseActivity();
    for (const id of ['a', 'b', 'c', 'd', 'e', 'e']) store.finished(summary(id));
    expect(store.snapshot().finished.map((s) => s.batchId)).toEqual(['b', 'c', 'd', 'e']);
  });
});

describe('names for files, posts and models', () => {
  it('refuses what would make another folder or nothing', () => {
    expect(nameProblem('  ')).toMatch(/Type a name/);
    expect(nameProblem('a/b')).toMatch(/“\/”/);
    expect(nameProblem('..')).toMatch(/reserved/);
    expect(nameProblem('x'.repeat(256))).toMatch(/255/);
    expect(nameProblem('Beach day + #1 café 100%.jpg')).toBeNull();
  });
});
