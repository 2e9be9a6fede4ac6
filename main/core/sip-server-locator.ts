/**
 * Finds the SIP servers of a target the RFC 3263 way: NAPTR, then SRV, then
 * A/AAAA, each step only when the user left port and transport open, and
 * lists them in the order to try (§4.3: when one fails, the next).
 *
 * @remarks
 * - an IP address, or a host with a port: no NAPTR or SRV (§4.2), the
 *   transport given or UDP (TLS for 5061); every address of the host;
 * - a transport without a port: the SRV set of that transport, else A/AAAA
 *   on the default port;
 * - neither: NAPTR (SIPS+D2T, SIP+D2T, SIP+D2U, by order and preference),
 *   each to its SRV set; without NAPTR, SRV for TLS, TCP, UDP (the first that
 *   exists); without SRV, A/AAAA on 5060 over UDP.
 * An SRV set is ordered by priority, and by weight within one priority
 * (RFC 2782's weighted draw); each SRV target contributes every address it
 * has. The DNS server is configurable (tests use one on loopback); without
 * one the system's resolver is asked, which also reads /etc/hosts.
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

interface SrvRecord {
  readonly name: string;
  readonly port: number;
  readonly priority: number;
  readonly weight: number;
}

const DEFAULT_PORT: Record<PlainSipTransport, number> = { udp: 5060, tcp: 5060, tls: 5061 };
const SRV_PREFIX: Record<PlainSipTransport, string> = { udp: '_sip._udp.', tcp: '_sip._tcp.', tls: '_sips._tcp.' };
const NAPTR_SERVICE: Record<string, PlainSipTransport> = { 'SIPS+D2T': 'tls', 'SIP+D2T': 'tcp', 'SIP+D2U': 'udp' };
const PREFERENCE: readonly PlainSipTransport[] = ['tls', 'tcp', 'udp'];
/** Enough to fail over through any real provider's set, few enough that a hostile zone cannot make us try for ever. */
const MAX_CANDIDATES = 16;

export class SipServerLocator {
  private readonly resolver: dns.Resolver | undefined;

  /** `dnsServer`: `ip` or `ip:port` of the DNS server to ask; none: the system's. */
  constructor(dnsServer?: string) {
    if (dnsServer) {
      this.resolver = new dns.Resolver({ timeout: 2_000, tries: 2 });
      this.resolver.setServers([dnsServer]);
    }
  }

  /** Every server of the target, in the order to try them; never empty (rejects with `host-unknown` instead). */
  async locate(target: SipTarget): Promise<LocatedServer[]> {
    const candidates = (await this.candidates(target)).slice(0, MAX_CANDIDATES);
    if (candidates.length === 0) throw hostUnknown(target.host, { code: 'ENOTFOUND' } as NodeJS.ErrnoException);
    return candidates;
  }

  private async candidates(target: SipTarget): Promise<LocatedServer[]> {
    const { host } = target;
    const at = async (transport: PlainSipTransport, name: string, port: number): Promise<LocatedServer[]> =>
      (await this.addressesOf(name)).map((address) => ({ transport, address: { host: address, port }, serverName: host }));
    if (isIP(host) || target.port !== undefined) {
      const transport = target.transport ?? (target.port === 5061 ? 'tls' : 'udp');
      return this.orUnknown(host, await at(transport, host, target.port ?? DEFAULT_PORT[transport]));
    }
    if (target.transport) {
      const set = await this.srvSet(SRV_PREFIX[target.transport] + host, target.transport, at);
      return set ?? this.orUnknown(host, await at(target.transport, host, DEFAULT_PORT[target.transport]));
    }
    const viaNaptr: LocatedServer[] = [];
    for (const { transport, srvName } of await this.naptr(host)) viaNaptr.push(...((await this.srvSet(srvName, transport, at)) ?? []));
    if (viaNaptr.length > 0) return viaNaptr;
    for (const transport of PREFERENCE) {
      const set = await this.srvSet(SRV_PREFIX[transport] + host, transport, at);
      if (set) return set;
    }
    return this.orUnknown(host, await at('udp', host, DEFAULT_PORT.udp));
  }

  /** The servers an SRV name lists, in the order to try; undefined when it lists none. */
  private async srvSet(name: string, transport: PlainSipTransport, at: (transport: PlainSipTransport, name: string, port: number) => Promise<LocatedServer[]>): Promise<LocatedServer[] | undefined> {
    const records = await this.quietly(() => (this.resolver ?? dns).resolveSrv(name));
    const usable = (records ?? []).filter((record) => record.name !== '.' && record.name !== '');
    if (usable.length === 0) return undefined;
    const servers: LocatedServer[] = [];
    for (const record of srvOrder(usable)) servers.push(...(await at(transport, record.name, record.port)));
    return servers;
  }

  private async naptr(host: string): Promise<{ transport: PlainSipTransport; srvName: string }[]> {
    const records = await this.quietly(() => (this.resolver ?? dns).resolveNaptr(host));
    return (records ?? [])
      .filter((record) => record.flags.toLowerCase() === 's' && NAPTR_SERVICE[record.service.toUpperCase()] && record.replacement)
      .sort((a, b) => a.order - b.order || a.preference - b.preference)
      .map((record) => ({ transport: NAPTR_SERVICE[record.service.toUpperCase()]!, srvName: record.replacement }));
  }

  /** Every address of a name (none when DNS knows none); an IP address is its own. */
  private async addressesOf(host: string): Promise<string[]> {
    if (isIP(host)) return [host];
    if (!this.resolver) {
      const found = await this.quietly(() => dns.lookup(host, { all: true }));
      return (found ?? []).map((entry) => entry.address);
    }
    const v4 = (await this.quietly(() => this.resolver!.resolve4(host))) ?? [];
    const v6 = (await this.quietly(() => this.resolver!.resolve6(host))) ?? [];
    return [...v4, ...v6];
  }

  private orUnknown(host: string, servers: LocatedServer[]): LocatedServer[] {
    if (servers.length === 0) throw hostUnknown(host, { code: 'ENOTFOUND' } as NodeJS.ErrnoException);
    return servers;
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

/**
 * RFC 2782: by priority, lowest first; within one priority a weighted draw
 * (records of weight 0 first, then a draw in [0, sum of weights]).
 */
export function srvOrder<T extends SrvRecord>(records: readonly T[], random: () => number = Math.random): T[] {
  const ordered: T[] = [];
  const priorities = [...new Set(records.map((record) => record.priority))].sort((a, b) => a - b);
  for (const priority of priorities) {
    const left = records.filter((record) => record.priority === priority).sort((a, b) => a.weight - b.weight);
    while (left.length > 0) {
      const total = left.reduce((sum, record) => sum + record.weight, 0);
      const draw = Math.floor(random() * (total + 1));
      let running = 0;
      const index = left.findIndex((record) => (running += record.weight) >= draw);
      ordered.push(...left.splice(index, 1));
    }
  }
  return ordered;
}

function hostUnknown(host: string, error: NodeJS.ErrnoException): ConnectionError {
  return new ConnectionError('unreachable', { code: 'host-unknown', params: { host } }, `The server name ${host} was not found in DNS (${error.code ?? error.message}).`);
}
