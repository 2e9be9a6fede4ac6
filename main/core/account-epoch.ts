/**
 * One connection of an account and main's registration user agent on it
 * (an "epoch").
 *
 * @remarks
 * Every connection gets a fresh sip.js UserAgent and Registerer: a REGISTER
 * transaction stuck on a dead socket, or a Registerer that sip.js left
 * waiting for ever (a 2xx without our Contact), can then never block
 * recovery. The Contact stays identical across epochs (same user, same Via
 * host, same +sip.instance), so the registrar replaces the binding instead
 * of adding one. Each epoch has its own {@link RegistrationJudge}, because
 * REGISTER CSeqs belong to one Registerer.
 */
import { Registerer, RegistererState, UserAgent, type URI, type UserAgentOptions } from 'sip.js';
import { PipeTransport, type SipPipe } from '../../app/sip/pipe-transport';
import type { Logger } from './logger';
import { RegistrationJudge } from './registration-judge';
import type { ClosedReason, SipTransportConnection, SipTransportConnectionFactory } from './sip-transport-connection';
import type { DroppedStrangersReport } from './udp-provider-sources';
import { displayNameForWire } from '../../app/sip/display-name';
import type { SipAddress } from '../../app/sip-address';

export interface AccountEpochSettings {
  readonly accountId: string;
  readonly address: SipAddress;
  readonly displayName: string;
  readonly authUser: string;
  readonly password: string;
  readonly instanceId: string;
  readonly serverUrl: string;
  readonly keepAliveIntervalMs?: number;
  readonly pongTimeoutMs?: number;
  readonly pinnedCertificateSha256?: string;
  readonly expiresSec: number;
  /** Via host of main's agent; it is in our Contact too. */
  readonly viaHost: string;
  /** User part of our Contact: the account's user, or a plain-SIP account's token (contact-token.ts). */
  readonly contactUser: string;
}

export interface AccountEpochDelegate {
  onMessage(epoch: AccountEpoch, text: string): void;
  onClosed(epoch: AccountEpoch, reason: ClosedReason, closeCode?: number): void;
  /** Every message main's user agent sends on this connection, before it goes out. */
  onSending(epoch: AccountEpoch, text: string): void;
  onRegistererState(epoch: AccountEpoch, state: RegistererState): void;
  onKeepAliveSent?(bytes: number): void;
  /** Our public address changed (a NAT rebinding): the Contact changed with it. */
  onAddressChanged?(epoch: AccountEpoch): void;
  /** Datagrams from strangers were dropped (at most one report a minute). */
  onStrangersDropped?(report: DroppedStrangersReport): void;
}

const USER_AGENT_STRING = 'Softphone/0.1 (sip.js)';
const UNREGISTER_WAIT_MS = 2_000;

export class AccountEpoch {
  readonly connection: SipTransportConnection;
  readonly userAgent: UserAgent;
  readonly registerer: Registerer;
  readonly transport: PipeTransport;
  readonly judge: RegistrationJudge;
  private readonly addressOfRecord: URI;
  /** The epoch the account's recovery follows; false once it is being replaced or stopped. */
  isCurrent = true;
  /** Fully torn down: nothing more is delivered to its agent. */
  hasEnded = false;
  /** CSeq of the last REGISTER sent on this epoch. */
  lastRegisterCSeq = 0;
  /** Call-IDs of its REGISTERs: main's for as long as the epoch lives. */
  readonly registerCallIds = new Set<string>();
  /** Call-IDs of its SUBSCRIBEs (voicemail, lamps, presence): main's for as long as the epoch lives, so every NOTIFY reaches main. */
  readonly subscriptionCallIds = new Set<string>();

