/**
 * The host's side of the core worker (Signal Desktop's MainSQL pattern):
 * starts the worker with its data and a MessagePort, numbers every request,
 * logs any that was slow, answers the worker's host-rpc, and hands events to
 * whoever forwards them to the renderer. Electron's main uses it; so do the
 * e2e harness and the responsiveness bench, which play main. Plain Node: it
 * imports no electron.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { EventName } from '../../shared/contract';
import type { UpdateCheck } from '../../shared/updates';
import type { Envelope } from '../../shared/errors';
import type { FileGrant, PickKind } from '../../shared/file-grants';
import type { CredentialStore } from '../core/credentials/credential-store';
import type { DemoServerConfig } from '../core/demo/demo-process';
import type { ConfirmPrompt, Dialogs } from '../core/dialogs';
import { toErrorInfo } from '../core/errors';
import { dataText } from '../core/originals/route';
import type { RouteRequest } from '../core/thumbnails/routes';
import { detailsHint } from '../core/log-location';
import type { Logger, LogSink } from '../core/logger';
import { isLibraryRead } from '../ipc/library-read-channels';
import { PendingRequests } from './pending';
import { LibraryReader } from './reader-host';
import type { CoreWorkerData, HostMethod, HostToWorker, RouteBody, WorkerToHost } from './protocol';

export interface RouteResponse {
  status: number;
  headers: Record<string, string>;
  body: RouteBody;
}

/** What the host does when the worker asks; a missing one answers FORBIDDEN-style errors in the worker. */
export interface HostServices {
  clipboardWrite?(text: string): void | Promise<void>;
  openDemo?(): void | Promise<void>;
  /** Electron's update check (electron-updater lives in main). */
  checkForUpdates?(): Promise<UpdateCheck>;
  /** Main's native dialogs (Electron's dialog module); the e2e harness's scripted stand-in. */
  dialogs?: Dialogs;
  /** The demo's server process (Electron's utilityProcess; a worker thread cannot start one in a packaged app). */
  demoServer?: { start(config: DemoServerConfig): Promise<{ port: number }>; stop(): void | Promise<void> };
  /** A test's credential store (CoreWorkerData.credentials = host). */
  credentials?: CredentialStore;
  /** Main's folder picker (dialog.showOpenDialog); the e2e harness scripts one. */
  chooseFolder?(title: string): Promise<string | null>;
  /** webContents.startDrag with local files; the harness records them. */
  startDrag?(files: string[]): Promise<void> | void;
}

export interface CoreHostOptions {
  /** The built worker script (out/main/core-worker.js; outside the asar when packaged). */
  script: string | URL;
  data: Omit<CoreWorkerData, 'host'>;
  services?: HostServices;
  /** The host's own log (slow calls, the worker's exit). */
  log: Logger;
  /** Where the worker's lines go (main's log file; a test's memory). */
  workerLog: LogSink;
  /** Calls slower than this (round trip) are logged; default 500 ms. */
  slowCallMs?: number;
  /** Start the library reader thread for the index's read channels (default true). */
  reader?: boolean;
}

type Listener = (event: EventName, payload: unknown) => void;

