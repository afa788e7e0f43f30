/**
 * Main's own dialogs, which the renderer cannot script: the open dialog that
 * grants files or folders for upload, and the message box that confirms
 * making anything public. The core (in its worker) asks for them over host-rpc.
 */
import { dialog, type BrowserWindow } from 'electron';
import type { ConfirmPrompt, Dialogs } from './core/dialogs';
import type { PickKind } from '../shared/file-grants';

/**
 * Windows and Linux cannot show one dialog that picks both files and
 * folders (Electron's docs): "Add files…" and "Add folder…" ask for one each.
 */
export function openDialogProperties(kind: PickKind): Array<'openFile' | 'openDirectory' | 'multiSelections'> {
  return kind === 'folder' ? ['openDirectory', 'multiSelections'] : ['openFile', 'multiSelections'];
}

export function nativeDialogs(window: () => BrowserWindow | undefined): Dialogs {
  return {
    async pick(kind: PickKind) {
      const options = { title: kind === 'folder' ? 'Upload folders' : 'Upload files', buttonLabel: 'Upload', properties: openDialogProperties(kind) };
      const win = window();
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? [] : result.filePaths;
    },
    async confirm(prompt: ConfirmPrompt) {
      const options = {
        type: 'warning' as const,
        message: prompt.message,
        detail: prompt.detail,
        buttons: [prompt.confirm, 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      };
      const win = window();
      const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
      return response === 0;
    },
  };
}