  constructor(settings: AccountEpochSettings, createConnection: SipTransportConnectionFactory, delegate: AccountEpochDelegate, log: Logger) {
    this.connection = createConnection(
      {
        url: settings.serverUrl,
        keepAliveIntervalMs: settings.keepAliveIntervalMs,
        pongTimeoutMs: settings.pongTimeoutMs,
        ...(settings.pinnedCertificateSha256 ? { pinnedCertificateSha256: settings.pinnedCertificateSha256 } : {}),
      },
      {
        onMessage: (text) => delegate.onMessage(this, text),
        onClosed: (reason, closeCode) => delegate.onClosed(this, reason, closeCode),
        onKeepAliveSent: (bytes) => delegate.onKeepAliveSent?.(bytes),
        onAddressChanged: () => delegate.onAddressChanged?.(this),
        onStrangersDropped: (report) => delegate.onStrangersDropped?.(report),
      },
    );
    this.judge = new RegistrationJudge({ contactMarker: settings.viaHost, defaultExpiresSec: settings.expiresSec });
    const pipe: SipPipe = {
      isConnected: () => this.connection.isOpen,
      whenConnected: async () => {
        if (!this.connection.isOpen) throw new Error('Not connected');
      },
      send: async (message) => {
        delegate.onSending(this, message);
        if (!this.connection.send(message)) throw new Error('Not connected');
      },
    };
    let transport: PipeTransport | undefined;
    this.addressOfRecord = UserAgent.makeURI(settings.address.aor)!;
    const options: UserAgentOptions = {
      uri: this.addressOfRecord,
      displayName: displayNameForWire(settings.displayName),
      authorizationUsername: settings.authUser,
      authorizationPassword: settings.password,
      // The Request-URI of incoming INVITEs is the registered Contact; the
      // renderer's agent (same AOR) accepts them with the account's user
      // there, which the agent puts back when the Contact user is a token.
      contactName: settings.contactUser,
      viaHost: settings.viaHost,
      instanceId: settings.instanceId,
      reconnectionAttempts: 0,
      sendInitialProvisionalResponse: false,
      userAgentString: USER_AGENT_STRING,
      logBuiltinEnabled: false,
      logLevel: 'error',
      logConnector: (level, category, _label, content) => {
        if (level === 'error') log.warn(`sip.js ${category}: ${content}`);
      },
      transportConstructor: PipeTransport,
      transportOptions: { pipe, onCreated: (created: PipeTransport) => (transport = created) },
    };
    this.userAgent = new UserAgent(options);
    if (!transport) throw new Error('sip.js did not construct the transport');
    this.transport = transport;
    this.registerer = new Registerer(this.userAgent, { expires: settings.expiresSec, regId: 1, refreshFrequency: 90 });
    this.registerer.stateChange.addListener((state) => delegate.onRegistererState(this, state));
  }

  /** Notes a REGISTER on its way out; returns whether it asks for a binding (not an un-REGISTER). */
  noteRegisterSent(text: string): boolean {
    const sent = this.judge.noteSent(text);
    if (sent) {
      this.lastRegisterCSeq = Math.max(this.lastRegisterCSeq, sent.cseq);
      this.registerCallIds.add(sent.callId);
    }
    return !sent?.isUnregister;
  }

  /** Sends an OPTIONS from main's agent to our own address of record (the reachability probe), reporting the server's final answer; throws when sip.js cannot. */
  sendOptionsToSelf(extraHeaders: string[], onFinalAnswer: (statusCode: number) => void): void {
    const aor = this.addressOfRecord;
    const core = this.userAgent.userAgentCore;
    const report = (response: { message: { statusCode?: number } }): void => onFinalAnswer(response.message.statusCode ?? 0);
    core.request(core.makeOutgoingRequestMessage('OPTIONS', aor, aor, aor, {}, extraHeaders), { onAccept: report, onReject: report });
  }

  /** Tears the epoch down, unregistering first (briefly) when asked and possible. */
  async end({ shouldUnregister }: { shouldUnregister: boolean }): Promise<void> {
    this.isCurrent = false;
    if (shouldUnregister && this.connection.isOpen && this.registerer.state === RegistererState.Registered) {
      await waitAtMost(
        UNREGISTER_WAIT_MS,
        new Promise<void>((resolve) => {
          this.registerer.unregister({ requestDelegate: { onAccept: () => resolve(), onReject: () => resolve() } }).catch(() => resolve());
        }),
      );
    }
    this.hasEnded = true;
    this.transport.markDisconnected();
    // sip.js waits for an outstanding REGISTER's final response; on a dead
    // connection that is a 32 s transaction timeout nobody needs to wait for.
    await waitAtMost(500, this.userAgent.stop().catch(() => undefined));
    await this.connection.close();
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
