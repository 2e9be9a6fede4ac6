/**
 * Keeps one SIP account registered and reachable, and relays its call
 * traffic.
 *
 * @remarks
 * Owns, for one account: the WebSocket ({@link SipConnection}), main's
 * registration agent (a sip.js UserAgent + Registerer in Node that never
 * places calls), the {@link MessageRouter}, the hand-off of call traffic to
 * the renderer's call agent, and the account's single retry loop.
 *
 * Status comes from what crosses the wire: every REGISTER main sends arms a
 * deadline, and every final response to one (initial, refresh, sip.js's own
 * 423 retry) is judged in {@link AccountAgent.onRegisterResponse}. sip.js's
 * Registerer still builds the requests, handles digest challenges and
 * schedules refreshes.
 *
 * Every connection gets a fresh registration agent (an "epoch"): a REGISTER
 * transaction stuck on a dead socket can then never block recovery, and the
 * Contact stays identical (same user, same Via host, same +sip.instance), so
 * the registrar replaces the binding instead of adding one.
 *
 * ```
 *            start                 ws open              2xx
 *  offline ───────► connecting ───────────► registering ────► registered
 *                       │                        │               │ connection lost, dead peer,
 *                       │ cannot connect         │ 401/403       │ refresh failed, probe lost
 *                       ▼                        ▼               ▼
 *        failed(reason, nextRetryAt)   failed(wrong credentials)  unreachable(since, nextRetryAt)
 *        (never registered yet)        (no retry until edited)    (until registered again)
 * ```
 */
import { randomUUID } from 'node:crypto';
import { Registerer, RegistererState, UserAgent, type UserAgentOptions } from 'sip.js';
import type { FailureReason, RegistrationStatus } from '../../app/registration-status';
import type { SipPipe } from '../../app/sip/pipe-transport';
import { PipeTransport } from '../../app/sip/pipe-transport';
import { Backoff } from './backoff';
import { DialogTable } from './dialog-table';
import type { Logger } from './logger';
import { MessageRouter } from './message-router';
import { ConnectionError, DEFAULT_KEEP_ALIVE_INTERVAL_MS, SipConnection, type ClosedReason } from './sip-connection';
import { buildStatelessResponse, isRequest, parseSipMessage, type ParsedRequest, type ParsedResponse } from './sip-message';
import { describeError } from '../../app/result';
import { challengedRealmOf } from '../../app/sip/digest-challenge';
import { displayNameForWire } from '../../app/sip/display-name';
import { connectionLostDetail, SERVER_DETAILS } from '../../app/server-details';

export interface AccountAgentConfig {
  readonly id: string;
  readonly displayName: string;
  readonly user: string;
  readonly domain: string;
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
  /** How long an INVITE waits for a renderer before it is turned away with 480. */
  readonly rendererWaitMs?: number;
  /** How long a REGISTER may go unanswered before the connection is replaced. */
  readonly registerTimeoutMs?: number;
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
  /** main answered a new call itself (Do not disturb, or no window in time): it belongs in the history. */
  onCallTurnedAway?(call: { callId: string; remoteUri: string; remoteName?: string; at: number }, reason: TurnedAwayReason): void;
}

/** Why main answered a new call itself: Do not disturb, or no window came in time. */
export type TurnedAwayReason = 'dnd' | 'no-window';

/** Why main is asked to re-register at once. */
export type RefreshReason = 'resume' | 'online' | 'unlock' | 'clock-jump' | 'user';

interface RegistrationEpoch {
  readonly connection: SipConnection;
  readonly userAgent: UserAgent;
  readonly registerer: Registerer;
  readonly transport: PipeTransport;
  /** The epoch the account's recovery follows; false once it is being replaced or stopped. */
  isCurrent: boolean;
  /** Fully torn down: nothing more is delivered to its agent. */
  hasEnded: boolean;
  /** CSeq numbers of REGISTERs sent with credentials, to tell a first challenge from a refusal. */
  readonly authorizedCSeqs: Set<number>;
}

interface HeldRequest {
  readonly text: string;
  readonly request: ParsedRequest;
}

