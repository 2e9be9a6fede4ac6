/**
 * The Electron-free main process: accounts, their registration agents, and
 * the contract the renderer talks to.
 *
 * @remarks
 * It is the single writer of accounts, settings and registration status, and
 * pushes whole snapshots with a revision number. Adapters (Electron IPC, the
 * browser host's WebSocket) call {@link SoftphoneCore.connectRenderer} once
 * per renderer and pass every request through
 * {@link RendererConnection.invoke}, which validates it against the contract
 * before anything looks at it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { parseDialLink } from '../../app/dial-link';
import { DEFAULT_DTMF_METHOD, DEFAULT_KEEP_ALIVE_INTERVAL_SEC, validateAccountInput, type AccountView } from '../../app/account';
import type { CallSummary } from '../../app/call-state';
import {
  invokeContract,
  isInvokeChannel,
  type AppSnapshot,
  type CallAgentConfig,
  type EventChannelName,
  type EventPayloadOf,
  type InvokeChannelName,
  type Notice,
  type RequestOf,
  type ResultOf,
} from '../../app/ipc-contract';
import type { RegistrationStatus } from '../../app/registration-status';
import { fail, ok, type Result } from '../../app/result';
import type { AccountTestResult } from '../../app/account-test';
import { DEFAULT_SETTINGS, shouldStartAtLogin, validateSettingsChange, type SettingsChange } from '../../app/settings';
import { AccountAgent, type AccountAgentConfig, type RefreshReason } from './account-agent';
import { AccountStore, type StoredAccount } from './account-store';
import { testAccountRegistration } from './account-test';
import type { CredentialVault } from './credential-vault';
import { openDataFile, type DataFileFactory } from './data-file';
import type { Logger } from './logger';
import { CallHistoryStore } from './call-history-store';
import { IncomingCallNotifier, type ShowIncomingCall } from './incoming-call-notifier';
import { ContactStore } from './contact-store';
import { ContactsService, type SaveFilePort } from './contacts-service';
import { ReachabilityLog } from './reachability-log';
import { SettingsStore } from './settings-store';
import { SystemSupervisor } from './system-supervisor';
import { SERVER_DETAILS } from '../../app/server-details';

export interface CorePorts {
  readonly dataFiles: DataFileFactory;
  readonly vault: CredentialVault;
  readonly log: Logger;
  /** Show (or create) the window: an incoming call needs a renderer. */
  readonly requestWindow: () => void;
  /** Whether the OS has a network connection (Electron's `net.isOnline`). */
  readonly isOnline?: () => boolean;
  /** Applies "start at login" to the OS (login items, XDG autostart). */
  readonly setStartAtLogin?: (isEnabled: boolean) => void;
  /** Shows the desktop notification of a ringing call (Answer / Decline); absent: none. */
  readonly showIncomingCall?: ShowIncomingCall;
  /** Registers (or stops registering) the app as the handler of dial links. */
  readonly setLinkHandling?: (isEnabled: boolean) => void;
  /**
   * Binds the system-wide shortcut (empty: none) to `onPress`, replacing the
   * previous one; false when the OS refused it (e.g. another app holds it).
   */
  readonly setGlobalShortcut?: (accelerator: string, onPress: () => void) => boolean;
  /** The clock; tests move it to simulate a sleep the OS did not report. */
  readonly now?: () => number;
  /** Timing overrides for every account (tests use short keep-alives). */
  readonly agentTuning?: Partial<
    Pick<
      AccountAgentConfig,
      'keepAliveIntervalMs' | 'pongTimeoutMs' | 'rendererWaitMs' | 'registerExpiresSec' | 'registerTimeoutMs' | 'reachabilityIntervalMs' | 'reachabilityTimeoutMs'
    >
  >;
  readonly supervisorTickMs?: number;
  /** Saves an export where the user picks (a save dialog); without it the text goes back to the page. */
  readonly saveFile?: SaveFilePort;
}

const HEARTBEAT_MS = 60_000;
const PERIODS_IN_SNAPSHOT = 50;
const HISTORY_IN_SNAPSHOT = 100;

/** How a renderer receives events; each adapter turns this into its own transport. */
export type RendererSink = <E extends EventChannelName>(channel: E, payload: EventPayloadOf<E>) => void;

export interface RendererConnection {
  invoke(channel: unknown, payload: unknown): Promise<Result<unknown>>;
  /** The renderer is gone (closed, reloaded, crashed). */
  close(): void;
}

