/**
 * The Electron shell (main/electron/main.ts, as built into dist/main) run
 * under Node with a stand-in `electron` that throws where Electron throws:
 * start-up before and after `ready`, the window, the tray, IPC from our page
 * and from others, close-to-tray, a window that dies, and Quit during a call.
 * Real Electron runs in tests/electron wherever its binary exists.
 *
 * One shell per process (main.ts starts on import): the tests run in order
 * and each goes on from where the previous one left the app.
 */
import '../../support/electron-stand-in/register';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { invokeChannelNames, type AppSnapshot } from '../../../app/ipc-contract';
import type { Result } from '../../../app/result';
import { app, dialog, electronStandIn, globalShortcut, ipcMain, shell, type StandInBrowserWindow, type StandInTray } from '../../support/electron-stand-in/electron';
import { waitFor } from '../../support/wait-for';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const OWN_URL = pathToFileURL(join(ROOT, 'dist', 'renderer', 'index.html')).toString();
const PASSWORD = 'shell-smoke-pw-4471';
const profileDir = mkdtempSync(join(tmpdir(), 'softphone-shell-'));
const logFile = join(profileDir, 'logs', 'main.log');

let window: StandInBrowserWindow;
let tray: StandInTray;
let accountId = '';

async function invoke<T>(channel: string, payload?: unknown, contents = window.webContents): Promise<Result<T>> {
  return (await ipcMain.invoke(channel, contents, payload)) as Result<T>;
}

async function snapshot(): Promise<AppSnapshot> {
  const result = await invoke<AppSnapshot>('app:get-snapshot');
  assert.ok(result.ok, JSON.stringify(result));
  return result.value;
}

function readLog(): string {
  return existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
}

before(async () => {
  app.appPath = ROOT;
  process.argv.push(`--profile=${profileDir}`);
  await import('../../../main/electron/main');
});

after(() => {
  // A failed test may leave the core running: end it as Quit would.
  if (app.exitCode === undefined) app.quit();
});

test('before ready: nothing that needs a ready app is touched, the profile is the one given', () => {
  assert.equal(electronStandIn.windows.length, 0);
  assert.equal(electronStandIn.trays.length, 0);
  assert.equal(ipcMain.handlers.size, 0, 'no contract handler before the core exists');
  assert.equal(app.getPath('userData'), profileDir);
});

test('start-up: one locked-down window on our page, a tray, a handler per contract channel, a hardened session', async () => {
  electronStandIn.makeReady();
  window = await waitFor('the window', () => electronStandIn.windows[0]);
  tray = await waitFor('the tray', () => electronStandIn.trays[0]);
  assert.deepEqual(window.loadedUrls, [OWN_URL]);
  assert.deepEqual(
    { ...window.options.webPreferences, preload: undefined },
    { ...window.options.webPreferences, preload: undefined, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true },
  );
  // The page is the call engine and mostly hidden in the tray: its timers must not be throttled there.
  assert.equal(window.options.webPreferences?.['backgroundThrottling'], false);
  assert.equal(window.options.webPreferences?.['preload'], join(ROOT, 'dist', 'preload', 'preload.cjs'));
  await waitFor('the window shown once painted', () => window.isVisible());
  assert.match(tray.tooltip, /Softphone/);
  assert.deepEqual(
    tray.menu?.items.filter((item) => item.label).map((item) => item.label),
    ['Open Softphone', 'Do not disturb: off', 'Quit'],
  );
  assert.deepEqual([...ipcMain.handlers.keys()].sort(), [...invokeChannelNames].sort());
  // The media gateway runs as one utility process, outside main's event loop.
  assert.deepEqual(
    electronStandIn.utilityProcesses.map((child) => child.modulePath),
    [join(ROOT, 'dist', 'main', 'media-gateway.js')],
  );

  const session = electronStandIn.session;
  const ask = (permission: string, details: Record<string, unknown>) =>
    session.request(window.webContents, permission, { requestingUrl: OWN_URL, isMainFrame: true, ...details });
  assert.equal(await ask('media', { mediaTypes: ['audio'] }), true, 'the microphone');
  assert.equal(await ask('media', { mediaTypes: [] }), false, 'an empty media request');
  assert.equal(await ask('media', { mediaTypes: ['video'] }), false, 'the camera');
  assert.equal(await ask('notifications', {}), false);
  assert.equal(await ask('media', { mediaTypes: ['audio'], requestingUrl: 'https://example.com/' }), false, 'another page');
  assert.equal(session.permissionCheckHandler?.(window.webContents, 'media', 'file:///', { requestingUrl: OWN_URL, isMainFrame: true, mediaType: 'audio' }), true);
  assert.equal(session.permissionCheckHandler?.(window.webContents, 'media', 'file:///', { requestingUrl: OWN_URL, isMainFrame: true, mediaType: 'video' }), false);
  assert.equal(session.permissionCheckHandler?.(null, 'geolocation', 'file:///', { isMainFrame: true }), false);
  let headers: Record<string, string[]> | undefined;
  session.headersHandler?.({ responseHeaders: {} }, (response) => (headers = response.responseHeaders));
  assert.match(headers?.['Content-Security-Policy']?.[0] ?? '', /default-src/);
});

