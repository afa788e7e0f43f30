import { useSyncExternalStore } from 'react';

/**
 * How this window looks, chosen by the person and kept in localStorage (the
 * app's own origin): the theme, and how a post shows its media. Not server
 * state, so not in the query cache; one small store every view can read.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';
export type MediaLayout = 'grid' | 'list';
export type Density = 'compact' | 'comfortable' | 'large';

export interface Preferences {
  theme: ThemeChoice;
  layout: MediaLayout;
  /** Names under the tiles (otherwise on hover and on the focused tile). */
  captions: boolean;
  density: Density;
}

const KEY = 'spaces-media.preferences';
const DEFAULTS: Preferences = { theme: 'system', layout: 'grid', captions: false, density: 'comfortable' };

const THEMES: readonly ThemeChoice[] = ['system', 'light', 'dark'];
const LAYOUTS: readonly MediaLayout[] = ['grid', 'list'];
const DENSITIES: readonly Density[] = ['compact', 'comfortable', 'large'];

/** Stored values that are no longer valid fall back to the defaults one by one. */
function read(): Preferences {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Record<keyof Preferences, unknown>>;
    return {
      theme: THEMES.includes(stored.theme as ThemeChoice) ? (stored.theme as ThemeChoice) : DEFAULTS.theme,
      layout: LAYOUTS.includes(stored.layout as MediaLayout) ? (stored.layout as MediaLayout) : DEFAULTS.layout,
      captions: typeof stored.captions === 'boolean' ? stored.captions : DEFAULTS.captions,
      density: DENSITIES.includes(stored.density as Density) ? (stored.density as Density) : DEFAULTS.density,
    };
  } catch {
    return DEFAULTS;
  }
}

let current = read();
const listeners = new Set<() => void>();

export function preferences(): Preferences {
  return current;
}

export function setPreferences(change: Partial<Preferences>): void {
  current = { ...current, ...change };
  try {
    localStorage.setItem(KEY, JSON.stringify(current));
  } catch {
    // Storage full or denied: the choice holds for this session.
  }
  for (const listener of listeners) listener();
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function usePreferences(): Preferences {
  return useSyncExternalStore(subscribe, preferences);
}

/** Number of grid columns' minimum width per density. */
export const TILE_WIDTH: Record<Density, number> = { compact: 120, comfortable: 168, large: 240 };
