/**
 * A stand-in for the `electron` module, so the shell in main/electron runs
 * under plain Node (tests/unit/electron-shell). It records what the shell
 * asks for and throws where Electron throws, so wiring mistakes fail here:
 * - windows, trays, the session, global shortcuts and the power monitor
 *   before `app` is ready;
 * - a second `ipcMain.handle` for one channel;
 * - any use of a window, web contents or tray after it was destroyed;
 * - a bitmap whose size does not match its width and height;
 * - a utility process forked before the app is ready (it runs as a Node
 *   child process with an IPC channel instead, so the entry is really run).
 * The test drives it through {@link electronStandIn}: make the app ready,
 * click the tray, invoke IPC as a page would, answer dialogs.
 *
 * Resolved instead of `electron` by ./register.ts.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let isAppReady = false;

function requireReady(what: string): void {
  if (!isAppReady) throw new Error(`${what} cannot be used before the app is ready`);
}

/** Electron's objects throw "Object has been destroyed" once gone; so do these. */
function guard(isDestroyed: () => boolean, what: string): void {
  if (isDestroyed()) throw new TypeError(`Object has been destroyed (${what})`);
}

/** An Electron-style event: listeners may call preventDefault(). */
export interface StandInEvent {
  preventDefault(): void;
  readonly defaultPrevented: boolean;
}

function newEvent(): StandInEvent {
  let isPrevented = false;
  return {
    preventDefault: () => {
      isPrevented = true;
    },
    get defaultPrevented() {
      return isPrevented;
    },
  };
}

// ---------------------------------------------------------------- app

const paths = new Map<string, string>([
  ['userData', join(tmpdir(), 'softphone-stand-in-user-data')],
  ['documents', join(tmpdir(), 'softphone-stand-in-documents')],
]);
let readyResolve: () => void = () => undefined;
const ready = new Promise<void>((resolve) => (readyResolve = resolve));

class StandInApp extends EventEmitter {
  appPath = process.cwd();
  exitCode: number | undefined;
  badgeCount = 0;
  readonly protocolClients = new Set<string>();
  quitRequests = 0;

  isReady(): boolean {
    return isAppReady;
  }
  whenReady(): Promise<void> {
    return ready;
  }
  requestSingleInstanceLock(): boolean {
    return true;
  }
  getPath(name: string): string {
    const path = paths.get(name);
    if (!path) throw new Error(`Failed to get '${name}' path`);
    return path;
  }
  setPath(name: string, path: string): void {
    paths.set(name, path);
  }
  getAppPath(): string {
    return this.appPath;
  }
  getName(): string {
    return 'Softphone';
  }
  getVersion(): string {
    return '0.0.0-stand-in';
  }
  getLocale(): string {
    return 'en-US';
  }
  get isPackaged(): boolean {
    return false;
  }
  setBadgeCount(count: number): boolean {
    this.badgeCount = count;
    return true;
  }
  setAsDefaultProtocolClient(scheme: string): boolean {
    this.protocolClients.add(scheme);
    return true;
  }
  removeAsDefaultProtocolClient(scheme: string): boolean {
    this.protocolClients.delete(scheme);
    return true;
  }
  setLoginItemSettings(): void {}
  getLoginItemSettings(): { wasOpenedAtLogin: boolean; openAtLogin: boolean } {
    return { wasOpenedAtLogin: false, openAtLogin: false };
  }
  /** As Electron: 'before-quit' (cancellable), then windows close, then 'will-quit' and exit. */
  quit(): void {
    this.quitRequests += 1;
    const beforeQuit = newEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    for (const window of StandInBrowserWindow.getAllWindows()) window.close();
    const willQuit = newEvent();
    this.emit('will-quit', willQuit);
    if (!willQuit.defaultPrevented) this.exit(0);
  }
  /** Ends at once, without events. */
  exit(code = 0): void {
    if (this.exitCode !== undefined) return;
    this.exitCode = code;
    for (const window of StandInBrowserWindow.getAllWindows()) window.destroy();
  }
}

export const app = new StandInApp();

// ------------------------------------------------------- web contents

let nextContentsId = 1;

