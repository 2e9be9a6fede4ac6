/**
 * Keeps one SIP account registered and relays its call traffic.
 *
 * @remarks
 * Owns, for one account: the WebSocket ({@link SipConnection}), main's
 * registration agent (a sip.js UserAgent + Registerer in Node that never
 * places calls), the {@link MessageRouter}, and the hand-off of call traffic
 * to the renderer's call agent. It is the single owner of the account's retry
 * loop.
 *
 * Every connection gets a fresh registration agent (an "epoch"): a REGISTER
 * transaction stuck on a dead socket can then never block recovery, and the
 * Contact stays identical (same user, same Via host, same +sip.instance), so
 * the registrar replaces the binding instead of adding one.
 */
import { Registerer, RegistererState, UserAgent, type UserAgentOptions } from 'sip.js';
import type { RegistrationStatus } from '../../app/registration-status';
import type { SipPipe } from '../../app/sip/pipe-transport';
import { PipeTransport } from '../../app/sip/pipe-transport';
import { Backoff } from './backoff';
import { MessageRouter } from './message-router';
import { ConnectionError, SipConnection, type ClosedReason } from './sip-connection';
import { buildStatelessResponse, isRequest, parseSipMessage, type ParsedRequest, type ParsedResponse } from './sip-message';
import type { Logger } from './logger';

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
}

interface RegistrationEpoch {
  readonly connection: SipConnection;
  readonly userAgent: UserAgent;
  readonly registerer: Registerer;
  readonly transport: PipeTransport;
  /** The epoch the account's recovery follows; false once it is being replaced or stopped. */
  isCurrent: boolean;
  /** Fully torn down: nothing more is delivered to its agent. */
  hasEnded: boolean;
}

interface HeldRequest {
  readonly text: string;
  readonly request: ParsedRequest;
}

const DEFAULT_EXPIRES_SEC = 600;
const DEFAULT_RENDERER_WAIT_MS = 10_000;
const DEFAULT_REGISTER_TIMEOUT_MS = 20_000;
const UNREGISTER_WAIT_MS = 2_000;
const USER_AGENT_STRING = 'Softphone/0.1 (sip.js)';

export class AccountAgent {
  private status: RegistrationStatus = { kind: 'offline' };
  private epoch: RegistrationEpoch | undefined;
  private readonly backoff = new Backoff();
  private readonly router: MessageRouter;
  private retryTimer: NodeJS.Timeout | undefined;
  private registerTimer: NodeJS.Timeout | undefined;
  private isRunning = false;
  private isRendererAttached = false;
  private readonly heldForRenderer: HeldRequest[] = [];
  private heldTimer: NodeJS.Timeout | undefined;
  private learnedRealm: string | undefined;

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

  /** The digest realm the server challenged with; the domain until it has. */
  get realm(): string {
    return this.learnedRealm ?? this.config.domain;
  }

  get currentStatus(): RegistrationStatus {
    return this.status;
  }

  get isConnected(): boolean {
    return this.epoch?.connection.isOpen ?? false;
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
    clearTimeout(this.retryTimer);
    clearTimeout(this.registerTimer);
    this.rejectHeldRequests();
    const epoch = this.epoch;
    this.epoch = undefined;
    if (epoch) await this.endEpoch(epoch, { shouldUnregister: true });
    this.setStatus({ kind: 'offline' });
  }

  /** Drops everything and connects again now (user pressed "Retry now", or the network came back). */
  retryNow(): void {
    if (!this.isRunning) return;
    this.backoff.reset();
    clearTimeout(this.retryTimer);
    const epoch = this.epoch;
    this.epoch = undefined;
    if (epoch) void this.endEpoch(epoch, { shouldUnregister: false });
    void this.connect();
  }

  /** A message from the renderer's call agent, to go out on this account's connection. */
  sendFromRenderer(message: string): boolean {
    return this.epoch?.connection.send(message) ?? false;
  }

  attachRenderer(): void {
    this.isRendererAttached = true;
    clearTimeout(this.heldTimer);
    const held = this.heldForRenderer.splice(0);
    for (const { text } of held) this.delegate.onRendererMessage(text);
  }

