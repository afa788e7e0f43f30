/**
 * The core worker's entry (a worker_thread; a build entry of its own): the
 * host starts it twice, as the core (core-thread.ts: the database, sync,
 * uploads, thumbnails…) and as the library reader (library-reader.ts: the
 * index's read channels on a connection of their own). Dynamic imports, so
 * the reader's thread never loads the core's code.
 */
import { workerData } from 'node:worker_threads';
import type { CoreWorkerData } from './protocol';

if ((workerData as Partial<CoreWorkerData> & { role?: string }).role === 'reader') await import('./library-reader');
else await import('./core-thread');
