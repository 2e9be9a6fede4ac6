/**
 * Keeps one SIP account registered and reachable: the thin coordinator of
 * the account's parts.
 *
 * @remarks
 * It owns the account's single retry loop and its status, and wires:
 * - {@link AccountEpoch}: one connection (made by the
 *   {@link SipTransportConnectionFactory} it is given) and main's sip.js
 *   registration agent on it;
 * - {@link RegistrationJudge} (per epoch): the verdict on every final
 *   answer to a REGISTER, acted on in {@link AccountAgent.onRegisterResponse};
 * - {@link ReachabilityProbe}: proof that calls still reach us;
 * - {@link MessageRouter} over {@link MainOwnedDialogs}: main's own traffic
 *   to main, the rest to the {@link RendererRelay}, which alone holds and
 *   answers what the renderer cannot take.
 *
 * Whatever must be re-established on every new connection hangs on
 * {@link AccountAgent.onConnectionStarted} (registration does).
 *
 * Nothing from the wire throws out of the receive path: a malformed request
 * is answered 400 (416 for a Request-URI scheme we do not speak) when it can
 * be answered at all, and the connection keeps working.
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
import { RegistererState, UserAgent } from 'sip.js';
import type { FailureReason, RegistrationStatus } from '../../app/registration-status';
import { describeError } from '../../app/result';
import { digestRealmOf } from '../../app/sip/digest-challenge';
import type { SipAddress } from '../../app/sip-address';
import { connectionLostDetail, SERVER_DETAILS } from '../../app/server-details';
import { AccountEpoch } from './account-epoch';
import { Backoff } from './backoff';
import type { CallEndedByMain } from './dialog-table';
import type { Logger } from './logger';
import { LASTING, MainOwnedDialogs, TRANSACTION_LIFETIME_MS } from './main-owned-dialogs';
import { MessageRouter } from './message-router';
import { ReachabilityProbe } from './reachability-probe';
import { RendererRelay, type TurnedAwayCall, type TurnedAwayReason } from './renderer-relay';
import type { RegisterVerdict } from './registration-judge';
import { buildStatelessResponse, callIdOf, isRequest, parseSipMessage, type ParsedResponse } from './sip-message';
import { answerMalformedRequest } from './sip-request-check';
import {
  ConnectionError,
  DEFAULT_KEEP_ALIVE_INTERVAL_MS,
  webSocketConnectionFactory,
  type ClosedReason,
  type SipTransportConnectionFactory,
} from './sip-transport-connection';

export type { TurnedAwayReason } from './renderer-relay';

export interface AccountAgentConfig {
  readonly id: string;
  readonly displayName: string;
  readonly address: SipAddress;
  readonly authUser: string;
  readonly password: string;
  readonly serverUrl: string;
  /** RFC 5626 instance id (a UUID), stable for the life of the account. */
  readonly instanceId: string;
  readonly registerExpiresSec?: number;
  readonly keepAliveIntervalMs?: number;
  readonly pongTimeoutMs?: number;
  /** How often to prove that calls can reach us (an OPTIONS to our own address that must come back). */
  readonly reachabilityIntervalMs?: number;
  /** How long a reachability probe may take before the account is shown Unreachable. */
  readonly reachabilityTimeoutMs?: number;
  /** How long one incoming call waits for a renderer before it is turned away with 480. */
  readonly rendererWaitMs?: number;
  /** How long a REGISTER may go without an acceptable final answer before the connection is replaced. */
  readonly registerTimeoutMs?: number;
  /** Makes the account's connections; WebSocket unless given. */
  readonly createConnection?: SipTransportConnectionFactory;
}

export interface AccountAgentDelegate {
  onStatus(status: RegistrationStatus): void;
  /** A message for the renderer's call agent of this account. */
  onRendererMessage(message: string): void;
  onConnectivity(isConnected: boolean): void;
  /** An incoming call arrived and no renderer is attached: open the window. */
  onRendererNeeded(): void;
  /** Decides whether a new incoming call is turned away at once (Do not disturb); returns the status code. */
  rejectIncomingCall?(): number | undefined;
  onKeepAliveSent?(bytes: number): void;
  /** main answered a new call itself: it belongs in the history. */
  onCallTurnedAway?(call: TurnedAwayCall, reason: TurnedAwayReason, statusCode: number): void;
  /** main ended a connected call itself (its window went away): it belongs in the history. */
  onCallEndedByMain?(call: CallEndedByMain): void;
}

