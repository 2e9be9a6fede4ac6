/**
 * Electron entry: the thin shell around {@link SoftphoneCore}. Everything
 * that can run without Electron lives in main/core.
 */
import { join, resolve } from 'node:path';
import { app, BrowserWindow } from 'electron';
import { createConsoleLogger } from '../core/logger';
import { SoftphoneCore } from '../core/softphone-core';
import { createSafeStorageVault, electronDataFiles } from './electron-storage';
import { installIpcBridge } from './ipc-bridge';
import { createMainWindow, defaultPaths, hardenSession, rendererUrl } from './main-window';
import { TrayController } from './tray-controller';

const QUIT_UNREGISTER_WAIT_MS = 3_000;

// `--profile=<folder>` runs a separate softphone (own accounts, own lock),
// e.g. two instances calling each other on one machine.
const profileArg = process.argv.find((arg) => arg.startsWith('--profile='));
if (profileArg) app.setPath('userData', resolve(profileArg.slice('--profile='.length)));

const log = createConsoleLogger('main');
const appRoot = app.getAppPath();
const paths = defaultPaths(appRoot);
let mainWindow: BrowserWindow | undefined;
let tray: TrayController | undefined;
let isQuitting = false;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => showWindow());
  app.whenReady().then(start, (error: unknown) => log.error(`startup failed: ${String(error)}`));
}

function showWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = createMainWindow({ ...paths, shouldHideOnClose: () => !isQuitting });
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function start(): void {
  hardenSession();
  const vault = createSafeStorageVault();
  if (vault.storage === 'plain-text') log.warn('no OS keyring available: passwords are stored without encryption');
  const core = new SoftphoneCore({ dataFiles: electronDataFiles, vault, log, requestWindow: showWindow });
  const ownUrl = rendererUrl(paths.rendererIndex);
  installIpcBridge(core, (url) => url === ownUrl);
  tray = new TrayController({ open: showWindow, quit: () => app.quit() });
  core.onSnapshot((snapshot) => tray?.update(snapshot));
  core.start();
  showWindow();

  app.on('before-quit', (event) => {
    if (isQuitting) return;
    isQuitting = true;
    event.preventDefault();
    const deadline = new Promise((done) => setTimeout(done, QUIT_UNREGISTER_WAIT_MS));
    void Promise.race([core.stop(), deadline]).finally(() => {
      tray?.destroy();
      app.exit(0);
    });
  });
  // Closing the window keeps the app in the tray; only Quit ends it.
  app.on('window-all-closed', () => undefined);
  app.on('activate', showWindow);

  Object.assign(globalThis, {
    softphoneDiagnostics: { hasTray: () => tray !== undefined, appRoot: () => join(appRoot) },
  });
}
