import { useCallback, useEffect, useRef, useState } from 'react';
import type { KindFilter, MediaItem, MediaSort } from '../../../shared/domain';
import type { ErrorInfo } from '../../../shared/errors';

export const PAGE_SIZE = 200;

export interface MediaQueryKey {
  model: string;
  post: string;
  kind: KindFilter;
  sort: MediaSort;
  filter: string;
}

export interface PagedMedia {
  state: 'loading' | 'ready' | 'error';
  error: ErrorInfo | null;
  total: number;
  /** The item at an index, when its page is loaded. */
  get(index: number): MediaItem | undefined;
  /** Load the pages covering [start, end). */
  ensure(start: number, end: number): void;
  /** All loaded-or-fetched items for these indices (selection → actions). */
  resolve(indices: number[]): Promise<MediaItem[]>;
}

/**
 * Pages of a post's media from main, fetched as the grid's visible range
 * moves; the first page also tells the total, so the grid can size itself
 * before anything else arrives.
 */
/** `locate` must be stable (e.g. from useState): it is part of the fetch's identity. */
export function usePagedMedia(
  query: MediaQueryKey,
  reloadToken: number,
  locate?: { key: string; onLocated: (index: number) => void },
): PagedMedia {
  const pages = useRef(new Map<number, MediaItem[]>());
  const pending = useRef(new Map<number, Promise<MediaItem[]>>());
  const generation = useRef(0);
  const [, setTick] = useState(0);
  const [head, setHead] = useState<{ state: PagedMedia['state']; total: number; error: ErrorInfo | null }>({
    state: 'loading',
    total: 0,
    error: null,
  });
  const { model, post, kind, sort, filter } = query;

  const fetchPage = useCallback(
    (page: number, locateKey?: string): Promise<MediaItem[]> => {
      const existing = pending.current.get(page);
      if (existing) return existing;
      const gen = generation.current;
      const run = window.api.library
        .listMedia({ model, post, kind, sort, filter, offset: page * PAGE_SIZE, limit: PAGE_SIZE, locate: locateKey })
        .then((res) => {
          if (gen !== generation.current) return [];
          if (!res.ok) {
            setHead((h) => ({ ...h, state: 'error', error: res.error }));
            return [];
          }
          pages.current.set(page, res.data.items);
          setHead({ state: 'ready', total: res.data.total, error: null });
          if (locateKey && res.data.located !== undefined) locate?.onLocated(res.data.located);
          setTick((t) => t + 1);
          return res.data.items;
        })
        .finally(() => {
          if (gen === generation.current) pending.current.delete(page);
        });
      pending.current.set(page, run);
      return run;
    },
    [model, post, kind, sort, filter, locate],
  );

  useEffect(() => {
    generation.current += 1;
    pages.current = new Map();
    pending.current = new Map();
    void fetchPage(0, locate?.key);
  }, [fetchPage, reloadToken, locate?.key]);

  const ensure = useCallback(
    (start: number, end: number) => {
      for (let p = Math.floor(start / PAGE_SIZE); p <= Math.floor(Math.max(start, end - 1) / PAGE_SIZE); p++) {
        if (!pages.current.has(p)) void fetchPage(p);
      }
    },
    [fetchPage],
  );

  const get = useCallback((index: number) => pages.current.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE], []);

  const resolve = useCallback(
    async (indices: number[]) => {
      const needed = [...new Set(indices.map((i) => Math.floor(i / PAGE_SIZE)))];
      await Promise.all(needed.map((p) => pages.current.get(p) ?? fetchPage(p)));
      return indices.map((i) => pages.current.get(Math.floor(i / PAGE_SIZE))?.[i % PAGE_SIZE]).filter((m): m is MediaItem => !!m);
    },
    [fetchPage],
  );

  return { ...head, get, ensure, resolve };
}
