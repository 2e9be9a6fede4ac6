/**
 * The running accounts: one {@link AccountAgent} per enabled account, and the
 * registration status of every account.
 *
 * @remarks
 * Only this module starts and stops agents. An account whose agent stops on
 * purpose (disabled, edited, removed) closes its open unreachable period:
 * that is not missing calls.
 */
import { connectionUrlOf } from '../../app/account';
import { codecSettingsOf, DEFAULT_MEDIA_ENCRYPTION } from '../../app/codec-preferences';
import { parsePlainTargetUrl } from '../../app/sip-target';
import type { RegistrationStatus } from '../../app/registration-status';
import type { StatusDetail } from '../../app/status-detail';
import { AccountAgent, type AccountAgentDelegate, type RefreshReason } from './account-agent';
import { openAccountPassword } from './account-password';
import type { StoredAccount } from './account-store';
import type { CorePorts } from './core-ports';
import type { SdpTranslator } from './sdp-translator';
import type { ReachabilityLog } from './reachability-log';

/** What the fleet tells the rest of the core; per account, where an agent's delegate is per agent. */
export interface AccountFleetDelegate {
  /** Any account's status changed. */
  onStatusChanged(): void;
  /** The SIP status to turn an incoming call away with (Do not disturb), or undefined to let it ring. */
  rejectIncomingCall(): number | undefined;
  onCallTurnedAway(accountId: string, ...turnedAway: Parameters<NonNullable<AccountAgentDelegate['onCallTurnedAway']>>): void;
  onCallEndedByMain(accountId: string, ...ended: Parameters<NonNullable<AccountAgentDelegate['onCallEndedByMain']>>): void;
  onRendererMessage(accountId: string, message: string): void;
  onConnectivity(accountId: string, isConnected: boolean): void;
  /** Whether a renderer runs a ready call agent for this account (a new agent starts attached). */
  hasReadyCallAgent(accountId: string): boolean;
  /** A new agent was made for the account, before it starts: what runs on its connections hooks in here (chat). */
  onAgentCreated?(accountId: string, agent: AccountAgent): void;
  /** The account's agent stopped for good (disabled, edited, removed). */
  onAgentStopped?(accountId: string): void;
}

export class AccountFleet {
  private readonly agents = new Map<string, AccountAgent>();
  private readonly statuses = new Map<string, RegistrationStatus>();
  private keepAliveBytes = 0;

  constructor(
    private readonly ports: Pick<CorePorts, 'vault' | 'log' | 'agentTuning' | 'requestWindow' | 'createSdpTranslator'>,
    private readonly reachabilityLog: ReachabilityLog,
    private readonly delegate: AccountFleetDelegate,
  ) {}

  get size(): number {
    return this.agents.size;
  }

  /** Bytes of keep-alive traffic sent so far, over all accounts. */
  get keepAliveBytesSent(): number {
    return this.keepAliveBytes;
  }

  agentOf(accountId: string): AccountAgent | undefined {
    return this.agents.get(accountId);
  }

  statusOf(accountId: string): RegistrationStatus {
    return this.statuses.get(accountId) ?? { kind: 'offline' };
  }

