/**
 * The main core under plain Node, with a fresh profile folder on disk and a
 * renderer connection to drive it through the real contract.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountInput } from '../../app/account';
import type { AccountView } from '../../app/account';
import type { AppSnapshot } from '../../app/ipc-contract';
import type { Result } from '../../app/result';
import { plainTextVault } from '../../main/core/credential-vault';
import { confDataFiles } from '../../main/core/data-file';
import { createProfileLogger, logFolderOf } from '../../main/core/logger';
import { SoftphoneCore, type CorePorts, type RendererConnection } from '../../main/core/softphone-core';
import { HostIncomingCallNotifications } from '../../main/host/browser-host';
import type { MessageNotice } from '../../main/core/chat-service';
import { waitFor } from './wait-for';

export interface TestCore {
  readonly core: SoftphoneCore;
  readonly profileDir: string;
  readonly renderer: RendererConnection;
  readonly windowRequests: number;
  /** The desktop notifications of incoming calls the core asked for. */
  readonly notifications: HostIncomingCallNotifications;
  /** The desktop notifications of chat messages the core asked for. */
  readonly messageNotices: readonly MessageNotice[];
  invoke<T = unknown>(channel: string, payload?: unknown): Promise<Result<T>>;
  addAccount(input: Partial<AccountInput> & Pick<AccountInput, 'sipAddress' | 'password' | 'serverUrl'>): Promise<string>;
  account(id: string): AccountView | undefined;
  waitForStatus(id: string, kind: AccountView['status']['kind'], timeoutMs?: number): Promise<AccountView>;
  /** Waits until the account's status is one of `kinds`. */
  waitForStatusIn(id: string, kinds: readonly AccountView['status']['kind'][], timeoutMs?: number): Promise<AccountView>;
  /** Stops the core; keeps the profile unless `removeProfile`. */
  stop(options?: { removeProfile?: boolean }): Promise<void>;
}

export function startTestCore(
  options: { profileDir?: string; tuning?: CorePorts['agentTuning'] } & Pick<
    Partial<CorePorts>,
    | 'isOnline'
    | 'now'
    | 'supervisorTickMs'
    | 'setStartAtLogin'
    | 'setLinkHandling'
    | 'saveFile'
    | 'setGlobalShortcut'
    | 'logFolder'
    | 'isDesktopShell'
    | 'createSdpTranslator'
    | 'subscriptionTuning'
    | 'presenceTuning'
    | 'recordings'
  > = {},
): TestCore {
  const profileDir = options.profileDir ?? mkdtempSync(join(tmpdir(), 'softphone-profile-'));
  let windowRequests = 0;
  const notifications = new HostIncomingCallNotifications();
  const messageNotices: MessageNotice[] = [];
  const core = new SoftphoneCore({
    dataFiles: confDataFiles(profileDir),
    vault: plainTextVault,
    // Each test core leaves its log in its profile, as the app does.
    log: createProfileLogger('core', profileDir, !process.env.SOFTPHONE_TEST_VERBOSE),
    requestWindow: () => (windowRequests += 1),
    showIncomingCall: notifications.show,
    showMessageNotice: (notice) => messageNotices.push(notice),
    agentTuning: options.tuning,
    createSdpTranslator: options.createSdpTranslator,
    isOnline: options.isOnline,
    now: options.now,
    supervisorTickMs: options.supervisorTickMs,
    subscriptionTuning: options.subscriptionTuning,
    presenceTuning: options.presenceTuning,
    setStartAtLogin: options.setStartAtLogin,
    setLinkHandling: options.setLinkHandling,
    saveFile: options.saveFile,
    setGlobalShortcut: options.setGlobalShortcut,
    isDesktopShell: options.isDesktopShell,
    // As the browser host: the page shows where the log is, it cannot open the folder.
    logFolder: options.logFolder ?? { path: logFolderOf(profileDir) },
    // As the browser host: recordings go to the profile's folder.
    recordings: options.recordings ?? { defaultFolder: join(profileDir, 'recordings') },
  });
  core.start();
  let latest: AppSnapshot = core.snapshot;
  core.onSnapshot((snapshot) => (latest = snapshot));
  const renderer = core.connectRenderer(() => undefined);
  const invoke = <T>(channel: string, payload?: unknown) => renderer.invoke(channel, payload) as Promise<Result<T>>;
  const account = (id: string) => latest.accounts.find((candidate) => candidate.id === id);
  return {
    core,
    profileDir,
    renderer,
    notifications,
    messageNotices,
    get windowRequests() {
      return windowRequests;
    },
    invoke,
    account,
    async addAccount(input) {
      const result = await invoke<{ id: string }>('accounts:add', { displayName: '', authUser: '', enabled: true, ...input });
      if (!result.ok) throw new Error(`addAccount failed: ${result.error.message}`);
      return result.value.id;
    },
    waitForStatus: (id, kind, timeoutMs = 10_000) =>
      waitFor(`account status ${kind} (now ${JSON.stringify(account(id)?.status)})`, () => {
        const view = account(id);
        return view?.status.kind === kind ? view : undefined;
      }, timeoutMs),
    waitForStatusIn: (id, kinds, timeoutMs = 10_000) =>
      waitFor(`account status one of ${kinds.join(', ')} (now ${JSON.stringify(account(id)?.status)})`, () => {
        const view = account(id);
        return view && kinds.includes(view.status.kind) ? view : undefined;
      }, timeoutMs),
    async stop({ removeProfile = true } = {}) {
      renderer.close();
      await core.stop();
      if (removeProfile) rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
