/**
 * The Electron-free main process: the composition root that opens the
 * profile's stores, runs the accounts, and serves the contract the renderer
 * talks to through the handlers of each domain.
 *
 * @remarks
 * It is the single writer of accounts, settings and registration status, and
 * pushes whole snapshots with a revision number. Adapters (Electron IPC, the
 * browser host's WebSocket) call {@link SoftphoneCore.connectRenderer} once
 * per renderer and pass every request through
 * {@link RendererConnection.invoke}, which validates it against the contract
 * before anything looks at it.
 */
import { randomUUID } from 'node:crypto';
import { parseDialLink } from '../../app/dial-link';
import { DEFAULT_DTMF_METHOD, DEFAULT_KEEP_ALIVE_INTERVAL_SEC, DEFAULT_SIP_TRANSPORT, type AccountView } from '../../app/account';
import { codecSettingsOf, DEFAULT_MEDIA_ENCRYPTION } from '../../app/codec-preferences';
import type { AppSnapshot } from '../../app/ipc-contract';
import { fail, ok, type Result } from '../../app/result';
import { DEFAULT_SETTINGS, validateSettingsChange, type SettingsChange } from '../../app/settings';
import type { RefreshReason } from './account-agent';
import { AccountFleet } from './account-fleet';
import { accountHandlers } from './account-handlers';
import type { StoredAccount } from './account-store';
import { CallReports } from './call-reports';
import { CallTunnel } from './call-tunnel';
import { chatHandlers } from './chat-handlers';
import { ChatService } from './chat-service';
import { AccountSubscriptions } from './account-subscriptions';
import { AccountPresence } from './account-presence';
import { ownPresenceOf } from '../../app/presence';
import { contactHandlers } from './contact-handlers';
import { ContactsService } from './contacts-service';
import { invokeThroughContract } from './contract-door';
import type { CoreHandlerContext } from './core-handler-context';
import type { InvokeHandlers } from './core-handlers';
import type { CorePorts } from './core-ports';
import { historyHandlers, recordCallEndedByMain, recordTurnedAwayCall } from './history-handlers';
import { NoticeBoard } from './notice-board';
import { recordingFolderView, recordingHandlers } from './recording-handlers';
import { RecordingService } from './recording-service';
import { OsIntegration } from './os-integration';
import { openProfileStores, type ProfileStores } from './profile-stores';
import { RendererRegistry, type RendererConnection, type RendererEntry, type RendererSink } from './renderer-registry';
import { SystemSupervisor } from './system-supervisor';
import { credentialStorageId } from './credential-vault';
import { desktopFeaturesOf } from './desktop-features';

export type { CorePorts } from './core-ports';
export type { RendererConnection, RendererSink } from './renderer-registry';

const HEARTBEAT_MS = 60_000;
const PERIODS_IN_SNAPSHOT = 50;
const HISTORY_IN_SNAPSHOT = 100;

/** What exists only between start and stop. */
interface Running {
  readonly stores: ProfileStores;
  readonly fleet: AccountFleet;
  readonly contacts: ContactsService;
  readonly tunnel: CallTunnel;
  readonly chat: ChatService;
  readonly subscriptions: AccountSubscriptions;
  readonly presence: AccountPresence;
  readonly stopFollowingPresence: () => void;
  readonly recordings: RecordingService;
  readonly handlers: InvokeHandlers;
}

export class SoftphoneCore {
  private running: Running | undefined;
  private readonly supervisor: SystemSupervisor;
  private readonly renderers = new RendererRegistry();
  private readonly notices = new NoticeBoard();
  private readonly callReports: CallReports;
  private readonly osIntegration: OsIntegration;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private pendingDial: { id: string; target: string } | undefined;
  private readonly snapshotListeners = new Set<(snapshot: AppSnapshot) => void>();
  private revision = 0;
  private isSnapshotQueued = false;

  constructor(private readonly ports: CorePorts) {
    this.supervisor = new SystemSupervisor({
      onEvent: (reason) => this.running?.fleet.refreshAll(reason),
      isOnline: ports.isOnline,
      now: ports.now,
      tickMs: ports.supervisorTickMs,
    });
    this.callReports = new CallReports(
      { ports, publish: () => this.publish(), accountOf: (id) => this.running?.stores.accounts.get(id) },
      this.renderers,
    );
    this.osIntegration = new OsIntegration(ports, this.notices, () => this.pressCallShortcut());
  }

