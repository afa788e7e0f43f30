/**
 * The library reader thread: the index's read channels (library:listMedia,
 * search, models, posts…) on a read-only connection of their own, so a
 * browsing call is answered in a few milliseconds while the core's thread is
 * busy writing a sync's pages, hashing an upload or sweeping thumbnails
 * (Signal Desktop reads on worker connections too). Same dispatch loop as
 * the core: zod validation and envelopes. Snapshots of a post's ordering
 * are dropped whenever the core commits (data_version, media-pages.ts).
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { openReadConnection } from '../core/db/database';
import { createLibraryService } from '../core/library/library-service';
import { setLogLocation } from '../core/log-location';
import { createLogger } from '../core/logger';
import { activeProfile } from '../core/profiles/active';
import { DuplicateFinder } from '../core/repositories/duplicates';
import { MediaPager } from '../core/repositories/media-pages';
import { dispatch } from '../ipc/dispatch';
import { libraryReadHandlers } from '../ipc/library-read-handlers';
import type { Envelope } from '../../shared/errors';
import type { HostToReader, ReaderToHost, ReaderWorkerData } from './protocol';

const data = workerData as ReaderWorkerData & { port: MessagePort };
const port = data.port;
const send = (message: ReaderToHost) => port.postMessage(message);
const log = createLogger((line) => send({ type: 'log', line }));
setLogLocation(data.logFile);

/** A call of the hot read channels (harmless reads, whatever they find), before the first real one. */
async function warmUp(call: (channel: string, request: unknown) => Promise<Envelope<unknown>>): Promise<void> {
  const none = { model: 'spaces-media warm-up', post: 'warm-up' };
  const calls: [string, unknown][] = [
    ['library:overview', undefined],
    ['library:listMedia', { ...none, offset: 0, limit: 100 }],
    ['library:listPosts', { model: none.model }],
    ['library:getModel', { model: none.model }],
    ['library:getMedia', { key: `${none.model}/${none.post}/warm-up.jpg` }],
  ];
  for (const [channel, request] of calls) {
    const answer = await call(channel, request);
    if (!answer.ok) log.warn(`library reader warm-up: ${channel} answered ${answer.error.code}`);
  }
}

try {
  const database = openReadConnection(data.dbPath, { nativeBinding: data.nativeBinding });
  const active = activeProfile(database.db);
  const library = createLibraryService({
    database,
    active,
    mediaPager: new MediaPager(database.sqlite),
    duplicates: new DuplicateFinder(database.sqlite),
  });
  const handlers = libraryReadHandlers({ library, active });
  port.on('message', (message: HostToReader) => {
    if (message.type === 'close') {
      database.close();
      send({ type: 'closed' });
      port.close();
      return;
    }
    const started = performance.now();
    void dispatch(handlers, message.channel, message.request, log).then((envelope) =>
      send({ type: 'reply', seq: message.seq, envelope, ms: performance.now() - started }),
    );
  });
  // The first calls would otherwise pay for compiling the dispatch path and the read schemas while the app waits.
  await warmUp((channel, request) => dispatch(handlers, channel, request, log));
  send({ type: 'ready' });
} catch (error) {
  log.error('the library reader could not start', error);
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
