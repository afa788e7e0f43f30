const bytesFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const countFormat = new Intl.NumberFormat();

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  // A no-break space: "MB" never wraps away from its number.
  return `${bytesFormat.format(value)}\u00a0${units[unit]}`;
}

export function formatCount(n: number, singular: string, plural = `${singular}s`): string {
  return `${countFormat.format(n)} ${n === 1 ? singular : plural}`;
}

export function formatDate(ms: number | null): string {
  if (ms === null) return '—';
  return new Date(ms).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** A date and time (the viewer's details, the list view). */
export function formatDateTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A date taken (the camera's wall clock, stored as UTC: shown as the camera showed it). */
export function formatTaken(ms: number, withTime = true): string {
  return new Date(ms).toLocaleString(undefined, withTime ? { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' } : { dateStyle: 'medium', timeZone: 'UTC' });
}

/** 4000 × 3000 (12 MP). */
export function formatDimensions(width: number | null, height: number | null, megapixels = false): string {
  if (!width || !height) return '—';
  const mp = (width * height) / 1e6;
  return `${width}\u00a0×\u00a0${height}${megapixels && mp >= 1 ? ` (${mp.toFixed(mp >= 10 ? 0 : 1)}\u00a0MP)` : ''}`;
}
