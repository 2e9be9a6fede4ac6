/**
 * SIP over UDP (RFC 3261 §18) to one server, for one account.
 *
 * @remarks
 * One connected datagram socket carries SIP, the RFC 5626 STUN keep-alive
 * and its answers (told apart by the first byte, {@link isStunDatagram}).
 * - Liveness: every keep-alive interval (with jitter, so many clients do not
 *   beat in step) without a datagram from the server, a STUN binding request
 *   goes out; a server that answered STUN before and is silent for the pong
 *   deadline is declared dead. A server that never answers STUN
 *   ({@link answersCrlf} false) is watched by the agent's SIP probes only.
 * - The STUN answer tells our public address; when it changes (a NAT
 *   rebinding) the Contact changes with it and the delegate is told at once,
 *   so the account registers the new one. Without STUN the Via's
 *   `received`/`rport` (RFC 3581) tell the same.
 * - Reliability: {@link UdpRetransmitter} under sip.js.
 * - Size: a request over {@link UDP_MTU_LIMIT} bytes goes over TCP to the
 *   same server (RFC 3261 §18.1.1), on a stream opened for it.
 * - An ICMP "port unreachable" (the server process is gone) closes the
 *   connection at once, so recovery does not wait for a keep-alive deadline.
 * It never reconnects by itself.
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { ConnectionError } from './sip-connection';
import { hostPort, SipWireAddressing, type ObservedSource, type WireAddress } from './sip-wire-addressing';
import type { ClosedReason, SipTransportConnection, SipTransportConnectionDelegate } from './sip-transport-connection';
import { isStunDatagram, parseStunBindingSuccess, stunBindingRequest } from './stun-binding';
import { UdpRetransmitter, type RetransmitterTimings } from './udp-retransmitter';

/** RFC 3261 §18.1.1: a request this much within the path MTU (1500) goes over a congestion-controlled transport instead. */
export const UDP_MTU_LIMIT = 1_300;
export const DEFAULT_UDP_KEEP_ALIVE_INTERVAL_MS = 25_000;
const DEFAULT_PONG_TIMEOUT_MS = 5_000;
/** How long connect() waits for the first STUN answer before deciding the server does not speak STUN. */
const FIRST_STUN_WAIT_MS = 1_000;
const MAX_DATAGRAM_CHARS = 65_535;

export interface UdpConnectionOptions {
  /** Where the server is, already resolved. */
  readonly server: WireAddress;
  readonly keepAliveIntervalMs?: number;
  readonly pongTimeoutMs?: number;
  readonly timings?: RetransmitterTimings;
  /** Opens a TCP stream to the server for requests too large for a datagram; none: they go as datagrams. */
  readonly openLargeRequestStream?: (onMessage: (text: string) => void) => LargeRequestStream;
}

/** A TCP stream a large request is diverted to. */
export interface LargeRequestStream {
  connect(): Promise<void>;
  /** Sends a message (already in wire form but for the Via transport, which it sets). */
  sendWire(text: string): boolean;
  close(): Promise<void>;
}

export class UdpConnection implements SipTransportConnection {
  private socket: Socket | undefined;
  private addressing: SipWireAddressing | undefined;
  private readonly retransmitter: UdpRetransmitter;
  private isOpenNow = false;
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private pongDeadline: NodeJS.Timeout | undefined;
  private stunAnswered: boolean | undefined;
  private pendingStun = new Set<string>();
  private firstStunAnswer: (() => void) | undefined;
  private largeStream: LargeRequestStream | undefined;
  private closedReason: ClosedReason | undefined;

  constructor(
    private readonly options: UdpConnectionOptions,
    private readonly delegate: SipTransportConnectionDelegate,
  ) {
    this.retransmitter = new UdpRetransmitter({ resend: (text) => this.sendDatagram(text) }, options.timings);
  }

  get isOpen(): boolean {
    return this.isOpenNow;
  }

  get answersCrlf(): boolean | undefined {
    return this.stunAnswered;
  }

  /** Our address as the provider sees it (STUN or rport), once known; the local one before. */
  get publicAddress(): WireAddress | undefined {
    return this.addressing?.address;
  }

