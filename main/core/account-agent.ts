/**
 * Keeps one SIP account registered and reachable: the thin coordinator of
 * the account's parts.
 *
 * @remarks
 * It wires:
 * - {@link ConnectionLoop}: the account's one retry loop over its
 *   {@link AccountEpoch}s, each one connection (made by the
 *   {@link SipTransportConnectionFactory} it is given) and main's sip.js
 *   registration agent on it;
 * - {@link RegistrationKeeper}: main's REGISTERs, their deadline, and the
 *   per-epoch {@link RegistrationJudge}'s verdict on every answer;
 * - {@link ReachabilityProbe}: proof that calls still reach us;
 * - {@link InboundDoor}: everything the server sends, parsed once, routed by
 *   {@link MessageRouter} over {@link MainOwnedDialogs}: main's own traffic
 *   to main, the rest to the {@link RendererRelay}, which alone holds and
 *   answers what the renderer cannot take;
 * - {@link AccountStatus}: what the user sees, from all of the above.
 *
 * Whatever must be re-established on every new connection hangs on
 * {@link AccountAgent.onConnectionStarted} (registration does).
 *
 * ```
 *            start                 open                  2xx with our Contact
 *  offline ───────► connecting ───────────► registering ───────────────────► registered
 *                       │                        │                              │ lost, dead peer,
 *                       │ cannot connect         │ same challenge twice / 403   │ refresh failed,
 *                       ▼                        ▼                              ▼ probe lost
 *        failed(reason, nextRetryAt)   failed(wrong credentials)   unreachable(since, nextRetryAt)
 * ```
 */
import type { RegistrationStatus } from '../../app/registration-status';
import { describeError } from '../../app/result';
import { mediaRelayFailureText } from '../../app/sip-failure';
import { AccountEpoch } from './account-epoch';
import { AGENT_DEFAULTS, type AccountAgentConfig, type AccountAgentDelegate, type RefreshReason, type StartedConnection } from './account-agent-options';
import { AccountStatus } from './account-status';
import { ChallengeRealms } from './challenge-realms';
import { ConnectionLoop } from './connection-loop';
import { contactTokenOf, withRequestUriUser } from './contact-token';
import { InboundDoor } from './inbound-door';
import type { Logger } from './logger';
import { LASTING, MainOwnedDialogs, TRANSACTION_LIFETIME_MS } from './main-owned-dialogs';
import { MessageRouter } from './message-router';
import { PROBE_HEADER, ReachabilityProbe } from './reachability-probe';
import { RegistrationKeeper } from './registration-keeper';
import { RendererRelay } from './renderer-relay';
import { callIdOf } from './sip-message';
import { hostPort } from './sip-wire-addressing';
import { SdpCrossings } from './sdp-crossings';
import { passThroughSdp } from './sdp-translator';
import { DEFAULT_KEEP_ALIVE_INTERVAL_MS, isPlainSipUrl, sipConnectionFactory } from './sip-transport-connection';

export type { AccountAgentConfig, AccountAgentDelegate, RefreshReason, StartedConnection } from './account-agent-options';
export type { TurnedAwayReason } from './renderer-relay';

/** How long an open connection may take to answer a ping after a resume or a network change. */
const SYSTEM_EVENT_PROBE_MS = 3_000;

export class AccountAgent {
  private readonly loop: ConnectionLoop;
  private readonly status: AccountStatus;
  private readonly owned = new MainOwnedDialogs();
  private readonly realms: ChallengeRealms;
  private readonly relay: RendererRelay;
  private readonly probe: ReachabilityProbe;
  private readonly registration: RegistrationKeeper;
  private readonly door: InboundDoor;
  /** Only for a plain-SIP provider: WebSocket providers speak WebRTC media themselves. */
  private readonly crossings: SdpCrossings | undefined;
  /**
   * User part of main's registered Contact: over UDP, TCP and TLS an
   * unguessable token, so requests naming it are taken from any of the
   * provider's addresses (see contact-token.ts); over WebSocket the user name.
   */
  private readonly contactUser: string;
  private readonly connectionStartedHooks = new Set<(connection: StartedConnection) => void>();

