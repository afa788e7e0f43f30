/**
 * Builds the app's services once, from paths and the few things only the
 * host can give (keychain, clipboard). Electron's main, the CLI and the tests
 * all build the same Core; only the host-specific pieces differ.
 */
import type { AppInfo } from '../../shared/domain';
import { appInfo } from './app-info';
import { noClipboard, type Clipboard } from './clipboard';
import type { CredentialStore } from './credentials/credential-store';
import { keychainStore } from './credentials/keychain';
import { openDatabase, type IndexDatabase } from './db/database';
import { EventBus } from './events';
import { createLinkService, type LinkService } from './links/link-service';
import { createLogger, type Logger } from './logger';
import { dbPathIn } from './paths';
import { activeProfileOrThrow } from './profiles/active';
import { createProfileService, type ProfileService } from './profiles/service';

export interface CoreOptions {
  dataDir: string;
  /** Defaults to library.db in dataDir. */
  dbPath?: string;
  electronVersion?: string | null;
  credentials?: CredentialStore;
  log?: Logger;
  /** Environment for SPACES_KEY/SPACES_SECRET overrides (the desktop app passes none). */
  env?: NodeJS.ProcessEnv;
  /** The system clipboard (Electron's); tests pass a recording one; none for the CLI. */
  clipboard?: Clipboard;
  /** Epoch ms; tests fix it. */
  now?: () => number;
}

export interface Core {
  database: IndexDatabase;
  info: AppInfo;
  bus: EventBus;
  log: Logger;
  credentials: CredentialStore;
  env: NodeJS.ProcessEnv;
  /** Connection profiles; `profiles.connection(id?)` is how features get an S3Connection. */
  profiles: ProfileService;
  clipboard: Clipboard;
  links: LinkService;
  close(): void;
}

export function createCore(options: CoreOptions): Core {
  const dbPath = options.dbPath ?? dbPathIn(options.dataDir);
  const database = openDatabase(dbPath);
  const bus = new EventBus();
  const log = options.log ?? createLogger();
  const credentials = options.credentials ?? keychainStore();
  const env = options.env ?? {};
  const clipboard = options.clipboard ?? noClipboard;
  const profiles = createProfileService({ database, credentials, env, bus, log });
  return {
    database,
    info: appInfo({ dataDir: options.dataDir, dbPath }, options.electronVersion ?? null),
    bus,
    log,
    credentials,
    env,
    profiles,
    clipboard,
    links: createLinkService({
      db: database.db,
      clipboard,
      bus,
      now: options.now,
      profile: () => activeProfileOrThrow(database.db),
      connect: (profile) => profiles.connection(profile.id),
    }),
    close: () => database.close(),
  };
}
