/**
 * The demo server's process (built as out/main/demo-server.js): started by
 * Electron's main as a utilityProcess, or by Node as a child process. It
 * waits for its configuration (folder, bucket, the run's random credential),
 * serves the read-only S3 endpoint on 127.0.0.1 and says on which port. A
 * fault here ends this process only; the app shows the demo offline.
 */
import type { DemoServerMessage } from './demo-process';
import { startReadOnlyS3 } from './read-only-s3';

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}
const electronParent = (process as unknown as { parentPort?: ParentPort }).parentPort;

function post(message: DemoServerMessage): void {
  if (electronParent) electronParent.postMessage(message);
  else process.send?.(message);
}

function onMessage(listener: (message: DemoServerMessage) => void): void {
  if (electronParent) electronParent.on('message', (event) => listener(event.data as DemoServerMessage));
  else process.on('message', (message) => listener(message as DemoServerMessage));
}

process.on('uncaughtException', (error) => {
  process.stderr.write(`demo server: ${error.stack ?? error.message}\n`);
  process.exit(70);
});
// The parent went away (Node's IPC channel closed): so does the demo.
process.on('disconnect', () => process.exit(0));

onMessage((message) => {
  if (message.type !== 'start') return;
  startReadOnlyS3({ root: message.config.root, bucket: message.config.bucket, credential: message.config.credential }).then(
    (server) => post({ type: 'ready', port: server.port }),
    (error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});