  async connect(): Promise<void> {
    if (this.socket) throw new Error('UdpConnection.connect() called twice');
    const { server } = this.options;
    const socket = createSocket(isIP(server.host) === 6 ? 'udp6' : 'udp4');
    this.socket = socket;
    let refused: ((error: NodeJS.ErrnoException) => void) | undefined;
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (refused) return refused(error);
      if (this.isOpenNow) this.lose(error.code === 'ECONNREFUSED' ? 'closed-by-server' : 'error');
    });
    socket.on('message', (datagram) => this.onDatagram(datagram));
    try {
      await new Promise<void>((resolve, reject) => {
        refused = reject;
        socket.connect(server.port, server.host, () => resolve());
      });
      const local = socket.address();
      this.addressing = new SipWireAddressing('UDP', { host: local.address, port: local.port });
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
      socket.close();
      throw toUdpConnectionError(error as NodeJS.ErrnoException, server);
    } finally {
      refused = undefined;
      this.firstStunAnswer = undefined;
    }
    if (this.stunAnswered === undefined) this.stunAnswered = false;
    this.pendingStun.clear();
    this.isOpenNow = true;
    this.scheduleKeepAlive();
  }

  send(message: string): boolean {
    if (!this.isOpenNow || !this.socket || !this.addressing) return false;
    const isRequest = !message.startsWith('SIP/2.0 ');
    if (isRequest && Buffer.byteLength(message) > UDP_MTU_LIMIT && this.options.openLargeRequestStream) {
      return this.sendOverStream(this.addressing.toWire(message, 'TCP'));
    }
    const wire = this.addressing.toWire(message);
    this.retransmitter.onSending(wire);
    return this.sendDatagram(wire);
  }

  async close(): Promise<void> {
    if (!this.socket || this.closedReason) return;
    this.closedReason = 'closed-by-us';
    this.shutDown();
    this.delegate.onClosed('closed-by-us');
  }

  probe(deadlineMs: number): void {
    if (!this.isOpenNow || !this.stunAnswered) return;
    this.ping(deadlineMs);
  }

  private onDatagram(datagram: Buffer): void {
    try {
      this.heardFromServer();
      if (isStunDatagram(datagram)) return this.onStun(datagram);
      if (datagram.length > MAX_DATAGRAM_CHARS) return;
      const text = datagram.toString('utf8');
      if (text.trim() === '' || !this.isOpenNow) return; // a CRLF keep-alive, or too early
      if (!this.retransmitter.onArrived(text)) return;
      this.deliver(text);
    } catch {
      // Nothing from the wire may throw past the socket: the connection keeps working.
    }
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
    clearTimeout(this.pongDeadline);
    this.pongDeadline = undefined;
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

  private sendOverStream(wire: string): boolean {
    if (!this.largeStream) {
      const stream = this.options.openLargeRequestStream!((text) => {
        if (this.isOpenNow) this.deliver(text);
      });
      this.largeStream = stream;
      const opened = stream.connect();
      opened.catch(() => {
        if (this.largeStream === stream) this.largeStream = undefined;
      });
      void opened.then(() => stream.sendWire(wire)).catch(() => undefined);
      return true;
    }
    return this.largeStream.sendWire(wire);
  }

  private sendStun(): void {
    const { bytes, transactionId } = stunBindingRequest();
    this.pendingStun.add(transactionId);
    this.sendDatagram(bytes);
    this.delegate.onKeepAliveSent?.(bytes.length);
  }

  private sendDatagram(bytes: string | Buffer): boolean {
    try {
      this.socket?.send(bytes);
      return true;
    } catch {
      return false; // the socket closed under us; its owner hears of it by 'error' or close()
    }
  }

  private heardFromServer(): void {
    if (!this.isOpenNow) return;
    clearTimeout(this.pongDeadline);
    this.pongDeadline = undefined;
    this.scheduleKeepAlive();
  }

  /** RFC 5626 §4.4.1: each interval is drawn between 80 % and 100 % of the configured one. */
  private scheduleKeepAlive(): void {
    clearTimeout(this.keepAliveTimer);
    const interval = this.options.keepAliveIntervalMs ?? DEFAULT_UDP_KEEP_ALIVE_INTERVAL_MS;
    this.keepAliveTimer = setTimeout(() => {
      if (this.isOpenNow && !this.pongDeadline) this.ping(this.options.pongTimeoutMs ?? DEFAULT_PONG_TIMEOUT_MS);
    }, interval * (0.8 + Math.random() * 0.2));
  }

  private ping(deadlineMs: number): void {
    this.sendStun();
    if (!this.stunAnswered) return this.scheduleKeepAlive();
    clearTimeout(this.pongDeadline);
    this.pongDeadline = setTimeout(() => this.lose('dead-peer'), deadlineMs);
  }

  private lose(reason: ClosedReason): void {
    if (this.closedReason) return;
    this.closedReason = reason;
    this.shutDown();
    this.delegate.onClosed(reason);
  }

  private shutDown(): void {
    this.isOpenNow = false;
    clearTimeout(this.keepAliveTimer);
    clearTimeout(this.pongDeadline);
    this.retransmitter.stop();
    void this.largeStream?.close();
    try {
      this.socket?.close();
    } catch {
      // already closed
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
