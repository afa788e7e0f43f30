/**
 * What crosses the MessagePort between the host (Electron's main, or a test
 * or bench playing it) and the core worker. Every request carries a number
 * its answer echoes (Signal Desktop's pattern), in both directions: the host
 * calls contract channels and library routes; the worker calls the few
 * things only the host can do (host-rpc). Events and log lines flow to the
 * host unasked.
 */
import type { Envelope, ErrorInfo } from '../../shared/errors';
import type { EventName } from '../../shared/contract';
import type { FileGrant, PickKind } from '../../shared/file-grants';
import type { UpdateCheck } from '../../shared/updates';
import type { ConfirmPrompt } from '../core/dialogs';
import type { DemoServerConfig } from '../core/demo/demo-process';
import type { SampleOptions } from '../core/demo/sample-library';
import type { Credential } from '../core/demo/sigv4-verify';
import type { SyncTuning } from '../core/sync/sync-service';
import type { RouteRequest } from '../core/thumbnails/routes';
import type { UploadTuning } from '../core/uploads/tuning';
import type { DownloadTuning } from '../core/downloads/service';
import type { OrganiseTuning } from '../core/organise/service';

/** What main tells the worker at start (workerData): plain data only. */
export interface CoreWorkerData {
  dataDir: string;
  dbPath?: string;
  /** better-sqlite3's addon for this runtime (an Electron-ABI build in the app); default: the package's own. */
  nativeBinding?: string;
  electronVersion: string | null;
  /** SPACES_KEY / SPACES_SECRET overrides (the demo's public key); the app passes none. */
  env: Record<string, string>;
  /** The OS keychain in the worker (keytar works there), or the host's store (tests share theirs). */
  credentials: { kind: 'keychain'; service?: string } | { kind: 'host' };
  /** What the host can do when asked. */
  host: { clipboard: boolean; openDemo: boolean; updates: boolean; dialogs: boolean; demoServer: boolean; chooseFolder: boolean; startDrag: boolean };
  /** Start the network monitor and the sync schedule (the app); tests and benches drive the core themselves. */
  background: boolean;
  /**
   * Run the built-in demo library: sample files served read-only by a server
   * process with this run's credential (main makes it, and puts the same in
   * `env`); `sample` sizes it (smoke runs).
   */
  demo: false | { sample?: SampleOptions; credential: Credential };
  /** The log file main writes (the worker's lines included), for messages that point at it. */
  logFile: string | null;
  /**
   * Modules (URLs) the worker imports before it builds the core, as `node --import` would:
   * tests give it the same name-resolution stand-in their own process uses.
   */
  preload?: string[];
  /** Tuning for tests and benches (small listing pages, upload caps): plain data only. */
  tuning?: WorkerTuning;
}

export interface WorkerTuning {
  sync?: SyncTuning;
  uploads?: Pick<UploadTuning, 'concurrency' | 'filesAtOnce' | 'partsPerFile' | 'memoryBudget' | 'partSize' | 'progressIntervalMs'>;
  downloads?: Pick<DownloadTuning, 'concurrency' | 'filesAtOnce' | 'chunkSize' | 'progressIntervalMs'>;
  organise?: Omit<OrganiseTuning, 'onCopied'>;
}

/** The host's services the worker may call. */
export interface HostMethods {
  clipboardWrite(text: string): void;
  openDemo(): void;
  checkForUpdates(): UpdateCheck;
  credentialGet(profileId: string): string | null;
  credentialSet(profileId: string, secret: string): void;
  credentialDelete(profileId: string): boolean;
  /** Main's open dialog: the chosen paths ([] when cancelled). */
  pickPaths(kind: PickKind): string[];
  /** Main's message box: whether the person confirmed. */
  confirm(prompt: ConfirmPrompt): boolean;
  /** Starts the demo's server process (Electron's utilityProcess): its port on 127.0.0.1. */
  startDemoServer(config: DemoServerConfig): { port: number };
  stopDemoServer(): void;
  /** Main's folder picker (exports); null when cancelled. */
  chooseFolder(title: string): string | null;
  /** webContents.startDrag with these files (dragging tiles out). */
  startDrag(files: string[]): void;
}
export type HostMethod = keyof HostMethods;

export type HostToWorker =
  | { type: 'call'; seq: number; channel: string; request: unknown }
  | { type: 'route'; seq: number; pathname: string; request: RouteRequest }
  /** Paths main vouches for (a drop the preload resolved): the worker answers grants. */
  | { type: 'grant'; seq: number; paths: unknown[] }
  | { type: 'host-reply'; seq: number; ok: true; value: unknown }
  | { type: 'host-reply'; seq: number; ok: false; error: ErrorInfo }
  | { type: 'close' };

/** How a library route answers over the port: a file for the host to stream, a transferred stream, or text. */
export type RouteBody = { kind: 'file'; path: string; start?: number; end?: number } | { kind: 'stream'; stream: ReadableStream<Uint8Array> } | { kind: 'text'; text: string };

export type WorkerToHost =
  /** The core is up: its index is open and migrated at `dbPath` (where the library reader opens its own connection). */
  | { type: 'ready'; dbPath?: string }
  | { type: 'failed'; message: string }
  | { type: 'reply'; seq: number; envelope: Envelope<unknown>; ms: number }
  | { type: 'route-reply'; seq: number; response: { status: number; headers: Record<string, string>; body: RouteBody } | null }
  | { type: 'grant-reply'; seq: number; envelope: Envelope<FileGrant[]> }
  | { type: 'event'; event: EventName; payload: unknown }
  | { type: 'log'; line: string }
  | { type: 'host-call'; seq: number; method: HostMethod; args: unknown[] }
  | { type: 'closed' };

/** What the host tells the library reader at start (the same script, its other role). */
export interface ReaderWorkerData {
  role: 'reader';
  /** The index the core opened and migrated. */
  dbPath: string;
  nativeBinding?: string;
  logFile: string | null;
}

/** The reader answers contract calls (its read channels only) and closes; it logs like the core. */
export type HostToReader = Extract<HostToWorker, { type: 'call' | 'close' }>;
export type ReaderToHost = Extract<WorkerToHost, { type: 'ready' | 'failed' | 'reply' | 'log' | 'closed' }>;
