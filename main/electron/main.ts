/**
 * Electron entry: the thin shell around {@link SoftphoneCore}. Everything
 * that can run without Electron lives in main/core.
 */
import { join, resolve } from 'node:path';
import { app, BrowserWindow, net, powerMonitor } from 'electron';
import { createConsoleLogger } from '../core/logger';
import { SoftphoneCore } from '../core/softphone-core';
import { createSafeStorageVault, electronDataFiles } from './electron-storage';
import { installIpcBridge } from './ipc-bridge';
import { applyStartAtLogin, wasStartedHidden } from './login-item';
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
let closeToTray = true;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => showWindow());
  app.whenReady().then(start, (error: unknown) => log.error(`startup failed: ${String(error)}`));
}

function showWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = createMainWindow({ ...paths, shouldHideOnClose: () => !isQuitting && closeToTray });
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function start(): void {
  hardenSession();
  const vault = createSafeStorageVault();
  if (vault.storage === 'plain-text') log.warn('no OS keyring available: passwords are stored without encryption');
  const core = new SoftphoneCore({
    dataFiles: electronDataFiles,
    vault,
    log,
    requestWindow: showWindow,
    isOnline: () => net.isOnline(),
    setStartAtLogin: applyStartAtLogin,
  });
  const ownUrl = rendererUrl(paths.rendererIndex);
  installIpcBridge(core, (url) => url === ownUrl);
  tray = new TrayController({
    open: showWindow,
    quit: () => app.quit(),
    setDoNotDisturb: (isOn) => core.updateSettings({ doNotDisturb: isOn }),
  });
  core.onSnapshot((snapshot) => {
    tray?.update(snapshot);
    closeToTray = snapshot.settings.closeToTray;
  });
  core.start();
  // The OS knows about sleep and unlock before any keep-alive could.
  powerMonitor.on('resume', () => core.notifySystemEvent('resume'));
  powerMonitor.on('unlock-screen', () => core.notifySystemEvent('unlock'));
  if (!wasStartedHidden()) showWindow();

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
  // Closing the window keeps the app in the tray (unless the user turned
  // that off); only Quit ends it.
  app.on('window-all-closed', () => {
    if (!closeToTray) app.quit();
  });
  app.on('activate', showWindow);

  Object.assign(globalThis, {
    softphoneDiagnostics: { hasTray: () => tray !== undefined, appRoot: () => join(appRoot) },
  });
}
