import { describe, expect, it } from 'vitest';
import type { UploadState } from '../../src/shared/domain';
import { ACTIVE_STATES, nextState, statesFor, type UploadAction } from '../../src/main/core/uploads/transitions';

const STATES: UploadState[] = ['queued', 'uploading', 'paused', 'done', 'failed', 'cancelled'];
const ACTIONS: UploadAction[] = ['start', 'pause', 'resume', 'cancel', 'retry', 'complete', 'fail', 'interrupted'];

describe('upload item transitions (the one function every state change goes through)', () => {
  it('follows an upload from the queue to done, and a failure back through retry', () => {
    let state: UploadState = 'queued';
    for (const [action, expected] of [
      ['start', 'uploading'],
      ['fail', 'failed'],
      ['retry', 'queued'],
      ['start', 'uploading'],
      ['complete', 'done'],
    ] as const) {
      state = nextState(state, action)!;
      expect(state).toBe(expected);
    }
  });

  it('pauses what waits or runs, and resumes it into the queue', () => {
    expect(nextState('queued', 'pause')).toBe('paused');
    expect(nextState('uploading', 'pause')).toBe('paused');
    expect(nextState('paused', 'resume')).toBe('queued');
    // Already paused or finished: pausing changes nothing.
    expect(nextState('paused', 'pause')).toBeNull();
    expect(nextState('done', 'pause')).toBeNull();
  });

  it('cancels anything unfinished, failed items included, but never a finished one', () => {
    for (const state of ['queued', 'uploading', 'paused', 'failed'] as const) expect(nextState(state, 'cancel')).toBe('cancelled');
    expect(nextState('done', 'cancel')).toBeNull();
    expect(nextState('cancelled', 'cancel')).toBeNull();
  });

  it('puts an item a quit left "uploading" back in the queue, and only that', () => {
    expect(nextState('uploading', 'interrupted')).toBe('queued');
    for (const state of STATES.filter((s) => s !== 'uploading')) expect(nextState(state, 'interrupted')).toBeNull();
  });

  it('finished states are final', () => {
    for (const action of ACTIONS) {
      expect(nextState('done', action)).toBeNull();
      expect(nextState('cancelled', action)).toBeNull();
    }
  });

  it('only a running item completes or fails; only a waiting one starts', () => {
    for (const state of STATES) {
      expect(nextState(state, 'complete') !== null).toBe(state === 'uploading');
      expect(nextState(state, 'fail') !== null).toBe(state === 'uploading');
      expect(nextState(state, 'start') !== null).toBe(state === 'queued');
    }
  });

  it('"pause all", "retry all" and "cancel all" select exactly the states their action applies in', () => {
    expect(statesFor('pause').sort()).toEqual(['queued', 'uploading']);
    expect(statesFor('resume')).toEqual(['paused']);
    expect(statesFor('retry')).toEqual(['failed']);
    expect(statesFor('cancel').sort()).toEqual(['failed', 'paused', 'queued', 'uploading']);
    expect(ACTIVE_STATES.every((s) => nextState(s, 'cancel') === 'cancelled')).toBe(true);
  });
});
