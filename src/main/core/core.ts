/**
 * Builds the app's services once, from paths and the few things only the
 * host can give (keychain, clipboard). Electron's main, the CLI and the tests
 * all build the same Core; only the host-specific pieces differ.
 */
import type { AppInfo } from '../../shared/domain';
import { appInfo } from './app-info';
import type { CredentialStore } from './credentials/credential-store';
import { keychainStore } from './credentials/keychain';
import { openDatabase, type IndexDatabase } from './db/database';
import { EventBus } from './events';
import { createLogger, type Logger } from './logger';
import { dbPathIn } from './paths';
import { connectionFor } from './profiles/connection';
import { getActiveProfile } from './repositories/profiles';
import { SyncScheduler } from './sync/scheduler';
import { SyncService } from './sync/sync-service';

export interface CoreOptions {
  dataDir: string;
  /** Defaults to library.db in dataDir. */
  dbPath?: string;
  electronVersion?: string | null;
  credentials?: CredentialStore;
  log?: Logger;
  /** Environment for SPACES_KEY/SPACES_SECRET overrides (the desktop app passes none). */
  env?: NodeJS.ProcessEnv;
}

export interface Core {
  database: IndexDatabase;
  info: AppInfo;
  bus: EventBus;
  log: Logger;
  credentials: CredentialStore;
  env: NodeJS.ProcessEnv;
  sync: SyncService;
  /** Automatic syncs; the host starts it (the desktop app does, the CLI and tests do not). */
  syncScheduler: SyncScheduler;
  close(): void;
}

export function createCore(options: CoreOptions): Core {
  const dbPath = options.dbPath ?? dbPathIn(options.dataDir);
  const database = openDatabase(dbPath);
  const bus = new EventBus();
  const log = options.log ?? createLogger();
  const credentials = options.credentials ?? keychainStore();
  const env = options.env ?? {};
  // The one place the sync resolves a profile's connection (a ProfileService may wrap this later).
  const sync = new SyncService({ database, bus, log, resolveConnection: (profile) => connectionFor(profile, credentials, env) });
  const syncScheduler = new SyncScheduler({ db: database.db, sync, log, activeProfile: () => getActiveProfile(database.db) });
  return {
    database,
    info: appInfo({ dataDir: options.dataDir, dbPath }, options.electronVersion ?? null),
    bus,
    log,
    credentials,
    env,
    sync,
    syncScheduler,
    close: () => {
      syncScheduler.stop();
      sync.cancelAll();
      database.close();
    },
  };
}
