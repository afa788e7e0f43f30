/**
 * The one composition root: builds the app's services once, from paths and
 * the few things only the host can give (keychain, clipboard, relaunching).
 * The desktop app's core worker, the CLI (`withCore`) and the tests all build
 * this same Core; features receive their collaborators from here and build
 * no clients or services of their own.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { AppInfo } from '../../shared/domain';
import { appInfo } from './app-info';
import { noClipboard, type Clipboard } from './clipboard';
import type { CredentialStore } from './credentials/credential-store';
import { keychainStore } from './credentials/keychain';
import { openDatabase, type IndexDatabase } from './db/database';
import { noDialogs, type Dialogs } from './dialogs';
import { EventBus } from './events';
import { PathGrants } from './files/grants';
import { createLibraryService, type LibraryService } from './library/library-service';
import { createLinkService, type LinkService } from './links/link-service';
import { createLogger, type Logger } from './logger';
import { NetworkMonitor } from './network/monitor';
import { dbPathIn } from './paths';
import { activeProfile, type ActiveProfile } from './profiles/active';
import { createProfileService, type ProfileService } from './profiles/service';
import { DuplicateFinder } from './repositories/duplicates';
import { MediaPager } from './repositories/media-pages';
import type { ProfileRow } from './repositories/profiles';
import type { ClientOptions } from './s3/client';
import { DEFAULT_PURPOSES, S3ClientPool } from './s3/client-pool';
import { ExportService, type ExportHost } from './downloads/export-service';
import { DownloadService, type DownloadTuning } from './downloads/service';
import { pinnedOriginals } from './offline/original-source';
import { OfflineStore } from './offline/store';
import { SyncScheduler } from './sync/scheduler';
import { SyncService, type SyncTuning } from './sync/sync-service';
import { bucketOriginals } from './originals/source';
import { libraryRoutes, type LibraryResponse, type RouteRequest } from './thumbnails/routes';
import { ThumbnailService } from './thumbnails/service';
import { ThumbnailSource } from './thumbnails/source';
import { useUnsignedPayload } from './uploads/unsigned-payload';
import { UploadService } from './uploads/service';
import type { UploadTuning } from './uploads/tuning';
import { thumbnailsAfterUpload } from './uploads/thumbnail-hook';
import { noUpdates, type UpdateChecker } from './updates';
import { OrganiseService, type OrganiseTuning } from './organise/service';
import { viewerOriginalUrl } from './viewer/original-url';

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
  /** The system clipboard (the app's main process, over host-rpc); tests pass a recording one; none for the CLI. */
  clipboard?: Clipboard;
  /** Epoch ms; tests fix it. */
  now?: () => number;
  /** The host's way to reopen the app on the demo library (Electron relaunches with --demo); none for the CLI. */
  openDemo?: () => void | Promise<void>;
  /** Main's native dialogs (file picker, confirmations), over host-rpc; a scripted stand-in in e2e; none for the CLI. */
  dialogs?: Dialogs;
  /** The host's update check (Electron main's, over electron-updater, asked through host-rpc); none for the CLI and tests. */
  updates?: UpdateChecker;
  /** Main's folder picker and OS drag, for exports and drags out (host-rpc); none for the CLI. */
  exportHost?: ExportHost;
  /** Upload tuning and hooks; `clientOptions`/`configureClient` shape the transfer clients. */
  uploads?: UploadTuning & { clientOptions?: ClientOptions; configureClient?(client: S3Client): void };
  /** Sync tuning; `clientOptions` shape the sync clients (tests shorten their timeouts). */
  sync?: SyncTuning & { clientOptions?: ClientOptions };
  /** Download tuning (the bench, tests); `clientOptions` shapes the download clients. */
  downloads?: DownloadTuning & { clientOptions?: ClientOptions };
  /** Organising (rename, move, delete): concurrency, chunk size, the Undo window; tests lower them. */
  organise?: OrganiseTuning;
  /** Thumbnails from the local file right after each upload (the app: yes; the CLI: no). Default true. */
  thumbnailsAfterUpload?: boolean;
}

