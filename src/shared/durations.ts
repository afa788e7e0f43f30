/** How long links last, in words (the share dialog, toasts, Recently shared). */
import { EXPIRY_PRESETS } from './links';

/** "1 hour", "3 days", "1 hour 30 minutes", "2 days 6 hours". */
export function formatDuration(seconds: number): string {
  const preset = EXPIRY_PRESETS.find((p) => p.seconds === seconds);
  if (preset) return preset.label;
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds < 60) return plural(seconds, 'second');
  // The two largest units that are not zero: "1 hour 30 minutes", "2 days 6 hours".
  const parts = [
    [Math.floor(seconds / 86_400), 'day'],
    [Math.floor((seconds % 86_400) / 3_600), 'hour'],
    [Math.floor((seconds % 3_600) / 60), 'minute'],
  ] as const;
  const first = parts.findIndex(([n]) => n > 0);
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => plural(n, unit))
    .join(' ');
}

/** A countdown: "in 5 h 59 min", "in 40 s", or "3 h 0 min ago" once past. */
export function formatCountdown(expiresAt: number, now: number): string {
  const left = expiresAt - now;
  const span = Math.abs(left);
  const s = Math.floor(span / 1000);
  let text: string;
  if (s < 60) text = `${s} s`;
  else if (s < 3_600) text = `${Math.floor(s / 60)} min`;
  else if (s < 86_400) text = `${Math.floor(s / 3_600)} h ${Math.floor((s % 3_600) / 60)} min`;
  else text = `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3_600)} h`;
  return left > 0 ? `in ${text}` : `${text} ago`;
}

/** "just now", "5 min ago", "2 d 3 h ago". */
export function formatAgo(at: number, now: number): string {
  return now - at < 60_000 ? 'just now' : formatCountdown(at, now);
}