const DEFAULT_EXPIRES_SEC = 600;
const DEFAULT_RENDERER_WAIT_MS = 10_000;
const DEFAULT_REGISTER_TIMEOUT_MS = 20_000;
// Each probe costs an OPTIONS, its proxy challenge and the looped request
// (~1.4 kB both ways); keep-alives already watch the connection itself.
const DEFAULT_REACHABILITY_INTERVAL_MS = 180_000;
const DEFAULT_REACHABILITY_TIMEOUT_MS = 8_000;
const SYSTEM_EVENT_PROBE_MS = 3_000;
const MAX_RETRY_AFTER_SEC = 3_600;
const UNREGISTER_WAIT_MS = 2_000;
const PROBE_HEADER = 'X-Softphone-Probe';
const USER_AGENT_STRING = 'Softphone/0.1 (sip.js)';
const MAX_CHALLENGED_REALMS = 16;

export class AccountAgent {
  private status: RegistrationStatus = { kind: 'offline' };
  private epoch: RegistrationEpoch | undefined;
  private readonly backoff = new Backoff();
  private readonly router: MessageRouter;
  private retryTimer: NodeJS.Timeout | undefined;
  private registerTimer: NodeJS.Timeout | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private probeDeadline: NodeJS.Timeout | undefined;
  private pendingProbe: string | undefined;
  private isRunning = false;
  private hasBeenRegistered = false;
  private unreachableSince: number | undefined;
  private isRendererAttached = false;
  private readonly heldForRenderer: HeldRequest[] = [];
  private readonly relayedDialogs = new DialogTable();
  private heldTimer: NodeJS.Timeout | undefined;
  /** Every digest realm a 401 or 407 named on this account's connections: main hands out keys for these only. */
  private readonly challengedRealms = new Set<string>();
  private lastProofAt: number | undefined;
  /** A probe was lost: only a probe that comes back (not a REGISTER's 200) shows the account reachable again. */
  private isAwaitingProof = false;
  private registeredUntil = 0;

  constructor(
    private readonly config: AccountAgentConfig,
    private readonly delegate: AccountAgentDelegate,
    private readonly log: Logger,
  ) {
    this.router = new MessageRouter(this.mainViaHost, this.rendererViaHost);
  }

  /** Via host of main's registration agent: stable, so the Contact never changes. */
  get mainViaHost(): string {
    return `${this.config.id.slice(0, 12).toLowerCase()}-reg.invalid`;
  }

  /** Via host the renderer's call agent must use, so responses find it. */
  get rendererViaHost(): string {
    return `${this.config.id.slice(0, 12).toLowerCase()}-call.invalid`;
  }

  /** Whether a 401 or 407 that arrived on this account's connection named this digest realm. */
  hasBeenChallengedWithRealm(realm: string): boolean {
    return this.challengedRealms.has(realm);
  }

  get currentStatus(): RegistrationStatus {
    return this.status;
  }

  get isConnected(): boolean {
    return this.epoch?.connection.isOpen ?? false;
  }

  /** When an incoming request last proved that calls reach this device. */
  get lastReachabilityProofAt(): number | undefined {
    return this.lastProofAt;
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
    this.rejectHeldRequests();
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
      this.register(epoch);
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
    if (parsed) this.relayedDialogs.onSentByRenderer(parsed);
    return isSent;
  }

  attachRenderer(): void {
    this.isRendererAttached = true;
    clearTimeout(this.heldTimer);
    const held = this.heldForRenderer.splice(0);
    for (const { text, request } of held) this.deliverToRenderer(text, request);
  }

  /**
   * The renderer is gone (closed, reloaded, crashed): its calls died with it,
   * so main ends them, or the people on the other end stay in a dead call.
   */
  detachRenderer(): void {
    this.isRendererAttached = false;
    const byes = this.relayedDialogs.takeByes(this.mainViaHost);
    if (byes.length > 0) this.log.info(`account ${this.config.id}: ending ${byes.length} call(s) the closed window left behind`);
    for (const bye of byes) this.epoch?.connection.send(bye);
  }

  private deliverToRenderer(text: string, message: NonNullable<ReturnType<typeof parseSipMessage>>): void {
    this.relayedDialogs.onDeliveredToRenderer(message);
    this.delegate.onRendererMessage(text);
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
    const connection = new SipConnection(
      {
        url: this.config.serverUrl,
        keepAliveIntervalMs: this.config.keepAliveIntervalMs,
        pongTimeoutMs: this.config.pongTimeoutMs,
      },
      {
        onMessage: (text) => this.onIncoming(epoch, text),
        onClosed: (reason) => this.onConnectionClosed(epoch, reason),
        onKeepAliveSent: (bytes) => this.delegate.onKeepAliveSent?.(bytes),
      },
    );
    const epoch = this.createEpoch(connection);
    this.epoch = epoch;
    try {
      await connection.connect();
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
      await connection.close();
      return;
    }
    this.log.info(`account ${this.config.id}: connected to ${this.config.serverUrl}`);
    await epoch.userAgent.start();
    this.delegate.onConnectivity(true);
    this.register(epoch);
  }

