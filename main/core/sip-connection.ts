/**
 * One SIP-over-WebSocket connection (RFC 7118) for one account.
 *
 * @remarks
 * It never reconnects by itself: the account's supervisor owns the single
 * retry loop. It does own liveness. Every `keepAliveIntervalMs` without
 * traffic from the server it sends a WebSocket ping and an RFC 5626
 * double-CRLF ping (which keeps NAT and firewall bindings warm on the SIP
 * layer too); any frame from the server (pong, CRLF pong, SIP message)
 * counts as life. A server silent for `pongTimeoutMs` after a ping is
 * declared dead and the socket terminated: a frozen server or a NAT that
 * dropped the mapping is noticed within interval + deadline (the rule every
 * transport shares, {@link KeepAliveWatch}).
 *
 * A server that never answers the CRLF ping (RFC 7118 does not require it)
 * is remembered as such ({@link answersCrlf} false) and gets only WebSocket
 * pings; the account agent then relies on SIP OPTIONS for SIP-level
 * liveness.
 */
import WebSocket from 'ws';
import { DEFAULT_KEEP_ALIVE_INTERVAL_SEC } from '../../app/account';
import type { StatusDetail } from '../../app/status-detail';
import { KeepAliveWatch, type PingExpectation } from './keep-alive-watch';

export type ConnectionFailureKind = 'unreachable' | 'tls' | 'timed-out' | 'rejected';

/** Why a connection could not be made: `message` in English for logs, `detail` for the user. */
export class ConnectionError extends Error {
  constructor(
    readonly kind: ConnectionFailureKind,
    readonly detail: StatusDetail,
    message: string,
  ) {
    super(message);
    this.name = 'ConnectionError';
  }
}

export type ClosedReason = 'closed-by-us' | 'closed-by-server' | 'dead-peer' | 'error';

export interface SipConnectionDelegate {
  onMessage(message: string): void;
  /** `closeCode`: the WebSocket close code, when the socket closed with one. */
  onClosed(reason: ClosedReason, closeCode?: number): void;
  /** Bytes of keep-alive traffic sent (pings and CRLFs), for the benchmark. */
  onKeepAliveSent?(bytes: number): void;
}

export interface SipConnectionOptions {
  readonly url: string;
  readonly keepAliveIntervalMs?: number;
  readonly pongTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
}

export const DEFAULT_KEEP_ALIVE_INTERVAL_MS = DEFAULT_KEEP_ALIVE_INTERVAL_SEC * 1000;
export const DEFAULT_PONG_TIMEOUT_MS = 5_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 8_000;
/** The resolver's ways of saying a name does not exist. */
const HOST_UNKNOWN_CODES = new Set(['ENOTFOUND', 'EAI_NONAME']);
const TLS_ERROR_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
]);

export class SipConnection {
  private socket: WebSocket | undefined;
  private readonly keepAlive: KeepAliveWatch;
  private closedReason: ClosedReason | undefined;
  private crlfPingsUnanswered = 0;
  private crlfAnswered: boolean | undefined;

  constructor(
    private readonly options: SipConnectionOptions,
    private readonly delegate: SipConnectionDelegate,
  ) {
    this.keepAlive = new KeepAliveWatch({
      intervalMs: options.keepAliveIntervalMs ?? DEFAULT_KEEP_ALIVE_INTERVAL_MS,
      pongTimeoutMs: options.pongTimeoutMs ?? DEFAULT_PONG_TIMEOUT_MS,
      hasJitter: false,
      isOpen: () => this.isOpen,
      ping: () => this.ping(),
      onDead: () => this.declareDead(),
    });
  }

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Opens the socket; rejects with a {@link ConnectionError} saying why it could not. */
  connect(): Promise<void> {
    if (this.socket) throw new Error('SipConnection.connect() called twice');
    const socket = new WebSocket(this.options.url, 'sip', {
      handshakeTimeout: this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    });
    this.socket = socket;
    return new Promise((resolve, reject) => {
      let isSettled = false;
      let wasOpened = false;
      socket.on('open', () => {
        isSettled = true;
        wasOpened = true;
        this.keepAlive.schedule();
        resolve();
      });
      socket.on('unexpected-response', (_request, response) => {
        isSettled = true;
        socket.terminate();
        const httpStatus = response.statusCode ?? 0;
        reject(new ConnectionError('rejected', { code: 'upgrade-refused', params: { httpStatus } }, `The server refused the WebSocket upgrade (HTTP ${httpStatus}).`));
      });
      socket.on('error', (error: NodeJS.ErrnoException) => {
        if (isSettled) {
          this.closedReason ??= 'error';
          return;
        }
        isSettled = true;
        reject(toConnectionError(error, this.options.url));
      });
      socket.on('message', (data, isBinary) => {
        this.keepAlive.heard();
        if (isBinary) return;
        this.onText(data.toString());
      });
      socket.on('pong', () => this.keepAlive.heard());
      socket.on('close', (closeCode) => {
        this.keepAlive.stop();
        if (!isSettled) {
          isSettled = true;
          reject(new ConnectionError('unreachable', { code: 'handshake-closed' }, 'The server closed the connection during the handshake.'));
          return;
        }
        // A socket that never opened was already reported by connect()'s rejection.
        // 1005/1006 are no codes at all: "none given" and "no close frame".
        if (wasOpened) this.delegate.onClosed(this.closedReason ?? 'closed-by-server', closeCode === 1005 || closeCode === 1006 ? undefined : closeCode);
      });
    });
  }

