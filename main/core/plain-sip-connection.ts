/**
 * SIP over UDP, TCP or TLS to a target named by `sip:host[:port][;transport=x]`:
 * located (RFC 3263) when it connects, then carried by a {@link UdpConnection}
 * or a {@link StreamConnection}.
 *
 * @remarks
 * Every connect() locates anew, so a provider that moves its SRV records is
 * followed at the next reconnect. The located servers are tried in order
 * (RFC 3263 §4.3): one that refuses, cannot be reached or times out passes
 * to the next; when all fail, connect() rejects with the first one's reason
 * (the server the provider prefers). A server that failed at the SIP level
 * ({@link avoidCurrentServer}: a 503, no answer) is tried last for a while
 * by the next connections of the same factory. Over UDP every located
 * address may send us requests (another proxy of the same SRV set).
 */
import { parsePlainTargetUrl } from '../../app/sip-target';
import { ConnectionError } from './sip-connection';
import { SipServerLocator, type LocatedServer } from './sip-server-locator';
import type { SipTransportConnection, SipTransportConnectionDelegate, SipTransportConnectionOptions } from './sip-transport-connection';
import { StreamConnection } from './stream-connection';
import { UdpConnection } from './udp-connection';
import type { RetransmitterTimings } from './udp-retransmitter';

export interface PlainSipSettings {
  /** DNS server (`ip` or `ip:port`) for RFC 3263 lookups; none: the system's resolver. */
  readonly dnsServer?: string;
  /** T1/T2 for UDP retransmission (tests compress them). */
  readonly timings?: RetransmitterTimings;
}

/** How long a server that failed at the SIP level is tried last. */
const AVOID_FOR_MS = 5 * 60_000;

/** Servers that failed at the SIP level, per target URL, until when: shared by the connections of one factory. */
export class AvoidedServers {
  private readonly until = new Map<string, number>();

  avoid(url: string, server: LocatedServer): void {
    this.until.set(keyOf(url, server), Date.now() + AVOID_FOR_MS);
    for (const [key, until] of this.until) if (until <= Date.now()) this.until.delete(key);
  }

  /** The servers in the order to try: those not avoided first, each group in its own order. */
  order(url: string, servers: readonly LocatedServer[]): LocatedServer[] {
    const isAvoided = (server: LocatedServer): boolean => (this.until.get(keyOf(url, server)) ?? 0) > Date.now();
    return [...servers.filter((server) => !isAvoided(server)), ...servers.filter(isAvoided)];
  }
}

function keyOf(url: string, server: LocatedServer): string {
  return `${url} ${server.transport} ${server.address.host} ${server.address.port}`;
}

export class PlainSipConnection implements SipTransportConnection {
  private inner: SipTransportConnection | undefined;
  private located: LocatedServer | undefined;
  private candidateCount = 0;
  private isConnecting = false;

  constructor(
    private readonly options: SipTransportConnectionOptions,
    private readonly delegate: SipTransportConnectionDelegate,
    private readonly settings: PlainSipSettings = {},
    private readonly avoided: AvoidedServers = new AvoidedServers(),
  ) {}

  get isOpen(): boolean {
    return this.inner?.isOpen ?? false;
  }

  get answersCrlf(): boolean | undefined {
    return this.inner?.answersCrlf;
  }

  /** The server connected to, once connect() got that far. */
  get server(): LocatedServer | undefined {
    return this.located;
  }

  async connect(): Promise<void> {
    if (this.inner || this.isConnecting) throw new Error('PlainSipConnection.connect() called twice');
    this.isConnecting = true;
    const target = parsePlainTargetUrl(this.options.url);
    if (!target) throw new ConnectionError('unreachable', { code: 'cannot-reach', params: { error: 'EINVAL' } }, `"${this.options.url}" names no SIP server.`);
    const candidates = this.avoided.order(this.options.url, await new SipServerLocator(this.settings.dnsServer).locate(target));
    this.candidateCount = candidates.length;
    const providerAddresses = [...new Set(candidates.map((candidate) => candidate.address.host))];
    let firstFailure: ConnectionError | undefined;
    for (const candidate of candidates) {
      const connection = this.connectionTo(candidate, providerAddresses);
      try {
        await connection.connect();
      } catch (error) {
        if (!(error instanceof ConnectionError) || !isWorthTheNext(error)) throw error;
        firstFailure ??= error;
        continue;
      }
      this.located = candidate;
      this.inner = connection;
      return;
    }
    throw firstFailure!;
  }

  send(message: string): boolean {
    return this.inner?.send(message) ?? false;
  }

  async close(): Promise<void> {
    await this.inner?.close();
  }

  probe(deadlineMs: number): void {
    this.inner?.probe(deadlineMs);
  }

  avoidCurrentServer(): boolean {
    if (!this.located) return false;
    this.avoided.avoid(this.options.url, this.located);
    return this.candidateCount > 1;
  }

  private connectionTo(located: LocatedServer, providerAddresses: readonly string[]): SipTransportConnection {
    const { keepAliveIntervalMs, pongTimeoutMs } = this.options;
    const common = { server: located.address, keepAliveIntervalMs, pongTimeoutMs };
    const streamTo = (transport: 'TCP' | 'TLS', delegate: SipTransportConnectionDelegate): StreamConnection =>
      new StreamConnection({ ...common, transport, serverName: located.serverName, pinnedSha256: this.options.pinnedCertificateSha256 }, delegate);
    if (located.transport !== 'udp') return streamTo(located.transport === 'tls' ? 'TLS' : 'TCP', this.delegate);
    return new UdpConnection(
      {
        ...common,
        providerAddresses,
        timings: this.settings.timings,
        openLargeRequestStream: ({ onMessage, onClosed }) => streamTo('TCP', { onMessage, onClosed }),
      },
      this.delegate,
    );
  }
}

/** A server that cannot be reached or does not answer: another of the provider's may. A certificate refused is the user's to judge. */
function isWorthTheNext(error: ConnectionError): boolean {
  return error.kind === 'unreachable' || error.kind === 'timed-out';
}
