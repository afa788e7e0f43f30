/**
 * Where this process's log file is, so messages about unexpected failures can
 * point at it ("the details are in …/logs/main.log"). Set by whoever opens the
 * file (log-file.ts); the core worker learns it from main.
 */
let location: string | null = null;

export function setLogLocation(path: string | null): void {
  location = path;
}

export function logLocation(): string | null {
  return location;
}

/** A sentence pointing at the log. */
export function detailsHint(): string {
  return location ? `The details are in ${location}.` : 'The details are in the log.';
}