/** Why main is asked to re-register at once. */
export type RefreshReason = 'resume' | 'online' | 'unlock' | 'clock-jump' | 'user';

/** What a "connection started" hook gets: main's user agent on the new connection. */
export interface StartedConnection {
  readonly userAgent: UserAgent;
}

const DEFAULT_EXPIRES_SEC = 600;
const DEFAULT_RENDERER_WAIT_MS = 10_000;
const DEFAULT_REGISTER_TIMEOUT_MS = 20_000;
// Each probe costs an OPTIONS, its proxy challenge and the looped request
// (~1.4 kB both ways); keep-alives already watch the connection itself.
const DEFAULT_REACHABILITY_INTERVAL_MS = 180_000;
const DEFAULT_REACHABILITY_TIMEOUT_MS = 8_000;
const SYSTEM_EVENT_PROBE_MS = 3_000;

export class AccountAgent {
  private status: RegistrationStatus = { kind: 'offline' };
  private epoch: AccountEpoch | undefined;
  private readonly backoff = new Backoff();
  private readonly owned = new MainOwnedDialogs();
  private readonly router: MessageRouter;
  private readonly relay: RendererRelay;
  private readonly probe: ReachabilityProbe;
  private readonly connectionStartedHooks = new Set<(connection: StartedConnection) => void>();
  private readonly challengeRealms = new Set<string>();
  private retryTimer: NodeJS.Timeout | undefined;
  private registerTimer: NodeJS.Timeout | undefined;
  private isRunning = false;
  private hasBeenRegistered = false;
  private unreachableSince: number | undefined;
  /** A probe was lost: only a probe that comes back (not a REGISTER's 200) shows the account reachable again. */
  private isAwaitingProof = false;
  private registeredUntil = 0;

