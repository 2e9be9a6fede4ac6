/**
 * Finds the SIP server of a target the RFC 3263 way: NAPTR, then SRV, then
 * A/AAAA, each step only when the user left port and transport open.
 *
 * @remarks
 * - an IP address, or a host with a port: no NAPTR or SRV (§4.2), the
 *   transport given or UDP (TLS for 5061);
 * - a transport without a port: the SRV of that transport, else A/AAAA on
 *   the default port;
 * - neither: NAPTR (SIPS+D2T, SIP+D2T, SIP+D2U, by order and preference) to
 *   an SRV name; without NAPTR, SRV for TLS, TCP, UDP (the first that
 *   exists); without SRV, A/AAAA on 5060 over UDP.
 * The DNS server is configurable (tests use one on loopback); without one
 * the system's resolver is asked, which also reads /etc/hosts.
 */
import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import type { PlainSipTransport, SipTarget } from '../../app/sip-target';
import { ConnectionError } from './sip-connection';
import type { WireAddress } from './sip-wire-addressing';

export interface LocatedServer {
  readonly transport: PlainSipTransport;
  readonly address: WireAddress;
  /** The name a TLS certificate must carry: the target's host (RFC 5922), not the SRV target. */
  readonly serverName: string;
}

const DEFAULT_PORT: Record<PlainSipTransport, number> = { udp: 5060, tcp: 5060, tls: 5061 };
const SRV_PREFIX: Record<PlainSipTransport, string> = { udp: '_sip._udp.', tcp: '_sip._tcp.', tls: '_sips._tcp.' };
const NAPTR_SERVICE: Record<string, PlainSipTransport> = { 'SIPS+D2T': 'tls', 'SIP+D2T': 'tcp', 'SIP+D2U': 'udp' };
const PREFERENCE: readonly PlainSipTransport[] = ['tls', 'tcp', 'udp'];

export class SipServerLocator {
  private readonly resolver: dns.Resolver | undefined;

  /** `dnsServer`: `ip` or `ip:port` of the DNS server to ask; none: the system's. */
  constructor(dnsServer?: string) {
    if (dnsServer) {
      this.resolver = new dns.Resolver({ timeout: 2_000, tries: 2 });
      this.resolver.setServers([dnsServer]);
    }
  }

  async locate(target: SipTarget): Promise<LocatedServer> {
    const { host } = target;
    if (isIP(host) || target.port !== undefined) {
      const transport = target.transport ?? (target.port === 5061 ? 'tls' : 'udp');
      return { transport, address: { host: await this.addressOf(host), port: target.port ?? DEFAULT_PORT[transport] }, serverName: host };
    }
    if (target.transport) {
      const srv = await this.srv(SRV_PREFIX[target.transport] + host);
      if (srv) return { transport: target.transport, address: { host: await this.addressOf(srv.name), port: srv.port }, serverName: host };
      return { transport: target.transport, address: { host: await this.addressOf(host), port: DEFAULT_PORT[target.transport] }, serverName: host };
    }
    for (const { transport, srvName } of await this.naptr(host)) {
      const srv = await this.srv(srvName);
      if (srv) return { transport, address: { host: await this.addressOf(srv.name), port: srv.port }, serverName: host };
    }
    for (const transport of PREFERENCE) {
      const srv = await this.srv(SRV_PREFIX[transport] + host);
      if (srv) return { transport, address: { host: await this.addressOf(srv.name), port: srv.port }, serverName: host };
    }
    return { transport: 'udp', address: { host: await this.addressOf(host), port: DEFAULT_PORT.udp }, serverName: host };
  }

  private async naptr(host: string): Promise<{ transport: PlainSipTransport; srvName: string }[]> {
    const records = await this.quietly(() => (this.resolver ?? dns).resolveNaptr(host));
    return (records ?? [])
      .filter((record) => record.flags.toLowerCase() === 's' && NAPTR_SERVICE[record.service.toUpperCase()] && record.replacement)
      .sort((a, b) => a.order - b.order || a.preference - b.preference)
      .map((record) => ({ transport: NAPTR_SERVICE[record.service.toUpperCase()]!, srvName: record.replacement }));
  }

  private async srv(name: string): Promise<{ name: string; port: number } | undefined> {
    const records = await this.quietly(() => (this.resolver ?? dns).resolveSrv(name));
    const best = (records ?? []).filter((record) => record.name !== '.' && record.name !== '').sort((a, b) => a.priority - b.priority || b.weight - a.weight)[0];
    return best ? { name: best.name, port: best.port } : undefined;
  }

  private async addressOf(host: string): Promise<string> {
    if (isIP(host)) return host;
    if (!this.resolver) {
      try {
        return (await dns.lookup(host)).address;
      } catch (error) {
        throw hostUnknown(host, error as NodeJS.ErrnoException);
      }
    }
    const v4 = await this.quietly(() => this.resolver!.resolve4(host));
    if (v4?.[0]) return v4[0];
    const v6 = await this.quietly(() => this.resolver!.resolve6(host));
    if (v6?.[0]) return v6[0];
    throw hostUnknown(host, { code: 'ENOTFOUND' } as NodeJS.ErrnoException);
  }

  /** A name without such records is an answer, not a failure. */
  private async quietly<T>(query: () => Promise<T>): Promise<T | undefined> {
    try {
      return await query();
    } catch {
      return undefined;
    }
  }
}

function hostUnknown(host: string, error: NodeJS.ErrnoException): ConnectionError {
  return new ConnectionError('unreachable', { code: 'host-unknown', params: { host } }, `The server name ${host} was not found in DNS (${error.code ?? error.message}).`);
}