export interface Core {
  database: IndexDatabase;
  openDemo?: () => void | Promise<void>;
  info: AppInfo;
  bus: EventBus;
  log: Logger;
  credentials: CredentialStore;
  env: NodeJS.ProcessEnv;
  /** The active profile: one lookup, one "no profile" message. */
  active: ActiveProfile;
  /** Connection profiles; `profiles.connection(id?)` is how a connection (with its secret) is had. */
  profiles: ProfileService;
  /** S3 clients by profile and purpose (interactive, transfer, sync). */
  clients: S3ClientPool;
  /** Reads of the offline index. */
  library: LibraryService;
  clipboard: Clipboard;
  dialogs: Dialogs;
  /** Local paths the user chose (main's dialog, preload-resolved drops), by grant id: the app's only way to name a file. */
  grants: PathGrants;
  updates: UpdateChecker;
  /** Share links for the active profile. */
  links: LinkService;
  /** Share links for a given profile (the CLI's --profile or ad-hoc connection). */
  linksFor(profile: ProfileRow): LinkService;
  /** Whether the active profile's bucket answers. */
  network: NetworkMonitor;
  thumbnails: ThumbnailService;
  /** The viewer's short-lived presigned URL for an original (video playback). */
  viewer: { originalUrl(key: string): Promise<{ url: string; expiresAt: number }> };
  sync: SyncService;
  /** Automatic syncs; the host starts it (the desktop app does, the CLI and tests do not). */
  syncScheduler: SyncScheduler;
  uploads: UploadService;
  /** Every download (offline store, exports, drags, `get`): journaled, resumable, verified. */
  downloads: DownloadService;
  /** "Keep offline": pinned posts and models, their originals on disk. */
  offline: OfflineStore;
  /** "Download…" to a chosen folder, and drags out of the window. */
  exports: ExportService;
  /** Rename, move and delete; a model's pictures; the organise journal and its recovery. */
  organise: OrganiseService;
  /** The library's app-protocol routes (thumbnails, originals); undefined for any other path. */
  serveRoute(pathname: string, request?: RouteRequest): Promise<LibraryResponse | undefined>;
  /** Stops everything and closes the database; transfers stop where they are (the journal keeps them resumable). */
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
  const active = activeProfile(database.db);
  const profiles = createProfileService({ database, active, credentials, env, bus, log });
  const { clientOptions, configureClient, ...uploadTuning } = options.uploads ?? {};
  const { clientOptions: syncClientOptions, ...syncTuning } = options.sync ?? {};
  const { clientOptions: downloadClientOptions, ...downloadTuning } = options.downloads ?? {};
  const clients = new S3ClientPool((profile) => profiles.connection(profile.id), {
    ...DEFAULT_PURPOSES,
    transfer: {
      options: { maxSockets: (uploadTuning.concurrency ?? 16) + 4, ...clientOptions },
      configure: (client) => {
        useUnsignedPayload(client);
        configureClient?.(client);
      },
    },
    sync: { options: { ...DEFAULT_PURPOSES.sync.options, ...syncClientOptions } },
    download: { options: { maxSockets: (downloadTuning.concurrency ?? 16) + 4, ...downloadClientOptions } },
  });
  const interactive = (profile: ProfileRow) => clients.get(profile, 'interactive');
  const network = new NetworkMonitor(active, interactive, bus, log);
  const thumbnails = new ThumbnailService(database, options.dataDir, new ThumbnailSource(database, interactive, network, log), bus, log);
  const mediaPager = new MediaPager(database.sqlite);
  const duplicates = new DuplicateFinder(database.sqlite);
  bus.subscribe((event) => {
    if (event === 'library:changed') {
      mediaPager.invalidate();
      duplicates.invalidate();
    }
    if (event === 'library:factsChanged') mediaPager.factsChanged();
  });
  const sync = new SyncService({ ...syncTuning, database, bus, log, client: (profile) => clients.get(profile, 'sync') });
  const syncScheduler = new SyncScheduler({ db: database.db, sync, log, activeProfile: active.current });
  const makeThumbnail = options.thumbnailsAfterUpload === false ? () => undefined : thumbnailsAfterUpload(database, thumbnails, log);
  const uploads = new UploadService({
    ...uploadTuning,
    client: (profile) => clients.get(profile, 'transfer'),
    onUploaded: (event) => {
      makeThumbnail(event);
      uploadTuning.onUploaded?.(event);
    },
    database,
    bus,
    log,
  });
  const downloads: DownloadService = new DownloadService({
    ...downloadTuning,
    client: (profile) => clients.get(profile, 'download'),
    // Exports and drags of a version kept offline copy it from the store instead of fetching it again.
    localCopy: (row) => (row.purpose === 'offline' ? Promise.resolve(null) : offline.storedFile(row.profileId, row.etag, row.size)),
    database,
    bus,
    log,
  });
  const offline: OfflineStore = new OfflineStore({ database, dataDir: options.dataDir, downloads, bus, log });
  // The store follows the index: whatever changed it (a sync, an upload, a move) may change what the pins want.
  bus.subscribe((event, payload) => {
    if (event !== 'library:changed') return;
    const { profileId } = payload as { profileId: string | null };
    for (const id of profileId ? [profileId] : offline.pinnedProfiles()) {
      void offline.reconcile(id).catch((error: unknown) => log.warn('offline store: reconcile failed', { profileId: id, error: String(error) }));
    }
  });
  const organise = new OrganiseService({
    ...options.organise,
    database,
    bus,
    log,
    thumbnails: thumbnails.store,
    client: (profile) => clients.get(profile, 'transfer'),
  });
  const linksFor = (profile: () => ProfileRow) => createLinkService({ db: database.db, clipboard, bus, now: options.now, profile, client: interactive });
  return {
    database,
    info: appInfo({ dataDir: options.dataDir, dbPath }, options.electronVersion ?? null),
    bus,
    log,
    credentials,
    env,
    openDemo: options.openDemo,
    active,
    profiles,
    clients,
    library: createLibraryService({ database, active, mediaPager, duplicates }),
    clipboard,
    dialogs: options.dialogs ?? noDialogs,
    grants: new PathGrants(options.now),
    updates: options.updates ?? noUpdates('Updates are checked by the installed desktop app.'),
    links: linksFor(active.require),
    linksFor: (profile) => linksFor(() => profile),
    network,
    thumbnails,
    viewer: { originalUrl: (key) => viewerOriginalUrl(database.db, interactive, network, active.require(), key) },
    sync,
    syncScheduler,
    uploads,
    downloads,
    offline,
    organise,
    exports: new ExportService({ sqlite: database.sqlite, dataDir: options.dataDir, downloads, host: options.exportHost ?? {}, log }),
    serveRoute: libraryRoutes({ database, thumbnails, originals: pinnedOriginals(offline, bucketOriginals(interactive, network)), log }),
    close: () => {
      void uploads.close();
      void downloads.close();
      offline.close();
      organise.close();
      syncScheduler.stop();
      sync.cancelAll();
      network.stop();
      thumbnails.close();
      clients.close();
      database.close();
    },
  };
}