  constructor(
    private readonly config: AccountAgentConfig,
    private readonly delegate: AccountAgentDelegate,
    private readonly log: Logger,
  ) {
    this.contactUser = isPlainSipUrl(config.serverUrl) ? contactTokenOf(config.instanceId) : config.address.user;
    this.status = new AccountStatus((status) => delegate.onStatus(status));
    this.realms = new ChallengeRealms();
    this.loop = new ConnectionLoop(
      config.id,
      {
        createEpoch: () => this.createEpoch(),
        onStarted: (epoch) => {
          this.log.info(`account ${config.id}: connected to ${config.serverUrl}`);
          delegate.onConnectivity(true);
          this.probe.resetServer();
          for (const hook of this.connectionStartedHooks) hook({ userAgent: epoch.userAgent });
        },
        onEnding: () => {
          this.registration.stop();
          this.probe.abandonPending();
        },
        onEnded: (epoch) => {
          for (const callId of [...epoch.registerCallIds, ...epoch.subscriptionCallIds]) this.owned.release(callId);
          delegate.onConnectivity(false);
        },
        onRetrying: (reason, detail, statusCode, nextRetryAt) => this.status.retrying(reason, detail, statusCode, nextRetryAt),
        isHealthy: () => this.status.current.kind === 'registered',
      },
      log,
    );
    this.crossings = isPlainSipUrl(config.serverUrl)
      ? new SdpCrossings(
          config.sdpTranslator ?? passThroughSdp,
          this.mainViaHost,
          {
            toProvider: (text) => void this.loop.current?.connection.send(text),
            toRenderer: (text) => delegate.onRendererMessage(text),
            onCallMediaLost: (callId, reason) => this.relay.endCall(callId, { text: mediaRelayFailureText(reason), code: reason }),
          },
          log,
        )
      : undefined;
    this.relay = new RendererRelay(
      { waitMs: config.rendererWaitMs ?? AGENT_DEFAULTS.rendererWaitMs, mainViaHost: this.mainViaHost },
      {
        deliver: (text) => (this.crossings ? this.crossings.fromProvider(text) : delegate.onRendererMessage(text)),
        send: (text) => {
          this.crossings?.noteSentByMain(text);
          return this.loop.current?.connection.send(text) ?? false;
        },
        onRepliedStatelessly: (callId) => this.owned.own(callId, TRANSACTION_LIFETIME_MS),
        onRendererNeeded: () => {
          this.log.info(`account ${config.id}: incoming call while no window is ready; holding it`);
          delegate.onRendererNeeded();
        },
        rejectIncomingCall: () => delegate.rejectIncomingCall?.(),
        onCallTurnedAway: (call, reason, statusCode) => delegate.onCallTurnedAway?.(call, reason, statusCode),
        onCallEndedByMain: (call) => delegate.onCallEndedByMain?.(call),
      },
    );
    this.probe = new ReachabilityProbe(
      {
        intervalMs: config.reachabilityIntervalMs ?? AGENT_DEFAULTS.reachabilityIntervalMs,
        timeoutMs: config.reachabilityTimeoutMs ?? AGENT_DEFAULTS.reachabilityTimeoutMs,
        keepAliveIntervalMs: config.keepAliveIntervalMs ?? DEFAULT_KEEP_ALIVE_INTERVAL_MS,
      },
      {
        send: (token) => this.sendProbe(token),
        answersCrlf: () => this.loop.current?.connection.answersCrlf,
        isConnectionless: () => this.loop.current?.connection.isConnectionless === true,
        onProof: () => {
          if (this.status.proven()) this.loop.settle();
        },
        onLost: () => this.onProbeLost(),
      },
    );
    this.registration = new RegistrationKeeper(
      config.registerTimeoutMs ?? AGENT_DEFAULTS.registerTimeoutMs,
      {
        isCurrent: (epoch) => this.loop.follows(epoch),
        onRegistered: (expiresSec) => this.onRegistered(expiresSec),
        onRefused: (statusCode) => {
          this.probe.stop();
          void this.loop.stop({ shouldUnregister: false });
          this.status.refused(statusCode);
        },
        onRetryLater: (delayMs, reason, detail, statusCode) => this.loop.retryLater(delayMs, reason, detail, () => this.register(), statusCode),
        onEpochBroken: (reason, detail, statusCode) => this.loop.replaceLater(reason, detail, statusCode),
      },
      log,
      config.id,
    );
    this.door = new InboundDoor(
      config.id,
      new MessageRouter(this.mainViaHost, this.rendererViaHost, this.owned),
      this.realms,
      {
        onProbeArrived: (epoch, token) => epoch.isCurrent && this.probe.onArrived(token),
        onRegisterResponse: (epoch, response) => this.registration.onResponse(epoch, response),
        toRenderer: (text, message) => this.relay.fromWire(withRequestUriUser(text, this.contactUser, config.address.user), message),
      },
      log,
    );
    this.onConnectionStarted(() => this.register());
  }