  private createEpoch(connection: SipConnection): RegistrationEpoch {
    let transport: PipeTransport | undefined;
    const authorizedCSeqs = new Set<number>();
    const pipe: SipPipe = {
      isConnected: () => connection.isOpen,
      whenConnected: async () => {
        if (!connection.isOpen) throw new Error('Not connected');
      },
      send: async (message) => {
        this.router.noteSentByMain(message);
        if (message.startsWith('REGISTER ')) this.onRegisterSent(epoch, message);
        if (!connection.send(message)) throw new Error('Not connected');
      },
    };
    const options: UserAgentOptions = {
      uri: UserAgent.makeURI(`sip:${this.config.user}@${this.config.domain}`),
      displayName: displayNameForWire(this.config.displayName),
      authorizationUsername: this.config.authUser,
      authorizationPassword: this.config.password,
      // The Request-URI of incoming INVITEs is the registered Contact; with
      // the account user as contact name, the renderer's agent (same AOR)
      // accepts them.
      contactName: this.config.user,
      viaHost: this.mainViaHost,
      instanceId: this.config.instanceId,
      reconnectionAttempts: 0,
      sendInitialProvisionalResponse: false,
      userAgentString: USER_AGENT_STRING,
      logBuiltinEnabled: false,
      logLevel: 'error',
      logConnector: (level, category, _label, content) => {
        if (level === 'error') this.log.warn(`sip.js ${category}: ${content}`);
      },
      transportConstructor: PipeTransport,
      transportOptions: { pipe, onCreated: (created: PipeTransport) => (transport = created) },
    };
    const userAgent = new UserAgent(options);
    if (!transport) throw new Error('sip.js did not construct the transport');
    const registerer = new Registerer(userAgent, {
      expires: this.config.registerExpiresSec ?? DEFAULT_EXPIRES_SEC,
      regId: 1,
      refreshFrequency: 90,
    });
    const epoch: RegistrationEpoch = { connection, userAgent, registerer, transport, isCurrent: true, hasEnded: false, authorizedCSeqs };
    registerer.stateChange.addListener((state) => this.onRegistererState(epoch, state));
    return epoch;
  }

  private onConnectFailed(error: unknown): void {
    const kind = error instanceof ConnectionError ? error.kind : 'unreachable';
    const detail = describeError(error);
    this.log.warn(`account ${this.config.id}: connection failed: ${detail}`);
    const reason: FailureReason =
      kind === 'tls' ? 'tls-error' : kind === 'timed-out' ? 'timed-out' : kind === 'rejected' ? 'server-rejected' : 'server-unreachable';
    this.scheduleRetry(this.backoff.next(), reason, detail, () => void this.connect());
  }

  private onConnectionClosed(epoch: RegistrationEpoch, reason: ClosedReason): void {
    if (!epoch.isCurrent) return;
    this.log.warn(`account ${this.config.id}: connection lost (${reason})`);
    this.epoch = undefined;
    void this.endEpoch(epoch, { shouldUnregister: false });
    if (!this.isRunning) return;
    // A healthy connection that drops is replaced at once (most drops are a
    // server restart or a NAT rebinding); repeated failures back off.
    const wasHealthy = this.status.kind === 'registered';
    const delay = wasHealthy ? 0 : this.backoff.next();
    const detail = reason === 'dead-peer' ? SERVER_DETAILS.deadPeer : connectionLostDetail(reason);
    this.scheduleRetry(delay, 'server-unreachable', detail, () => void this.connect());
  }

  // ── registration ────────────────────────────────────────────────────────

  private register(epoch: RegistrationEpoch): void {
    if (!epoch.isCurrent || !this.isRunning) return;
    if (!this.hasBeenRegistered) this.setStatus({ kind: 'registering' });
    // Never two REGISTERs in flight: the pending one's answer will decide.
    if (this.registerTimer) return;
    epoch.registerer.register().catch((error: unknown) => this.log.warn(`account ${this.config.id}: REGISTER not sent: ${String(error)}`));
  }

