/**
 * The app's log: pino writing one JSON line per entry to sinks — the
 * rotating file in the data directory (log-file.ts), stderr, the core
 * worker's port to main, or memory in tests. Every line passes through
 * `redact` on its way out, which removes every registered secret, so a
 * secret that slipped into an SDK error message or a stack still never
 * reaches a sink.
 */
import pino from 'pino';

export interface Logger {
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

/** Takes one finished (redacted) line, without its newline. */
export type LogSink = (line: string) => void;

const secrets = new Set<string>();

/** Registers a value that must never appear in a log line. */
export function registerSecret(value: string): void {
  if (value.length >= 4) secrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  return out;
}

export const stderrSink: LogSink = (line) => void process.stderr.write(`${line}\n`);

/** An error under `err` (pino serializes its type, message, stack and cause); anything else under `detail`. */
function fields(detail: unknown): Record<string, unknown> {
  if (detail === undefined) return {};
  return detail instanceof Error ? { err: detail } : { detail };
}

/** A logger whose lines go to every sink (stderr when none is given). */
export function createLogger(...sinks: LogSink[]): Logger {
  const out = sinks.length > 0 ? sinks : [stderrSink];
  const destination = {
    write(line: string) {
      const trimmed = line.endsWith('\n') ? line.slice(0, -1) : line;
      for (const sink of out) sink(trimmed);
    },
  };
  const log = pino(
    {
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: { streamWrite: redact },
    },
    destination,
  );
  return {
    info: (message, detail) => log.info(fields(detail), message),
    warn: (message, detail) => log.warn(fields(detail), message),
    error: (message, detail) => log.error(fields(detail), message),
  };
}

/** For tests: keeps lines in memory. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger((l) => lines.push(l)), { lines });
}
