import { keepPreviousData, useQueries, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import type { KindFilter, MediaItem, MediaSort } from '../../../shared/domain';
import type { ErrorInfo } from '../../../shared/errors';
import { profileQuery } from '../data/queries';

export const PAGE_SIZE = 200;

export interface MediaQuery {
  model: string;
  post: string;
  kind: KindFilter;
  sort: MediaSort;
  filter: string;
}

export interface MediaPages {
  /** Of the first page: the grid sizes itself from its total. */
  status: 'pending' | 'error' | 'success';
  error: ErrorInfo | null;
  total: number;
  /** The item at an index, when its page is in the cache. */
  get(index: number): MediaItem | undefined;
  /** The grid's visible item range [start, end): the pages covering it are fetched and kept fresh. */
  showRange(start: number, end: number): void;
  /** The items at these indices, fetching pages not loaded yet (a selection → its keys). */
  resolve(indices: number[]): Promise<MediaItem[]>;
}

const pageOf = (index: number) => Math.floor(index / PAGE_SIZE);

function pageQuery(profileId: string, query: MediaQuery, page: number) {
  return profileQuery(profileId, 'library:listMedia', { ...query, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
}

/**
 * A post's media as 200-item pages, one query each, fetched as the grid's
 * visible range moves (random access: a scrollbar drag into the middle of
 * 100,000 items fetches only the pages it lands on). The first page is
 * always observed for the total; `also` keeps one more index's page
 * observed (the viewer's). An invalidation (library:changed) refetches the
 * observed pages and keeps showing their items until the new ones arrive.
 */
export function useMediaPages(profileId: string, query: MediaQuery, also: number | null = null): MediaPages {
  const queryClient = useQueryClient();
  const [range, setRange] = useState<readonly [number, number]>([0, 0]);
  const showRange = useCallback((start: number, end: number) => {
    const first = pageOf(start);
    const last = pageOf(Math.max(start, end - 1));
    // Only a change of pages re-renders (the range moves every scrolled row).
    setRange((r) => (r[0] === first && r[1] === last ? r : [first, last]));
  }, []);

  // Another post or filter: the old total stays until the new first page answers (no flash of "empty").
  const head = useQuery({ ...pageQuery(profileId, query, 0), placeholderData: keepPreviousData });
  const pages = useMemo(() => {
    const set = new Set<number>();
    for (let p = Math.max(1, range[0]); p <= range[1]; p++) set.add(p);
    if (also !== null && also > 0) set.add(pageOf(also));
    set.delete(0);
    return [...set];
  }, [range, also]);
  const rest = useQueries({ queries: pages.map((p) => pageQuery(profileId, query, p)) });

  const loaded = new Map<number, MediaItem[] | undefined>([[0, head.isPlaceholderData ? undefined : head.data?.items]]);
  pages.forEach((p, i) => loaded.set(p, rest[i]?.data?.items));

  const get = (index: number): MediaItem | undefined => {
    const p = pageOf(index);
    // A page scrolled past earlier is still in the cache, just no longer observed.
    const items = loaded.has(p) ? loaded.get(p) : queryClient.getQueryData(pageQuery(profileId, query, p).queryKey)?.items;
    return items?.[index % PAGE_SIZE];
  };

  const resolve = async (indices: number[]): Promise<MediaItem[]> => {
    const needed = [...new Set(indices.map(pageOf))];
    const fetched = new Map(await Promise.all(needed.map(async (p) => [p, (await queryClient.ensureQueryData(pageQuery(profileId, query, p))).items] as const)));
    return indices.map((i) => fetched.get(pageOf(i))?.[i % PAGE_SIZE]).filter((m): m is MediaItem => m !== undefined);
  };

  return {
    status: head.status,
    error: head.error?.info ?? null,
    total: head.data?.total ?? 0,
    get,
    showRange,
    resolve,
  };
}

/** Asks for a post's first page before its view mounts (on the click that opens it): the grid's data is under way a render earlier. */
export function prefetchFirstPage(queryClient: QueryClient, profileId: string, query: MediaQuery): void {
  void queryClient.prefetchQuery(pageQuery(profileId, query, 0));
}

/** Where a key sits in this ordering (-1: not in it), once asked: search → post opens the viewer on it. */
export function useLocate(profileId: string, query: MediaQuery, key: string | undefined): number | undefined {
  const located = useQuery({
    ...profileQuery(profileId, 'library:listMedia', { ...query, offset: 0, limit: 1, locate: key }),
    enabled: key !== undefined,
    select: (page) => page.located ?? -1,
  });
  return key === undefined ? undefined : located.data;
}