  constructor(
    private readonly config: AccountAgentConfig,
    private readonly delegate: AccountAgentDelegate,
    private readonly log: Logger,
  ) {
    this.router = new MessageRouter(this.mainViaHost, this.rendererViaHost, this.owned);
    this.relay = new RendererRelay(
      { waitMs: config.rendererWaitMs ?? DEFAULT_RENDERER_WAIT_MS, mainViaHost: this.mainViaHost },
      {
        deliver: (text) => delegate.onRendererMessage(text),
        send: (text) => this.epoch?.connection.send(text) ?? false,
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
        intervalMs: config.reachabilityIntervalMs ?? DEFAULT_REACHABILITY_INTERVAL_MS,
        timeoutMs: config.reachabilityTimeoutMs ?? DEFAULT_REACHABILITY_TIMEOUT_MS,
        keepAliveIntervalMs: config.keepAliveIntervalMs ?? DEFAULT_KEEP_ALIVE_INTERVAL_MS,
      },
      {
        send: (token, header) => this.sendProbe(token, header),
        answersCrlf: () => this.epoch?.connection.answersCrlf,
        onProof: () => this.onProof(),
        onLost: () => this.onProbeLost(),
      },
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
    return this.challengeRealms.has(realm);
  }

  get currentStatus(): RegistrationStatus {
    return this.status;
  }

  get isConnected(): boolean {
    return this.epoch?.connection.isOpen ?? false;
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
    if (this.isRunning) return;
    this.isRunning = true;
    this.backoff.reset();
    void this.connect();
  }

  /** Unregisters (waiting at most a moment for the server) and closes the connection. */
  async stop(): Promise<void> {
    this.isRunning = false;
    this.clearTimers();
    this.relay.stop();
    const epoch = this.epoch;
    this.epoch = undefined;
    if (epoch) await this.endEpoch(epoch, { shouldUnregister: true });
    this.setStatus({ kind: 'offline' });
  }

  /**
   * Registers again now: after a resume, a network change, a screen unlock
   * or a clock jump the connection may be dead without the socket knowing.
   * An open connection is probed with a short deadline and refreshed; a
   * missing one is reconnected at once.
   */
  refresh(reason: RefreshReason): void {
    if (!this.isRunning) return;
    this.log.info(`account ${this.config.id}: re-registering now (${reason})`);
    this.backoff.reset();
    const epoch = this.epoch;
    if (epoch?.connection.isOpen) {
      clearTimeout(this.retryTimer);
      epoch.connection.probe(SYSTEM_EVENT_PROBE_MS);
      this.register();
      return;
    }
    this.replaceConnection();
  }

  /** Drops everything and connects again now (the user pressed "Retry now"). */
  retryNow(): void {
    if (!this.isRunning) return;
    this.backoff.reset();
    this.replaceConnection();
  }

  /** A message from the renderer's call agent, to go out on this account's connection. */
  sendFromRenderer(message: string): boolean {
    const isSent = this.epoch?.connection.send(message) ?? false;
    const parsed = isSent ? parseSipMessage(message) : undefined;
    if (parsed) this.relay.fromRenderer(parsed);
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

  // ── connection ──────────────────────────────────────────────────────────

  private replaceConnection(): void {
    clearTimeout(this.retryTimer);
    const epoch = this.epoch;
    this.epoch = undefined;
    if (epoch) void this.endEpoch(epoch, { shouldUnregister: false });
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (!this.hasBeenRegistered) this.setStatus({ kind: 'connecting' });
    const epoch = new AccountEpoch(
      {
        accountId: this.config.id,
        address: this.config.address,
        displayName: this.config.displayName,
        authUser: this.config.authUser,
        password: this.config.password,
        instanceId: this.config.instanceId,
        serverUrl: this.config.serverUrl,
        keepAliveIntervalMs: this.config.keepAliveIntervalMs,
        pongTimeoutMs: this.config.pongTimeoutMs,
        expiresSec: this.config.registerExpiresSec ?? DEFAULT_EXPIRES_SEC,
        viaHost: this.mainViaHost,
      },
      this.config.createConnection ?? webSocketConnectionFactory,
      {
        onMessage: (from, text) => this.onIncoming(from, text),
        onClosed: (from, reason) => this.onConnectionClosed(from, reason),
        onSending: (from, text) => this.onMainSending(from, text),
        onRegistererState: (from, state) => this.onRegistererState(from, state),
        onKeepAliveSent: (bytes) => this.delegate.onKeepAliveSent?.(bytes),
      },
      this.log,
    );
    this.epoch = epoch;
    try {
      await epoch.connection.connect();
    } catch (error) {
      if (!epoch.isCurrent) return;
      this.epoch = undefined;
      epoch.isCurrent = false;
      epoch.hasEnded = true;
      void epoch.userAgent.stop().catch(() => undefined);
      this.onConnectFailed(error);
      return;
    }
    if (!epoch.isCurrent || !this.isRunning) {
      await epoch.connection.close();
      return;
    }
    this.log.info(`account ${this.config.id}: connected to ${this.config.serverUrl}`);
    await epoch.userAgent.start();
    this.delegate.onConnectivity(true);
    for (const hook of this.connectionStartedHooks) hook({ userAgent: epoch.userAgent });
  }

  private onConnectFailed(error: unknown): void {
    const kind = error instanceof ConnectionError ? error.kind : 'unreachable';
    const detail = describeError(error);
    this.log.warn(`account ${this.config.id}: connection failed: ${detail}`);
    const reason: FailureReason =
      kind === 'tls' ? 'tls-error' : kind === 'timed-out' ? 'timed-out' : kind === 'rejected' ? 'server-rejected' : 'server-unreachable';
    this.scheduleRetry(this.backoff.next(), reason, detail, () => void this.connect());
  }

  private onConnectionClosed(epoch: AccountEpoch, reason: ClosedReason): void {
    if (!epoch.isCurrent) return;
    this.log.warn(`account ${this.config.id}: connection lost (${reason})`);
    this.epoch = undefined;
    void this.endEpoch(epoch, { shouldUnregister: false });
    if (!this.isRunning) return;
    // A healthy connection that drops is replaced at once (most drops are a
    // server restart or a NAT rebinding); repeated failures back off.
    const delay = this.status.kind === 'registered' ? 0 : this.backoff.next();
    const detail = reason === 'dead-peer' ? SERVER_DETAILS.deadPeer : connectionLostDetail(reason);
    this.scheduleRetry(delay, 'server-unreachable', detail, () => void this.connect());
  }

  /** Everything main's user agent sends: its Call-IDs become main's, and REGISTERs arm the deadline. */
  private onMainSending(epoch: AccountEpoch, text: string): void {
    const callId = callIdOf(text);
    const isRegister = text.startsWith('REGISTER ');
    if (callId) this.owned.own(callId, isRegister ? LASTING : TRANSACTION_LIFETIME_MS);
    if (isRegister && epoch.noteRegisterSent(text)) this.armRegisterDeadline(epoch);
  }

  private async endEpoch(epoch: AccountEpoch, options: { shouldUnregister: boolean }): Promise<void> {
    epoch.isCurrent = false;
    this.stopRegisterTimer();
    this.probe.abandonPending();
    await epoch.end(options);
    for (const callId of epoch.registerCallIds) this.owned.release(callId);
    this.delegate.onConnectivity(false);
  }

  // ── registration ────────────────────────────────────────────────────────

  private register(): void {
    const epoch = this.epoch;
    if (!epoch?.isCurrent || !this.isRunning) return;
    if (!this.hasBeenRegistered) this.setStatus({ kind: 'registering' });
    // Never two REGISTERs in flight: the pending one's answer (or its deadline) decides.
    if (this.registerTimer) return;
    this.sendRegister(epoch);
  }

  private sendRegister(epoch: AccountEpoch): void {
    epoch.registerer.register().catch((error: unknown) => this.log.warn(`account ${this.config.id}: REGISTER not sent: ${describeError(error)}`));
  }

  /** Every REGISTER that asks for a binding must get an acceptable final answer in time, or the connection is replaced. */
  private armRegisterDeadline(epoch: AccountEpoch): void {
    this.stopRegisterTimer();
    this.registerTimer = setTimeout(() => {
      this.registerTimer = undefined;
      this.onRegisterTimeout(epoch);
    }, this.config.registerTimeoutMs ?? DEFAULT_REGISTER_TIMEOUT_MS);
  }

  private stopRegisterTimer(): void {
    clearTimeout(this.registerTimer);
    this.registerTimer = undefined;
  }

  /** Acts on the judge's verdict on every final answer to main's REGISTERs, whoever sent them (us, a refresh, sip.js). */
  private onRegisterResponse(epoch: AccountEpoch, response: ParsedResponse): void {
    const verdict = epoch.judge.judge(response);
    if (!epoch.isCurrent || !this.isRunning) return;
    switch (verdict.kind) {
      case 'provisional':
      case 'unregistered':
      case 'interval-too-brief': // sip.js retries at once with Min-Expires; the deadline keeps running
        return;
      case 'not-ours':
        this.log.warn(`account ${this.config.id}: ignored a REGISTER answer for a request we did not send (CSeq ${response.cseq})`);
        return;
      case 'registered':
        this.stopRegisterTimer();
        this.onRegistered(verdict.expiresSec);
        return;
      case 'challenge':
        this.answerChallenge(epoch, response.cseq);
        return;
      case 'wrong-credentials':
        this.onWrongCredentials(epoch, verdict.statusCode, response);
        return;
      case 'contact-missing':
        // No binding for us, and sip.js may now wait for ever: replace the whole epoch.
        this.log.warn(`account ${this.config.id}: the registrar's ${verdict.statusCode} did not list our Contact; starting over`);
        this.epoch = undefined;
        void this.endEpoch(epoch, { shouldUnregister: false });
        this.scheduleRetry(this.backoff.next(), 'server-rejected', SERVER_DETAILS.contactMissing, () => void this.connect(), verdict.statusCode);
        return;
      case 'retry-after':
      case 'rejected':
        this.onRejected(epoch, verdict, response);
        return;
    }
  }

  /**
   * sip.js answers one challenge per request by itself. When it would not
   * (its own answer was challenged again with a fresh nonce), nothing goes
   * out: then a fresh REGISTER starts a new request that answers it.
   */
  private answerChallenge(epoch: AccountEpoch, challengedCSeq: number): void {
    setTimeout(() => {
      if (!epoch.isCurrent || !this.isRunning || epoch.lastRegisterCSeq > challengedCSeq) return;
      this.log.info(`account ${this.config.id}: answering a new challenge with a fresh REGISTER`);
      this.sendRegister(epoch);
    }, 0);
  }

  private onWrongCredentials(epoch: AccountEpoch, statusCode: number, response: ParsedResponse): void {
    const detail = `${statusCode} ${response.reasonPhrase ?? ''}`.trim();
    // The server refused the password: retrying cannot help until the user edits the account.
    this.log.warn(`account ${this.config.id}: registration refused (${detail}); not retrying`);
    this.isRunning = false;
    this.clearTimers();
    this.epoch = undefined;
    void this.endEpoch(epoch, { shouldUnregister: false });
    this.setStatus({ kind: 'failed', reason: 'wrong-credentials', statusCode, detail });
  }

  private onRejected(epoch: AccountEpoch, verdict: Extract<RegisterVerdict, { kind: 'retry-after' | 'rejected' }>, response: ParsedResponse): void {
    this.stopRegisterTimer();
    const { statusCode } = verdict;
    const detail = `${statusCode} ${response.reasonPhrase ?? ''}`.trim();
    const delay = verdict.kind === 'retry-after' ? verdict.delaySec * 1000 : this.backoff.next();
    this.log.warn(`account ${this.config.id}: registration rejected (${detail}); retrying in ${Math.round(delay / 1000)} s`);
    const reason = statusCode === 408 ? 'timed-out' : 'server-rejected';
    this.scheduleRetry(delay, reason, detail, () => (epoch.isCurrent ? this.register() : undefined), statusCode);
  }

  private onRegistered(expiresSec: number): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.backoff.reset();
    this.registeredUntil = Date.now() + expiresSec * 1000;
    if (this.isAwaitingProof) {
      this.probe.schedule(500);
      return;
    }
    this.hasBeenRegistered = true;
    this.unreachableSince = undefined;
    const wasRegistered = this.status.kind === 'registered';
    this.setStatus({ kind: 'registered', expiresAt: this.registeredUntil });
    if (!wasRegistered) this.probe.schedule(1_000);
  }

  private onRegisterTimeout(epoch: AccountEpoch): void {
    if (!epoch.isCurrent || !this.isRunning) return;
    this.log.warn(`account ${this.config.id}: REGISTER got no acceptable answer in time; replacing the connection`);
    this.epoch = undefined;
    void this.endEpoch(epoch, { shouldUnregister: false });
    this.scheduleRetry(this.backoff.next(), 'timed-out', SERVER_DETAILS.registrationUnanswered, () => void this.connect());
  }

  private onRegistererState(epoch: AccountEpoch, state: RegistererState): void {
    // sip.js gave up on a refresh by itself (e.g. its transaction timed out):
    // nothing else will re-register, so we do.
    if (!epoch.isCurrent || !this.isRunning || state !== RegistererState.Unregistered) return;
    setTimeout(() => {
      if (epoch.isCurrent && this.isRunning && this.status.kind === 'registered' && !this.retryTimer) this.register();
    }, 0);
  }

  // ── proof of reachability ───────────────────────────────────────────────

  private sendProbe(token: string, header: string): boolean {
    const epoch = this.epoch;
    if (!epoch?.isCurrent || !this.isRunning || this.status.kind === 'failed') return false;
    const aor = UserAgent.makeURI(this.config.address.aor)!;
    const core = epoch.userAgent.userAgentCore;
    try {
      core.request(core.makeOutgoingRequestMessage('OPTIONS', aor, aor, aor, {}, [`${header}: ${token}`]), {});
    } catch (error) {
      this.log.warn(`account ${this.config.id}: reachability probe not sent: ${describeError(error)}`);
    }
    return true;
  }

  private onProof(): void {
    if (!this.isAwaitingProof) return;
    this.isAwaitingProof = false;
    if (this.registeredUntil > Date.now()) this.onRegistered(Math.round((this.registeredUntil - Date.now()) / 1000));
  }

  private onProbeLost(): void {
    if (!this.epoch?.isCurrent || !this.isRunning) return;
    this.log.warn(`account ${this.config.id}: reachability probe did not come back; calls may not reach us`);
    this.isAwaitingProof = true;
    this.hasBeenRegistered = true;
    this.markUnreachable(SERVER_DETAILS.probeLost, undefined);
    // Re-registering refreshes the server's route to us; then prove it again.
    this.register();
    this.probe.scheduleRetry();
  }

  // ── incoming traffic ────────────────────────────────────────────────────

  /** The one door for everything the server sends: nothing that arrives may throw past it. */
  private onIncoming(epoch: AccountEpoch, text: string): void {
    if (epoch.hasEnded) return;
    try {
      this.receive(epoch, text);
    } catch (error) {
      this.log.warn(`account ${this.config.id}: a message from the server could not be handled: ${describeError(error)}`);
    }
  }

  private receive(epoch: AccountEpoch, text: string): void {
    const message = parseSipMessage(text);
    const malformed = answerMalformedRequest(text, message);
    if (malformed) {
      this.log.warn(`account ${this.config.id}: refused a malformed request with ${malformed.statusCode} ${malformed.reasonPhrase}${malformed.response ? '' : ' (unanswerable: dropped)'}`);
      if (malformed.response) epoch.connection.send(malformed.response);
      return;
    }
    if (!message) {
      this.log.warn(`account ${this.config.id}: dropped a message that is not SIP`);
      return;
    }
    if (isRequest(message)) {
      const probeToken = ReachabilityProbe.tokenOf(message);
      if (probeToken !== undefined) {
        // Answered here, not by sip.js (which would see its own request and answer 482 Loop Detected).
        epoch.connection.send(buildStatelessResponse(message, 200, 'OK'));
        if (epoch.isCurrent) this.probe.onArrived(probeToken);
        return;
      }
    } else {
      this.learnRealm(message);
    }
    switch (this.router.route(message)) {
      case 'main':
        if (!isRequest(message) && message.method === 'REGISTER') this.onRegisterResponse(epoch, message);
        epoch.transport.receive(text);
        return;
      case 'renderer':
        this.relay.fromWire(text, message);
        return;
      case 'drop':
        return;
    }
  }

  private learnRealm(response: ParsedResponse): void {
    if (response.statusCode !== 401 && response.statusCode !== 407) return;
    const challenge = response.getHeader(response.statusCode === 401 ? 'www-authenticate' : 'proxy-authenticate');
    const realm = challenge ? digestRealmOf(challenge) : undefined;
    if (realm !== undefined) this.challengeRealms.add(realm);
  }

  // ── retries and status ──────────────────────────────────────────────────

  private scheduleRetry(delayMs: number, reason: FailureReason, detail: string, retry: () => void, statusCode?: number): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (!this.isRunning) return;
    const nextRetryAt = delayMs > 0 ? Date.now() + delayMs : undefined;
    if (this.hasBeenRegistered) this.markUnreachable(detail, nextRetryAt);
    else this.setStatus({ kind: 'failed', reason, detail, statusCode, nextRetryAt });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.isRunning) retry();
    }, delayMs);
  }

  private markUnreachable(detail: string, nextRetryAt: number | undefined): void {
    this.unreachableSince ??= Date.now();
    this.setStatus({ kind: 'unreachable', since: this.unreachableSince, detail, nextRetryAt });
  }

  private clearTimers(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.probe.stop();
    this.stopRegisterTimer();
  }

  private setStatus(status: RegistrationStatus): void {
    this.status = status;
    this.delegate.onStatus(status);
  }
}