test('IPC: our page is answered and gets snapshots; another page and a sub-frame are refused', async () => {
  assert.equal(typeof (await snapshot()).revision, 'number');
  // The app can do what the browser host cannot: its settings say nothing about "desktop only".
  assert.deepEqual((await snapshot()).desktop, { startAtLogin: true, links: true, globalShortcut: true, tray: true, notifications: true });
  const added = await invoke<{ id: string }>('accounts:add', {
    displayName: 'Smoke',
    sipAddress: 'smoke@127.0.0.1',
    authUser: '',
    password: PASSWORD,
    // Nothing listens there: the account just fails to connect, on loopback.
    serverUrl: 'ws://127.0.0.1:9',
    enabled: true,
  });
  assert.ok(added.ok, JSON.stringify(added));
  accountId = added.value.id;
  await waitFor('a snapshot pushed to the page', () => window.webContents.sent.some((event) => event.channel === 'app:snapshot'));

  const stranger = new (window.constructor as typeof StandInBrowserWindow)();
  stranger.webContents.mainFrame.url = 'https://example.com/';
  const fromStranger = await invoke('app:get-snapshot', undefined, stranger.webContents);
  assert.equal(!fromStranger.ok && fromStranger.error.code, 'forbidden');
  stranger.destroy();
  const fromSubFrame = (await ipcMain.invoke('app:get-snapshot', window.webContents, undefined, { url: OWN_URL })) as Result<unknown>;
  assert.equal(!fromSubFrame.ok && fromSubFrame.error.code, 'forbidden');

  const accountsFile = readFileSync(join(profileDir, 'accounts.json'), 'utf8');
  assert.ok(!accountsFile.includes(PASSWORD), 'the password is sealed on disk');
  await waitFor('the log file in the profile', () => readLog().includes(`account ${accountId} added`));
  assert.ok(!readLog().includes(PASSWORD));
});

test('recordings: the folder picker chooses the folder, a recording lands in it, Show in folder shows that file', async () => {
  assert.deepEqual((await snapshot()).recording, { path: join(app.getPath('documents'), 'Softphone recordings'), canChoose: true, canShowFile: true });
  const chosen = mkdtempSync(join(tmpdir(), 'softphone-recordings-'));
  dialog.openAnswers.push(chosen);
  const choice = await invoke<{ path: string } | null>('recordings:choose-folder');
  assert.deepEqual(choice.ok && choice.value, { path: chosen });
  assert.equal((await snapshot()).recording?.path, chosen);
  const started = await invoke<{ recordingId: string }>('recordings:start', { callId: 'smoke-call', accountId, remoteUri: 'sip:bob@127.0.0.1', sampleRate: 16_000 });
  assert.ok(started.ok, JSON.stringify(started));
  assert.ok((await invoke('recordings:append', { recordingId: started.value.recordingId, pcm: Buffer.alloc(3_200).toString('base64') })).ok);
  const stopped = await invoke<{ path: string }>('recordings:stop', { recordingId: started.value.recordingId });
  assert.ok(stopped.ok && stopped.value.path.startsWith(chosen), JSON.stringify(stopped));
  const recorded = await invoke('history:record', { id: 'smoke-call', accountId, direction: 'outgoing', remoteUri: 'sip:bob@127.0.0.1', startedAt: 1, answeredAt: 2, endedAt: 3 });
  assert.ok(recorded.ok);
  assert.ok((await invoke('recordings:show', { callId: 'smoke-call' })).ok);
  assert.equal(shell.opened.at(-1), stopped.value.path);
  // Cancelling the picker keeps the folder.
  const cancelled = await invoke('recordings:choose-folder');
  assert.deepEqual(cancelled, { ok: true, value: null });
  assert.equal((await snapshot()).recording?.path, chosen);
});

