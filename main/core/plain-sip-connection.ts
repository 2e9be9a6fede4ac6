/**
 * SIP over UDP, TCP or TLS to a target named by `sip:host[:port][;transport=x]`:
 * located (RFC 3263) when it connects, then carried by a {@link UdpConnection}
 * or a {@link StreamConnection}.
 *
 * @remarks
 * Every connect() locates anew, so a provider that moves its SRV records is
 * followed at the next reconnect.
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

export class PlainSipConnection implements SipTransportConnection {
  private inner: SipTransportConnection | undefined;
  private located: LocatedServer | undefined;

  constructor(
    private readonly options: SipTransportConnectionOptions,
    private readonly delegate: SipTransportConnectionDelegate,
    private readonly settings: PlainSipSettings = {},
  ) {}

  get isOpen(): boolean {
    return this.inner?.isOpen ?? false;
  }

  get answersCrlf(): boolean | undefined {
    return this.inner?.answersCrlf;
  }

  /** Where the target was found, once connect() got that far. */
  get server(): LocatedServer | undefined {
    return this.located;
  }

  async connect(): Promise<void> {
    if (this.inner) throw new Error('PlainSipConnection.connect() called twice');
    const target = parsePlainTargetUrl(this.options.url);
    if (!target) throw new ConnectionError('unreachable', { code: 'cannot-reach', params: { error: 'EINVAL' } }, `"${this.options.url}" names no SIP server.`);
    const located = await new SipServerLocator(this.settings.dnsServer).locate(target);
    this.located = located;
    const { keepAliveIntervalMs, pongTimeoutMs } = this.options;
    const common = { server: located.address, keepAliveIntervalMs, pongTimeoutMs };
    const streamTo = (transport: 'TCP' | 'TLS', delegate: SipTransportConnectionDelegate): StreamConnection =>
      new StreamConnection({ ...common, transport, serverName: located.serverName, pinnedSha256: this.options.pinnedCertificateSha256 }, delegate);
    this.inner =
      located.transport === 'udp'
        ? new UdpConnection(
            {
              ...common,
              timings: this.settings.timings,
              openLargeRequestStream: (onMessage) => streamTo('TCP', { onMessage, onClosed: () => {} }),
            },
            this.delegate,
          )
        : streamTo(located.transport === 'tls' ? 'TLS' : 'TCP', this.delegate);
    await this.inner.connect();
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
}
