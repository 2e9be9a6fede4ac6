/**
 * Electron entry: the thin shell around {@link SoftphoneCore}. Everything
 * that can run without Electron lives in main/core.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { app, BrowserWindow, dialog, globalShortcut, net, powerMonitor, shell } from 'electron';
import { DIAL_LINK_SCHEMES, findDialLink } from '../../app/dial-link';
import { languageFor } from '../../app/language';
import { MainTranslations } from '../core/main-i18n';
import { logFolderOf } from '../core/logger';
import { SoftphoneCore } from '../core/softphone-core';
import { quitQuestion } from '../core/tray-summary';
import { createElectronLogger } from './electron-logger';
import { createSafeStorageVault, electronDataFiles } from './electron-storage';
import { createGlobalShortcutBinder } from './global-shortcut';
import { installIpcBridge } from './ipc-bridge';
import { createIncomingCallNotifications } from './incoming-call-notification';
import { createMessageNotifications } from './message-notification';
import { applyStartAtLogin, wasStartedHidden } from './login-item';
import { createMainWindow, defaultPaths, hardenSession, rendererUrl } from './main-window';
import { saveWithDialog } from './save-file-dialog';
import { electronRecordingsPort } from './recording-folder';
import { TrayController } from './tray-controller';
import { utilityGatewayLauncher } from './media-gateway-utility';
import { gatewayTranslatorFactory } from '../core/media-gateway/account-media';
import { MediaGatewayClient } from '../core/media-gateway/media-gateway-client';

const QUIT_UNREGISTER_WAIT_MS = 3_000;

// `--profile=<folder>` runs a separate softphone (own accounts, own lock),
// e.g. two instances calling each other on one machine.
const profileArg = process.argv.find((arg) => arg.startsWith('--profile='));
if (profileArg) app.setPath('userData', resolve(profileArg.slice('--profile='.length)));

const logFolder = logFolderOf(app.getPath('userData'));
const log = createElectronLogger(logFolder, 'main');
const translations = new MainTranslations();
const appRoot = app.getAppPath();
const paths = defaultPaths(appRoot);
let mainWindow: BrowserWindow | undefined;
let tray: TrayController | undefined;
let isQuitting = false;
let isAskingToQuit = false;
let closeToTray = true;
let core: SoftphoneCore | undefined;
// macOS delivers links (open-url) even before the app is ready.
const linksBeforeReady: string[] = [];

if (!app.requestSingleInstanceLock()) {
  // The running instance receives our argv (and any link in it) through 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    const link = findDialLink(argv);
    if (link) openDialLink(link);
    else showWindow();
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openDialLink(url);
  });
  app.whenReady().then(start, (error: unknown) => log.error(`startup failed: ${String(error)}`));
}

function openDialLink(link: string): void {
  if (core) core.requestDial(link);
  else linksBeforeReady.push(link);
}

function setLinkHandling(isEnabled: boolean): void {
  // Unpackaged (npm start), the OS must start Electron with our app folder.
  const executable = process.defaultApp ? process.execPath : undefined;
  const args = process.defaultApp ? [resolve(process.argv[1] ?? '.')] : undefined;
  for (const scheme of DIAL_LINK_SCHEMES) {
    if (isEnabled) app.setAsDefaultProtocolClient(scheme, executable, args);
    else app.removeAsDefaultProtocolClient(scheme, executable, args);
  }
}

function showWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = createMainWindow({ ...paths, shouldHideOnClose: () => !isQuitting && closeToTray });
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

/** Quit from the tray: during a call, only when the user confirms that the call ends (one question at a time). */
async function quitUnlessCallsStay(softphone: SoftphoneCore): Promise<void> {
  const question = quitQuestion(softphone.snapshot, translations.t);
  if (question) {
    if (isAskingToQuit) return;
    isAskingToQuit = true;
    const options = { type: 'question' as const, message: question.message, detail: question.detail, buttons: [...question.buttons], defaultId: 1, cancelId: 1, noLink: true };
    const window = mainWindow && !mainWindow.isDestroyed() ? mainWindow : undefined;
    try {
      const { response } = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
      if (response !== 0) return;
    } finally {
      isAskingToQuit = false;
    }
  }
  app.quit();
}

