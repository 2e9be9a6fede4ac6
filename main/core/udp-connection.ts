/**
 * SIP over UDP (RFC 3261 §18) to one server, for one account.
 *
 * @remarks
 * One unconnected datagram socket carries SIP, the RFC 5626 STUN keep-alive
 * and its answers (told apart by the first byte, {@link isStunDatagram}).
 * - Sources ({@link UdpProviderSources}): datagrams come from the server,
 *   requests also from the provider's other addresses (another proxy of its
 *   SRV set) and from any address when they name our Contact's token;
 *   anything else is dropped, one log line a minute. A response goes back
 *   to where its request came from, every request we make to the server.
 * - Refusal: an unconnected socket hears no ICMP, so a second socket,
 *   connected to the server, sends an empty keep-alive (CRLF, never
 *   answered) whenever the STUN keep-alive goes out: its ICMP "port
 *   unreachable" (the server process is gone) fails connect() with
 *   `port-refused` or closes the connection at once, so recovery does not
 *   wait for a keep-alive deadline.
 * - Liveness ({@link KeepAliveWatch}): every keep-alive interval (with
 *   jitter) without a datagram from the server, a STUN binding request goes
 *   out; a server that answered STUN before and is silent for the pong
 *   deadline is declared dead. A server that never answers STUN
 *   ({@link answersCrlf} false) is watched by the agent's SIP probes only.
 * - The STUN answer tells our public address; when it changes (a NAT
 *   rebinding) the Contact changes with it and the delegate is told at once,
 *   so the account registers the new one. Without STUN the Via's
 *   `received`/`rport` (RFC 3581) tell the same.
 * - Reliability: {@link UdpRetransmitter} under sip.js.
 * - Size: a request over {@link UDP_MTU_LIMIT} bytes goes over TCP to the
 *   same server ({@link LargeRequestDiversion}).
 * It never reconnects by itself.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { KeepAliveWatch, type PingExpectation } from './keep-alive-watch';
import { ConnectionError } from './sip-connection';
import { hostPort, SipWireAddressing, type ObservedSource, type WireAddress } from './sip-wire-addressing';
import type { ClosedReason, SipTransportConnection, SipTransportConnectionDelegate } from './sip-transport-connection';
import { isStunDatagram, parseStunBindingSuccess, stunBindingRequest } from './stun-binding';
import { LargeRequestDiversion, type OpenLargeRequestStream } from './udp-large-requests';
import { requestUriUserOf } from './contact-token';
import { DroppedStrangers, UdpProviderSources } from './udp-provider-sources';
import { UdpRetransmitter, type RetransmitterTimings } from './udp-retransmitter';

export { UDP_MTU_LIMIT } from './udp-large-requests';
export const DEFAULT_UDP_KEEP_ALIVE_INTERVAL_MS = 25_000;
const DEFAULT_PONG_TIMEOUT_MS = 5_000;
/** How long connect() waits for the first STUN answer before deciding the server does not speak STUN. */
const FIRST_STUN_WAIT_MS = 1_000;
const MAX_DATAGRAM_CHARS = 65_535;
/** STUN transactions awaiting an answer: a few keep-alives' worth; older ones are given up. */
const MAX_PENDING_STUN = 8;
const REFUSAL_PROBE = '\r\n\r\n';

export interface UdpConnectionOptions {
  /** Where the server is, already resolved. */
  readonly server: WireAddress;
  /** Other IP addresses of the provider (its SRV set) that may send us requests. */
  readonly providerAddresses?: readonly string[];
  readonly keepAliveIntervalMs?: number;
  readonly pongTimeoutMs?: number;
  readonly timings?: RetransmitterTimings;
  /** Opens a TCP stream to the server for requests too large for a datagram; none: they go as datagrams. */
  readonly openLargeRequestStream?: OpenLargeRequestStream;
}

export class UdpConnection implements SipTransportConnection {
  private socket: Socket | undefined;
  /** Connected to the server, only to hear its ICMP refusals. */
  private refusalProbe: Socket | undefined;
  private addressing: SipWireAddressing | undefined;
  private readonly retransmitter: UdpRetransmitter;
  private readonly largeRequests: LargeRequestDiversion | undefined;
  private readonly sources: UdpProviderSources;
  private readonly strangers: DroppedStrangers;
  private isOpenNow = false;
  private readonly keepAlive: KeepAliveWatch;
  private stunAnswered: boolean | undefined;
  private readonly pendingStun = new Set<string>();
  private firstStunAnswer: (() => void) | undefined;
  private closedReason: ClosedReason | undefined;

