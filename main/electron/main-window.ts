/**
 * The one window, locked down: context isolation, sandbox, no Node, only
 * the microphone (and choosing speakers), no navigation, no new windows.
 * Closing it hides it: the app stays in the tray, registered and able to
 * ring.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, session, shell } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../core/content-security-policy';
import { isPermissionGranted } from '../core/permission-policy';

export interface MainWindowOptions {
  readonly rendererIndex: string;
  readonly preloadPath: string;
  readonly shouldHideOnClose: () => boolean;
}

export function rendererUrl(rendererIndex: string): string {
  return pathToFileURL(rendererIndex).toString();
}

/** Locks the session down: permissions by {@link isPermissionGranted}, our Content-Security-Policy on every response. */
export function hardenSession(ownUrl: string): void {
  const defaultSession = session.defaultSession;
  defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(isPermissionGranted({ permission, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame, mediaTypes }, ownUrl));
  });
  defaultSession.setPermissionCheckHandler((contents, permission, _origin, details) =>
    isPermissionGranted(
      {
        permission,
        requestingUrl: details.requestingUrl ?? contents?.getURL(),
        isMainFrame: details.isMainFrame,
        mediaTypes: details.mediaType ? [details.mediaType] : [],
      },
      ownUrl,
    ),
  );
  defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 960,
    height: 680,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'Softphone',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // The ringtone must sound for the first call, before any click.
      autoplayPolicy: 'no-user-gesture-required',
      // The page is the call engine, and mostly hidden in the tray: a call's timers (sip.js's
      // transactions, no-answer, transfer and hold timeouts) must not wait the once-a-second
      // (after 5 minutes once-a-minute) wake-ups Chromium gives a hidden page. The page then
      // counts as visible while hidden too; nothing in it reads the Page Visibility API.
      backgroundThrottling: false,
    },
  });
  const ownUrl = rendererUrl(options.rendererIndex);
  window.webContents.on('will-navigate', (event, url) => {
    if (url !== ownUrl) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.on('close', (event) => {
    if (options.shouldHideOnClose()) {
      event.preventDefault();
      window.hide();
    }
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(ownUrl);
  return window;
}

export const defaultPaths = (appRoot: string) => ({
  rendererIndex: join(appRoot, 'dist', 'renderer', 'index.html'),
  preloadPath: join(appRoot, 'dist', 'preload', 'preload.cjs'),
});
