/**
 * The handler table: one function per contract channel, over the core.
 * Imports no electron, so the e2e harness binds this very table into a
 * Chromium page. `satisfies Handlers` makes a missing channel a compile error.
 */
import type { Handlers } from '../../shared/contract';
import type { AppInfo } from '../../shared/domain';
import type { IndexDatabase } from '../core/db/database';
import { listModels } from '../core/repositories/models';
import { getActiveProfile } from '../core/repositories/profiles';

export interface HandlerDeps {
  database: IndexDatabase;
  info: AppInfo;
}

export function createHandlers({ database, info }: HandlerDeps): Handlers {
  const { db } = database;
  return {
    'app:info': () => info,
    'library:listModels': (request) => {
      const profile = getActiveProfile(db);
      return profile ? listModels(db, profile.id, request ?? {}) : [];
    },
  } satisfies Handlers;
}