export class CoreWorker {
  private readonly calls = new PendingRequests<Envelope<unknown>>();
  private readonly routes = new PendingRequests<RouteResponse | null>();
  private readonly grants = new PendingRequests<Envelope<FileGrant[]>>();
  private readonly listeners = new Set<Listener>();
  /** The library reader thread, once started (null: reads go to the core). */
  private reader: LibraryReader | null = null;
  private stopped: string | null = null;
  private closing: Promise<void> | null = null;
  private readonly closed: Promise<void>;
  private markClosed!: () => void;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly options: CoreHostOptions,
  ) {
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
  }

  /**
   * Starts the worker; resolves once its core is up (database open,
   * migrations applied) and the library reader is too (or known not to start).
   */
  static async start(options: CoreHostOptions): Promise<CoreWorker> {
    const { host, dbPath } = await CoreWorker.startCore(options);
    if (dbPath && options.reader !== false) {
      host.reader = await LibraryReader.start({
        script: options.script,
        data: { dbPath, nativeBinding: options.data.nativeBinding, logFile: options.data.logFile },
        log: options.log,
        workerLog: options.workerLog,
        onReply: (message) => host.settle(message.seq, message.envelope, message.ms),
        onLost: (calls) => {
          for (const call of calls) {
            if (host.stopped) host.settle(call.seq, host.unavailable(), 0);
            else host.post({ type: 'call', ...call });
          }
        },
      });
    }
    return host;
  }

  private static startCore(options: CoreHostOptions): Promise<{ host: CoreWorker; dbPath?: string }> {
    const { port1, port2 } = new MessageChannel();
    const services = options.services ?? {};
    const data: CoreWorkerData & { port: unknown } = {
      ...options.data,
      host: {
        clipboard: !!services.clipboardWrite,
        openDemo: !!services.openDemo,
        updates: !!services.checkForUpdates,
        dialogs: !!services.dialogs,
        demoServer: !!services.demoServer,
        chooseFolder: !!services.chooseFolder,
        startDrag: !!services.startDrag,
      },
      port: port2,
    };
    const worker = new Worker(options.script, { workerData: data, transferList: [port2] });
    const host = new CoreWorker(worker, port1, options);
    return new Promise((resolve, reject) => {
      let started = false;
      host.onStart = (error, dbPath) => {
        if (started) return;
        started = true;
        if (error) reject(error);
        else resolve({ host, dbPath });
      };
      port1.on('message', (message: WorkerToHost) => host.receive(message));
      worker.on('error', (error) => host.gone(`the core worker failed: ${error.message}`, error));
      worker.on('exit', (code) => host.gone(`the core worker exited (code ${code})`));
    });
  }

  private onStart: (error?: Error, dbPath?: string) => void = () => undefined;

  /** One contract call, answered with its envelope (never throws). Reads of the index go to the reader when it runs. */
  async call(channel: string, request: unknown): Promise<Envelope<unknown>> {
    if (this.stopped) return this.unavailable();
    const { seq, answer } = this.calls.open();
    if (this.reader?.available && isLibraryRead(channel)) this.reader.call(seq, channel, request);
    else this.post({ type: 'call', seq, channel, request });
    return answer;
  }

  /** A library route (thumbnails, originals), or null when the path is none of them. */
  async route(pathname: string, request: RouteRequest = {}): Promise<RouteResponse | null> {
    if (this.stopped) return dataText(503, 'The app is restarting its core.');
    const { seq, answer } = this.routes.open();
    this.post({ type: 'route', seq, pathname, request });
    return answer;
  }

  /**
   * Registers paths as upload grants. Only for paths main itself vouches for
   * (a drop the preload resolved with webUtils: see ipc/file-grants.ts); the
   * renderer reaches this through no contract channel.
   */
  async grantPaths(paths: unknown[]): Promise<Envelope<FileGrant[]>> {
    if (this.stopped) return this.unavailable();
    const { seq, answer } = this.grants.open();
    this.post({ type: 'grant', seq, paths });
    return answer;
  }

  /** Events from the core, in order. Returns the unsubscribe. */
  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops the core (transfers stay resumable) and the worker; waits at most `timeoutMs`, then terminates it. */
  close(timeoutMs = 5_000): Promise<void> {
    this.closing ??= (async () => {
      if (!this.stopped) {
        this.post({ type: 'close' });
        const timer = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
        await Promise.race([this.closed, timer]);
      }
      this.stopped ??= 'closed';
      await Promise.all([this.reader?.close(), this.worker.terminate()]);
    })();
    return this.closing;
  }

  private post(message: HostToWorker): void {
    this.port.postMessage(message);
  }

  private receive(message: WorkerToHost): void {
    switch (message.type) {
      case 'ready':
        this.onStart(undefined, message.dbPath);
        return;
      case 'failed':
        this.onStart(new Error(`The app's core could not start: ${message.message}`));
        return;
      case 'reply':
        this.settle(message.seq, message.envelope, message.ms);
        return;
      case 'route-reply':
        this.routes.resolve(message.seq, message.response);
        return;
      case 'grant-reply':
        this.grants.resolve(message.seq, message.envelope);
        return;
      case 'event':
        for (const listener of this.listeners) listener(message.event, message.payload);
        return;
      case 'log':
        this.options.workerLog(message.line);
        return;
      case 'host-call':
        void this.serve(message.seq, message.method, message.args);
        return;
      case 'closed':
        this.stopped = 'closed';
        this.markClosed();
        return;
    }
  }

  /** A call's answer, from the core or the reader; slow ones are logged. */
  private settle(seq: number, envelope: Envelope<unknown>, handlerMs: number): void {
    const ms = this.calls.resolve(seq, envelope);
    if (ms !== null && ms > (this.options.slowCallMs ?? 500)) {
      this.options.log.info(`core call #${seq} took ${Math.round(ms)} ms (${Math.round(handlerMs)} ms in its handler)`);
    }
  }

  /** Answers the worker's host-rpc. */
  private async serve(seq: number, method: HostMethod, args: unknown[]): Promise<void> {
    const { services = {} } = this.options;
    try {
      const value = await this.invoke(services, method, args);
      this.post({ type: 'host-reply', seq, ok: true, value: value ?? null });
    } catch (error) {
      this.options.log.warn(`host ${method} failed`, error);
      this.post({ type: 'host-reply', seq, ok: false, error: toErrorInfo(error) });
    }
  }

  private invoke(services: HostServices, method: HostMethod, args: unknown[]): unknown {
    const [a, b] = args as [string, string];
    const dialogs = () => {
      if (!services.dialogs) throw new Error('This host shows no dialogs.');
      return services.dialogs;
    };
    switch (method) {
      case 'clipboardWrite':
        return services.clipboardWrite?.(a);
      case 'openDemo':
        return services.openDemo?.();
      case 'checkForUpdates':
        return services.checkForUpdates?.();
      case 'credentialGet':
        return this.credentials(services).get(a);
      case 'credentialSet':
        return this.credentials(services).set(a, b);
      case 'credentialDelete':
        return this.credentials(services).delete(a);
      case 'pickPaths':
        return dialogs().pick(args[0] as PickKind);
      case 'confirm':
        return dialogs().confirm(args[0] as ConfirmPrompt);
      case 'startDemoServer':
        if (!services.demoServer) throw new Error('This host starts no demo server.');
        return services.demoServer.start(args[0] as DemoServerConfig);
      case 'stopDemoServer':
        return services.demoServer?.stop();
      case 'chooseFolder':
        return services.chooseFolder?.(a) ?? null;
      case 'startDrag':
        return services.startDrag?.((args[0] as unknown[]).filter((f): f is string => typeof f === 'string'));
    }
  }

  private credentials(services: HostServices): CredentialStore {
    if (!services.credentials) throw new Error('This host keeps no credentials (the worker uses the keychain).');
    return services.credentials;
  }

  /** The worker is gone: whatever waits gets an answer, and later calls say what happened. */
  private gone(reason: string, error?: Error): void {
    this.onStart(error ?? new Error(reason));
    if (this.stopped === 'closed') return;
    this.stopped = reason;
    this.options.log.error(reason, error);
    this.calls.settleAll((resolve) => resolve(this.unavailable()));
    this.routes.settleAll((resolve) => resolve(null));
    this.grants.settleAll((resolve) => resolve(this.unavailable()));
    void this.reader?.close();
    this.markClosed();
  }

  private unavailable(): Envelope<never> {
    return {
      ok: false,
      error: { code: 'INTERNAL', message: `The app's background service stopped unexpectedly; restart the app. ${detailsHint()}`, retryable: false },
    };
  }
}