export interface StandInFrame {
  url: string;
}

export class StandInWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly mainFrame: StandInFrame = { url: '' };
  readonly sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  private destroyed = false;

  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    guard(() => this.destroyed, 'webContents.getURL');
    return this.mainFrame.url;
  }
  send(channel: string, payload: unknown): void {
    guard(() => this.destroyed, `webContents.send(${channel})`);
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    guard(() => this.destroyed, 'webContents.setWindowOpenHandler');
    this.windowOpenHandler = handler;
  }
  /** The page navigates (a reload keeps the URL): as Electron, a new document starts. */
  navigate(url: string): void {
    guard(() => this.destroyed, 'webContents navigation');
    const willNavigate = newEvent();
    this.emit('will-navigate', willNavigate, url);
    if (willNavigate.defaultPrevented) return;
    this.emit('did-start-navigation', { url, isMainFrame: true, isSameDocument: false });
    this.mainFrame.url = url;
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('destroyed');
  }
}

// ------------------------------------------------------------ windows

export interface StandInWindowOptions {
  readonly show?: boolean;
  readonly webPreferences?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

export class StandInBrowserWindow extends EventEmitter {
  private static readonly open = new Set<StandInBrowserWindow>();
  static getAllWindows(): StandInBrowserWindow[] {
    return [...StandInBrowserWindow.open];
  }

  readonly webContents = new StandInWebContents();
  readonly loadedUrls: string[] = [];
  private visible: boolean;
  private minimized = false;
  private destroyed = false;

  constructor(readonly options: StandInWindowOptions = {}) {
    super();
    requireReady('BrowserWindow');
    this.visible = options.show !== false;
    StandInBrowserWindow.open.add(this);
  }

  private check(what: string): void {
    guard(() => this.destroyed, `BrowserWindow.${what}`);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  loadURL(url: string): Promise<void> {
    this.check('loadURL');
    this.loadedUrls.push(url);
    this.webContents.mainFrame.url = url;
    // As Electron: painted a little later, then 'ready-to-show'.
    setImmediate(() => {
      if (!this.destroyed) this.emit('ready-to-show');
    });
    return Promise.resolve();
  }
  show(): void {
    this.check('show');
    this.visible = true;
    this.minimized = false;
  }
  hide(): void {
    this.check('hide');
    this.visible = false;
  }
  focus(): void {
    this.check('focus');
  }
  isVisible(): boolean {
    this.check('isVisible');
    return this.visible;
  }
  minimize(): void {
    this.check('minimize');
    this.minimized = true;
  }
  isMinimized(): boolean {
    this.check('isMinimized');
    return this.minimized;
  }
  restore(): void {
    this.check('restore');
    this.minimized = false;
  }
  /** As the user closing it: 'close' (cancellable), then destroyed. */
  close(): void {
    this.check('close');
    const event = newEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    StandInBrowserWindow.open.delete(this);
    this.webContents.destroy();
    this.emit('closed');
    if (StandInBrowserWindow.open.size === 0 && app.exitCode === undefined) app.emit('window-all-closed');
  }
}

// ---------------------------------------------------------------- IPC

type IpcHandler = (event: unknown, payload: unknown) => unknown;

class StandInIpcMain extends EventEmitter {
  readonly handlers = new Map<string, IpcHandler>();

  handle(channel: string, handler: IpcHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What `ipcRenderer.invoke` from a frame of `contents` gets back (a thrown error rejects, as in Electron). */
  async invoke(channel: string, contents: StandInWebContents, payload?: unknown, frame: StandInFrame = contents.mainFrame): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ sender: contents, senderFrame: frame }, payload);
  }
}

export const ipcMain = new StandInIpcMain();

// ------------------------------------------------------------ session

