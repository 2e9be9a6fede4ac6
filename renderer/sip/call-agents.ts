/**
 * Agent lifecycle: one call-only sip.js UserAgent per enabled account (it
 * never REGISTERs; main does that on the same connection), started when the
 * account appears and stopped when it goes, and the digest key of each
 * realm that challenges it.
 */
import { UserAgent, type Invitation } from 'sip.js';
import type { AccountView } from '../../app/account';
import type { CallAgentConfig, SoftphoneApi } from '../../app/ipc-contract';
import { DigestKeys } from './digest-keys';
import type { PreparedLeg } from './prepared-outgoing-leg';
import { SipHub } from './sip-hub';
import { buildCallAgentOptions, setDigestKey } from './user-agent-options';

export interface CallAgent {
  readonly config: CallAgentConfig;
  readonly userAgent: UserAgent;
}

export interface CallAgentsDelegate {
  readonly onInvite: (accountId: string, invitation: Invitation) => void;
  /** An account's connection came back: calls on it need a new route. */
  readonly onReconnected: (accountId: string) => void;
  readonly iceServers: () => RTCIceServer[];
  readonly certificates: () => RTCCertificate[] | undefined;
  readonly takePreparedLeg: () => PreparedLeg | undefined;
  /** An agent is started: calls can be made from now on. */
  readonly onAgentReady: () => void;
}

export class CallAgents {
  private readonly hub: SipHub;
  private readonly keys: DigestKeys;
  private readonly agents = new Map<string, CallAgent>();
  private readonly starting = new Map<string, Promise<CallAgent | undefined>>();
  private accounts: readonly AccountView[] = [];

  constructor(
    private readonly api: SoftphoneApi,
    private readonly delegate: CallAgentsDelegate,
  ) {
    this.keys = new DigestKeys(api);
    this.hub = new SipHub(api, {
      onReconnected: (accountId) => delegate.onReconnected(accountId),
      onDisconnected: (accountId) => this.keys.forget(accountId),
      beforeChallenge: (accountId, realm) => this.prepareForChallenge(accountId, realm),
    });
  }

  /** Starts an agent for each enabled account and stops those of removed ones. */
  sync(accounts: readonly AccountView[]): void {
    this.accounts = accounts;
    for (const id of this.agents.keys()) this.fetchKnownKeys(id);
    const wanted = new Set(accounts.filter((account) => account.enabled && account.status.kind !== 'offline').map((account) => account.id));
    for (const id of wanted) if (!this.agents.has(id) && !this.starting.has(id)) void this.start(id);
    for (const id of this.agents.keys()) if (!wanted.has(id)) void this.stop(id);
  }

  get(accountId: string): CallAgent | undefined {
    return this.agents.get(accountId);
  }

  /** The account's agent, started now if it is not running yet; undefined if main will not attach it. */
  async ready(accountId: string): Promise<CallAgent | undefined> {
    return this.agents.get(accountId) ?? (await this.start(accountId));
  }

  private start(accountId: string): Promise<CallAgent | undefined> {
    const pending = this.starting.get(accountId);
    if (pending) return pending;
    const start = (async () => {
      const attached = await this.api.attachSip({ accountId });
      if (!attached.ok) return undefined;
      const config = attached.value;
      const userAgent = new UserAgent(
        buildCallAgentOptions(config, {
          pipe: this.hub.pipeFor(accountId),
          onTransportCreated: (transport) => this.hub.bind(accountId, transport),
          iceServers: this.delegate.iceServers,
          certificates: this.delegate.certificates,
          takePreparedLeg: this.delegate.takePreparedLeg,
          onInvite: (invitation) => this.delegate.onInvite(accountId, invitation),
        }),
      );
      const agent = { config, userAgent };
      this.agents.set(accountId, agent);
      await userAgent.start().catch(() => undefined);
      // main's relay holds this account's messages until now.
      await this.api.readySip({ accountId });
      this.fetchKnownKeys(accountId);
      this.delegate.onAgentReady();
      return agent;
    })().finally(() => this.starting.delete(accountId));
    this.starting.set(accountId, start);
    return start;
  }

  private async stop(accountId: string): Promise<void> {
    const agent = this.agents.get(accountId);
    if (!agent) return;
    this.agents.delete(accountId);
    this.hub.unbind(accountId);
    this.keys.forget(accountId);
    await agent.userAgent.stop().catch(() => undefined);
  }

  /** Keys of the realms the server already challenged with are fetched now (once each), not in the middle of the first call. */
  private fetchKnownKeys(accountId: string): void {
    const realms = this.accounts.find((account) => account.id === accountId)?.challengedRealms ?? [];
    for (const realm of realms) void this.keys.keyFor(accountId, realm);
  }

  private async prepareForChallenge(accountId: string, realm: string): Promise<void> {
    const ha1 = await this.keys.keyFor(accountId, realm);
    const agent = this.agents.get(accountId);
    if (ha1 !== undefined && agent) setDigestKey(agent.userAgent, ha1);
  }
}