  constructor(
    private readonly options: UdpConnectionOptions,
    private readonly delegate: SipTransportConnectionDelegate,
  ) {
    this.keepAlive = new KeepAliveWatch({
      intervalMs: options.keepAliveIntervalMs ?? DEFAULT_UDP_KEEP_ALIVE_INTERVAL_MS,
      pongTimeoutMs: options.pongTimeoutMs ?? DEFAULT_PONG_TIMEOUT_MS,
      hasJitter: true,
      isOpen: () => this.isOpenNow,
      ping: () => this.ping(),
      onDead: () => this.lose('dead-peer'),
    });
    this.retransmitter = new UdpRetransmitter({ resend: (text) => this.sendDatagram(text) }, options.timings);
    this.sources = new UdpProviderSources(options.server, options.providerAddresses);
    this.strangers = new DroppedStrangers((report) => delegate.onStrangersDropped?.(report));
    const open = options.openLargeRequestStream;
    this.largeRequests = open
      ? new LargeRequestDiversion(open, {
          onMessage: (text) => {
            if (this.isOpenNow) this.deliver(text);
          },
          sendAsDatagram: (wire) => this.sendRequestDatagram(wire),
        })
      : undefined;
  }

  get isOpen(): boolean {
    return this.isOpenNow;
  }

  get answersCrlf(): boolean | undefined {
    return this.stunAnswered;
  }

  readonly isConnectionless = true;

  /** Our address as the provider sees it (STUN or rport), once known; the local one before. */
  get publicAddress(): WireAddress | undefined {
    return this.addressing?.address;
  }

  async connect(): Promise<void> {
    if (this.socket) throw new Error('UdpConnection.connect() called twice');
    const { server } = this.options;
    const family = isIP(server.host) === 6 ? 'udp6' : 'udp4';
    const socket = createSocket(family);
    const probe = createSocket(family);
    this.socket = socket;
    this.refusalProbe = probe;
    let refused: ((error: NodeJS.ErrnoException) => void) | undefined;
    socket.on('error', () => {
      // An unconnected socket hears no refusals; what else fails here shows as silence.
    });
    probe.on('error', (error: NodeJS.ErrnoException) => {
      if (refused) return refused(error);
      if (this.isOpenNow && error.code === 'ECONNREFUSED') this.lose('closed-by-server');
    });
    probe.on('message', () => undefined);
    socket.on('message', (datagram, from) => this.onDatagram(datagram, from));
    try {
      await new Promise<void>((resolve, reject) => {
        refused = reject;
        socket.bind(0, family === 'udp6' ? '::' : '0.0.0.0', () => resolve());
      });
      await new Promise<void>((resolve, reject) => {
        refused = reject;
        probe.connect(server.port, server.host, () => resolve());
      });
      // The local address the route to the server leaves from, with the SIP socket's port.
      this.addressing = new SipWireAddressing('UDP', { host: probe.address().address, port: socket.address().port });
      // The first STUN answer proves the path and tells the public address
      // before the first REGISTER; silence only means the server has no STUN.
      await new Promise<void>((resolve, reject) => {
        refused = reject;
        const timer = setTimeout(resolve, Math.min(FIRST_STUN_WAIT_MS, this.options.pongTimeoutMs ?? FIRST_STUN_WAIT_MS));
        this.firstStunAnswer = () => {
          clearTimeout(timer);
          resolve();
        };
        this.sendStun();
      });
    } catch (error) {
      // Never opened: close() later reports nothing (as a WebSocket that never opened).
      this.closedReason = 'error';
      this.closeSockets();
      throw toUdpConnectionError(error as NodeJS.ErrnoException, server);
    } finally {
      refused = undefined;
      this.firstStunAnswer = undefined;
    }
    if (this.stunAnswered === undefined) this.stunAnswered = false;
    this.pendingStun.clear();
    this.isOpenNow = true;
    this.keepAlive.schedule();
  }

  send(message: string): boolean {
    if (!this.isOpenNow || !this.socket || !this.addressing) return false;
    const wire = this.addressing.toWire(message);
    if (this.largeRequests?.shouldDivert(wire)) {
      this.largeRequests.send(wire);
      return true;
    }
    if (wire.startsWith('SIP/2.0 ')) {
      this.retransmitter.onSending(wire);
      return this.sendDatagram(wire);
    }
    return this.sendRequestDatagram(wire);
  }

  async close(): Promise<void> {
    if (!this.socket || this.closedReason) return;
    this.closedReason = 'closed-by-us';
    this.shutDown();
    this.delegate.onClosed('closed-by-us');
  }

  probe(deadlineMs: number): void {
    if (!this.isOpenNow || !this.stunAnswered) return;
    this.keepAlive.pingNow(deadlineMs);
  }

