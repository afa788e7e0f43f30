/**
 * An upload item's life, in one function: which state an action leads to
 * from which state. The queue writes every state change through it, and
 * "pause all" or "retry all" act exactly on the items this says they apply to.
 *
 *   queued ──start──▶ uploading ──complete──▶ done
 *     │                 │  └──────fail──────▶ failed ──retry──▶ queued
 *     │                 └──interrupted──▶ queued   (resume after a quit or crash)
 *     ├──pause──▶ paused ──resume──▶ queued          (uploading ──pause──▶ paused too)
 *     └──cancel─▶ cancelled                          (from any unfinished state)
 */
import type { UploadState } from '../../../shared/domain';

export type UploadAction = 'start' | 'pause' | 'resume' | 'cancel' | 'retry' | 'complete' | 'fail' | 'interrupted';

const TRANSITIONS: Record<UploadState, Partial<Record<UploadAction, UploadState>>> = {
  queued: { start: 'uploading', pause: 'paused', cancel: 'cancelled' },
  uploading: { pause: 'paused', cancel: 'cancelled', complete: 'done', fail: 'failed', interrupted: 'queued' },
  paused: { resume: 'queued', cancel: 'cancelled' },
  failed: { retry: 'queued', cancel: 'cancelled' },
  done: {},
  cancelled: {},
};

/** The state `action` leads to from `state`, or null when it does not apply there. */
export function nextState(state: UploadState, action: UploadAction): UploadState | null {
  return TRANSITIONS[state]?.[action] ?? null;
}

/** Every state `action` applies in (what "pause all" or "cancel all" select). */
export function statesFor(action: UploadAction): UploadState[] {
  return (Object.keys(TRANSITIONS) as UploadState[]).filter((state) => nextState(state, action) !== null);
}

/** Not finished: still counts towards a batch that is running or waiting for the person. */
export const ACTIVE_STATES: UploadState[] = ['queued', 'uploading', 'paused'];