  private onRegisterSent(epoch: RegistrationEpoch, text: string): void {
    const cseq = /^CSeq:\s*(\d+)/im.exec(text)?.[1];
    if (cseq && /^(Authorization|Proxy-Authorization):/im.test(text)) epoch.authorizedCSeqs.add(Number(cseq));
    if (/^Expires:\s*0\s*$/im.test(text)) return; // an un-REGISTER on the way out
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

  /** Judges every final response to main's REGISTERs, whoever sent them (us, a refresh, sip.js's 423 retry). */
  private onRegisterResponse(epoch: RegistrationEpoch, response: ParsedResponse): void {
    const statusCode = response.statusCode ?? 0;
    if (statusCode < 200 || !epoch.isCurrent || !this.isRunning) return;
    this.stopRegisterTimer();
    if (statusCode < 300) {
      const expiresSec = this.grantedExpires(response);
      if (expiresSec === 0) return; // the answer to an un-REGISTER
      this.onRegistered(expiresSec ?? this.config.registerExpiresSec ?? DEFAULT_EXPIRES_SEC);
      return;
    }
    const detail = `${statusCode} ${response.reasonPhrase ?? ''}`.trim();
    if (statusCode === 423) return; // sip.js retries at once with Min-Expires
    const isChallenge = statusCode === 401 || statusCode === 407;
    const wasAuthorized = epoch.authorizedCSeqs.has(response.cseq);
    const isStaleNonce = /stale\s*=\s*"?true/i.test(response.getHeader('www-authenticate') ?? response.getHeader('proxy-authenticate') ?? '');
    if (isChallenge && (!wasAuthorized || isStaleNonce)) return; // sip.js answers the challenge
    if (isChallenge || statusCode === 403) {
      // The server refused the password: retrying cannot help until the user edits the account.
      this.log.warn(`account ${this.config.id}: registration refused (${detail}); not retrying`);
      this.isRunning = false;
      this.clearTimers();
      this.epoch = undefined;
      void this.endEpoch(epoch, { shouldUnregister: false });
      this.setStatus({ kind: 'failed', reason: 'wrong-credentials', statusCode, detail });
      return;
    }
    const retryAfterSec = Number.parseInt(response.getHeader('retry-after') ?? '', 10);
    const delay = Number.isFinite(retryAfterSec) && retryAfterSec >= 0 ? Math.min(retryAfterSec, MAX_RETRY_AFTER_SEC) * 1000 : this.backoff.next();
    this.log.warn(`account ${this.config.id}: registration rejected (${detail}); retrying in ${Math.round(delay / 1000)} s`);
    this.scheduleRetry(delay, statusCode === 408 ? 'timed-out' : 'server-rejected', detail, () => this.register(epoch), statusCode);
  }

  private onRegistered(expiresSec: number): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.backoff.reset();
    this.registeredUntil = Date.now() + expiresSec * 1000;
    if (this.isAwaitingProof) {
      this.scheduleProbe(500);
      return;
    }
    this.hasBeenRegistered = true;
    this.unreachableSince = undefined;
    const wasRegistered = this.status.kind === 'registered';
    this.setStatus({ kind: 'registered', expiresAt: this.registeredUntil });
    if (!wasRegistered) this.scheduleProbe(1_000);
  }

  private onRegisterTimeout(epoch: RegistrationEpoch): void {
    if (!epoch.isCurrent || !this.isRunning) return;
    this.log.warn(`account ${this.config.id}: REGISTER unanswered; replacing the connection`);
    this.epoch = undefined;
    void this.endEpoch(epoch, { shouldUnregister: false });
    this.scheduleRetry(this.backoff.next(), 'timed-out', SERVER_DETAILS.registrationUnanswered, () => void this.connect());
  }

  private onRegistererState(epoch: RegistrationEpoch, state: RegistererState): void {
    // sip.js gave up on a refresh by itself (e.g. its transaction timed out):
    // nothing else will re-register, so we do.
    if (!epoch.isCurrent || !this.isRunning || state !== RegistererState.Unregistered) return;
    setTimeout(() => {
      if (epoch.isCurrent && this.isRunning && this.status.kind === 'registered' && !this.retryTimer) this.register(epoch);
    }, 0);
  }

