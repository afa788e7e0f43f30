/**
 * The core thread (core-worker.ts starts it): builds the one Core, and
 * serves the host over the MessagePort it was given — contract calls through the same dispatch loop
 * (zod validation, envelopes), library routes as files or transferred
 * streams, events and log lines as they happen. What only the host can do
 * (the clipboard, relaunching on the demo, a test's credential store) it asks
 * for with host-rpc.
 */
import { workerData, type MessagePort, type TransferListItem } from 'node:worker_threads';
import type { ErrorInfo } from '../../shared/errors';
import { createCore, type Core } from '../core/core';
import type { CredentialStore } from '../core/credentials/credential-store';
import { keychainStore } from '../core/credentials/keychain';
import { fileURLToPath } from 'node:url';
import { startDemoLibrary } from '../core/demo/demo-library';
import { forkDemoServer, type StartDemoServer } from '../core/demo/demo-process';
import { AppError, toErrorInfo } from '../core/errors';
import { setLogLocation } from '../core/log-location';
import { preloadSharp } from '../core/thumbnails/render';
import type { RouteRequest } from '../core/thumbnails/routes';
import { createLogger, registerSecret } from '../core/logger';
import { dataText } from '../core/originals/route';
import { dispatch } from '../ipc/dispatch';
import { createHandlers } from '../ipc/handlers';
import { PendingRequests } from './pending';
import type { CoreWorkerData, HostMethod, HostMethods, HostToWorker, WorkerToHost } from './protocol';

const data = workerData as CoreWorkerData & { port: MessagePort };
const port = data.port;

function send(message: WorkerToHost, transfer: TransferListItem[] = []): void {
  try {
    port.postMessage(message, transfer);
  } catch (error) {
    // A payload that cannot be cloned is a bug here, not a reason to lose the answer.
    log.error(`core worker: could not send ${message.type}`, error);
    if (message.type === 'reply') port.postMessage({ ...message, envelope: { ok: false, error: toErrorInfo(error) } });
  }
}

const log = createLogger((line) => send({ type: 'log', line }));
setLogLocation(data.logFile);

const hostCalls = new PendingRequests<unknown>();

function host<M extends HostMethod>(method: M, ...args: Parameters<HostMethods[M]>): Promise<ReturnType<HostMethods[M]>> {
  const { seq, answer } = hostCalls.open();
  send({ type: 'host-call', seq, method, args });
  return answer as Promise<ReturnType<HostMethods[M]>>;
}

/** The host's credential store (tests share theirs with the worker); secrets passing through are redacted here too. */
function hostCredentials(): CredentialStore {
  return {
    get: async (id) => {
      const secret = await host('credentialGet', id);
      if (secret) registerSecret(secret);
      return secret;
    },
    set: async (id, secret) => {
      registerSecret(secret);
      await host('credentialSet', id, secret);
    },
    delete: (id) => host('credentialDelete', id),
  };
}

for (const module of data.preload ?? []) await import(module);

let core: Core;
try {
  core = createCore({
    dataDir: data.dataDir,
    dbPath: data.dbPath,
    nativeBinding: data.nativeBinding,
    electronVersion: data.electronVersion,
    env: data.env,
    log,
    credentials: data.credentials.kind === 'host' ? hostCredentials() : keychainStore(data.credentials.service),
    clipboard: data.host.clipboard ? { writeText: (text) => host('clipboardWrite', text) } : undefined,
    openDemo: data.host.openDemo ? () => host('openDemo') : undefined,
    updates: data.host.updates ? { check: () => host('checkForUpdates') } : undefined,
    dialogs: data.host.dialogs ? { pick: (kind) => host('pickPaths', kind), confirm: (prompt) => host('confirm', prompt) } : undefined,
    exportHost: {
      chooseFolder: data.host.chooseFolder ? (title) => host('chooseFolder', title) : undefined,
      startDrag: data.host.startDrag ? (files) => host('startDrag', files) : undefined,
    },
    sync: data.tuning?.sync,
    uploads: data.tuning?.uploads,
    downloads: data.tuning?.downloads,
    organise: data.tuning?.organise,
  });
} catch (error) {
  log.error('the core could not start', error);
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  throw error;
}

