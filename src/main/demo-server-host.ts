/**
 * The demo's read-only S3 server as an Electron utilityProcess (its own OS
 * process, never main's): the worker asks for it over host-rpc. A fault in
 * the server ends that process only.
 */
import { utilityProcess, type UtilityProcess } from 'electron';
import type { DemoServerConfig, DemoServerMessage } from './core/demo/demo-process';
import type { Logger } from './core/logger';

export function utilityDemoServer(script: string, log: Logger) {
  let child: UtilityProcess | undefined;
  return {
    start(config: DemoServerConfig): Promise<{ port: number }> {
      child?.kill();
      const started = utilityProcess.fork(script, [], { serviceName: 'Spaces Media demo server', stdio: 'inherit' });
      child = started;
      return new Promise((resolve, reject) => {
        started.once('exit', (code) => {
          log.warn(`demo server exited (code ${code})`);
          reject(new Error(`The demo server exited (code ${code}).`));
        });
        started.on('message', (message: DemoServerMessage) => {
          if (message.type === 'ready') resolve({ port: message.port });
          if (message.type === 'failed') reject(new Error(message.message));
        });
        started.postMessage({ type: 'start', config } satisfies DemoServerMessage);
      });
    },
    stop(): void {
      child?.kill();
      child = undefined;
    },
  };
}
