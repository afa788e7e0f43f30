import { preferences, type ThemeChoice } from './preferences';

/**
 * Applies the theme choice: "system" leaves <html> without data-theme, so
 * tokens.css's `color-scheme: light dark` follows the OS (prefers-color-scheme)
 * live; "light"/"dark" pin it. Tokens swap; no rule changes.
 */
export function applyTheme(choice: ThemeChoice = preferences().theme): void {
  const root = document.documentElement;
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
}
