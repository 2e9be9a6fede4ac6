/**
 * The account's connection to its SIP server, as the account agent sees it:
 * whatever carries SIP messages (today a WebSocket, later UDP, TCP or TLS).
 *
 * @remarks
 * The agent never constructs a connection itself; it asks the
 * {@link SipTransportConnectionFactory} it was given, so another transport
 * is a new factory, not a change to the agent. A connection never
 * reconnects by itself: the agent owns the one retry loop.
 */
import { SipConnection, type ClosedReason } from './sip-connection';

export type { ClosedReason } from './sip-connection';
export { ConnectionError, DEFAULT_KEEP_ALIVE_INTERVAL_MS } from './sip-connection';

export interface SipTransportConnectionDelegate {
  /** One complete SIP message from the server (keep-alive answers are not messages). */
  onMessage(text: string): void;
  /** The connection is gone after it was open; not called when {@link SipTransportConnection.connect} rejected. */
  onClosed(reason: ClosedReason): void;
  /** Bytes of keep-alive traffic sent, for the benchmark. */
  onKeepAliveSent?(bytes: number): void;
}

export interface SipTransportConnectionOptions {
  readonly url: string;
  readonly keepAliveIntervalMs?: number;
  readonly pongTimeoutMs?: number;
}

export interface SipTransportConnection {
  /** Opens the connection; rejects with a `ConnectionError` saying why it could not. */
  connect(): Promise<void>;
  /** Sends one SIP message; false when the connection is not open. */
  send(message: string): boolean;
  close(): Promise<void>;
  readonly isOpen: boolean;
  /** Checks liveness now with a short deadline (after a resume or a network change). */
  probe(deadlineMs: number): void;
  /** Whether the server answers RFC 5626 CRLF keep-alives; undefined until known. */
  readonly answersCrlf: boolean | undefined;
}

export type SipTransportConnectionFactory = (options: SipTransportConnectionOptions, delegate: SipTransportConnectionDelegate) => SipTransportConnection;

/** SIP over WebSocket (RFC 7118), the transport every account uses today. */
export const webSocketConnectionFactory: SipTransportConnectionFactory = (options, delegate) => new SipConnection(options, delegate);
