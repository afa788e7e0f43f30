import { APP_ORIGIN } from './core/app-protocol';

/**
 * The renderer's own origin: app://bundle in production, the Vite dev server
 * in `npm run dev`. IPC senders and navigations are checked against it. Pure
 * (no electron), so the check is unit-tested.
 */
export function isTrustedUrl(url: string, devServerUrl: string | undefined): boolean {
  try {
    const origin = new URL(url).origin;
    if (url.startsWith(`${APP_ORIGIN}/`)) return true;
    return devServerUrl !== undefined && origin === new URL(devServerUrl).origin;
  } catch {
    return false;
  }
}
