/**
 * The host's side of the library reader thread (library-reader.ts): starts
 * it once the core has opened and migrated the index, hands it the read
 * channels' calls, and gives their answers to the core host, which settles
 * them like any other. If the reader fails or exits, the calls it held are
 * handed back (the core answers them, as it answers every read channel too)
 * and later reads go to the core.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Logger, LogSink } from '../core/logger';
import type { HostToReader, ReaderToHost, ReaderWorkerData } from './protocol';

export interface ReaderHostOptions {
  script: string | URL;
  data: Omit<ReaderWorkerData, 'role'>;
  log: Logger;
  workerLog: LogSink;
  /** An answer to a call the reader was given. */
  onReply(message: Extract<ReaderToHost, { type: 'reply' }>): void;
  /** The reader is gone: these calls were not answered; they go to the core. */
  onLost(calls: { seq: number; channel: string; request: unknown }[]): void;
}

export class LibraryReader {
  private readonly held = new Map<number, { channel: string; request: unknown }>();
  private alive = true;
  private closed: (() => void) | null = null;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly options: ReaderHostOptions,
  ) {}

  /** Starts the reader; null (logged) when it cannot start: the core then answers reads itself. */
  static start(options: ReaderHostOptions): Promise<LibraryReader | null> {
    const { port1, port2 } = new MessageChannel();
    const data: ReaderWorkerData & { port: MessagePort } = { ...options.data, role: 'reader', port: port2 };
    // Its heap holds a page of rows at a time: a small young generation keeps the thread's memory to a few MB.
    const worker = new Worker(options.script, { workerData: data, transferList: [port2], resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 128 } });
    const reader = new LibraryReader(worker, port1, options);
    return new Promise((resolve) => {
      let started = false;
      const settle = (value: LibraryReader | null) => {
        if (started) return;
        started = true;
        resolve(value);
      };
      port1.on('message', (message: ReaderToHost) => {
        if (message.type === 'ready') settle(reader);
        else if (message.type === 'failed') {
          options.log.warn(`the library reader could not start (${message.message}); the core answers library reads`);
          void worker.terminate();
          settle(null);
        } else reader.receive(message);
      });
      const lost = (reason: string, error?: Error) => {
        settle(null);
        reader.lost(reason, error);
      };
      worker.on('error', (error) => lost(`the library reader failed: ${error.message}`, error));
      worker.on('exit', (code) => lost(`the library reader exited (code ${code})`));
    });
  }

  get available(): boolean {
    return this.alive;
  }

  call(seq: number, channel: string, request: unknown): void {
    this.held.set(seq, { channel, request });
    this.post({ type: 'call', seq, channel, request });
  }

  /** Closes the connection and the thread; waits at most `timeoutMs`. */
  async close(timeoutMs = 1_000): Promise<void> {
    if (this.alive) {
      this.alive = false;
      const done = new Promise<void>((resolve) => (this.closed = resolve));
      this.post({ type: 'close' });
      await Promise.race([done, new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref())]);
    }
    await this.worker.terminate();
  }

  private post(message: HostToReader): void {
    this.port.postMessage(message);
  }

  private receive(message: ReaderToHost): void {
    switch (message.type) {
      case 'reply':
        this.held.delete(message.seq);
        this.options.onReply(message);
        return;
      case 'log':
        this.options.workerLog(message.line);
        return;
      case 'closed':
        this.closed?.();
        return;
    }
  }

  private lost(reason: string, error?: Error): void {
    if (!this.alive) return;
    this.alive = false;
    this.options.log.warn(`${reason}; the core answers library reads from now on`, error);
    const calls = [...this.held].map(([seq, call]) => ({ seq, ...call }));
    this.held.clear();
    this.options.onLost(calls);
  }
}