  /** Loads the saved accounts and starts registering the enabled ones. */
  start(): void {
    if (this.running) return;
    const stores = openProfileStores(this.ports.dataFiles, this.ports.vault, this.notices, this.ports.log, this.ports.now);
    const context: CoreHandlerContext = {
      ports: this.ports,
      stores,
      notices: this.notices,
      publish: () => this.publish(),
      onAccountsChanged: () => this.onAccountsChanged(),
    };
    let tunnel: CallTunnel | undefined;
    const chat = new ChatService({
      store: stores.messages,
      accounts: stores.accounts,
      log: this.ports.log,
      publish: () => this.publish(),
      isWindowOpen: () => this.renderers.all().length > 0,
      isDoNotDisturb: () => stores.settings.get().doNotDisturb,
      showNotice: this.ports.showMessageNotice,
      requestWindow: this.ports.requestWindow,
      now: this.ports.now,
    });
    const subscriptions = new AccountSubscriptions(stores.accounts, () => this.publish(), this.ports.log, this.ports.subscriptionTuning);
    const presence = new AccountPresence(stores.accounts, () => stores.contacts.list(), () => this.publish(), this.ports.log, this.ports.presenceTuning);
    const fleet = new AccountFleet(this.ports, stores.reachability, {
      onStatusChanged: () => this.publish(),
      rejectIncomingCall: () => {
        const settings = stores.settings.get();
        return settings.doNotDisturb ? settings.doNotDisturbStatusCode : undefined;
      },
      onCallTurnedAway: (accountId, call, reason, statusCode) => recordTurnedAwayCall(context, accountId, call, reason, statusCode),
      onCallEndedByMain: (accountId, call) => recordCallEndedByMain(context, accountId, call),
      onRendererMessage: (accountId, message) => tunnel?.deliver(accountId, message),
      onConnectivity: (accountId, isConnected) => {
        subscriptions.onConnectivity(accountId, isConnected);
        presence.onConnectivity(accountId, isConnected);
        tunnel?.announceConnectivity(accountId, isConnected);
      },
      hasReadyCallAgent: (accountId) => tunnel?.hasReadyCallAgent(accountId) ?? false,
      onAgentCreated: (accountId, agent) => {
        chat.adopt(accountId, agent);
        subscriptions.adopt(accountId, agent);
        presence.adopt(accountId, agent);
      },
      onAgentStopped: (accountId) => {
        chat.forget(accountId);
        subscriptions.forget(accountId);
        presence.forget(accountId);
      },
    });
    tunnel = new CallTunnel(stores.accounts, fleet, this.renderers, this.ports.vault);
    const contacts = new ContactsService(stores.contacts, () => this.publish(), this.ports.saveFile);
    const recordingsPort = this.ports.recordings;
    const recordings = new RecordingService({
      folder: () => {
        const chosen = stores.settings.get().recordingFolder;
        return chosen ? { path: chosen, isDefault: false } : { path: recordingsPort?.defaultFolder ?? '', isDefault: true };
      },
      history: stores.history,
      log: this.ports.log,
      publish: () => this.publish(),
      now: this.ports.now,
    });
    const handlers: InvokeHandlers = {
      'app:get-snapshot': () => ok(this.snapshot),
      'settings:update': (change) => this.updateSettings(change),
      'settings:ice-servers': () => ok(stores.settings.iceServersForCalls()),
      'app:open-log-folder': () => openLogFolder(this.ports.logFolder),
      'notices:dismiss': ({ id }) => this.publishAfter(() => this.notices.dismiss(id)),
      'reachability:acknowledge': ({ id }) => this.publishAfter(() => stores.reachability.acknowledge(id)),
      'dial:consume': ({ id }) =>
        this.publishAfter(() => {
          if (this.pendingDial?.id === id) this.pendingDial = undefined;
        }),
      ...accountHandlers(context, fleet),
      ...tunnel.handlers,
      ...this.callReports.handlers,
      ...historyHandlers(context, (callId) => recordings.finishedRecordingOf(callId)),
      ...recordingHandlers(context, recordings),
      ...contactHandlers(contacts),
      ...chatHandlers(chat),
      'lamps:watch': ({ accountId, target }) => subscriptions.watch(accountId, target),
      'lamps:unwatch': ({ accountId, target }) => subscriptions.unwatch(accountId, target),
    };
    // The own status follows settings (the choice, Do not disturb) and the calls the renderer reports; the watched addresses follow the contacts.
    const stopFollowingPresence = this.onSnapshot((snapshot) =>
      presence.follow(ownPresenceOf(snapshot.settings.presenceStatus, snapshot.settings.doNotDisturb, snapshot.calls), snapshot.contactsRevision),
    );
    this.running = { stores, fleet, contacts, tunnel, chat, subscriptions, presence, stopFollowingPresence, recordings, handlers };
    const accounts = stores.accounts.list();
    stores.reachability.open(accounts.filter((account) => account.enabled).map((account) => account.id));
    for (const account of accounts) fleet.start(account);
    this.onAccountsChanged();
  }

