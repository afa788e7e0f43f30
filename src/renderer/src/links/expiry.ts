import { useEffect, useState } from 'react';
import { DEFAULT_EXPIRY_SECONDS, EXPIRY_PRESETS, MAX_PRESIGN_SECONDS } from '../../../shared/links';

/** "1 hour", "3 days", "90 minutes", "2 days 6 hours". */
export function formatDuration(seconds: number): string {
  const preset = EXPIRY_PRESETS.find((p) => p.seconds === seconds);
  if (preset) return preset.label;
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds < 60) return plural(seconds, 'second');
  if (seconds < 3_600) return plural(Math.round(seconds / 60), 'minute');
  const days = Math.floor(seconds / 86_400);
  const hours = Math.round((seconds % 86_400) / 3_600);
  if (days === 0) return plural(hours, 'hour');
  return hours === 0 ? plural(days, 'day') : `${plural(days, 'day')} ${plural(hours, 'hour')}`;
}

/** A countdown: "in 5 h 59 min", "in 40 s", or "expired 3 h ago". */
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

const whenFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
export function formatWhen(ms: number): string {
  return whenFormat.format(ms);
}

/** The current time, refreshed every `intervalMs` (for countdowns). */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

const STORAGE_KEY = 'links.expiresIn';

/** The expiry the person chose last (the shortcut and the dialog share it). */
export function rememberedExpiry(): number {
  const stored = Number(globalThis.localStorage?.getItem(STORAGE_KEY));
  return Number.isInteger(stored) && stored >= 1 && stored <= MAX_PRESIGN_SECONDS ? stored : DEFAULT_EXPIRY_SECONDS;
}

export function rememberExpiry(seconds: number): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, String(seconds));
}
