/**
 * The account's connection to its SIP server, as the account agent sees it:
 * whatever carries SIP messages (a WebSocket, or UDP, TCP or TLS).
 *
 * @remarks
 * The agent never constructs a connection itself; it asks the
 * {@link SipTransportConnectionFactory} it was given, so another transport
 * is a new factory, not a change to the agent. A connection never
 * reconnects by itself: the agent owns the one retry loop.
 */
import { AvoidedServers, PlainSipConnection, type PlainSipSettings } from './plain-sip-connection';
import { SipConnection, type ClosedReason } from './sip-connection';
import type { WireAddress } from './sip-wire-addressing';
import type { DroppedStrangersReport } from './udp-provider-sources';

export type { ClosedReason } from './sip-connection';
export { ConnectionError, DEFAULT_KEEP_ALIVE_INTERVAL_MS } from './sip-connection';

export interface SipTransportConnectionDelegate {
  /** One complete SIP message from the server (keep-alive answers are not messages). */
  onMessage(text: string): void;
  /** The connection is gone after it was open; not called when {@link SipTransportConnection.connect} rejected. */
  /** `closeCode`: the transport's own close code (a WebSocket's), when it gave one. */
  onClosed(reason: ClosedReason, closeCode?: number): void;
  /** Bytes of keep-alive traffic sent, for the benchmark. */
  onKeepAliveSent?(bytes: number): void;
  /** Our address as the server sees it changed (a NAT rebinding): the Contact changed, register it at once. */
  onAddressChanged?(): void;
  /** Datagrams from strangers (not the provider's, not naming our Contact) were dropped: at most one report a minute. */
  onStrangersDropped?(report: DroppedStrangersReport): void;
}

export interface SipTransportConnectionOptions {
  /** A WebSocket URL, or `sip:host[:port][;transport=udp|tcp|tls]` for a plain SIP transport. */
  readonly url: string;
  readonly keepAliveIntervalMs?: number;
  readonly pongTimeoutMs?: number;
  /** SHA-256 fingerprint of a TLS certificate the user trusted for this account. */
  readonly pinnedCertificateSha256?: string;
}

export interface SipTransportConnection {
  /** Opens the connection; rejects with a `ConnectionError` saying why it could not (its `detail` for the user). */
  connect(): Promise<void>;
  /** Sends one SIP message; false when the connection is not open. */
  send(message: string): boolean;
  close(): Promise<void>;
  readonly isOpen: boolean;
  /** Checks liveness now with a short deadline (after a resume or a network change). */
  probe(deadlineMs: number): void;
  /** Whether the server answers RFC 5626 CRLF keep-alives; undefined until known. */
  readonly answersCrlf: boolean | undefined;
  /** True over UDP: no connection closes when the server restarts, so only probes tell. */
  readonly isConnectionless?: boolean;
  /** Our address as the server sees it (rport `received`, a STUN mapping), where the transport learns it. */
  readonly publicAddress?: WireAddress | undefined;
  /**
   * The server this connection reached failed at the SIP level (503, or no
   * answer in time): the next connection to the same target tries the
   * provider's other servers first (RFC 3263 §4.3). True when there is
   * another to try; absent or false when the provider has one server.
   */
  avoidCurrentServer?(): boolean;
}

export type SipTransportConnectionFactory = (options: SipTransportConnectionOptions, delegate: SipTransportConnectionDelegate) => SipTransportConnection;

/** SIP over WebSocket (RFC 7118) only. */
export const webSocketConnectionFactory: SipTransportConnectionFactory = (options, delegate) => new SipConnection(options, delegate);

/** Every transport, chosen by the URL: ws:// and wss:// over WebSocket, `sip:` over UDP, TCP or TLS. */
export function sipConnectionFactory(settings: PlainSipSettings = {}): SipTransportConnectionFactory {
  const avoided = new AvoidedServers();
  return (options, delegate) => (/^wss?:/i.test(options.url) ? new SipConnection(options, delegate) : new PlainSipConnection(options, delegate, settings, avoided));
}

/** Whether a connection URL needs the media gateway (its provider speaks plain RTP, not WebRTC). */
export function isPlainSipUrl(url: string): boolean {
  return /^sip:/i.test(url);
}