test('close-to-tray: closing the window hides it, the app keeps running, the tray brings it back', async () => {
  window.close();
  assert.equal(window.isDestroyed(), false);
  assert.equal(window.isVisible(), false);
  assert.equal(app.exitCode, undefined);
  assert.equal(app.quitRequests, 0);
  tray.emit('click');
  assert.equal(window.isVisible(), true);
  window.close();
  tray.clickMenuItem('Open Softphone');
  assert.equal(window.isVisible(), true);
  assert.equal(electronStandIn.windows.length, 1, 'the same window, not a second one');
});

test('a window that dies: later events do not touch it, and the tray opens a new one', async () => {
  const before = window;
  before.destroy();
  assert.equal(app.exitCode, undefined, 'closing to the tray keeps the app running');
  // Snapshots are pushed (Do not disturb from the tray) while no page exists.
  tray.clickMenuItem('Do not disturb: off');
  tray.emit('click');
  window = await waitFor('a new window', () => electronStandIn.windows.find((candidate) => candidate !== before));
  assert.deepEqual(window.loadedUrls, [OWN_URL]);
  assert.equal((await snapshot()).settings.doNotDisturb, true);
  assert.equal(tray.menu?.items.find((item) => item.label === 'Do not disturb: on')?.checked, true);
});

test('a second start with a sip: link hands it over: the window shows with the number waiting to be dialled', async () => {
  window.hide();
  app.emit('second-instance', {}, ['/usr/bin/softphone', 'sip:bob@127.0.0.1']);
  assert.equal(window.isVisible(), true);
  assert.match((await snapshot()).pendingDial?.target ?? '', /bob@127\.0\.0\.1/);
  assert.ok(['sip', 'sips', 'tel', 'callto'].every((scheme) => app.protocolClients.has(scheme)), 'registered as the handler of dial links');
});

test('Quit during a call asks first: "Keep the call" keeps running, "Hang up and quit" quits', async () => {
  const call = { id: 'call-1', accountId, direction: 'incoming', remoteUri: 'sip:bob@127.0.0.1', phase: 'connected', startedAt: Date.now(), answeredAt: Date.now(), isMuted: false };
  assert.ok((await invoke('calls:report', { calls: [call] })).ok);
  dialog.answers.push(1);
  tray.clickMenuItem('Quit');
  await waitFor('the question', () => dialog.asked.length === 1);
  assert.equal(dialog.asked[0]?.message, 'Hang up the call and quit?');
  assert.deepEqual(dialog.asked[0]?.buttons, ['Hang up and quit', 'Keep the call']);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(app.quitRequests, 0, 'kept running');

  dialog.answers.push(0);
  tray.clickMenuItem('Quit');
  await waitFor('the app to exit after unregistering', () => app.exitCode === 0, 8_000);
  assert.equal(dialog.asked.length, 2);
  assert.equal(tray.isDestroyed(), true);
  assert.equal(globalShortcut.registered.size, 0);
  assert.equal(electronStandIn.windows.length, 0);
});

test('nothing the shell did threw (uncaught errors go to the log file)', async () => {
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.doesNotMatch(readLog(), /Unhandled|Uncaught|TypeError|Object has been destroyed/, 'no error escaped the shell');
});
