import { BrowserWindow } from 'electron';
import { join } from 'node:path';
import { APP_ORIGIN } from './core/app-protocol';
import { mainWindowWebPreferences } from './security-policy';
// electron-vite resolves the path at run time (`?asset`), inside app.asar.unpacked once packaged (`&asarUnpack`).
import icon from '../../resources/icons/512x512.png?asset&asarUnpack';

export function createMainWindow(preloadDir: string, devServerUrl: string | undefined): BrowserWindow {
  // Electronegativity reads webPreferences only as a literal: they come from mainWindowWebPreferences (isolated,
  // sandboxed, Auxclick off), whose every field test/unit/security/checklist.test.ts holds.
  const win = new BrowserWindow({ // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
    width: 1360,
    height: 860,
    minWidth: 900,
    minHeight: 560,
    show: false,
    backgroundColor: '#111318',
    title: 'Spaces Media Manager',
    // Linux shows it in the dock and task switcher; macOS and Windows take the icon from the app bundle / .exe.
    ...(process.platform === 'linux' ? { icon } : {}),
    webPreferences: mainWindowWebPreferences(join(preloadDir, 'index.cjs')),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
  return win;
}