  /** Via host of main's registration agent: stable, so the Contact never changes. */
  get mainViaHost(): string {
    return `${this.config.id.slice(0, 12).toLowerCase()}-reg.invalid`;
  }

  /** Via host the renderer's call agent must use, so responses find it. */
  get rendererViaHost(): string {
    return `${this.config.id.slice(0, 12).toLowerCase()}-call.invalid`;
  }

  /** Whether a 401/407 on this account's connection (to main's or the renderer's requests) carried `realm`. */
  hasBeenChallengedWithRealm(realm: string): boolean {
    return this.realms.has(realm);
  }

  /** The realms this account's server has challenged with, least recently used first. */
  get challengedRealms(): string[] {
    return this.realms.list();
  }

  get currentStatus(): RegistrationStatus {
    return this.status.current;
  }

  /** The address the provider sees this account's signalling come from, once the connection knows it. */
  get publicHost(): string | undefined {
    return this.loop.current?.connection.publicAddress?.host;
  }

  get isConnected(): boolean {
    return this.loop.current?.connection.isOpen ?? false;
  }

  /** When an incoming request last proved that calls reach this device. */
  get lastReachabilityProofAt(): number | undefined {
    return this.probe.lastProofAt;
  }

  /**
   * Runs `hook` every time a new connection is up and main's user agent is
   * started on it: what must be re-established per connection (registration,
   * later subscriptions) hangs here. Returns the unsubscribe.
   */
  onConnectionStarted(hook: (connection: StartedConnection) => void): () => void {
    this.connectionStartedHooks.add(hook);
    return () => this.connectionStartedHooks.delete(hook);
  }

  start(): void {
    this.loop.start();
  }

  /** Unregisters (waiting at most a moment for the server) and closes the connection. */
  async stop(): Promise<void> {
    this.probe.stop();
    this.registration.stop();
    this.relay.stop();
    await this.loop.stop({ shouldUnregister: true });
    this.status.offline();
  }

  /**
   * Registers again now: after a resume, a network change, a screen unlock
   * or a clock jump the connection may be dead without the socket knowing.
   * An open connection is probed with a short deadline and refreshed; a
   * missing one is reconnected at once.
   */
  refresh(reason: RefreshReason): void {
    if (!this.loop.isRunning) return;
    this.log.info(`account ${this.config.id}: re-registering now (${reason})`);
    const epoch = this.loop.current;
    if (!epoch?.connection.isOpen) return this.loop.reconnectNow();
    this.loop.settle();
    epoch.connection.probe(SYSTEM_EVENT_PROBE_MS);
    this.register();
  }

  /** Drops everything and connects again now (the user pressed "Retry now"). */
  retryNow(): void {
    this.loop.reconnectNow();
  }

  /** A message from the renderer's call agent, to go out on this account's connection. */
  sendFromRenderer(message: string): boolean {
    if (this.crossings) {
      if (!this.loop.current?.connection.isOpen) return false;
      this.relay.fromRenderer(message);
      this.crossings.fromRenderer(message);
      return true;
    }
    const isSent = this.loop.current?.connection.send(message) ?? false;
    if (isSent) this.relay.fromRenderer(message);
    return isSent;
  }

