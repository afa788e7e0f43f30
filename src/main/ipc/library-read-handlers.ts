/**
 * The library's read channels: pure reads of the index, answered by the
 * core worker's handler table (handlers.ts) and, in the app, by the library
 * reader thread (worker/library-reader.ts), which has a read-only connection
 * of its own so a browsing call never queues behind a sync's page writes, an
 * upload's bookkeeping or thumbnail work. Nothing here may write or need
 * more than the index.
 */
import type { Handlers } from '../../shared/contract';
import type { LibraryService } from '../core/library/library-service';
import type { ActiveProfile } from '../core/profiles/active';
import { type LIBRARY_READ_CHANNELS } from './library-read-channels';

export type LibraryReadChannel = (typeof LIBRARY_READ_CHANNELS)[number];
export type LibraryReadHandlers = Pick<Handlers, LibraryReadChannel>;

export function libraryReadHandlers({ library, active }: { library: LibraryService; active: Pick<ActiveProfile, 'read'> }): LibraryReadHandlers {
  /** Without a profile a read shows `none` (empty states, not errors). */
  const read = active.read;
  return {
    'library:overview': () => library.overview(),
    'library:listModels': (request) => read((p) => library.models(p.id, request), []),
    'library:getModel': ({ model }) => read((p) => library.model(p.id, model), null),
    'library:listPosts': ({ model, ...options }) => read((p) => library.posts(p.id, model, options), []),
    'library:listMedia': (request) => read((p) => library.mediaPage(p.id, request), { items: [], offset: request.offset, total: 0 }),
    'library:getMedia': ({ key }) => read((p) => library.item(p.id, key), null),
    'library:search': ({ query, limit }) =>
      read((p) => library.search(p.id, query, limit), { query, count: 0, more: false, models: [], groups: [], tookMs: 0 }),
    'library:duplicates': ({ offset, limit }) =>
      read((p) => library.duplicates(p.id, offset, limit), { groups: [], offset, totalGroups: 0, extraCopies: 0, extraBytes: 0, tookMs: 0 }),
  };
}
