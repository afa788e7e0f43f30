/**
 * The handler table: one function per contract channel, over the core.
 * Imports no electron, so the e2e harness binds this very table into a
 * Chromium page. `satisfies Handlers` makes a missing channel a compile error.
 */
import type { Handlers } from '../../shared/contract';
import type { Core } from '../core/core';
import { AppError } from '../core/errors';
import { readSchedule } from '../core/sync/scheduler';
import { listModels } from '../core/repositories/models';
import { getActiveProfile } from '../core/repositories/profiles';
import { getMedia, getModel, libraryTotals, listPosts } from '../core/repositories/library';
import { connectionHost } from '../core/s3/connection';
import { searchLibrary } from '../core/repositories/search';
import { viewerOriginalUrl } from '../core/viewer/original-url';
import { clearFinished } from '../core/uploads/journal';

export function createHandlers(core: Core): Handlers {
  const { database, info, links, thumbnails, network, uploads } = core;
  const { db } = database;
  const activeProfile = () => {
    const profile = getActiveProfile(db);
    if (!profile) throw new AppError('NO_PROFILE', 'No Spaces connection yet. Add one in Settings › Profiles.');
    return profile;
  };
  return {
    'app:info': () => info,
    'app:openDemo': () => {
      if (!core.openDemo) throw new AppError('FORBIDDEN', 'The demo library opens in the desktop app: run npm run demo.');
      core.openDemo();
      return { opening: true as const };
    },
    'app:checkForUpdates': () => core.updates.check(),
    'library:listModels': (request) => {
      const profile = getActiveProfile(db);
      return profile ? listModels(db, profile.id, request ?? {}) : [];
    },
    'profiles:list': () => core.profiles.list(),
    'profiles:save': (request) => core.profiles.save(request),
    'profiles:remove': async ({ id }) => {
      await core.profiles.remove(id);
      return { removed: true as const };
    },
    'profiles:setActive': ({ id }) => core.profiles.setActive(id),
    'profiles:test': (request) => core.profiles.test(request),
    'links:options': () => links.options(),
    'links:resolve': ({ input }) => links.resolve(input),
    'links:create': (request) => links.create(request),
    'links:copy': (request) => links.copy(request),
    'links:recent': () => links.recent(),
    'links:copyRecent': ({ ids }) => links.copyRecent(ids),
    'links:getAcl': ({ keys }) => links.getAcl(keys),
    'links:setAcl': ({ keys, public: isPublic }) => links.setAcl(keys, isPublic),
    'library:overview': () => {
      const profile = getActiveProfile(db);
      if (!profile) return { profile: null, models: 0, media: 0, bytes: 0 };
      return {
        profile: { id: profile.id, name: profile.name, bucket: profile.bucket, host: connectionHost(profile) },
        ...libraryTotals(db, profile.id),
      };
    },
    'library:getModel': ({ model }) => {
      const profile = getActiveProfile(db);
      return profile ? getModel(db, profile.id, model) : null;
    },
    'library:listPosts': ({ model, ...options }) => {
      const profile = getActiveProfile(db);
      return profile ? listPosts(db, profile.id, model, options) : [];
    },
    'library:listMedia': (request) => {
      const profile = getActiveProfile(db);
      return profile ? core.mediaPager.page(profile.id, request) : { items: [], offset: request.offset, total: 0 };
    },
    'library:getMedia': ({ key }) => {
      const profile = getActiveProfile(db);
      return profile ? getMedia(db, profile.id, key) : null;
    },
    'library:search': ({ query, limit }) => {
      const profile = getActiveProfile(db);
      return profile
        ? searchLibrary(database.sqlite, profile.id, query, limit)
        : { query, count: 0, more: false, models: [], groups: [], tookMs: 0 };
    },
    'media:originalUrl': ({ key }) => viewerOriginalUrl(db, core.clients, network, activeProfile(), key),
    'thumbs:status': () => thumbnails.progress(),
    'thumbs:prefetch': (request) => thumbnails.prefetch(activeProfile().id, request ?? {}),
    'thumbs:clearCache': () => thumbnails.clear(),
    'thumbs:setCacheLimit': ({ bytes }) => {
      thumbnails.setCacheLimit(bytes);
      return thumbnails.progress();
    },
    'network:status': () => network.status(),
    'network:check': () => network.check(),
    'sync:start': (request) => {
      const profile = getActiveProfile(db);
      if (!profile) throw new AppError('NO_PROFILE', 'Add a connection profile before syncing.');
      return core.sync.run(profile, { confirmDeletes: request?.confirmDeletes });
    },
    'sync:cancel': () => {
      const profile = getActiveProfile(db);
      return { cancelled: profile ? core.sync.cancel(profile.id) : false };
    },
    'sync:status': () => {
      const profile = getActiveProfile(db);
      return profile ? core.sync.status(profile.id) : { running: false, progress: null, lastRun: null };
    },
    'sync:getSchedule': () => readSchedule(db),
    'sync:setSchedule': (request) => core.syncScheduler.update(request),
    'sync:unclassified': (request) => {
      const profile = getActiveProfile(db);
      return profile ? core.sync.unclassified(profile.id, request?.limit) : [];
    },
    'uploads:start': (request) => uploads.enqueue({ ...request, profileId: activeProfile().id, keepFolderName: true }),
    'uploads:list': () => uploads.list(),
    'uploads:interrupted': () => uploads.interrupted(),
    'uploads:resumeInterrupted': () => ({ resumed: uploads.resumeInterrupted() }),
    'uploads:pause': ({ id }) => (uploads.pause(id), null),
    'uploads:resume': ({ id }) => (uploads.resume(id), null),
    'uploads:cancel': async ({ id }) => (await uploads.cancel(id), null),
    'uploads:retry': ({ id }) => (uploads.retry(id), null),
    'uploads:clearFinished': () => ({ removed: clearFinished(db) }),
  } satisfies Handlers;
}