interface RendererEntry {
  readonly id: number;
  readonly sink: RendererSink;
  calls: readonly CallSummary[];
}

type Handlers = {
  [C in InvokeChannelName]: (request: RequestOf<C>, renderer: RendererEntry) => ResultOf<C> | Promise<ResultOf<C>>;
};

export class SoftphoneCore {
  private store!: AccountStore;
  private settingsStore!: SettingsStore;
  private history!: CallHistoryStore;
  private contacts!: ContactsService;
  private reachabilityLog!: ReachabilityLog;
  private readonly supervisor: SystemSupervisor;
  private readonly incomingCallNotifier: IncomingCallNotifier;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private appliedStartAtLogin: boolean | undefined;
  private appliedLinkHandling: boolean | undefined;
  private appliedGlobalShortcut: string | undefined;
  private pendingDial: { id: string; target: string } | undefined;
  private keepAliveBytes = 0;
  private readonly agents = new Map<string, AccountAgent>();
  private readonly statuses = new Map<string, RegistrationStatus>();
  private readonly renderers = new Map<number, RendererEntry>();
  /** Which renderer runs the call agent of each account. */
  private readonly callAgentOwner = new Map<string, RendererEntry>();
  private readonly snapshotListeners = new Set<(snapshot: AppSnapshot) => void>();
  private notices: Notice[] = [];
  private revision = 0;
  private nextRendererId = 1;
  private isSnapshotQueued = false;
  private isStarted = false;

  constructor(private readonly ports: CorePorts) {
    this.supervisor = new SystemSupervisor({
      onEvent: (reason) => this.refreshAll(reason),
      isOnline: ports.isOnline,
      now: ports.now,
      tickMs: ports.supervisorTickMs,
    });
    this.incomingCallNotifier = new IncomingCallNotifier({
      show: ports.showIncomingCall,
      requestWindow: () => ports.requestWindow(),
      describe: (call) => describeIncomingCall(call, this.isStarted ? this.store.get(call.accountId) : undefined),
    });
  }

  /** Loads the saved accounts and starts registering the enabled ones. */
  start(): void {
    if (this.isStarted) return;
    this.isStarted = true;
    this.store = new AccountStore(this.openOrNotify('accounts'));
    this.settingsStore = new SettingsStore(this.openOrNotify('settings'));
    this.reachabilityLog = new ReachabilityLog(this.openOrNotify('reachability'), this.ports.now);
    this.history = new CallHistoryStore(this.openOrNotify('history'));
    this.contacts = new ContactsService(new ContactStore(this.openOrNotify('contacts')), () => this.publish(), this.ports.saveFile);
    const accounts = this.store.list();
    this.reachabilityLog.open(accounts.filter((account) => account.enabled).map((account) => account.id));
    for (const account of accounts) this.startAgent(account);
    this.onAccountsChanged();
  }

  /** Unregisters every account (each waits a bounded time) and closes every connection. */
  async stop(): Promise<void> {
    if (!this.isStarted) return;
    const agents = [...this.agents.values()];
    this.agents.clear();
    this.stopBackgroundWork();
    this.incomingCallNotifier.closeAll();
    await Promise.all(agents.map((agent) => agent.stop()));
    this.reachabilityLog.close();
    this.isStarted = false;
  }

  /** For main-side controls (the tray's Do not disturb); checked like the renderer's requests. */
  updateSettings(change: SettingsChange): Result<null> {
    if (!this.isStarted) return fail('not-started', 'The softphone is not running.');
    const checked = validateSettingsChange(change);
    if (!checked.ok) return checked;
    this.settingsStore.update(checked.value);
    this.onAccountsChanged();
    return ok(null);
  }

  /**
   * The global shortcut was pressed: the renderer answers the ringing call
   * or hangs up the active one (it owns the calls).
   */
  pressCallShortcut(): void {
    for (const renderer of this.renderers.values()) renderer.sink('calls:shortcut', {});
  }

  /**
   * A dial link arrived (clicked, or on the command line): the window comes
   * up with the number in the dial field. A link that holds nothing
   * callable opens the window with a message instead.
   */
  requestDial(link: string): void {
    const parsed = parseDialLink(link);
    if (parsed.ok) this.pendingDial = { id: randomUUID(), target: parsed.value };
    else this.addNotice(parsed.error.code, parsed.error.message);
    this.ports.requestWindow();
    this.publish();
  }

  /** The platform reported a resume, an unlock or a network change: re-register now. */
  notifySystemEvent(reason: RefreshReason): void {
    this.supervisor.notify(reason);
  }