const handlers = createHandlers(core);
core.bus.subscribe((event, payload) => send({ type: 'event', event, payload }));

async function route(seq: number, pathname: string, request: RouteRequest): Promise<void> {
  try {
    const response = await core.serveRoute(pathname, request);
    const transfer = response?.body.kind === 'stream' ? [response.body.stream as unknown as TransferListItem] : [];
    send({ type: 'route-reply', seq, response: response ?? null }, transfer);
  } catch (error) {
    log.error(`route ${pathname} failed`, error);
    send({ type: 'route-reply', seq, response: dataText(500, 'Internal error') });
  }
}

let stopDemo: (() => Promise<void>) | undefined;

async function close(): Promise<void> {
  await stopDemo?.().catch(() => undefined);
  await core.uploads.close();
  await core.downloads.close();
  core.close();
  hostCalls.settleAll((_, reject) => reject(new AppError('CANCELLED', 'The app is closing.')));
  send({ type: 'closed' });
  port.close();
}

port.on('message', (message: HostToWorker) => {
  switch (message.type) {
    case 'call': {
      const started = performance.now();
      void dispatch(handlers, message.channel, message.request, log).then((envelope) =>
        send({ type: 'reply', seq: message.seq, envelope, ms: performance.now() - started }),
      );
      return;
    }
    case 'route':
      void route(message.seq, message.pathname, message.request ?? {});
      return;
    case 'grant':
      core.grants.grant(message.paths, 'drop').then(
        (grants) => send({ type: 'grant-reply', seq: message.seq, envelope: { ok: true, data: grants } }),
        (error: unknown) => send({ type: 'grant-reply', seq: message.seq, envelope: { ok: false, error: toErrorInfo(error) } }),
      );
      return;
    case 'host-reply':
      if (message.ok) hostCalls.resolve(message.seq, message.value);
      else hostCalls.reject(message.seq, fromInfo(message.error));
      return;
    case 'close':
      void close();
      return;
  }
});

function fromInfo(info: ErrorInfo): AppError {
  return new AppError(info.code, info.message, { retryable: info.retryable });
}

if (data.background) {
  core.network.start();
  core.syncScheduler.start();
  // Downloads a quit interrupted: the offline store and exports continue from their partial files; drags are gone.
  void core.offline.start().catch((error: unknown) => log.warn('offline store could not resume', error));
  core.downloads.resumeInterrupted('export');
  void core.downloads.cancel(undefined, (row) => row.purpose === 'drag');
  void core.exports.sweepDrags();
  // A rename, move or delete a crash or a quit left between its copies and deletes is finished now.
  core.organise.recover().catch((error: unknown) => log.error('organise: recovery failed', error));
}
/** The demo's server process: Electron's main forks it (utilityProcess); plain Node forks the built script beside this one. */
const startDemoServer: StartDemoServer = data.host.demoServer
  ? async (config) => {
      const { port } = await host('startDemoServer', config);
      return { endpoint: `http://127.0.0.1:${port}`, stop: () => host('stopDemoServer') };
    }
  : forkDemoServer(fileURLToPath(new URL('./demo-server.js', import.meta.url)));

if (data.demo) {
  startDemoLibrary(core, { start: startDemoServer, sample: data.demo.sample, credential: data.demo.credential }).then(
    (library) => {
      stopDemo = library.stop;
      log.info(`demo library: ${library.indexed.media} media at ${library.endpoint}`);
    },
    (error: unknown) => log.error('demo library failed to start', error),
  );
}
send({ type: 'ready', dbPath: core.database.path });
// While the window loads: the first thumbnail then finds sharp loaded.
setImmediate(() => void preloadSharp().catch((error: unknown) => log.warn('sharp could not be loaded; thumbnails will fail', error)));
