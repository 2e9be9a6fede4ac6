/**
 * The shell as packed (dist/main/main.js, one esbuild bundle with electron
 * left external) starts under the stand-in electron: the bundle's own
 * imports (electron-log, electron-store, ws …) load, the window and the tray
 * appear, our page is answered, and Quit ends it. shell-smoke.test.ts runs
 * the same shell from source in depth.
 */
import '../../support/electron-stand-in/register';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import type { AppSnapshot } from '../../../app/ipc-contract';
import type { Result } from '../../../app/result';
import { app, electronStandIn, ipcMain } from '../../support/electron-stand-in/electron';
import { waitFor } from '../../support/wait-for';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const BUNDLE = join(ROOT, 'dist', 'main', 'main.js');

test('the built main bundle starts, answers our page and quits', { skip: existsSync(BUNDLE) ? false : 'no dist/main/main.js: run npm run build first' }, async () => {
  app.appPath = ROOT;
  process.argv.push(`--profile=${mkdtempSync(join(tmpdir(), 'softphone-built-shell-'))}`);
  await import(pathToFileURL(BUNDLE).href);
  electronStandIn.makeReady();
  const window = await waitFor('the window', () => electronStandIn.windows[0]);
  await waitFor('the tray', () => electronStandIn.trays[0]);
  const snapshot = (await ipcMain.invoke('app:get-snapshot', window.webContents)) as Result<AppSnapshot>;
  assert.ok(snapshot.ok, JSON.stringify(snapshot));
  assert.equal(snapshot.value.credentialStorage, 'encrypted', 'safeStorage is used');
  app.quit();
  await waitFor('the app to exit', () => app.exitCode === 0);
});