  /** Unregisters every account (each waits a bounded time) and closes every connection. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.stopBackgroundWork();
    this.callReports.closeAll();
    running.recordings.stopAll();
    running.chat.stop();
    running.subscriptions.stop();
    running.stopFollowingPresence();
    await running.presence.stop();
    await running.fleet.stopAll();
    running.stores.reachability.close();
    this.running = undefined;
  }

  /** For main-side controls (the tray's Do not disturb); checked like the renderer's requests. */
  updateSettings(change: SettingsChange): Result<null> {
    if (!this.running) return fail('not-started', 'The softphone is not running.');
    const checked = validateSettingsChange(change, this.running.stores.settings.hasSavedCredential);
    if (!checked.ok) return checked;
    this.running.stores.settings.update(checked.value);
    this.onAccountsChanged();
    return ok(null);
  }

  /**
   * The global shortcut was pressed: the renderer answers the ringing call
   * or hangs up the active one (it owns the calls).
   */
  pressCallShortcut(): void {
    this.renderers.broadcast('calls:shortcut', {});
  }

  /**
   * A dial link arrived (clicked, or on the command line): the window comes
   * up with the number in the dial field. A link that holds nothing
   * callable opens the window with a message instead.
   */
  requestDial(link: string): void {
    const parsed = parseDialLink(link);
    if (parsed.ok) this.pendingDial = { id: randomUUID(), target: parsed.value };
    else this.notices.raise(parsed.error.code, parsed.error.message);
    this.ports.requestWindow();
    this.publish();
  }

  /** The platform reported a resume, an unlock or a network change: re-register now. */
  notifySystemEvent(reason: RefreshReason): void {
    this.supervisor.notify(reason);
  }

  /** Bytes of keep-alive traffic sent so far, over all accounts (for the benchmark). */
  get keepAliveBytesSent(): number {
    return this.running?.fleet.keepAliveBytesSent ?? 0;
  }

  /** How many windows (renderers) are connected now: with none, messages are notified on the desktop. */
  get connectedWindows(): number {
    return this.renderers.all().length;
  }

  /** Whether anything runs in the background (connections, supervisor, timers). */
  get isIdle(): boolean {
    return (this.running?.fleet.size ?? 0) === 0 && !this.supervisor.isRunning && this.heartbeatTimer === undefined;
  }

  get snapshot(): AppSnapshot {
    const stores = this.running?.stores;
    const history = stores ? stores.history.list() : [];
    const settings = stores ? stores.settings.get() : DEFAULT_SETTINGS;
    const recording = recordingFolderView(this.ports.recordings, settings.recordingFolder);
    return {
      revision: this.revision,
      accounts: stores ? stores.accounts.list().map((account) => this.viewOf(account)) : [],
      calls: this.renderers.calls(),
      credentialStorage: this.ports.vault.storage,
      credentialStorageId: credentialStorageId(this.ports.vault),
      desktop: desktopFeaturesOf(this.ports),
      notices: this.notices.list(),
      settings,
      unreachablePeriods: stores ? stores.reachability.periods().slice(-PERIODS_IN_SNAPSHOT) : [],
      pendingDial: this.pendingDial,
      history: history.slice(-HISTORY_IN_SNAPSHOT),
      unseenMissedCalls: stores ? stores.history.unseenMissedCount(history) : 0,
      contactsRevision: this.running ? this.running.contacts.revision : 0,
      ...(this.running ? { chat: this.running.chat.summary, lamps: this.running.subscriptions.lamps(), presence: this.running.presence.snapshot } : {}),
      ...(recording ? { recording } : {}),
      ...(this.ports.logFolder ? { logFolder: { path: this.ports.logFolder.path, canOpen: this.ports.logFolder.open !== undefined } } : {}),
    };
  }

