/**
 * The handler table: one function per contract channel, over the core.
 * Imports no electron, so the e2e harness binds this very table into a
 * Chromium page. `satisfies Handlers` makes a missing channel a compile error.
 */
import type { Handlers } from '../../shared/contract';
import type { Core } from '../core/core';
import { listModels } from '../core/repositories/models';
import { getActiveProfile } from '../core/repositories/profiles';
import { AppError } from '../core/errors';
import { clearFinished } from '../core/uploads/journal';

export function createHandlers(core: Core): Handlers {
  const { database, info, uploads } = core;
  const { db } = database;
  const activeProfileId = () => {
    const profile = getActiveProfile(db);
    if (!profile) throw new AppError('NO_PROFILE', 'Add a connection profile in Settings before uploading.');
    return profile.id;
  };
  return {
    'app:info': () => info,
    'library:listModels': (request) => {
      const profile = getActiveProfile(db);
      return profile ? listModels(db, profile.id, request ?? {}) : [];
    },
    'uploads:start': (request) => uploads.enqueue({ ...request, profileId: activeProfileId(), keepFolderName: true }),
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
