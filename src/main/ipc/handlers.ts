/**
 * The handler table: one function per contract channel, over the core.
 * Imports no electron, so the e2e harness binds this very table into a
 * Chromium page. `satisfies Handlers` makes a missing channel a compile error.
 */
import type { Handlers } from '../../shared/contract';
import type { Core } from '../core/core';
import { listModels } from '../core/repositories/models';
import { getActiveProfile } from '../core/repositories/profiles';

export function createHandlers(core: Core): Handlers {
  const { database, info, links } = core;
  const { db } = database;
  return {
    'app:info': () => info,
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
  } satisfies Handlers;
}
