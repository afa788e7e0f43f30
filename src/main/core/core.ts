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
import { UploadService, type UploadServiceOptions } from './uploads/service';

export interface CoreOptions {
  dataDir: string;
  /** Defaults to library.db in dataDir. */
  dbPath?: string;
  electronVersion?: string | null;
  credentials?: CredentialStore;
  log?: Logger;
  /** Environment for SPACES_KEY/SPACES_SECRET overrides (the desktop app passes none). */
  env?: NodeJS.ProcessEnv;
  /** Upload tuning and hooks (concurrency, part size, onUploaded for thumbnails). */
  uploads?: Partial<Omit<UploadServiceOptions, 'database' | 'bus' | 'log'>>;
}

export interface Core {
  database: IndexDatabase;
  info: AppInfo;
  bus: EventBus;
  log: Logger;
  credentials: CredentialStore;
  env: NodeJS.ProcessEnv;
  uploads: UploadService;
  close(): void;
}

export function createCore(options: CoreOptions): Core {
  const dbPath = options.dbPath ?? dbPathIn(options.dataDir);
  const database = openDatabase(dbPath);
  const bus = new EventBus();
  const log = options.log ?? createLogger();
  const credentials = options.credentials ?? keychainStore();
  const env = options.env ?? {};
  const uploads = new UploadService({ connect: (profile) => connectionFor(profile, credentials, env), ...options.uploads, database, bus, log });
  return {
    database,
    info: appInfo({ dataDir: options.dataDir, dbPath }, options.electronVersion ?? null),
    bus,
    log,
    credentials,
    env,
    uploads,
    close: () => {
      // Transfers stop where they are; the journal keeps them resumable.
      void uploads.close();
      database.close();
    },
  };
}
