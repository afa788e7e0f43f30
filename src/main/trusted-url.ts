import { APP_ORIGIN } from './core/app-protocol';

/**
 * The renderer's own origin: app://bundle in production, the Vite dev server
 * in `npm run dev`. IPC senders, navigations and permission requests are
 * checked against it; app://media (originals) is not it. Pure (no
 * electron), so the check is unit-tested. Accepts a URL or a bare origin.
 */
export function isTrustedUrl(url: string, devServerUrl: string | undefined): boolean {
  if (typeof url !== 'string') return false;
  // app:// is not a scheme WHATWG URL knows, so its origin reads "null": compare the text.
  if (url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`)) return true;
  if (devServerUrl === undefined) return false;
  try {
    return new URL(url).origin === new URL(devServerUrl).origin;
  } catch {
    return false;
  }
}
