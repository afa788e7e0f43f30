/**
 * Which contract channels are pure reads of the index (library-read-handlers.ts):
 * the core host sends these to the library reader thread. A list of names
 * only, so main can import it without the core.
 */
import type { Channel } from '../../shared/contract';

export const LIBRARY_READ_CHANNELS = [
  'library:overview',
  'library:listModels',
  'library:getModel',
  'library:listPosts',
  'library:listMedia',
  'library:getMedia',
  'library:search',
  'library:duplicates',
] as const satisfies readonly Channel[];

const readChannels: ReadonlySet<string> = new Set(LIBRARY_READ_CHANNELS);

export function isLibraryRead(channel: string): boolean {
  return readChannels.has(channel);
}
