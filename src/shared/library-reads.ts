import type { Channel } from './contract';

/**
 * The contract's reads of the active profile's library index: pure queries,
 * no S3, no writes. The renderer keys their answers by profile
 * (data/query-keys.ts); main sends them, with the overview, to the library
 * reader thread (ipc/library-read-channels.ts).
 */
export const LIBRARY_INDEX_READS = [
  'library:listModels',
  'library:getModel',
  'library:listPosts',
  'library:listMedia',
  'library:getMedia',
  'library:search',
  'library:duplicates',
] as const satisfies readonly Channel[];
