/**
 * What exports and drags out of the window need of Electron's main (the core
 * worker asks over host-rpc): the folder picker, and the operating system's
 * drag with files the core has put on disk.
 */
import { dialog, nativeImage, type BrowserWindow } from 'electron';
// electron-vite resolves the path at run time (`?asset`), inside app.asar.unpacked once packaged (`&asarUnpack`).
import dragIcon from '../../resources/icons/64x64.png?asset&asarUnpack';

export async function chooseFolder(win: BrowserWindow | undefined, title: string): Promise<string | null> {
  const options = { title, buttonLabel: 'Download here', properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/** Starts the OS drag of `files` from the window (a drag must carry an icon on macOS). */
export function startDrag(win: BrowserWindow | undefined, files: string[]): void {
  const [first] = files;
  if (!win || win.isDestroyed() || first === undefined) return;
  win.webContents.startDrag({ file: first, files, icon: nativeImage.createFromPath(dragIcon) });
}
