/**
 * The handler table: one function per contract channel, each a call into a
 * core service. It runs where the core runs (the core worker in the app, the
 * test process in integration tests). `satisfies Handlers` makes a missing
 * channel a compile error; lint keeps repositories out of this file.
 */
import type { Handlers } from '../../shared/contract';
import type { Core } from '../core/core';
import { requireConfirmation } from '../core/dialogs';
import { AppError } from '../core/errors';
import { libraryReadHandlers } from './library-read-handlers';
import { defaultPublicPrompt, makePublicPrompt, profileDefaultAcl, uploadPublicPrompt } from './public-prompts';

export function createHandlers(core: Core): Handlers {
  const { active, links, thumbnails, network, uploads, sync, downloads, offline, organise } = core;
  /** A read of the active profile's library; without a profile it shows `none` (empty states, not errors). */
  const read = active.read;
  return {
    ...libraryReadHandlers(core),
    'app:info': () => core.info,
    'app:openDemo': async () => {
      if (!core.openDemo) throw new AppError('FORBIDDEN', 'The demo library opens in the desktop app: run npm run demo.');
      await core.openDemo();
      return { opening: true as const };
    },
    'app:checkForUpdates': () => core.updates.check(),
    'profiles:list': () => core.profiles.list(),
    'profiles:save': async (request) => {
      if (request.defaultAcl === 'public-read' && profileDefaultAcl(core, request.id) !== 'public-read') {
        await requireConfirmation(core.dialogs, defaultPublicPrompt(request.name, request.bucket));
      }
      return core.profiles.save(request);
    },
    'profiles:remove': async ({ id }) => (await core.profiles.remove(id), { removed: true as const }),
    'profiles:setActive': ({ id }) => core.profiles.setActive(id),
    'profiles:test': (request) => core.profiles.test(request),
    'links:options': () => links.options(),
    'links:resolve': ({ input }) => links.resolve(input),
    'links:create': (request) => links.create(request),
    'links:copy': (request) => links.copy(request),
    'links:recent': () => links.recent(),
    'links:copyRecent': ({ ids }) => links.copyRecent(ids),
    'links:getAcl': ({ keys }) => links.getAcl(keys),
    'links:setAcl': async ({ keys, public: isPublic }) => {
      if (isPublic) await requireConfirmation(core.dialogs, makePublicPrompt(keys));
      return links.setAcl(keys, isPublic);
    },
    'thumbs:status': () => thumbnails.progress(),
    'thumbs:prefetch': (request) => thumbnails.prefetch(active.require().id, request ?? {}),
    'thumbs:clearCache': () => thumbnails.clear(),
    'thumbs:setCacheLimit': ({ bytes }) => thumbnails.setCacheLimit(bytes),
    'network:status': () => network.status(),
    'network:check': () => network.check(),
    'sync:start': (request) => sync.run(active.require(), { confirmDeletes: request?.confirmDeletes }),
    'sync:cancel': () => ({ cancelled: read((p) => sync.cancel(p.id), false) }),
    'sync:status': () => read((p) => sync.status(p.id), { running: false, progress: null, lastRun: null }),
    'sync:getSchedule': () => core.syncScheduler.schedule(),
    'sync:setSchedule': (request) => core.syncScheduler.update(request),
    'sync:unclassified': (request) => read((p) => sync.unclassified(p.id, request?.limit), []),
    'uploads:pick': async ({ kind }) => core.grants.grant(await core.dialogs.pick(kind), 'dialog'),
    'uploads:start': async ({ grants, ...request }) => {
      const profile = active.require();
      const paths = core.grants.paths(grants);
      if (request.acl === 'public-read' && profile.defaultAcl !== 'public-read') {
        await requireConfirmation(core.dialogs, uploadPublicPrompt(profile.name, request.target, paths.length));
      }
      const result = await uploads.enqueue({ ...request, duplicates: request.duplicates ?? 'ask', paths, profileId: profile.id, keepFolderName: true });
      // A conflict question keeps the grants for the answer; a queued batch has taken them.
      if (result.status === 'queued') core.grants.release(grants);
      return result;
    },
    'uploads:list': () => uploads.list(),
    'uploads:interrupted': () => uploads.interrupted(),
    'uploads:resumeInterrupted': () => ({ resumed: uploads.resumeInterrupted() }),
    'uploads:pause': ({ id }) => (uploads.pause(id), null),
    'uploads:resume': ({ id }) => (uploads.resume(id), null),
    'uploads:cancel': async ({ id }) => (await uploads.cancel(id), null),
    'uploads:retry': ({ id }) => (uploads.retry(id), null),
    'uploads:clearFinished': () => ({ removed: uploads.clearFinished() }),
    'offline:pins': () => read((p) => offline.pins(p.id), []),
    'offline:pin': ({ model, post }) => offline.pin(active.require().id, { model, post: post ?? null }),
    'offline:unpin': ({ model, post }) => offline.unpin(active.require().id, { model, post: post ?? null }),
    'offline:usage': () => read((p) => offline.usage(p.id), { usedBytes: 0, limitBytes: offline.limit(), wantedBytes: 0, pins: [] }),
    'offline:setLimit': async ({ bytes }) => {
      await offline.setLimit(bytes);
      return read((p) => offline.usage(p.id), { usedBytes: 0, limitBytes: offline.limit(), wantedBytes: 0, pins: [] });
    },
    'offline:item': ({ key }) => read((p) => offline.itemStatus(p.id, key), { pinned: false, available: false }),
    'downloads:list': () => downloads.list(),
    'downloads:pause': ({ id }) => (downloads.pause(id), null),
    'downloads:resume': ({ id }) => (downloads.resume(id), null),
    'downloads:cancel': async ({ id }) => (await offline.cancelDownloads(id), null),
    'downloads:retry': ({ id }) => (downloads.retry(id), null),
    'downloads:clearFinished': () => ({ removed: downloads.clearFinished() }),
    'downloads:export': ({ keys, model, post, conflict }) => core.exports.start(active.require(), keys ? { keys } : { model: model!, post }, conflict),
    'downloads:exportDecide': ({ token, conflict }) => core.exports.decide(token, conflict),
    'downloads:dragOut': ({ keys }) => core.exports.dragOut(active.require(), keys),
    'organise:preview': ({ sources }) => organise.preview(active.require(), sources),
    'organise:rename': ({ source, name, conflict }) => organise.rename(active.require(), source, name, conflict),
    'organise:move': ({ sources, to, conflict }) => organise.move(active.require(), sources, to, conflict),
    'organise:delete': async ({ sources, confirmed, confirmName }) => {
      const result = await organise.delete(active.require(), sources, { confirmed, confirmName, hold: true });
      if (!('held' in result)) throw new AppError('INTERNAL', 'The delete was not held.');
      return result.held;
    },
    'organise:setModelImage': ({ key, model, role }) => organise.setModelImage(active.require(), key, model, role),
    'organise:undo': ({ id }) => organise.undo(active.require(), id),
    'organise:held': () => organise.held(),
  } satisfies Handlers;
}
