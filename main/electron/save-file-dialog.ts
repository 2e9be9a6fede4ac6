/** The core's save port in the app: Electron's save dialog, then the file written as UTF-8. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import type { ExportFile } from '../core/contacts-service';

export async function saveWithDialog(window: BrowserWindow | undefined, file: ExportFile): Promise<string | undefined> {
  const options = {
    defaultPath: join(app.getPath('documents'), file.suggestedName),
    filters: [{ name: file.extension.toUpperCase(), extensions: [file.extension] }],
  };
  const choice = window && !window.isDestroyed() ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  if (choice.canceled || !choice.filePath) return undefined;
  await writeFile(choice.filePath, file.content, 'utf8');
  return choice.filePath;
}
