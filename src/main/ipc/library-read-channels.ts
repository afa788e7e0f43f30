/**
 * Which contract channels are pure reads of the index (library-read-handlers.ts):
 * the core host sends these to the library reader thread. A list of names
 * only, so main can import it without the core.
 */
import type { Channel } from '../../shared/contract';
import { LIBRARY_INDEX_READS } from '../../shared/library-reads';

export const LIBRARY_READ_CHANNELS = ['library:overview', ...LIBRARY_INDEX_READS] as const satisfies readonly Channel[];

const readChannels: ReadonlySet<string> = new Set(LIBRARY_READ_CHANNELS);

export function isLibraryRead(channel: string): boolean {
  return readChannels.has(channel);
}
