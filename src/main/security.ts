import { app, session, type WebContents } from 'electron';
import { openExternal } from './external-links';
import { permissionAllowed, webContentsGuards } from './security-policy';
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

  const guards = webContentsGuards(devServerUrl, openExternal);
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => guards.willNavigate(event, url));
    contents.on('will-redirect', (event, url) => guards.willRedirect(event, url));
    contents.on('will-attach-webview', (event) => guards.willAttachWebview(event));
    contents.setWindowOpenHandler(guards.windowOpen);
  });
}
