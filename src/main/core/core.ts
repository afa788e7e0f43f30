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
import { NetworkMonitor } from './network/monitor';
import { dbPathIn } from './paths';
import { activeProfileOrThrow } from './profiles/active';
import { createProfileService, type ProfileService } from './profiles/service';
import { ProfileClients } from './profiles/client-cache';
import { MediaPager } from './repositories/media-pages';
import { ThumbnailService } from './thumbnails/service';
import { getActiveProfile } from './repositories/profiles';
import { SyncScheduler } from './sync/scheduler';
import { SyncService } from './sync/sync-service';
import { UploadService, type UploadServiceOptions } from './uploads/service';
import { thumbnailsAfterUpload } from './uploads/thumbnail-hook';
import { noUpdates, type UpdateChecker } from './updates';

export interface CoreOptions {
  dataDir: string;
  /** Defaults to library.db in dataDir. */
  dbPath?: string;
  electronVersion?: string | null;
  /** better-sqlite3's build for this runtime (core/db/native-binding); undefined under Node. */
  nativeBinding?: string;
  credentials?: CredentialStore;
  log?: Logger;
  /** Environment for SPACES_KEY/SPACES_SECRET overrides (the desktop app passes none). */
  env?: NodeJS.ProcessEnv;
  /** The system clipboard (Electron's); tests pass a recording one; none for the CLI. */
  clipboard?: Clipboard;
  /** Epoch ms; tests fix it. */
  now?: () => number;
  /** The host's way to reopen the app on the demo library (Electron relaunches with --demo); none for the CLI. */
  openDemo?: () => void;
  /** The host's update check (Electron's, over electron-updater); none for the CLI and tests. */
  updates?: UpdateChecker;
  /** Upload tuning and hooks (concurrency, part size, onUploaded for thumbnails). */
  uploads?: Partial<Omit<UploadServiceOptions, 'database' | 'bus' | 'log'>>;
}

export interface Core {
  database: IndexDatabase;
  openDemo?: () => void;
  info: AppInfo;
  bus: EventBus;
  log: Logger;
  credentials: CredentialStore;
  env: NodeJS.ProcessEnv;
  /** Connection profiles; `profiles.connection(id?)` is how features get an S3Connection. */
  profiles: ProfileService;
  clipboard: Clipboard;
  updates: UpdateChecker;
  links: LinkService;
  /** S3 clients per profile for the library's reads. */
  clients: ProfileClients;
  /** Whether the active profile's bucket answers. */
  network: NetworkMonitor;
  thumbnails: ThumbnailService;
  /** Paged media listings over stable snapshots. */
  mediaPager: MediaPager;
  sync: SyncService;
  /** Automatic syncs; the host starts it (the desktop app does, the CLI and tests do not). */
  syncScheduler: SyncScheduler;
  uploads: UploadService;
  close(): void;
}

export function createCore(options: CoreOptions): Core {
  const dbPath = options.dbPath ?? dbPathIn(options.dataDir);
  const database = openDatabase(dbPath, { nativeBinding: options.nativeBinding });
  const bus = new EventBus();
  const log = options.log ?? createLogger();
  const credentials = options.credentials ?? keychainStore();
  const env = options.env ?? {};
  const clipboard = options.clipboard ?? noClipboard;
  const profiles = createProfileService({ database, credentials, env, bus, log });
  const clients = new ProfileClients(credentials, env);
  const network = new NetworkMonitor(database.db, clients, bus, log);
  const thumbnails = new ThumbnailService(database, options.dataDir, clients, network, bus, log);
  const mediaPager = new MediaPager(database.sqlite);
  bus.subscribe((event) => {
    if (event === 'library:changed') mediaPager.invalidate();
  });
  const sync = new SyncService({ database, bus, log, resolveConnection: (profile) => profiles.connection(profile.id) });
  const syncScheduler = new SyncScheduler({ db: database.db, sync, log, activeProfile: () => getActiveProfile(database.db) });
  const makeThumbnail = thumbnailsAfterUpload(database, thumbnails, log);
  const uploads = new UploadService({
    connect: (profile) => profiles.connection(profile.id),
    ...options.uploads,
    onUploaded: (event) => {
      makeThumbnail(event);
      options.uploads?.onUploaded?.(event);
    },
    database,
    bus,
    log,
  });
  return {
    database,
    info: appInfo({ dataDir: options.dataDir, dbPath }, options.electronVersion ?? null),
    bus,
    log,
    credentials,
    env,
    openDemo: options.openDemo,
    profiles,
    clipboard,
    updates: options.updates ?? noUpdates('Updates are checked by the installed desktop app.'),
    links: createLinkService({
      db: database.db,
      clipboard,
      bus,
      now: options.now,
      profile: () => activeProfileOrThrow(database.db),
      connect: (profile) => profiles.connection(profile.id),
    }),
    clients,
    network,
    thumbnails,
    mediaPager,
    sync,
    syncScheduler,
    uploads,
    close: () => {
      // Transfers stop where they are; the journal keeps them resumable.
      void uploads.close();
      syncScheduler.stop();
      sync.cancelAll();
      network.stop();
      thumbnails.close();
      clients.close();
      database.close();
    },
  };
}