  private onDatagram(datagram: Buffer, from: RemoteInfo): void {
    try {
      const source = { host: from.address, port: from.port };
      const fromServer = this.sources.isServer(source);
      if (fromServer && this.isOpenNow) this.keepAlive.heard();
      if (isStunDatagram(datagram)) return fromServer ? this.onStun(datagram) : undefined;
      if (datagram.length > MAX_DATAGRAM_CHARS) return;
      const text = datagram.toString('utf8');
      if (text.trim() === '' || !this.isOpenNow) return; // a CRLF keep-alive, or too early
      if (!fromServer && !this.takeFromElsewhere(text, source)) return;
      if (!this.retransmitter.onArrived(text)) return;
      this.deliver(text);
    } catch {
      // Nothing from the wire may throw past the socket: the connection keeps working.
    }
  }

  /** A request from the provider's other addresses, or naming our Contact's token from anywhere; anything else is a stranger's. */
  private takeFromElsewhere(text: string, source: WireAddress): boolean {
    const isAllowed = this.sources.isProvider(source) || this.addressing?.isOurContactUser(requestUriUserOf(text)) === true;
    if (isAllowed && this.sources.takeFromOther(text, source)) return true;
    if (!isAllowed) this.strangers.dropped(source);
    return false;
  }

  private deliver(text: string): void {
    if (!this.addressing) return;
    const { text: restored, observed } = this.addressing.fromWire(text);
    if (observed && this.stunAnswered === false) this.learnFromVia(observed);
    this.delegate.onMessage(restored);
  }

  private onStun(datagram: Buffer): void {
    const answer = parseStunBindingSuccess(datagram);
    if (!answer || !this.pendingStun.delete(answer.transactionId)) return;
    this.stunAnswered = true;
    this.pendingStun.clear();
    if (answer.mapped) this.updatePublicAddress(answer.mapped);
    this.firstStunAnswer?.();
  }

  private learnFromVia(observed: ObservedSource): void {
    const current = this.addressing?.address;
    if (!current || !observed.rport) return;
    this.updatePublicAddress({ host: observed.received ?? current.host, port: observed.rport });
  }

  private updatePublicAddress(address: WireAddress): void {
    const addressing = this.addressing;
    if (!addressing || hostPort(addressing.address) === hostPort(address)) return;
    addressing.setPublicAddress(address);
    if (this.isOpenNow) this.delegate.onAddressChanged?.();
  }

  private sendRequestDatagram(wire: string): boolean {
    this.retransmitter.onSending(wire);
    return this.sendDatagram(wire);
  }

  private sendStun(): void {
    const { bytes, transactionId } = stunBindingRequest();
    this.pendingStun.add(transactionId);
    if (this.pendingStun.size > MAX_PENDING_STUN) this.pendingStun.delete(this.pendingStun.values().next().value!);
    this.sendDatagram(bytes);
    this.delegate.onKeepAliveSent?.(bytes.length);
    try {
      this.refusalProbe?.send(REFUSAL_PROBE);
    } catch {
      // closed under us
    }
  }

  /** To the server, or a response to where its request came from. */
  private sendDatagram(bytes: string | Buffer): boolean {
    const to = this.sources.destinationOf(bytes);
    try {
      this.socket?.send(bytes, to.port, to.host);
      return true;
    } catch {
      return false; // the socket closed under us; its owner hears of it by close()
    }
  }

  /** The STUN keep-alive; its answer is expected once the server has answered one. */
  private ping(): PingExpectation {
    this.sendStun();
    return this.stunAnswered ? 'answer' : 'none';
  }

  private lose(reason: ClosedReason): void {
    if (this.closedReason) return;
    this.closedReason = reason;
    this.shutDown();
    this.delegate.onClosed(reason);
  }

  private shutDown(): void {
    this.isOpenNow = false;
    this.keepAlive.stop();
    this.retransmitter.stop();
    void this.largeRequests?.close();
    this.closeSockets();
  }

  private closeSockets(): void {
    for (const socket of [this.socket, this.refusalProbe]) {
      try {
        socket?.close();
      } catch {
        // already closed
      }
    }
  }
}

function toUdpConnectionError(error: NodeJS.ErrnoException, server: WireAddress): ConnectionError {
  const code = error.code ?? error.message;
  if (code === 'ECONNREFUSED') {
    return new ConnectionError('unreachable', { code: 'port-refused', params: { server: hostPort(server), transport: 'UDP' } }, `Nothing answers at ${hostPort(server)} over UDP (ECONNREFUSED).`);
  }
  return new ConnectionError('unreachable', { code: 'cannot-reach', params: { error: code } }, `Cannot reach the SIP server at ${hostPort(server)} over UDP (${code}).`);
}
