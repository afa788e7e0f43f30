import type { KindFilter, MediaFilters, MediaSort, Orientation } from '../../../shared/domain';
import type { MediaQuery } from './useMediaPages';

/**
 * A post's view as the URL keeps it (so Back returns to the list as it was
 * left): kind, sort and its direction, the name filter, and the facts
 * filters — dates as the date inputs give them (YYYY-MM-DD), size as a preset.
 */
export interface PostFilters {
  kind: KindFilter;
  sort: MediaSort;
  reverse: boolean;
  filter: string;
  orientation: Orientation | null;
  from: string | null;
  to: string | null;
  size: SizePreset | null;
}

export type SizePreset = 'small' | 'medium' | 'large' | 'huge';

export const SIZE_PRESETS: [SizePreset, string, { minSize?: number; maxSize?: number }][] = [
  ['small', 'Under 1 MB', { maxSize: 1_000_000 }],
  ['medium', '1–10 MB', { minSize: 1_000_000, maxSize: 10_000_000 }],
  ['large', '10–100 MB', { minSize: 10_000_000, maxSize: 100_000_000 }],
  ['huge', 'Over 100 MB', { minSize: 100_000_000 }],
];

/** What a post shows when the URL names nothing. */
export const DEFAULT_FILTERS: PostFilters = { kind: 'all', sort: 'name', reverse: false, filter: '', orientation: null, from: null, to: null, size: null };

const DAY = 86_400_000;

/** "2023-06-14" → that day's start, as the index compares dates taken (the camera's wall clock read as UTC). */
function dayStart(date: string | null): number | undefined {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isFinite(ms) ? ms : undefined;
}

/** The facts filters of the request to main (`to` is inclusive in the UI: its whole day counts). */
export function mediaFilters(f: PostFilters): MediaFilters {
  const to = dayStart(f.to);
  return {
    ...(f.orientation ? { orientation: f.orientation } : {}),
    ...(dayStart(f.from) !== undefined ? { from: dayStart(f.from) } : {}),
    ...(to !== undefined ? { to: to + DAY } : {}),
    ...(f.size ? SIZE_PRESETS.find(([id]) => id === f.size)![2] : {}),
  };
}

/** Filters beyond kind and name are set (the "Filters" button says how many). */
export function factFilterCount(f: PostFilters): number {
  return [f.orientation, f.from, f.to, f.size].filter((v) => v !== null).length;
}

/** The request for a post's pages under these filters: one function, so the click that opens a post warms exactly the query its view asks. */
export function mediaQueryOf(model: string, post: string, f: PostFilters): MediaQuery {
  return { model, post, kind: f.kind, sort: f.sort, filter: f.filter, ...(f.reverse ? { reverse: true } : {}), ...mediaFilters(f) };
}
