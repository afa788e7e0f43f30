import { app, session, type WebContents } from 'electron';
import { openExternal } from './external-links';
import { navigationAllowed, permissionAllowed } from './security-policy';
import { isTrustedUrl } from './trusted-url';

export { isTrustedUrl };

/**
 * Electron's security checklist, applied app-wide (the decisions are
 * security-policy.ts, unit-tested): no navigation away from our pages, no
 * new windows (http links go to the browser through the one gate), no
 * webviews, every permission denied but notifications for the app's page.
 */
export function hardenApp(devServerUrl: string | undefined): void {
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(permissionAllowed(permission, details.requestingUrl, devServerUrl)),
  );
  session.defaultSession.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) =>
    permissionAllowed(permission, details.requestingUrl ?? requestingOrigin, devServerUrl),
  );

  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!navigationAllowed(url, devServerUrl)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!navigationAllowed(url, devServerUrl)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      void openExternal(url);
      return { action: 'deny' };
    });
  });
}