  /** For main-side consumers (tray, notifications). */
  onSnapshot(listener: (snapshot: AppSnapshot) => void): () => void {
    this.snapshotListeners.add(listener);
    return () => this.snapshotListeners.delete(listener);
  }

  connectRenderer(sink: RendererSink): RendererConnection {
    const entry = this.renderers.add(sink);
    return {
      invoke: (channel, payload) => this.invoke(entry, channel, payload),
      close: () => this.disconnectRenderer(entry),
    };
  }

  private invoke(renderer: RendererEntry, channel: unknown, payload: unknown): Promise<Result<unknown>> {
    if (!this.renderers.isConnected(renderer)) return Promise.resolve(fail('renderer-closed', 'This window is no longer connected.'));
    if (!this.running) return Promise.resolve(fail('not-started', 'The softphone is not running.'));
    return invokeThroughContract(this.running.handlers, renderer, channel, payload, this.ports.log);
  }

  private disconnectRenderer(renderer: RendererEntry): void {
    this.renderers.remove(renderer);
    this.running?.tunnel.detachRenderer(renderer);
    this.callReports.forgetRenderer(renderer);
    this.running?.recordings.forgetRenderer(renderer);
  }

  /** Background work runs only while an account exists; with none left, nothing does. */
  private onAccountsChanged(): void {
    const running = this.running;
    if (!running) return;
    if (running.fleet.size > 0) this.startBackgroundWork();
    else this.stopBackgroundWork();
    this.osIntegration.apply(running.stores.settings.get());
    this.publish();
  }

  private startBackgroundWork(): void {
    this.supervisor.start();
    this.heartbeatTimer ??= setInterval(() => this.running?.stores.reachability.heartbeat(), HEARTBEAT_MS);
  }

  private stopBackgroundWork(): void {
    this.supervisor.stop();
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  private viewOf(account: StoredAccount): AccountView {
    return {
      id: account.id,
      displayName: account.displayName,
      sipAddress: account.address.toString(),
      authUser: account.authUser,
      serverUrl: account.serverUrl,
      transport: account.transport ?? DEFAULT_SIP_TRANSPORT,
      enabled: account.enabled,
      keepAliveIntervalSec: account.keepAliveIntervalSec ?? DEFAULT_KEEP_ALIVE_INTERVAL_SEC,
      registerExpirySec: account.registerExpirySec,
      autoAnswerDelaySec: account.autoAnswerDelaySec,
      dtmfMethod: account.dtmfMethod ?? DEFAULT_DTMF_METHOD,
      codecs: codecSettingsOf(account.codecs),
      mediaEncryption: account.mediaEncryption ?? DEFAULT_MEDIA_ENCRYPTION,
      ...(account.trustedCertificateSha256 ? { trustedCertificateSha256: account.trustedCertificateSha256 } : {}),
      ...(account.voicemailNumber ? { voicemailNumber: account.voicemailNumber } : {}),
      status: this.running?.fleet.statusOf(account.id) ?? { kind: 'offline' },
      challengedRealms: this.running?.fleet.agentOf(account.id)?.challengedRealms ?? [],
      ...(this.running?.subscriptions.voicemailOf(account.id) ? { voicemail: this.running.subscriptions.voicemailOf(account.id) } : {}),
    };
  }

  private publishAfter(change: () => void): Result<null> {
    change();
    this.publish();
    return ok(null);
  }

  /** Coalesces a burst of changes into one snapshot with a new revision. */
  private publish(): void {
    if (this.isSnapshotQueued) return;
    this.isSnapshotQueued = true;
    queueMicrotask(() => {
      this.isSnapshotQueued = false;
      this.revision += 1;
      const snapshot = this.snapshot;
      this.renderers.broadcast('app:snapshot', snapshot);
      for (const listener of this.snapshotListeners) listener(snapshot);
    });
  }
}

/** Shows the log folder through the host; where it cannot, the failure carries the path for the UI to show. */
async function openLogFolder(folder: CorePorts['logFolder']): Promise<Result<null>> {
  if (folder?.open && (await folder.open())) return ok(null);
  return fail('log-folder-unavailable', `The log folder ${folder?.path ?? ''} could not be opened.`, { path: folder?.path ?? '' });
}
