/**
 * A download's life, in one function (the upload queue's shape):
 *
 *   queued ──start──▶ downloading ──complete──▶ done
 *     │                 │  └──────fail────────▶ failed ──retry──▶ queued
 *     │                 └──interrupted──▶ queued   (resume after a quit or crash)
 *     ├──pause──▶ paused ──resume──▶ queued          (downloading ──pause──▶ paused too)
 *     └──cancel─▶ cancelled                          (from any unfinished state)
 */
import type { DownloadState } from '../../../shared/downloads';

export type DownloadAction = 'start' | 'pause' | 'resume' | 'cancel' | 'retry' | 'complete' | 'fail' | 'interrupted';

const TRANSITIONS: Record<DownloadState, Partial<Record<DownloadAction, DownloadState>>> = {
  queued: { start: 'downloading', pause: 'paused', cancel: 'cancelled' },
  downloading: { pause: 'paused', cancel: 'cancelled', complete: 'done', fail: 'failed', interrupted: 'queued' },
  paused: { resume: 'queued', cancel: 'cancelled' },
  failed: { retry: 'queued', cancel: 'cancelled' },
  done: {},
  cancelled: {},
};

export function nextDownloadState(state: DownloadState, action: DownloadAction): DownloadState | null {
  return TRANSITIONS[state]?.[action] ?? null;
}

/** Every state `action` applies in (what "pause all" or "cancel all" select). */
export function downloadStatesFor(action: DownloadAction): DownloadState[] {
  return (Object.keys(TRANSITIONS) as DownloadState[]).filter((state) => nextDownloadState(state, action) !== null);
}

/** Not finished: still counts towards a batch that is running or waiting for the person. */
export const ACTIVE_DOWNLOAD_STATES: DownloadState[] = ['queued', 'downloading', 'paused'];
