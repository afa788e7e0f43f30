import { app, session, type WebContents } from 'electron';
import { openExternal } from './external-links';
import { isTrustedUrl } from './trusted-url';

export { isTrustedUrl };

/**
 * Electron's security checklist, applied app-wide: no navigation away from
 * our pages, no new windows (http links go to the browser through the one
 * gate), no webviews, every permission request denied.
 */
export function hardenApp(devServerUrl: string | undefined): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isTrustedUrl(url, devServerUrl)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isTrustedUrl(url, devServerUrl)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      void openExternal(url);
      return { action: 'deny' };
    });
  });
}
