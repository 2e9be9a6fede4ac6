/** The core's recordings port in the app: a folder picker, "show in folder", and a default folder in Documents. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, dialog, shell, type BrowserWindow } from 'electron';
import type { RecordingsPort } from '../core/recording-service';

export function electronRecordingsPort(window: () => BrowserWindow | undefined): RecordingsPort {
  return {
    defaultFolder: join(app.getPath('documents'), 'Softphone recordings'),
    async chooseFolder() {
      const options = { properties: ['openDirectory' as const, 'createDirectory' as const] };
      const parent = window();
      const choice = parent && !parent.isDestroyed() ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return choice.canceled ? undefined : choice.filePaths[0];
    },
    async showFile(path) {
      // showItemInFolder says nothing when the file is gone.
      if (!existsSync(path)) return false;
      shell.showItemInFolder(path);
      return true;
    },
  };
}