  /** Sends one SIP message; false when the socket is not open. */
  send(message: string): boolean {
    if (!this.isOpen) return false;
    this.socket?.send(message);
    return true;
  }

  /** Closes gracefully, and forcibly if the server does not finish the close handshake quickly. */
  close(): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    this.closedReason = 'closed-by-us';
    this.keepAlive.stop();
    return new Promise((resolve) => {
      const force = setTimeout(() => socket.terminate(), 1_000);
      socket.once('close', () => {
        clearTimeout(force);
        resolve();
      });
      if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
      else socket.close(1000);
    });
  }

  /** Whether the server answers RFC 5626 CRLF pings; undefined until we know. */
  get answersCrlf(): boolean | undefined {
    return this.crlfAnswered;
  }

  /**
   * Pings now with a short deadline: used after a resume or a network change,
   * when the connection may be dead without the socket knowing yet.
   */
  probe(deadlineMs: number): void {
    if (!this.isOpen) return;
    this.keepAlive.pingNow(deadlineMs);
  }

  private onText(text: string): void {
    // RFC 5626 keep-alive answers ("\r\n") carry no SIP message.
    if (text.trim() === '') {
      this.crlfAnswered = true;
      this.crlfPingsUnanswered = 0;
      return;
    }
    this.delegate.onMessage(text);
  }

  /** A WebSocket ping is always answered; the CRLF ping only keeps NAT bindings warm on the SIP layer too. */
  private ping(): PingExpectation {
    this.socket?.ping();
    let bytes = 6; // a masked, empty ping frame
    if (this.crlfAnswered !== false) {
      this.socket?.send('\r\n\r\n');
      bytes += 10;
      this.crlfPingsUnanswered += 1;
      if (this.crlfPingsUnanswered > 2 && this.crlfAnswered === undefined) this.crlfAnswered = false;
    }
    this.delegate.onKeepAliveSent?.(bytes);
    return 'answer';
  }

  private declareDead(): void {
    this.closedReason = 'dead-peer';
    // terminate(): a dead peer will never complete a close handshake.
    this.socket?.terminate();
  }
}

/** Reasons in the words every transport uses: an unknown name `host-unknown`, a refused port `port-refused`, any other system error `cannot-reach`. */
function toConnectionError(error: NodeJS.ErrnoException, url: string): ConnectionError {
  if (error.code && TLS_ERROR_CODES.has(error.code)) {
    return new ConnectionError('tls', { code: 'tls-failed', params: { error: error.code } }, `TLS error: ${error.message}`);
  }
  if (/timed? ?out/i.test(error.message)) return new ConnectionError('timed-out', { code: 'connect-timed-out' }, 'Connecting to the server timed out.');
  const code = error.code ?? error.message;
  const server = serverOf(url);
  if (server && HOST_UNKNOWN_CODES.has(code)) {
    return new ConnectionError('unreachable', { code: 'host-unknown', params: { host: server.hostname } }, `The server name ${server.hostname} was not found in DNS (${code}).`);
  }
  if (server && code === 'ECONNREFUSED') {
    return new ConnectionError('unreachable', { code: 'port-refused', params: { server: server.host, transport: 'WebSocket' } }, `Nothing answers at ${server.host} over WebSocket (ECONNREFUSED).`);
  }
  return new ConnectionError('unreachable', { code: 'cannot-reach', params: { error: code } }, `Cannot reach the server (${code}).`);
}

/** `hostname` and `host:port` (the scheme's default port made explicit) of a WebSocket URL. */
function serverOf(url: string): { hostname: string; host: string } | undefined {
  try {
    const parsed = new URL(url);
    const port = parsed.port || (parsed.protocol === 'wss:' ? '443' : '80');
    const hostname = parsed.hostname.replace(/^\[|\]$/g, '');
    return { hostname, host: `${parsed.hostname}:${port}` };
  } catch {
    return undefined;
  }
}