  /** Bytes of keep-alive traffic sent so far, over all accounts (for the benchmark). */
  get keepAliveBytesSent(): number {
    return this.keepAliveBytes;
  }

  /** Whether anything runs in the background (connections, supervisor, timers). */
  get isIdle(): boolean {
    return this.agents.size === 0 && !this.supervisor.isRunning && this.heartbeatTimer === undefined;
  }

  get snapshot(): AppSnapshot {
    const history = this.isStarted ? this.history.list() : [];
    return {
      revision: this.revision,
      accounts: this.isStarted ? this.store.list().map((account) => this.viewOf(account)) : [],
      calls: [...this.renderers.values()].flatMap((renderer) => renderer.calls),
      credentialStorage: this.ports.vault.storage,
      notices: this.notices,
      settings: this.isStarted ? this.settingsStore.get() : DEFAULT_SETTINGS,
      unreachablePeriods: this.isStarted ? this.reachabilityLog.periods().slice(-PERIODS_IN_SNAPSHOT) : [],
      pendingDial: this.pendingDial,
      history: history.slice(-HISTORY_IN_SNAPSHOT),
      unseenMissedCalls: this.isStarted ? this.history.unseenMissedCount(history) : 0,
      contactsRevision: this.isStarted ? this.contacts.revision : 0,
    };
  }

  /** For main-side consumers (tray, notifications). */
  onSnapshot(listener: (snapshot: AppSnapshot) => void): () => void {
    this.snapshotListeners.add(listener);
    return () => this.snapshotListeners.delete(listener);
  }

  connectRenderer(sink: RendererSink): RendererConnection {
    const entry: RendererEntry = { id: this.nextRendererId++, sink, calls: [] };
    this.renderers.set(entry.id, entry);
    return {
      invoke: (channel, payload) => this.invoke(entry, channel, payload),
      close: () => this.disconnectRenderer(entry),
    };
  }