type PermissionRequestHandler = (contents: StandInWebContents, permission: string, callback: (isGranted: boolean) => void, details: Record<string, unknown>) => void;
type PermissionCheckHandler = (contents: StandInWebContents | null, permission: string, origin: string, details: Record<string, unknown>) => boolean;
type HeadersHandler = (details: { responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void;

class StandInSession {
  permissionRequestHandler: PermissionRequestHandler | undefined;
  permissionCheckHandler: PermissionCheckHandler | undefined;
  headersHandler: HeadersHandler | undefined;
  readonly webRequest = {
    onHeadersReceived: (handler: HeadersHandler) => {
      this.headersHandler = handler;
    },
  };
  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    this.permissionCheckHandler = handler;
  }
  /** What a page's permission request gets, as Electron asks the handler (granted when none is set, as Electron's default). */
  request(contents: StandInWebContents, permission: string, details: Record<string, unknown>): Promise<boolean> {
    const handler = this.permissionRequestHandler;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) => handler(contents, permission, resolve, details));
  }
}

const defaultSession = new StandInSession();
export const session = {
  get defaultSession(): StandInSession {
    requireReady('session.defaultSession');
    return defaultSession;
  },
};

// --------------------------------------------------------------- tray

export interface StandInMenuItem {
  readonly label?: string;
  readonly type?: string;
  readonly checked?: boolean;
  readonly enabled?: boolean;
  readonly click?: (item: { checked: boolean }) => void;
}

export class StandInMenu {
  constructor(readonly items: readonly StandInMenuItem[]) {}
}

export const Menu = {
  buildFromTemplate: (template: readonly StandInMenuItem[]) => new StandInMenu(template),
};

export class StandInTray extends EventEmitter {
  static readonly all: StandInTray[] = [];
  tooltip = '';
  menu: StandInMenu | undefined;
  image: unknown;
  private destroyed = false;

  constructor(image: unknown) {
    super();
    requireReady('Tray');
    this.image = image;
    StandInTray.all.push(this);
  }
  private check(what: string): void {
    guard(() => this.destroyed, `Tray.${what}`);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setImage(image: unknown): void {
    this.check('setImage');
    this.image = image;
  }
  setToolTip(tooltip: string): void {
    this.check('setToolTip');
    this.tooltip = tooltip;
  }
  setContextMenu(menu: StandInMenu): void {
    this.check('setContextMenu');
    this.menu = menu;
  }
  destroy(): void {
    this.check('destroy');
    this.destroyed = true;
  }
  /** Clicks the menu item labelled `label`, as the user would (a checkbox flips first). */
  clickMenuItem(label: string): void {
    this.check('menu click');
    const item = this.menu?.items.find((candidate) => candidate.label === label);
    if (!item?.click) throw new Error(`no tray menu item "${label}" (items: ${this.menu?.items.map((candidate) => candidate.label).join(', ')})`);
    item.click({ checked: item.type === 'checkbox' ? !item.checked : false });
  }
}

export const nativeImage = {
  createFromBitmap(buffer: Buffer, options: { width: number; height: number; scaleFactor?: number }) {
    if (buffer.length !== options.width * options.height * 4) throw new Error('Invalid buffer size');
    return { isEmpty: () => false, getSize: () => ({ width: options.width, height: options.height }) };
  },
};

// ------------------------------------------------- the rest of the OS

export const net = { isOnline: () => true };

class StandInPowerMonitor extends EventEmitter {
  override on(event: string, listener: (...args: unknown[]) => void): this {
    requireReady('powerMonitor');
    return super.on(event, listener);
  }
}
export const powerMonitor = new StandInPowerMonitor();

export const globalShortcut = {
  registered: new Map<string, () => void>(),
  register(accelerator: string, callback: () => void): boolean {
    requireReady('globalShortcut.register');
    this.registered.set(accelerator, callback);
    return true;
  },
  unregister(accelerator: string): void {
    this.registered.delete(accelerator);
  },
  unregisterAll(): void {
    this.registered.clear();
  },
};

/** Reversible but not clear text, like a real keyring's output. */
export const safeStorage = {
  isEncryptionAvailable: () => isAppReady,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (text: string) => Buffer.from(Buffer.from(text, 'utf8').map((byte) => byte ^ 0x5a)),
  decryptString: (sealed: Buffer) => Buffer.from(sealed.map((byte) => byte ^ 0x5a)).toString('utf8'),
};

export class Notification extends EventEmitter {
  static readonly shown: Notification[] = [];
  static isSupported(): boolean {
    return true;
  }
  constructor(readonly options: Record<string, unknown>) {
    super();
  }
  show(): void {
    Notification.shown.push(this);
  }
  close(): void {
    this.emit('close');
  }
}

interface MessageBoxOptions {
  readonly message: string;
  readonly buttons?: readonly string[];
  readonly [key: string]: unknown;
}

export const dialog = {
  /** Message boxes asked for, in order. */
  asked: [] as MessageBoxOptions[],
  /** The button index the next message boxes answer (the user's click); cancelId when empty. */
  answers: [] as number[],
  async showMessageBox(windowOrOptions: StandInBrowserWindow | MessageBoxOptions, maybeOptions?: MessageBoxOptions): Promise<{ response: number; checkboxChecked: boolean }> {
    const options = windowOrOptions instanceof StandInBrowserWindow ? maybeOptions : windowOrOptions;
    if (!options) throw new TypeError('showMessageBox needs options');
    if (windowOrOptions instanceof StandInBrowserWindow && windowOrOptions.isDestroyed()) throw new TypeError('Object has been destroyed (dialog parent)');
    dialog.asked.push(options);
    const response = dialog.answers.shift() ?? (typeof options['cancelId'] === 'number' ? options['cancelId'] : 0);
    return { response, checkboxChecked: false };
  },
  async showSaveDialog(): Promise<{ canceled: boolean; filePath?: string }> {
    return { canceled: true };
  },
  /** The folders the next open dialogs answer (the user's choice); cancelled when empty. */
  openAnswers: [] as string[],
  async showOpenDialog(): Promise<{ canceled: boolean; filePaths: string[] }> {
    const answer = dialog.openAnswers.shift();
    return answer === undefined ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [answer] };
  },
};

