/**
 * The real desktop app, driven by Playwright's Electron support: the window,
 * the tray, the locked-down renderer, and closing to the tray. Runs wherever
 * an Electron binary is installed; elsewhere every test is reported as
 * skipped, with the reason.
 *
 * @remarks Functions passed to `evaluate` run in another process as source
 * text: they must not declare named inner functions (tsx adds `__name`
 * calls that do not exist there).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, describe, test } from 'node:test';
import { sleep, waitFor } from '../support/wait-for';
import {
  appArgs,
  appEnv,
  electronExecutable,
  finishElectronSuite,
  launchSoftphone,
  ROOT,
  skipReason,
  type RunningSoftphone,
} from './electron-app-fixture';

/** Each test skips, with the reason, where the app cannot run (see the fixture). */
const RUN = { skip: skipReason, timeout: 120_000 };

interface Diagnostics {
  hasTray(): boolean;
}

/** The app's one BrowserWindow as main sees it. */
async function windowState(softphone: RunningSoftphone) {
  return softphone.app.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows().map((window) => ({
      title: window.getTitle(),
      isVisible: window.isVisible(),
      isDestroyed: window.isDestroyed(),
      url: window.webContents.getURL(),
    })),
  );
}

async function hasTray(softphone: RunningSoftphone): Promise<boolean> {
  return softphone.app.evaluate(() => (globalThis as unknown as { softphoneDiagnostics: Diagnostics }).softphoneDiagnostics.hasTray());
}

/** Closes the window as the user does (its close button): the app hides it. */
async function closeWindowLikeUser(softphone: RunningSoftphone): Promise<void> {
  await softphone.app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
  await waitFor('the window to be hidden', async () => (await windowState(softphone))[0]?.isVisible === false);
}

async function withSoftphone(run: (softphone: RunningSoftphone) => Promise<void>): Promise<void> {
  const softphone = await launchSoftphone();
  try {
    await run(softphone);
  } finally {
    await softphone.close();
  }
}

