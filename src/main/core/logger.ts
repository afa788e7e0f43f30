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

/** Every registered secret in every form it may take in a line, longest first (a longer form may contain a shorter one). */
let forms: string[] = [];
const secrets = new Set<string>();

/** A JSON string's inside: how a secret with `"`, `\` or controls appears in a JSON log line. */
const jsonInside = (text: string) => JSON.stringify(text).slice(1, -1);

/**
 * The ways a secret is copied into text: as is, JSON-escaped (once as a
 * field, twice when a JSON body is logged as a string), percent-encoded (a
 * query, a form body, SigV4's stricter escaping, lowercase hex) — each of
 * those JSON-escaped again as the line itself is JSON.
 */
export function secretForms(secret: string): string[] {
  const sigv4 = encodeURIComponent(secret).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const encoded = [encodeURIComponent(secret), sigv4, encodeURI(secret), new URLSearchParams({ s: secret }).toString().slice(2)];
  const lower = encoded.map((e) => e.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()));
  const plain = [secret, jsonInside(secret), jsonInside(jsonInside(secret)), ...encoded, ...lower];
  return [...new Set([...plain, ...plain.map(jsonInside)])];
}

/** Registers a value that must never appear in a log line. */
export function registerSecret(value: string): void {
  if (value.length < 4 || secrets.has(value)) return;
  secrets.add(value);
  forms = [...new Set([...forms, ...secretForms(value)])].sort((a, b) => b.length - a.length);
}

export function redact(text: string): string {
  let out = text;
  for (const form of forms) out = out.split(form).join('[redacted]');
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