  private async invoke(renderer: RendererEntry, channel: unknown, payload: unknown): Promise<Result<unknown>> {
    if (!this.renderers.has(renderer.id)) return fail('renderer-closed', 'This window is no longer connected.');
    if (!isInvokeChannel(channel)) return fail('unknown-channel', `Unknown request ${String(channel).slice(0, 40)}.`);
    const parsed = invokeContract[channel].request.safeParse(payload);
    if (!parsed.success) {
      this.ports.log.warn(`rejected ${channel}: invalid payload`);
      return fail('invalid-request', `The request ${channel} was malformed.`);
    }
    const handler = this.handlers[channel] as (request: unknown, renderer: RendererEntry) => Promise<Result<unknown>> | Result<unknown>;
    try {
      return await handler(parsed.data, renderer);
    } catch (error) {
      this.ports.log.error(`${channel} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return fail('internal-error', 'Something went wrong in the softphone; the details are in the log.');
    }
  }

  private readonly handlers: Handlers = {
    'app:get-snapshot': () => ok(this.snapshot),
    'accounts:add': (input) => {
      const valid = validateAccountInput(input, { isPasswordRequired: true });
      if (!valid.ok) return valid;
      const account = this.store.add(valid.value, this.ports.vault.seal(valid.value.password));
      this.ports.log.info(`account ${account.id} added (${account.user}@${account.domain})`);
      this.startAgent(account);
      this.onAccountsChanged();
      return ok({ id: account.id });
    },
    'accounts:update': async ({ id, input }) => {
      const valid = validateAccountInput(input, { isPasswordRequired: false });
      if (!valid.ok) return valid;
      const sealed = valid.value.password === '' ? undefined : this.ports.vault.seal(valid.value.password);
      const account = this.store.update(id, valid.value, sealed);
      if (!account) return fail('account-not-found', 'This account no longer exists.');
      await this.stopAgent(id);
      this.startAgent(account);
      this.onAccountsChanged();
      return ok(null);
    },
    'accounts:set-enabled': async ({ id, enabled }) => {
      const account = this.store.setEnabled(id, enabled);
      if (!account) return fail('account-not-found', 'This account no longer exists.');
      await this.stopAgent(id);
      this.startAgent(account);
      this.onAccountsChanged();
      return ok(null);
    },
    'accounts:remove': async ({ id }) => {
      await this.stopAgent(id);
      if (!this.store.remove(id)) return fail('account-not-found', 'This account no longer exists.');
      this.statuses.delete(id);
      this.reachabilityLog.forgetAccount(id);
      this.ports.log.info(`account ${id} removed`);
      this.onAccountsChanged();
      return ok(null);
    },
    'accounts:retry': ({ id }) => {
      const account = this.store.get(id);
      if (!account) return fail('account-not-found', 'This account no longer exists.');
      const agent = this.agents.get(id);
      if (agent && agent.currentStatus.kind !== 'failed') agent.retryNow();
      else {
        void this.stopAgent(id).then(() => this.startAgent(account));
      }
      return ok(null);
    },
    'notices:dismiss': ({ id }) => {
      this.notices = this.notices.filter((notice) => notice.id !== id);
      this.publish();
      return ok(null);
    },
    'settings:update': (change) => this.updateSettings(change),
    'accounts:test': ({ input, accountId }) => this.testAccount(input, accountId),
    'reachability:acknowledge': ({ id }) => {
      this.reachabilityLog.acknowledge(id);
      this.publish();
      return ok(null);
    },
    'sip:attach': ({ accountId }, renderer) => this.attachCallAgent(accountId, renderer),
    'sip:digest-key': ({ accountId, realm }, renderer) => this.digestKey(accountId, realm, renderer),
    'sip:send': ({ accountId, message }, renderer) => {
      if (this.callAgentOwner.get(accountId) !== renderer) return fail('not-attached', 'This window does not run calls for this account.');
      const agent = this.agents.get(accountId);
      if (!agent?.sendFromRenderer(message)) return fail('not-connected', 'The account is not connected to its server.');
      return ok(null);
    },
    'history:record': (record) => {
      if (!this.store.get(record.accountId)) return fail('account-not-found', 'This account no longer exists.');
      this.history.add(record);
      this.publish();
      return ok(null);
    },
    'history:mark-missed-seen': () => {
      this.history.markMissedSeen();
      this.publish();
      return ok(null);
    },
    'dial:consume': ({ id }) => {
      if (this.pendingDial?.id === id) this.pendingDial = undefined;
      this.publish();
      return ok(null);
    },
    'contacts:list': () => this.contacts.list(),
    'contacts:add': (input) => this.contacts.add(input),
    'contacts:update': ({ id, input }) => this.contacts.update(id, input),
    'contacts:set-favourite': ({ id, isFavourite }) => this.contacts.setFavourite(id, isFavourite),
    'contacts:remove': ({ id }) => this.contacts.remove(id),
    'contacts:import': ({ fileName, text }) => this.contacts.import(fileName, text),
    'contacts:export': ({ format }) => this.contacts.export(format),
    'calls:report': ({ calls }, renderer) => {
      renderer.calls = calls;
      this.syncIncomingCallNotices();
      this.publish();
      return ok(null);
    },
  };

  private async testAccount(input: RequestOf<'accounts:test'>['input'], accountId: string | undefined): Promise<Result<AccountTestResult>> {
    const saved = accountId === undefined ? undefined : this.store.get(accountId);
    if (accountId !== undefined && !saved) return fail('account-not-found', 'This account no longer exists.');
    const valid = validateAccountInput(input, { isPasswordRequired: saved === undefined });
    if (!valid.ok) return valid;
    const password = valid.value.password === '' && saved ? this.openPassword(saved) : valid.value.password;
    if (password === undefined) return fail('password-unreadable', 'The saved password could not be decrypted. Enter it again.');
    this.ports.log.info(`testing registration of ${valid.value.sipAddress} at ${valid.value.serverUrl}`);
    const result = await testAccountRegistration({ ...valid.value, password }, this.ports.log, {
      registerTimeoutMs: this.ports.agentTuning?.registerTimeoutMs,
    });
    return ok(result);
  }

  private attachCallAgent(accountId: string, renderer: RendererEntry): Result<CallAgentConfig> {
    const account = this.store.get(accountId);
    const agent = this.agents.get(accountId);
    if (!account || !agent) return fail('account-not-active', 'This account is not active.');
    this.callAgentOwner.set(accountId, renderer);
    agent.attachRenderer();
    renderer.sink('sip:connection', { accountId, isConnected: agent.isConnected });
    return ok({
      accountId,
      aor: `sip:${account.user}@${account.domain}`,
      displayName: account.displayName,
      authorizationUsername: account.authUser,
      viaHost: agent.rendererViaHost,
    });
  }

  /** Only the digest HA1 of one challenged realm crosses to the renderer; the password stays here. */
  private digestKey(accountId: string, realm: string, renderer: RendererEntry): Result<{ ha1: string }> {
    if (this.callAgentOwner.get(accountId) !== renderer) return fail('not-attached', 'This window does not run calls for this account.');
    const account = this.store.get(accountId);
    const agent = this.agents.get(accountId);
    if (!account || !agent) return fail('account-not-active', 'This account is not active.');
    if (!agent.hasBeenChallengedWithRealm(realm)) return fail('realm-not-challenged', 'The server has not asked for this realm.');
    const password = this.openPassword(account);
    if (password === undefined) return fail('password-unreadable', 'The saved password could not be decrypted.');
    return ok({ ha1: md5(`${account.authUser}:${realm}:${password}`) });
  }

  private disconnectRenderer(renderer: RendererEntry): void {
    this.renderers.delete(renderer.id);
    for (const [accountId, owner] of this.callAgentOwner) {
      if (owner !== renderer) continue;
      this.callAgentOwner.delete(accountId);
      this.agents.get(accountId)?.detachRenderer();
    }
    if (renderer.calls.length > 0) {
      this.syncIncomingCallNotices();
      this.publish();
    }
  }

  /** A notification for each incoming call ringing in any window; its Answer / Decline go to that window. */
  private syncIncomingCallNotices(): void {
    this.incomingCallNotifier.sync(
      [...this.renderers.values()].flatMap((renderer) =>
        renderer.calls
          .filter((call) => call.direction === 'incoming' && call.phase === 'ringing')
          .map((call) => ({ call, deliver: (action: 'answer' | 'decline') => renderer.sink('calls:incoming-action', { callId: call.id, action }) })),
      ),
    );
  }

  private startAgent(account: StoredAccount): void {
    if (!account.enabled) {
      this.statuses.set(account.id, { kind: 'offline' });
      return;
    }
    const password = this.openPassword(account);
    if (password === undefined) {
      this.statuses.set(account.id, {
        kind: 'failed',
        reason: 'wrong-credentials',
        detail: 'The saved password could not be decrypted on this system. Edit the account and enter it again.',
      });
      return;
    }
    const agent = new AccountAgent(
      {
        id: account.id,
        displayName: account.displayName,
        user: account.user,
        domain: account.domain,
        authUser: account.authUser,
        password,
        serverUrl: account.serverUrl,
        instanceId: account.instanceId,
        ...(account.keepAliveIntervalSec ? { keepAliveIntervalMs: account.keepAliveIntervalSec * 1000 } : {}),
        ...this.ports.agentTuning,
      },
      {
        onStatus: (status) => {
          if (this.agents.get(account.id) !== agent) return;
          this.recordReachability(account.id, status);
          this.statuses.set(account.id, status);
          this.publish();
        },
        rejectIncomingCall: () => {
          const settings = this.settingsStore.get();
          return settings.doNotDisturb ? settings.doNotDisturbStatusCode : undefined;
        },
        onKeepAliveSent: (bytes) => (this.keepAliveBytes += bytes),
        onCallTurnedAway: (call, reason) => {
          this.history.add({
            id: call.callId,
            accountId: account.id,
            direction: 'incoming',
            remoteUri: call.remoteUri,
            remoteName: call.remoteName,
            startedAt: call.at,
            endedAt: call.at,
            outcome: reason,
            outcomeText: reason === 'dnd' ? 'Turned away: Do not disturb was on' : 'No window could answer in time',
          });
          this.publish();
        },
        onRendererMessage: (message) => this.callAgentOwner.get(account.id)?.sink('sip:message', { accountId: account.id, message }),
        onConnectivity: (isConnected) => {
          for (const renderer of this.renderers.values()) renderer.sink('sip:connection', { accountId: account.id, isConnected });
        },
        onRendererNeeded: () => this.ports.requestWindow(),
      },
      this.ports.log,
    );
    this.agents.set(account.id, agent);
    if (this.callAgentOwner.has(account.id)) agent.attachRenderer();
    agent.start();
  }

  private async stopAgent(id: string): Promise<void> {
    const agent = this.agents.get(id);
    if (!agent) return;
    this.agents.delete(id);
    await agent.stop();
    // Stopping on purpose (disabled, edited, removed) is not missing calls.
    this.reachabilityLog.endPeriod(id);
    this.statuses.set(id, { kind: 'offline' });
  }

  /** Opens a period when a registered account becomes unreachable; closes it when registered again. */
  private recordReachability(accountId: string, status: RegistrationStatus): void {
    if (status.kind === 'unreachable') this.reachabilityLog.startPeriod(accountId, status.detail ?? SERVER_DETAILS.unknown, status.since);
    else if (status.kind === 'registered') this.reachabilityLog.endPeriod(accountId);
  }

  private refreshAll(reason: RefreshReason): void {
    for (const agent of this.agents.values()) agent.refresh(reason);
  }

  /** Background work runs only while an account exists; with none left, nothing does. */
  private onAccountsChanged(): void {
    const hasAgents = this.agents.size > 0;
    if (hasAgents) this.startBackgroundWork();
    else this.stopBackgroundWork();
    const settings = this.settingsStore.get();
    if (settings.handleLinks !== this.appliedLinkHandling) {
      this.appliedLinkHandling = settings.handleLinks;
      this.ports.setLinkHandling?.(settings.handleLinks);
    }
    if (settings.globalShortcut !== this.appliedGlobalShortcut && this.ports.setGlobalShortcut) {
      this.appliedGlobalShortcut = settings.globalShortcut;
      if (!this.ports.setGlobalShortcut(settings.globalShortcut, () => this.pressCallShortcut())) {
        this.ports.log.warn(`global shortcut ${settings.globalShortcut} is not available`);
        this.addNotice('shortcut-unavailable', `The shortcut ${settings.globalShortcut} is in use by another app. Choose another one in Settings.`, {
          shortcut: settings.globalShortcut,
        });
      }
    }
    const startAtLogin = shouldStartAtLogin(settings, this.store.list().length);
    if (startAtLogin !== this.appliedStartAtLogin) {
      this.appliedStartAtLogin = startAtLogin;
      this.ports.setStartAtLogin?.(startAtLogin);
    }
    this.publish();
  }

  private startBackgroundWork(): void {
    this.supervisor.start();
    this.heartbeatTimer ??= setInterval(() => this.reachabilityLog.heartbeat(), HEARTBEAT_MS);
  }

  private stopBackgroundWork(): void {
    this.supervisor.stop();
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  private openOrNotify(name: string) {
    const opened = openDataFile(this.ports.dataFiles, name);
    if (opened.backupPath) {
      this.ports.log.warn(`${name} file was unreadable; kept as ${opened.backupPath}`);
      this.addNotice(`${name}-file-unreadable`, `The ${name} file could not be read. It was kept as ${opened.backupPath} and a new one was started.`, {
        backup: opened.backupPath,
      });
    }
    return opened.file;
  }

  private viewOf(account: StoredAccount): AccountView {
    return {
      id: account.id,
      displayName: account.displayName,
      sipAddress: `${account.user}@${account.domain}`,
      authUser: account.authUser,
      serverUrl: account.serverUrl,
      enabled: account.enabled,
      keepAliveIntervalSec: account.keepAliveIntervalSec ?? DEFAULT_KEEP_ALIVE_INTERVAL_SEC,
      autoAnswerDelaySec: account.autoAnswerDelaySec,
      dtmfMethod: account.dtmfMethod ?? DEFAULT_DTMF_METHOD,
      status: this.statuses.get(account.id) ?? { kind: 'offline' },
    };
  }

  /** The account's password, or undefined when this system cannot decrypt it (another machine's keyring, a reset keyring). */
  private openPassword(account: StoredAccount): string | undefined {
    try {
      return this.ports.vault.open(account.sealedPassword);
    } catch {
      return undefined;
    }
  }

  private addNotice(code: string, message: string, params?: Record<string, string>): void {
    this.notices = [...this.notices, { id: randomUUID(), code, message, ...(params ? { params } : {}) }];
  }

  /** Coalesces a burst of changes into one snapshot with a new revision. */
  private publish(): void {
    if (this.isSnapshotQueued) return;
    this.isSnapshotQueued = true;
    queueMicrotask(() => {
      this.isSnapshotQueued = false;
      this.revision += 1;
      const snapshot = this.snapshot;
      for (const renderer of this.renderers.values()) renderer.sink('app:snapshot', snapshot);
      for (const listener of this.snapshotListeners) listener(snapshot);
    });
  }
}

/** "Alice <alice@example.com>"-style words for the notification, from what the renderer reported. */
function describeIncomingCall(call: CallSummary, account: StoredAccount | undefined): { caller: string; account: string } {
  const address = call.remoteUri.replace(/^sips?:/i, '').replace(/[;?].*$/, '');
  const name = call.remoteName?.trim();
  return {
    caller: name && name !== address ? `${name} (${address})` : address,
    account: account ? account.displayName.trim() || `${account.user}@${account.domain}` : '',
  };
}

function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}