  detachRenderer(): void {
    this.isRendererAttached = false;
  }

  private async connect(): Promise<void> {
    this.setStatus({ kind: 'connecting' });
    const connection = new SipConnection(
      {
        url: this.config.serverUrl,
        keepAliveIntervalMs: this.config.keepAliveIntervalMs,
        pongTimeoutMs: this.config.pongTimeoutMs,
      },
      {
        onMessage: (text) => this.onIncoming(epoch, text),
        onClosed: (reason) => this.onConnectionClosed(epoch, reason),
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
    const pipe: SipPipe = {
      isConnected: () => connection.isOpen,
      whenConnected: async () => {
        if (!connection.isOpen) throw new Error('Not connected');
      },
      send: async (message) => {
        this.router.noteSentByMain(message);
        if (!connection.send(message)) throw new Error('Not connected');
      },
    };
    const options: UserAgentOptions & { authorizationHa1?: string } = {
      uri: UserAgent.makeURI(`sip:${this.config.user}@${this.config.domain}`),
      displayName: this.config.displayName,
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
    const epoch: RegistrationEpoch = { connection, userAgent, registerer, transport, isCurrent: true, hasEnded: false };
    registerer.stateChange.addListener((state) => this.onRegistererState(epoch, state));
    return epoch;
  }

  private register(epoch: RegistrationEpoch): void {
    if (!epoch.isCurrent) return;
    this.setStatus({ kind: 'registering' });
    clearTimeout(this.registerTimer);
    this.registerTimer = setTimeout(() => this.onRegisterTimeout(epoch), this.config.registerTimeoutMs ?? DEFAULT_REGISTER_TIMEOUT_MS);
    epoch.registerer
      .register({
        requestDelegate: {
          onAccept: (response) => this.onRegistered(epoch, response.message),
          onReject: (response) => this.onRegisterRejected(epoch, response.message),
        },
      })
      .catch((error: unknown) => this.log.warn(`account ${this.config.id}: REGISTER not sent: ${String(error)}`));
  }

  private onRegistered(epoch: RegistrationEpoch, response: ParsedResponse): void {
    if (!epoch.isCurrent) return;
    clearTimeout(this.registerTimer);
    this.backoff.reset();
    const expiresSec = grantedExpires(response) ?? this.config.registerExpiresSec ?? DEFAULT_EXPIRES_SEC;
    this.setStatus({ kind: 'registered', expiresAt: Date.now() + expiresSec * 1000 });
  }

  private onRegisterRejected(epoch: RegistrationEpoch, response: ParsedResponse): void {
    if (!epoch.isCurrent) return;
    clearTimeout(this.registerTimer);
    const statusCode = response.statusCode ?? 0;
    const detail = `${statusCode} ${response.reasonPhrase ?? ''}`.trim();
    if (statusCode === 401 || statusCode === 403 || statusCode === 407) {
      // The server refused the password: retrying cannot help until the user edits the account.
      this.log.warn(`account ${this.config.id}: registration refused (${detail}); not retrying`);
      this.isRunning = false;
      this.epoch = undefined;
      void this.endEpoch(epoch, { shouldUnregister: false });
      this.setStatus({ kind: 'failed', reason: 'wrong-credentials', statusCode, detail });
      return;
    }
    const reason = statusCode === 408 ? 'timed-out' : 'server-rejected';
    this.scheduleRetry(this.backoff.next(), { kind: 'failed', reason, statusCode, detail }, () => this.register(epoch));
  }

  private onRegisterTimeout(epoch: RegistrationEpoch): void {
    if (!epoch.isCurrent || this.status.kind === 'registered') return;
    this.log.warn(`account ${this.config.id}: REGISTER unanswered; replacing the connection`);
    this.epoch = undefined;
    void this.endEpoch(epoch, { shouldUnregister: false });
    this.scheduleRetry(this.backoff.next(), { kind: 'failed', reason: 'timed-out' }, () => void this.connect());
  }

  private onRegistererState(epoch: RegistrationEpoch, state: RegistererState): void {
    // A refresh that failed leaves sip.js Unregistered while we still think we are registered.
    if (!epoch.isCurrent || state !== RegistererState.Unregistered) return;
    if (this.status.kind === 'registered') {
      this.log.warn(`account ${this.config.id}: registration refresh failed`);
      this.register(epoch);
    }
  }

  private onConnectFailed(error: unknown): void {
    const kind = error instanceof ConnectionError ? error.kind : 'unreachable';
    const detail = error instanceof Error ? error.message : String(error);
    this.log.warn(`account ${this.config.id}: connection failed: ${detail}`);
    const reason = kind === 'tls' ? 'tls-error' : kind === 'timed-out' ? 'timed-out' : kind === 'rejected' ? 'server-rejected' : 'server-unreachable';
    this.scheduleRetry(this.backoff.next(), { kind: 'failed', reason, detail }, () => void this.connect());
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
    this.scheduleRetry(delay, { kind: 'failed', reason: 'server-unreachable', detail: `Connection lost (${reason})` }, () => void this.connect());
  }

  private scheduleRetry(delayMs: number, status: RegistrationStatus & { kind: 'failed' }, retry: () => void): void {
    clearTimeout(this.retryTimer);
    if (!this.isRunning) return;
    if (delayMs > 0) this.setStatus({ ...status, nextRetryAt: Date.now() + delayMs });
    this.retryTimer = setTimeout(() => {
      if (this.isRunning) retry();
    }, delayMs);
  }

  private async endEpoch(epoch: RegistrationEpoch, { shouldUnregister }: { shouldUnregister: boolean }): Promise<void> {
    epoch.isCurrent = false;
    clearTimeout(this.registerTimer);
    if (shouldUnregister && epoch.connection.isOpen && epoch.registerer.state === RegistererState.Registered) {
      await waitAtMost(UNREGISTER_WAIT_MS, new Promise<void>((resolve) => {
        epoch.registerer
          .unregister({ requestDelegate: { onAccept: () => resolve(), onReject: () => resolve() } })
          .catch(() => resolve());
      }));
    }
    epoch.hasEnded = true;
    this.delegate.onConnectivity(false);
    epoch.transport.markDisconnected();
    // sip.js waits for an outstanding REGISTER's final response; on a dead
    // connection that is a 32 s transaction timeout nobody needs to wait for.
    await waitAtMost(500, epoch.userAgent.stop().catch(() => undefined));
    await epoch.connection.close();
  }

  private onIncoming(epoch: RegistrationEpoch, text: string): void {
    if (epoch.hasEnded) return;
    const message = parseSipMessage(text);
    if (!message) {
      this.log.warn(`account ${this.config.id}: dropped a message that is not SIP`);
      return;
    }
    if (!isRequest(message)) this.learnRealm(message);
    switch (this.router.route(message)) {
      case 'main':
        epoch.transport.receive(text);
        return;
      case 'renderer':
        this.toRenderer(text, message);
        return;
      case 'drop':
        return;
    }
  }

  private learnRealm(response: ParsedResponse): void {
    if (response.statusCode !== 401 || response.cseq === undefined) return;
    const challenge = response.getHeader('www-authenticate');
    const realm = challenge ? /realm="([^"]*)"/i.exec(challenge)?.[1] : undefined;
    if (realm) this.learnedRealm = realm;
  }

  private toRenderer(text: string, message: ReturnType<typeof parseSipMessage>): void {
    if (this.isRendererAttached) {
      this.delegate.onRendererMessage(text);
      return;
    }
    if (!message || !isRequest(message)) return;
    const isNewCall = message.method === 'INVITE' && !message.toTag;
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
    }
  }

  private setStatus(status: RegistrationStatus): void {
    this.status = status;
    this.delegate.onStatus(status);
  }
}

/** The expiry the registrar granted our Contact (it may shorten what we asked for). */
function grantedExpires(response: ParsedResponse): number | undefined {
  const contact = response.getHeader('contact');
  const fromContact = contact ? /;\s*expires=(\d+)/i.exec(contact)?.[1] : undefined;
  const value = fromContact ?? response.getHeader('expires');
  const seconds = value === undefined ? NaN : Number.parseInt(value, 10);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
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
