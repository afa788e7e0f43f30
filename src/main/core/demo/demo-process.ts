/**
 * Starting the demo's server in a process of its own (never the app's): the
 * host picks how. Electron's main forks a utilityProcess (a worker thread
 * cannot, and a packaged app has no run-as-Node); plain Node (tests, the
 * worker outside Electron) forks a child process. Either way the server
 * script is demo-server-entry.ts, built as out/main/demo-server.js.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Credential } from './sigv4-verify';

export interface DemoServerConfig {
  root: string;
  bucket: string;
  credential: Credential;
}

export interface RunningDemoServer {
  endpoint: string;
  stop(): Promise<void>;
}

export type StartDemoServer = (config: DemoServerConfig) => Promise<RunningDemoServer>;

/** Messages between the host and the server process. */
export type DemoServerMessage = { type: 'start'; config: DemoServerConfig } | { type: 'ready'; port: number } | { type: 'failed'; message: string };

/** A fresh random credential for one run of the demo (nothing else can sign for its server). */
export function demoCredential(): Credential {
  return { accessKeyId: `DEMO${randomBytes(8).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(24).toString('base64url') };
}

/** The server in a Node child process (`script`: the built demo-server.js). */
export function forkDemoServer(script: string): StartDemoServer {
  return (config) =>
    new Promise((resolve, reject) => {
      const child = fork(script, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [], serialization: 'advanced' });
      const fail = (error: Error) => {
        child.kill();
        reject(error);
      };
      child.once('error', fail);
      child.once('exit', (code) => reject(new Error(`The demo server exited before it started (code ${code}).`)));
      child.on('message', (message: DemoServerMessage) => {
        if (message.type === 'failed') fail(new Error(`The demo server could not start: ${message.message}`));
        if (message.type !== 'ready') return;
        child.removeAllListeners('exit');
        resolve({
          endpoint: `http://127.0.0.1:${message.port}`,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill();
            }),
        });
      });
      child.send({ type: 'start', config } satisfies DemoServerMessage);
    });
}