describe('Electron app', () => {
  after(finishElectronSuite);

  test('opens one window titled "Softphone" showing the app', RUN, () =>
    withSoftphone(async (softphone) => {
      const [window, ...others] = await waitFor('the window to show', async () => {
        const windows = await windowState(softphone);
        return windows[0]?.isVisible ? windows : undefined;
      });
      assert.deepEqual(others, [], 'exactly one window');
      assert.equal(window?.title, 'Softphone');
      assert.equal(await softphone.window.title(), 'Softphone');
      assert.match(window?.url ?? '', /^file:\/\/.*\/dist\/renderer\/index\.html$/);
    }));

  test('puts its icon in the tray', RUN, () =>
    withSoftphone(async (softphone) => {
      assert.equal(await waitFor('the tray', () => hasTray(softphone)), true);
    }));

  test('gives the page window.softphone and no Node', RUN, () =>
    withSoftphone(async (softphone) => {
      const page = await softphone.window.evaluate(async () => {
        const api = (window as unknown as { softphone?: Record<string, unknown> }).softphone;
        const getSnapshot = api?.['getSnapshot'];
        return {
          getSnapshot: typeof getSnapshot,
          onSnapshot: typeof api?.['onSnapshot'],
          methods: Object.keys(api ?? {}),
          require: typeof (window as unknown as { require?: unknown }).require,
          process: typeof (globalThis as unknown as { process?: unknown }).process,
          module: typeof (globalThis as unknown as { module?: unknown }).module,
          snapshot: typeof getSnapshot === 'function' ? await (getSnapshot as () => Promise<unknown>)() : undefined,
        };
      });
      assert.equal(page.getSnapshot, 'function');
      assert.equal(page.onSnapshot, 'function');
      for (const generic of ['send', 'invoke', 'on', 'ipcRenderer']) {
        assert.ok(!page.methods.includes(generic), `window.softphone must not expose a generic "${generic}"`);
      }
      assert.equal(page.require, 'undefined', 'no require() in the page');
      assert.equal(page.process, 'undefined', 'no process in the page');
      assert.equal(page.module, 'undefined', 'no module in the page');
      // The call crossed IPC to main and back: a fresh profile has no accounts.
      const snapshot = page.snapshot as { ok: boolean; value?: { accounts: unknown[] } };
      assert.equal(snapshot.ok, true);
      assert.deepEqual(snapshot.value?.accounts, []);
    }));

  test('runs the page isolated and sandboxed, without Node integration', RUN, () =>
    withSoftphone(async (softphone) => {
      const preferences = await softphone.app.evaluate(({ BrowserWindow }) => {
        // Undocumented (so untyped) but long-standing: the preferences the page really got.
        const contents = BrowserWindow.getAllWindows()[0]?.webContents as unknown as
          | { getLastWebPreferences(): Electron.WebPreferences | null }
          | undefined;
        const preferences = contents?.getLastWebPreferences();
        return preferences
          ? {
              contextIsolation: preferences.contextIsolation,
              sandbox: preferences.sandbox,
              nodeIntegration: preferences.nodeIntegration,
              nodeIntegrationInWorker: preferences.nodeIntegrationInWorker,
              webSecurity: preferences.webSecurity,
            }
          : undefined;
      });
      assert.ok(preferences, 'the window has web preferences');
      assert.equal(preferences.contextIsolation, true);
      assert.equal(preferences.sandbox, true);
      assert.equal(preferences.nodeIntegration, false);
      assert.notEqual(preferences.nodeIntegrationInWorker, true);
      assert.notEqual(preferences.webSecurity, false);
    }));

  test('refuses to navigate away or open new windows', RUN, () =>
    withSoftphone(async (softphone) => {
      const [before] = await windowState(softphone);
      assert.ok(before);
      const opened = await softphone.window.evaluate(() => {
        // about:blank: a denied http(s) URL would go to the system browser.
        const child = window.open('about:blank');
        window.location.href = 'https://example.invalid/';
        return child === null;
      });
      assert.equal(opened, true, 'window.open must return null');
      await sleep(1_500);
      const windows = await windowState(softphone);
      assert.equal(windows.length, 1, 'no second window');
      assert.equal(windows[0]?.url, before.url, 'still on the app page');
      assert.equal(await softphone.window.evaluate(() => typeof (window as unknown as { softphone?: object }).softphone), 'object');
    }));

  test('closing the window keeps the app running in the tray', RUN, () =>
    withSoftphone(async (softphone) => {
      await waitFor('the window to show', async () => (await windowState(softphone))[0]?.isVisible);
      await closeWindowLikeUser(softphone);

      await sleep(1_000);
      assert.equal(softphone.app.process().exitCode, null, 'the app is still running');
      const windows = await windowState(softphone);
      assert.deepEqual(
        windows.map(({ isVisible, isDestroyed }) => ({ isVisible, isDestroyed })),
        [{ isVisible: false, isDestroyed: false }],
        'the window is hidden, not destroyed',
      );
      assert.equal(await hasTray(softphone), true, 'the tray icon stays');
      // main and the hidden page both still answer (calls can still ring).
      assert.equal(await softphone.app.evaluate(({ app }) => app.isReady()), true);
      const snapshot = await softphone.window.evaluate(() =>
        ((window as unknown as { softphone: { getSnapshot(): Promise<{ ok: boolean }> } }).softphone.getSnapshot()),
      );
      assert.equal(snapshot.ok, true);
    }));

  test('the hidden window keeps its timers on time (calls are placed and answered there)', RUN, () =>
    withSoftphone(async (softphone) => {
      await waitFor('the window to show', async () => (await windowState(softphone))[0]?.isVisible);
      await closeWindowLikeUser(softphone);
      // Twenty 10 ms timers in a row: about 0.2 s, or 20 s in a page Chromium throttles (one wake-up a second).
      const elapsedMs = await softphone.window.evaluate(async () => {
        const startedAt = performance.now();
        for (let index = 0; index < 20; index += 1) await new Promise((resolve) => setTimeout(resolve, 10));
        return performance.now() - startedAt;
      });
      assert.ok(elapsedMs < 5_000, `twenty 10 ms timers took ${Math.round(elapsedMs)} ms in the hidden window`);
    }));

  test('starting it again shows the hidden window instead of a second app', RUN, () =>
    withSoftphone(async (softphone) => {
      await waitFor('the window to show', async () => (await windowState(softphone))[0]?.isVisible);
      await closeWindowLikeUser(softphone);

      const second = spawn(electronExecutable(), appArgs(softphone.profileDir), { cwd: ROOT, env: appEnv(), stdio: 'ignore' });
      const exitCode = await new Promise<number | null>((resolve, reject) => {
        const timer = setTimeout(() => {
          second.kill('SIGKILL');
          reject(new Error('the second instance did not exit within 30 s'));
        }, 30_000);
        second.once('exit', (code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
      assert.equal(exitCode, 0, 'the second instance hands over and exits');
      await waitFor('the first instance to show its window', async () => (await windowState(softphone))[0]?.isVisible);
      assert.equal((await windowState(softphone)).length, 1);
    }));
});
