/**
 * SIP over TCP or TLS (RFC 3261 §18) to one server, for one account.
 *
 * @remarks
 * Messages are framed by Content-Length ({@link SipStreamFramer}); a stream
 * that cannot be framed is closed, never trusted further. Liveness is the
 * RFC 5626 double-CRLF ping and its CRLF pong, on the same schedule as the
 * WebSocket connection: a server silent for the pong deadline after a ping
 * is declared dead. A server that never answers the ping ({@link answersCrlf}
 * false) is left to the agent's SIP probes.
 *
 * TLS checks the server's certificate and name against the system's CAs.
 * A certificate that fails is refused before a byte of SIP is sent, with
 * why and its SHA-256 fingerprint ({@link ConnectionError} `tls-untrusted`),
 * unless the user trusted exactly that certificate for this account
 * (`pinnedSha256`). Nothing is ever accepted silently.
 * It never reconnects by itself.
 */
import { connect as connectTcp, type Socket } from 'node:net';
import { checkServerIdentity, connect as connectTls, type TLSSocket } from 'node:tls';
import { KeepAliveWatch, type PingExpectation } from './keep-alive-watch';
import { ConnectionError } from './sip-connection';
import { SipStreamFramer } from './sip-stream-framer';
import { hostPort, SipWireAddressing, type WireAddress } from './sip-wire-addressing';
import type { ClosedReason, SipTransportConnection, SipTransportConnectionDelegate } from './sip-transport-connection';

const DEFAULT_KEEP_ALIVE_INTERVAL_MS = 25_000;
const DEFAULT_PONG_TIMEOUT_MS = 5_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 8_000;
const CRLF_PING = '\r\n\r\n';

export interface StreamConnectionOptions {
  readonly transport: 'TCP' | 'TLS';
  readonly server: WireAddress;
  /** The name the TLS certificate must carry (the SIP domain or the proxy's host name). */
  readonly serverName?: string;
  /** SHA-256 fingerprint (hex, colons optional) of a certificate the user trusted for this account. */
  readonly pinnedSha256?: string;
  readonly keepAliveIntervalMs?: number;
  readonly pongTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
}

export class StreamConnection implements SipTransportConnection {
  private socket: Socket | TLSSocket | undefined;
  private addressing: SipWireAddressing | undefined;
  private readonly framer = new SipStreamFramer();
  private isOpenNow = false;
  private readonly keepAlive: KeepAliveWatch;
  private crlfPingsUnanswered = 0;
  private crlfAnswered: boolean | undefined;
  private closedReason: ClosedReason | undefined;

  constructor(
    private readonly options: StreamConnectionOptions,
    private readonly delegate: SipTransportConnectionDelegate,
  ) {
    this.keepAlive = new KeepAliveWatch({
      intervalMs: options.keepAliveIntervalMs ?? DEFAULT_KEEP_ALIVE_INTERVAL_MS,
      pongTimeoutMs: options.pongTimeoutMs ?? DEFAULT_PONG_TIMEOUT_MS,
      hasJitter: true,
      isOpen: () => this.isOpenNow,
      ping: () => this.ping(),
      onDead: () => {
        this.closedReason = 'dead-peer';
        this.socket?.destroy();
      },
    });
  }

  get isOpen(): boolean {
    return this.isOpenNow;
  }

  get answersCrlf(): boolean | undefined {
    return this.crlfAnswered;
  }