  /** The expiry the registrar granted our own Contact (it may shorten what we asked for). */
  private grantedExpires(response: ParsedResponse): number | undefined {
    const ours = response.getHeaders('contact').flatMap((header) => header.split(/,(?=\s*(?:"[^"]*"\s*)?<)/)).find((contact) => contact.includes(this.mainViaHost));
    const fromContact = ours ? /;\s*expires=(\d+)/i.exec(ours)?.[1] : undefined;
    const value = fromContact ?? response.getHeader('expires');
    const seconds = value === undefined ? NaN : Number.parseInt(value, 10);
    return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
  }

  // ── proof of reachability ───────────────────────────────────────────────

  /**
   * "The REGISTER got 200" does not prove calls reach us (a NAT, a proxy or a
   * stale alias can break the inbound path). So we periodically send an
   * OPTIONS to our own address of record, tagged with a one-time token: it
   * must come back through the server to this connection.
   */
  private scheduleProbe(delayMs: number): void {
    clearTimeout(this.probeTimer);
    this.probeTimer = setTimeout(() => this.probe(), delayMs);
  }

  private probe(): void {
    const epoch = this.epoch;
    if (!epoch?.isCurrent || !this.isRunning || this.status.kind === 'failed') return;
    const token = randomUUID();
    this.pendingProbe = token;
    const aor = UserAgent.makeURI(`sip:${this.config.user}@${this.config.domain}`)!;
    const core = epoch.userAgent.userAgentCore;
    const request = core.makeOutgoingRequestMessage('OPTIONS', aor, aor, aor, {}, [`${PROBE_HEADER}: ${token}`]);
    try {
      core.request(request, {});
    } catch (error) {
      this.log.warn(`account ${this.config.id}: reachability probe not sent: ${String(error)}`);
    }
    clearTimeout(this.probeDeadline);
    this.probeDeadline = setTimeout(() => this.onProbeLost(epoch), this.config.reachabilityTimeoutMs ?? DEFAULT_REACHABILITY_TIMEOUT_MS);
  }

  /** Our probe came back through the server: answers it and records the proof. */
  private onProbeArrived(epoch: RegistrationEpoch, request: ParsedRequest, token: string): void {
    // Answered here, not by sip.js (which would see its own request and answer 482 Loop Detected).
    epoch.connection.send(buildStatelessResponse(request, 200, 'OK'));
    if (token !== this.pendingProbe) return;
    this.pendingProbe = undefined;
    this.lastProofAt = Date.now();
    clearTimeout(this.probeDeadline);
    if (this.isAwaitingProof) {
      this.isAwaitingProof = false;
      if (this.registeredUntil > Date.now()) this.onRegistered(Math.round((this.registeredUntil - Date.now()) / 1000));
    }
    this.scheduleProbe(this.probeIntervalMs());
  }

  /**
   * A server that never answers CRLF pings gets the probe (a SIP OPTIONS)
   * at keep-alive cadence instead: SIP-level liveness for servers whose
   * WebSocket layer may answer pings while SIP itself is stuck.
   */
  private probeIntervalMs(): number {
    const interval = this.config.reachabilityIntervalMs ?? DEFAULT_REACHABILITY_INTERVAL_MS;
    if (this.epoch?.connection.answersCrlf !== false) return interval;
    return Math.min(interval, this.config.keepAliveIntervalMs ?? DEFAULT_KEEP_ALIVE_INTERVAL_MS);
  }

  private onProbeLost(epoch: RegistrationEpoch): void {
    if (!epoch.isCurrent || !this.isRunning) return;
    this.pendingProbe = undefined;
    this.log.warn(`account ${this.config.id}: reachability probe did not come back; calls may not reach us`);
    this.isAwaitingProof = true;
    this.hasBeenRegistered = true;
    this.markUnreachable(SERVER_DETAILS.probeLost, undefined);
    // Re-registering refreshes the server's route to us; then prove it again.
    this.register(epoch);
    this.scheduleProbe(this.config.reachabilityTimeoutMs ?? DEFAULT_REACHABILITY_TIMEOUT_MS);
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
    for (const timer of [this.retryTimer, this.probeTimer, this.probeDeadline]) clearTimeout(timer);
    this.retryTimer = undefined;
    this.stopRegisterTimer();
  }

  private async endEpoch(epoch: RegistrationEpoch, { shouldUnregister }: { shouldUnregister: boolean }): Promise<void> {
    epoch.isCurrent = false;
    this.stopRegisterTimer();
    clearTimeout(this.probeDeadline);
    if (shouldUnregister && epoch.connection.isOpen && epoch.registerer.state === RegistererState.Registered) {
      await waitAtMost(
        UNREGISTER_WAIT_MS,
        new Promise<void>((resolve) => {
          epoch.registerer.unregister({ requestDelegate: { onAccept: () => resolve(), onReject: () => resolve() } }).catch(() => resolve());
        }),
      );
    }
    epoch.hasEnded = true;
    this.delegate.onConnectivity(false);
    epoch.transport.markDisconnected();
    // sip.js waits for an outstanding REGISTER's final response; on a dead
    // connection that is a 32 s transaction timeout nobody needs to wait for.
    await waitAtMost(500, epoch.userAgent.stop().catch(() => undefined));
    await epoch.connection.close();
  }

  // ── incoming traffic ────────────────────────────────────────────────────

  private onIncoming(epoch: RegistrationEpoch, text: string): void {
    if (epoch.hasEnded) return;
    const message = parseSipMessage(text);
    if (!message) {
      this.log.warn(`account ${this.config.id}: dropped a message that is not SIP`);
      return;
    }
    const probeToken = isRequest(message) && message.method === 'OPTIONS' ? message.getHeader(PROBE_HEADER.toLowerCase()) : undefined;
    if (probeToken && isRequest(message)) {
      this.onProbeArrived(epoch, message, probeToken.trim());
      return;
    }
    if (!isRequest(message)) this.noteChallenge(text);
    const destination = this.router.route(message);
    if (destination === 'main' && !isRequest(message) && message.method === 'REGISTER') this.onRegisterResponse(epoch, message);
    switch (destination) {
      case 'main':
        epoch.transport.receive(text);
        return;
      case 'renderer':
        this.toRenderer(epoch, text, message);
        return;
      case 'drop':
        return;
    }
  }

  /** Bounded: a hostile server naming a new realm in every challenge cannot grow it without limit. */
  private noteChallenge(text: string): void {
    const realm = challengedRealmOf(text);
    if (realm === undefined || this.challengedRealms.has(realm)) return;
    if (this.challengedRealms.size >= MAX_CHALLENGED_REALMS) this.challengedRealms.delete(this.challengedRealms.values().next().value!);
    this.challengedRealms.add(realm);
  }

  private toRenderer(epoch: RegistrationEpoch, text: string, message: NonNullable<ReturnType<typeof parseSipMessage>>): void {
    const isNewCall = isRequest(message) && message.method === 'INVITE' && !message.toTag;
    if (isNewCall) {
      const rejectWith = this.delegate.rejectIncomingCall?.();
      if (rejectWith) {
        this.router.rememberMainCallId(message.callId);
        epoch.connection.send(buildStatelessResponse(message, rejectWith, rejectWith === 486 ? 'Busy Here' : 'Do Not Disturb'));
        this.reportTurnedAway(message, 'dnd');
        return;
      }
    }
    if (this.isRendererAttached) {
      this.deliverToRenderer(text, message);
      return;
    }
    if (!isRequest(message)) return;
    if (!isNewCall && this.heldForRenderer.length === 0) return;
    this.heldForRenderer.push({ text, request: message });
    if (isNewCall) {
      this.log.info(`account ${this.config.id}: incoming call while no window is open; holding it`);
      this.delegate.onRendererNeeded();
      clearTimeout(this.heldTimer);
      this.heldTimer = setTimeout(() => this.rejectHeldRequests(), this.config.rendererWaitMs ?? DEFAULT_RENDERER_WAIT_MS);
    }
  }

  /** No renderer came in time: the caller hears "temporarily unavailable" rather than silence. */
  private rejectHeldRequests(): void {
    clearTimeout(this.heldTimer);
    const held = this.heldForRenderer.splice(0);
    for (const { request } of held) {
      if (request.method !== 'INVITE' || request.toTag) continue;
      this.router.rememberMainCallId(request.callId);
      this.epoch?.connection.send(buildStatelessResponse(request, 480, 'Temporarily Unavailable'));
      this.reportTurnedAway(request, 'no-window');
    }
  }

  private reportTurnedAway(request: ParsedRequest, reason: TurnedAwayReason): void {
    const from = request.from;
    this.delegate.onCallTurnedAway?.(
      { callId: request.callId, remoteUri: from.uri.toString(), remoteName: from.displayName || undefined, at: Date.now() },
      reason,
    );
  }

  private setStatus(status: RegistrationStatus): void {
    this.status = status;
    this.delegate.onStatus(status);
  }
}

function waitAtMost(ms: number, promise: Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void promise.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
