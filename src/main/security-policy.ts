/**
 * The decisions behind Electron's security checklist, as pure functions so
 * tests can hold every one of them (security.ts and window.ts hand them to
 * Electron): what the window may do, where it may go, which permission it
 * gets, what opens outside the app.
 */
import type { WebPreferences } from 'electron';
import { isTrustedUrl } from './trusted-url';

/** The main window's webPreferences: isolated, sandboxed, no Node, nothing insecure. */
export function mainWindowWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    // A middle click opens links through window.open's path; nothing in the app wants it.
    disableBlinkFeatures: 'Auxclick',
  };
}

/** The only permission the app uses: system notifications (upload and sync finished). */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications']);

/** A permission request or check: only an allowed permission, only from the app's own page. */
export function permissionAllowed(permission: string, requestingUrl: string | undefined, devServerUrl: string | undefined): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && requestingUrl !== undefined && isTrustedUrl(requestingUrl, devServerUrl);
}

/** Navigation and redirects stay on the app's own pages. */
export function navigationAllowed(url: string, devServerUrl: string | undefined): boolean {
  return isTrustedUrl(url, devServerUrl);
}

/** What an Electron event offers a handler to refuse with. */
export interface Preventable {
  preventDefault(): void;
}

/**
 * The handlers every webContents gets (security.ts attaches them): navigation
 * and redirects away from the app's pages are prevented, a <webview> never
 * attaches, and a new window is always denied, its URL handed to the
 * openExternal table instead.
 */
export function webContentsGuards(devServerUrl: string | undefined, openExternal: (url: string) => unknown) {
  const stayOnApp = (event: Preventable, url: string) => {
    if (!navigationAllowed(url, devServerUrl)) event.preventDefault();
  };
  return {
    willNavigate: stayOnApp,
    willRedirect: stayOnApp,
    willAttachWebview: (event: Preventable) => event.preventDefault(),
    windowOpen: ({ url }: { url: string }): { action: 'deny' } => {
      void openExternal(url);
      return { action: 'deny' };
    },
  };
}

/** Hosts the app itself points people to: opened without asking. */
export const KNOWN_EXTERNAL_HOSTS: readonly string[] = ['cloud.digitalocean.com', 'docs.digitalocean.com', 'www.digitalocean.com', 'github.com'];

export type ExternalDecision = { action: 'open' | 'ask'; url: string; host: string } | { action: 'refuse' };

/**
 * What happens to a link leaving the app: http(s) to a host the app produced
 * opens in the browser; any other http(s) host is asked about first (main's
 * own dialog); every other scheme (file:, javascript:, smb:, custom
 * handlers), credentials in the URL or a malformed one is refused.
 */
export function externalLinkDecision(url: string): ExternalDecision {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { action: 'refuse' };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return { action: 'refuse' };
  if (parsed.username || parsed.password) return { action: 'refuse' };
  const host = parsed.hostname.toLowerCase();
  const known = parsed.protocol === 'https:' && KNOWN_EXTERNAL_HOSTS.includes(host);
  return { action: known ? 'open' : 'ask', url: parsed.toString(), host };
}
