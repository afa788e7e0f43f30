/**
 * The log file in the data directory: `logs/main.log` for the app (its core
 * worker's lines included: main writes them), `logs/cli.log` for the command
 * line, so two processes never rotate one file. The live file keeps its name
 * (rotating-file-stream renames the old ones to NAME.1, NAME.2…), so error
 * messages can point at it; this is why it is used rather than pino-roll,
 * which numbers the live file. A few megabytes in all, whatever runs.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createStream } from 'rotating-file-stream';
import { setLogLocation } from './log-location';
import type { LogSink } from './logger';

export interface LogFile {
  /** Null when the folder cannot be written (then nothing is kept, and nothing fails for it). */
  path: string | null;
  sink: LogSink;
  /** Flushes and closes the file (the CLI, before it exits). */
  close(): Promise<void>;
}

/**
 * `unwritable` hears, once, that no log can be kept (a full or read-only
 * disk): the app says so on stderr; the CLI only when asked (--verbose), as
 * its stderr is the command's one line.
 */
export function openLogFile(dataDir: string, name: 'main' | 'cli', unwritable: (line: string) => void = (line) => process.stderr.write(line)): LogFile {
  const dir = join(dataDir, 'logs');
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    unwritable(`spaces-media: no log file (cannot create ${dir}: ${(error as Error).message})\n`);
    setLogLocation(null);
    return { path: null, sink: () => undefined, close: async () => undefined };
  }
  const file = `${name}.log`;
  const stream = createStream(file, { path: dir, size: '5M', rotate: 3 });
  let failed = false;
  // A log that cannot be written must not take the app down: say so once, keep going.
  stream.on('error', (error) => {
    if (!failed) unwritable(`spaces-media: cannot write ${join(dir, file)}: ${error.message}\n`);
    failed = true;
  });
  const path = join(dir, file);
  setLogLocation(path);
  return {
    path,
    sink: (line) => {
      if (!failed) stream.write(`${line}\n`);
    },
    close: () => new Promise((resolve) => stream.end(() => resolve())),
  };
}