  async connect(): Promise<void> {
    if (this.socket) throw new Error('StreamConnection.connect() called twice');
    const { server, transport } = this.options;
    const socket =
      transport === 'TLS'
        ? connectTls({ host: server.host, port: server.port, servername: serverNameOf(this.options), rejectUnauthorized: false })
        : connectTcp({ host: server.host, port: server.port });
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new ConnectionError('timed-out', { code: 'connect-timed-out' }, `Connecting to ${hostPort(server)} over ${transport} timed out.`));
      }, this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
      const fail = (error: ConnectionError): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      };
      socket.once('error', (error: NodeJS.ErrnoException) => fail(toStreamConnectionError(error, this.options)));
      socket.once(transport === 'TLS' ? 'secureConnect' : 'connect', () => {
        const refusal = transport === 'TLS' ? this.certificateRefusal(socket as TLSSocket) : undefined;
        if (refusal) return fail(refusal);
        clearTimeout(timer);
        resolve();
      });
    });
    this.addressing = new SipWireAddressing(transport, { host: socket.localAddress ?? '127.0.0.1', port: socket.localPort ?? 0 });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => (this.closedReason ??= 'error'));
    socket.on('close', () => this.onSocketClosed());
    this.isOpenNow = true;
    // One ping at once: whether the server answers CRLF is then known before it matters.
    this.keepAlive.pingNow(this.options.pongTimeoutMs ?? DEFAULT_PONG_TIMEOUT_MS);
  }

  send(message: string): boolean {
    if (!this.isOpenNow || !this.addressing) return false;
    return this.sendWire(this.addressing.toWire(message));
  }

  /** Sends a message already rewritten for the wire, with this stream's transport in its Via (a large request diverted from UDP). */
  sendWire(text: string): boolean {
    if (!this.isOpenNow || !this.socket) return false;
    this.socket.write(text.replace(/^((?:via|v)[ \t]*:[ \t]*SIP\/2\.0\/)UDP/im, `$1${this.options.transport}`));
    return true;
  }

  async close(): Promise<void> {
    const socket = this.socket;
    if (!socket || this.closedReason === 'closed-by-us') return;
    this.closedReason = 'closed-by-us';
    this.keepAlive.stop();
    if (socket.destroyed) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
      setTimeout(() => socket.destroy(), 1_000).unref();
    });
  }

  probe(deadlineMs: number): void {
    if (this.isOpenNow) this.keepAlive.pingNow(deadlineMs);
  }

  private certificateRefusal(socket: TLSSocket): ConnectionError | undefined {
    const certificate = socket.getPeerCertificate();
    const fingerprint = certificate?.fingerprint256 ?? '';
    if (this.options.pinnedSha256 && normalizeFingerprint(this.options.pinnedSha256) === normalizeFingerprint(fingerprint)) return undefined;
    const nameError = certificate?.subject ? checkServerIdentity(serverNameOf(this.options) ?? this.options.server.host, certificate) : undefined;
    const reason = socket.authorized ? (nameError ? 'ERR_TLS_CERT_ALTNAME_INVALID' : undefined) : String(socket.authorizationError ?? 'UNKNOWN');
    if (!reason) return undefined;
    return new ConnectionError(
      'tls',
      { code: 'tls-untrusted', params: { error: reason, fingerprint } },
      `The TLS certificate of ${hostPort(this.options.server)} is not trusted (${reason}); its SHA-256 fingerprint is ${fingerprint}.`,
    );
  }

  private onData(chunk: Buffer): void {
    const items = this.framer.push(chunk);
    if (items === 'broken') {
      this.closedReason = 'error';
      this.socket?.destroy();
      return;
    }
    // Only a whole message or pong is life: bytes swallowed by a lying Content-Length are not.
    if (items.length > 0) this.keepAlive.heard();
    for (const item of items) {
      if (item.kind === 'pong') {
        this.crlfAnswered = true;
        this.crlfPingsUnanswered = 0;
        continue;
      }
      try {
        this.delegate.onMessage(this.addressing!.fromWire(item.text!).text);
      } catch {
        // Nothing from the wire may throw past the socket.
      }
    }
  }

  private onSocketClosed(): void {
    const wasOpen = this.isOpenNow;
    this.isOpenNow = false;
    this.keepAlive.stop();
    if (wasOpen) this.delegate.onClosed(this.closedReason ?? 'closed-by-server');
  }

  /** The double-CRLF ping; its pong is expected once the server has answered one, never after it ignored three. */
  private ping(): PingExpectation {
    this.socket?.write(CRLF_PING);
    this.delegate.onKeepAliveSent?.(CRLF_PING.length);
    if (this.crlfAnswered === false) return 'none';
    this.crlfPingsUnanswered += 1;
    if (this.crlfPingsUnanswered > 2 && this.crlfAnswered === undefined) {
      this.crlfAnswered = false;
      return 'none';
    }
    return this.crlfAnswered ? 'answer' : 'maybe';
  }
}

/** SNI and the certificate check use a name, never an IP address (RFC 6066 §3). */
function serverNameOf(options: StreamConnectionOptions): string | undefined {
  const name = options.serverName ?? options.server.host;
  return /^[\d.]+$|:/.test(name) ? undefined : name;
}

export function normalizeFingerprint(text: string): string {
  return text.replace(/[^0-9a-f]/gi, '').toUpperCase();
}

function toStreamConnectionError(error: NodeJS.ErrnoException, options: StreamConnectionOptions): ConnectionError {
  const code = error.code ?? error.message;
  if (options.transport === 'TLS' && (code.startsWith('ERR_SSL') || code === 'EPROTO' || code === 'ECONNRESET')) {
    return new ConnectionError('tls', { code: 'tls-failed', params: { error: code } }, `The TLS handshake with ${hostPort(options.server)} failed (${code}).`);
  }
  if (code === 'ECONNREFUSED') {
    return new ConnectionError('unreachable', { code: 'port-refused', params: { server: hostPort(options.server), transport: options.transport } }, `Nothing answers at ${hostPort(options.server)} over ${options.transport} (ECONNREFUSED).`);
  }
  return new ConnectionError('unreachable', { code: 'cannot-reach', params: { error: code } }, `Cannot reach the SIP server at ${hostPort(options.server)} over ${options.transport} (${code}).`);
}
