import { useEffect, useState } from 'react';
import { DEFAULT_EXPIRY_SECONDS, MAX_PRESIGN_SECONDS } from '../../../shared/links';
export { formatAgo, formatCountdown, formatDuration } from '../../../shared/durations';

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
  const stored = Number(window.localStorage.getItem(STORAGE_KEY));
  return Number.isInteger(stored) && stored >= 1 && stored <= MAX_PRESIGN_SECONDS ? stored : DEFAULT_EXPIRY_SECONDS;
}

export function rememberExpiry(seconds: number): void {
  window.localStorage.setItem(STORAGE_KEY, String(seconds));
}
