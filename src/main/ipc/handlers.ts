/**
 * The handler table: one function per contract channel, over the core.
 * Imports no electron, so the e2e harness binds this very table into a
 * Chromium page. `satisfies Handlers` makes a missing channel a compile error.
 */
import type { Handlers } from '../../shared/contract';
import type { Core } from '../core/core';
import { AppError } from '../core/errors';
import { searchMedia } from '../core/repositories/search';
import { readSchedule } from '../core/sync/scheduler';
import { listModels } from '../core/repositories/models';
import { getActiveProfile } from '../core/repositories/profiles';

export function createHandlers(core: Core): Handlers {
  const { database, info } = core;
  const { db } = database;
  return {
    'app:info': () => info,
    'library:listModels': (request) => {
      const profile = getActiveProfile(db);
      return profile ? listModels(db, profile.id, request ?? {}) : [];
    },
    'library:searchMedia': (request) => {
      const profile = getActiveProfile(db);
      return profile ? searchMedia(database, profile.id, request.query, request.limit) : [];
    },
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
  } satisfies Handlers;
}