export const shell = {
  opened: [] as string[],
  async openExternal(url: string): Promise<void> {
    shell.opened.push(url);
  },
  async openPath(path: string): Promise<string> {
    shell.opened.push(path);
    return '';
  },
  showItemInFolder(path: string): void {
    shell.opened.push(path);
  },
};

/** Electron's UtilityProcess: 'message' gives the data itself, 'exit' the code. */
export class StandInUtilityProcess extends EventEmitter {
  static readonly all: StandInUtilityProcess[] = [];
  private readonly child: ChildProcess;

  constructor(
    readonly modulePath: string,
    args: readonly string[],
  ) {
    super();
    this.child = fork(modulePath, [...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message) => this.emit('message', message));
    this.child.on('exit', (code) => this.emit('exit', code ?? 0));
    StandInUtilityProcess.all.push(this);
  }
  get pid(): number | undefined {
    return this.child.exitCode === null ? this.child.pid : undefined;
  }
  postMessage(message: unknown): void {
    if (this.child.connected) this.child.send(message as object);
  }
  kill(): boolean {
    return this.child.kill();
  }
}

export const utilityProcess = {
  fork(modulePath: string, args: readonly string[] = [], _options?: Record<string, unknown>): StandInUtilityProcess {
    requireReady('utilityProcess');
    return new StandInUtilityProcess(modulePath, args);
  },
};

/** The test's handle: what only a test does (make the app ready) and everything recorded. */
export const electronStandIn = {
  /** Fires `ready` as Electron does once it has started. */
  makeReady(): void {
    isAppReady = true;
    app.emit('ready');
    readyResolve();
  },
  get trays(): readonly StandInTray[] {
    return StandInTray.all;
  },
  get windows(): StandInBrowserWindow[] {
    return StandInBrowserWindow.getAllWindows();
  },
  get utilityProcesses(): readonly StandInUtilityProcess[] {
    return StandInUtilityProcess.all;
  },
  session: defaultSession,
};

export const BrowserWindow = StandInBrowserWindow;
export const Tray = StandInTray;

export default {
  app,
  BrowserWindow,
  Tray,
  Menu,
  ipcMain,
  session,
  nativeImage,
  net,
  powerMonitor,
  globalShortcut,
  safeStorage,
  Notification,
  dialog,
  shell,
  utilityProcess,
};