  /** Starts registering an enabled account; a disabled one is shown offline. */
  start(account: StoredAccount): void {
    if (!account.enabled) {
      this.statuses.set(account.id, { kind: 'offline' });
      return;
    }
    const password = openAccountPassword(this.ports.vault, account);
    if (password === undefined) {
      this.statuses.set(account.id, {
        kind: 'failed',
        reason: 'wrong-credentials',
        detail: { code: 'password-unreadable' },
      });
      return;
    }
    const agent = new AccountAgent(
      {
        id: account.id,
        displayName: account.displayName,
        address: account.address,
        authUser: account.authUser,
        password,
        serverUrl: connectionUrlOf(account),
        instanceId: account.instanceId,
        ...(account.keepAliveIntervalSec ? { keepAliveIntervalMs: account.keepAliveIntervalSec * 1000 } : {}),
        ...(account.registerExpirySec ? { registerExpiresSec: account.registerExpirySec } : {}),
        ...(account.trustedCertificateSha256 ? { pinnedCertificateSha256: account.trustedCertificateSha256 } : {}),
        ...this.mediaOf(account),
        ...this.ports.agentTuning,
      },
      {
        onStatus: (status) => {
          if (this.agents.get(account.id) !== agent) return;
          this.recordReachability(account.id, status);
          this.statuses.set(account.id, status);
          this.delegate.onStatusChanged();
        },
        rejectIncomingCall: () => this.delegate.rejectIncomingCall(),
        onKeepAliveSent: (bytes) => (this.keepAliveBytes += bytes),
        onCallTurnedAway: (call, reason, statusCode) => this.delegate.onCallTurnedAway(account.id, call, reason, statusCode),
        onCallEndedByMain: (call) => this.delegate.onCallEndedByMain(account.id, call),
        onRendererMessage: (message) => this.delegate.onRendererMessage(account.id, message),
        onConnectivity: (isConnected) => this.delegate.onConnectivity(account.id, isConnected),
        onRendererNeeded: () => this.ports.requestWindow(),
      },
      this.ports.log,
    );
    this.agents.set(account.id, agent);
    this.delegate.onAgentCreated?.(account.id, agent);
    if (this.delegate.hasReadyCallAgent(account.id)) agent.attachRenderer();
    agent.start();
  }

  async stop(accountId: string): Promise<void> {
    const agent = this.agents.get(accountId);
    if (!agent) return;
    this.agents.delete(accountId);
    this.delegate.onAgentStopped?.(accountId);
    await agent.stop();
    this.reachabilityLog.endPeriod(accountId);
    this.statuses.set(accountId, { kind: 'offline' });
  }

  async restart(account: StoredAccount): Promise<void> {
    await this.stop(account.id);
    this.start(account);
  }

  /** The account is gone: forget its status. */
  forget(accountId: string): void {
    this.statuses.delete(accountId);
  }

  /** Unregisters every account (each waits a bounded time) and closes every connection. */
  async stopAll(): Promise<void> {
    const agents = [...this.agents.values()];
    this.agents.clear();
    await Promise.all(agents.map((agent) => agent.stop()));
  }

  refreshAll(reason: RefreshReason): void {
    for (const agent of this.agents.values()) agent.refresh(reason);
  }

  /**
   * Opens a period whenever calls cannot reach an enabled account (unreachable,
   * or registration failed for any reason); closes it when registered again.
   */
  /** The media gateway's translator for a plain-SIP account (none over WebSocket: the provider speaks WebRTC). */
  private mediaOf(account: StoredAccount): { sdpTranslator?: SdpTranslator } {
    const target = parsePlainTargetUrl(connectionUrlOf(account));
    if (!target || !this.ports.createSdpTranslator) return {};
    return {
      sdpTranslator: this.ports.createSdpTranslator({
        accountId: account.id,
        providerHost: target.host,
        codecs: codecSettingsOf(account.codecs),
        mediaEncryption: account.mediaEncryption ?? DEFAULT_MEDIA_ENCRYPTION,
        isTls: target.transport === 'tls',
        publicHost: () => this.agents.get(account.id)?.publicHost,
      }),
    };
  }

  private recordReachability(accountId: string, status: RegistrationStatus): void {
    if (status.kind === 'unreachable') this.reachabilityLog.startPeriod(accountId, status.detail ?? { code: 'unknown' }, status.since);
    else if (status.kind === 'failed') {
      const detail: StatusDetail = status.reason === 'wrong-credentials' ? (status.detail ?? { code: 'wrong-credentials' }) : (status.detail ?? { code: 'unknown' });
      this.reachabilityLog.startPeriod(accountId, detail);
    } else if (status.kind === 'registered') this.reachabilityLog.endPeriod(accountId);
  }
}