  /** The renderer's call agent is ready to take messages. */
  attachRenderer(): void {
    this.relay.attach();
  }

  /** The renderer is gone (closed, reloaded, crashed): main ends the calls it left behind. */
  detachRenderer(): void {
    this.relay.detach();
  }

  private createEpoch(): AccountEpoch {
    this.status.connecting();
    const { config } = this;
    return new AccountEpoch(
      { ...config, accountId: config.id, expiresSec: config.registerExpiresSec ?? AGENT_DEFAULTS.expiresSec, viaHost: this.mainViaHost, contactUser: this.contactUser },
      config.createConnection ?? sipConnectionFactory(),
      {
        onMessage: (from, text) => this.door.receive(from, text),
        onClosed: (from, reason, closeCode) => this.loop.onClosed(from, reason, closeCode),
        onSending: (from, text) => this.onMainSending(from, text),
        onRegistererState: (from, state) =>
          this.registration.onRegistererState(from, state, () => this.status.current.kind === 'registered' && !this.loop.isRetryDue),
        onKeepAliveSent: (bytes) => this.delegate.onKeepAliveSent?.(bytes),
        onStrangersDropped: ({ count, lastFrom }) =>
          this.log.warn(`account ${this.config.id}: dropped ${count} SIP datagram(s) from addresses that are not the provider's and name none of our Contacts (the last from ${hostPort(lastFrom)})`),
        onAddressChanged: (from) => {
          if (!this.loop.follows(from)) return;
          this.log.info(`account ${this.config.id}: our public address changed; registering the new one`);
          this.register();
        },
      },
      this.log,
    );
  }

  /**
   * Everything main's user agent sends: its Call-IDs become main's (those of
   * REGISTERs and SUBSCRIBEs for as long as the connection lasts: NOTIFYs
   * keep coming on a subscription's dialog), and REGISTERs arm the deadline.
   */
  private onMainSending(epoch: AccountEpoch, text: string): void {
    const callId = callIdOf(text);
    const isRegister = text.startsWith('REGISTER ');
    const isSubscribe = text.startsWith('SUBSCRIBE ');
    if (callId) this.owned.own(callId, isRegister || isSubscribe ? LASTING : TRANSACTION_LIFETIME_MS);
    if (callId && isSubscribe) epoch.subscriptionCallIds.add(callId);
    if (isRegister) this.registration.onSent(epoch, text);
  }

  private register(): void {
    const epoch = this.loop.current;
    if (!epoch || !this.loop.follows(epoch)) return;
    this.status.registering();
    this.registration.register(epoch);
  }

  private onRegistered(expiresSec: number): void {
    this.loop.settle();
    const outcome = this.status.registered(expiresSec);
    if (outcome === 'awaiting-proof') this.probe.schedule(500);
    else if (outcome === 'newly-registered') this.probe.schedule(1_000);
  }

  private sendProbe(token: string): boolean {
    const epoch = this.loop.current;
    if (!epoch || !this.loop.follows(epoch) || this.status.current.kind === 'failed') return false;
    try {
      epoch.sendOptionsToSelf([`${PROBE_HEADER}: ${token}`], (statusCode) => this.onProbeAnswered(token, statusCode));
    } catch (error) {
      this.log.warn(`account ${this.config.id}: reachability probe not sent: ${describeError(error)}`);
    }
    return true;
  }

  private onProbeAnswered(token: string, statusCode: number): void {
    if (!this.probe.onAnswered(token, statusCode)) return;
    this.log.info(`account ${this.config.id}: the server answers OPTIONS for us (${statusCode}); reachability is judged by registration alone on this connection`);
    if (this.status.proven()) this.loop.settle();
  }

  private onProbeLost(): void {
    const epoch = this.loop.current;
    if (!epoch || !this.loop.follows(epoch)) return;
    this.log.warn(`account ${this.config.id}: reachability probe did not come back; calls may not reach us`);
    this.status.probeLost();
    // Re-registering refreshes the server's route to us; then prove it again.
    this.register();
    this.probe.scheduleRetry();
  }
}