function start(): void {
  const ownUrl = rendererUrl(paths.rendererIndex);
  hardenSession(ownUrl);
  const vault = createSafeStorageVault();
  if (vault.storage === 'plain-text') log.warn('no OS keyring available: passwords are stored without encryption');
  // Plain-SIP accounts' audio: a utility process next to main.js in the build.
  const mediaGateway = new MediaGatewayClient({
    launcher: utilityGatewayLauncher(join(appRoot, 'dist', 'main')),
    process: { bindAddress: '0.0.0.0', keepAliveMs: 10_000, iceAdditionalHostAddresses: ['127.0.0.1'] },
    logger: log,
  });
  mediaGateway.start();
  core = new SoftphoneCore({
    createSdpTranslator: gatewayTranslatorFactory(mediaGateway, (accountId, callId, reason) => log.warn(`account ${accountId} call ${callId}: media lost (${reason})`)),
    dataFiles: electronDataFiles,
    vault,
    log,
    requestWindow: showWindow,
    showIncomingCall: createIncomingCallNotifications(translations.t),
    showMessageNotice: createMessageNotifications(translations.t),
    isOnline: () => net.isOnline(),
    setStartAtLogin: applyStartAtLogin,
    setLinkHandling,
    saveFile: (file) => saveWithDialog(mainWindow, file),
    recordings: electronRecordingsPort(() => mainWindow),
    setGlobalShortcut: createGlobalShortcutBinder(log),
    isDesktopShell: true,
    logFolder: {
      path: logFolder,
      open: async () => {
        mkdirSync(logFolder, { recursive: true });
        // openPath answers with an error message, or '' when the folder was shown.
        return (await shell.openPath(logFolder)) === '';
      },
    },
  });
  const softphone = core;
  installIpcBridge(softphone, (url) => url === ownUrl);
  tray = new TrayController({
    open: showWindow,
    quit: () => void quitUnlessCallsStay(softphone),
    setDoNotDisturb: (isOn) => softphone.updateSettings({ doNotDisturb: isOn }),
  });
  const stopFollowingSnapshots = softphone.onSnapshot((snapshot) => {
    translations.setLanguage(languageFor(snapshot.settings.language, app.getLocale()));
    tray?.update(snapshot, translations.t);
    closeToTray = snapshot.settings.closeToTray;
    // The dock / launcher badge (macOS, Unity-style Linux launchers).
    app.setBadgeCount(snapshot.unseenMissedCalls);
  });
  softphone.start();
  const launchLink = findDialLink(process.argv);
  for (const link of [...linksBeforeReady.splice(0), ...(launchLink ? [launchLink] : [])]) softphone.requestDial(link);
  // The OS knows about sleep and unlock before any keep-alive could.
  powerMonitor.on('resume', () => softphone.notifySystemEvent('resume'));
  powerMonitor.on('unlock-screen', () => softphone.notifySystemEvent('unlock'));
  if (!wasStartedHidden()) showWindow();

  app.on('before-quit', (event) => {
    if (isQuitting) return;
    isQuitting = true;
    event.preventDefault();
    const deadline = new Promise((done) => setTimeout(done, QUIT_UNREGISTER_WAIT_MS));
    void Promise.race([softphone.stop(), deadline]).finally(() => {
      // Stopping publishes snapshots (accounts going offline), also after the
      // deadline: a destroyed Tray throws on the next update.
      stopFollowingSnapshots();
      tray?.destroy();
      tray = undefined;
      globalShortcut.unregisterAll();
      mediaGateway.stop();
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
