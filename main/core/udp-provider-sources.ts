/**
 * Which datagrams a UDP connection takes, and where its responses go.
 *
 * @remarks
 * A provider may send requests from any of its servers, not only the one we
 * registered through, and from addresses DNS never named (proxies of other
 * ranges). So a request is taken from the provider's listed addresses (its
 * SRV set), and from any address when its Request-URI names one of our
 * Contacts by its unguessable user part (contact-token.ts); everything else
 * is dropped (a SIP scanner gets nothing) and counted for one log line a
 * minute ({@link DroppedStrangers}). Responses to our requests come from the
 * server only. A response goes back to where its request came from
 * (RFC 3261 §18.2.2, RFC 3581), remembered by the request's top Via branch.
 */
import type { WireAddress } from './sip-wire-addressing';

/** Sources of requests from the provider's other addresses, remembered to answer them: more than one account has in flight. */
const REMEMBERED_SOURCES = 256;
const BRANCH = /^(?:via|v)[ \t]*:[^\r\n]*?;[ \t]*branch=([^;,\s]+)/im;

export class UdpProviderSources {
  private readonly hosts: ReadonlySet<string>;
  /** Branch of a request from another provider address → where it came from. */
  private readonly requestSources = new Map<string, WireAddress>();

  constructor(
    private readonly server: WireAddress,
    otherAddresses: readonly string[] = [],
  ) {
    this.hosts = new Set([server.host, ...otherAddresses]);
  }

  /** Whether a datagram from `from` is the provider's at all. */
  isProvider(from: WireAddress): boolean {
    return this.hosts.has(from.host);
  }

  /** Whether a datagram from `from` is the server's (its answers prove it lives). */
  isServer(from: WireAddress): boolean {
    return from.host === this.server.host && from.port === this.server.port;
  }

  /**
   * Takes a SIP message from another address than the server's: true for a
   * request (its source remembered for the answer), false for anything else
   * (answers to our requests come from the server only). The caller has
   * checked the address is the provider's or the request names our Contact.
   */
  takeFromOther(text: string, from: WireAddress): boolean {
    if (text.startsWith('SIP/2.0 ')) return false;
    const branch = BRANCH.exec(text)?.[1];
    if (!branch) return false;
    this.requestSources.delete(branch);
    this.requestSources.set(branch, { host: from.host, port: from.port });
    if (this.requestSources.size > REMEMBERED_SOURCES) this.requestSources.delete(this.requestSources.keys().next().value!);
    return true;
  }

  /** Where a datagram goes: a response to where its request came from, anything else to the server. */
  destinationOf(bytes: string | Buffer): WireAddress {
    if (typeof bytes !== 'string' || !bytes.startsWith('SIP/2.0 ')) return this.server;
    const branch = BRANCH.exec(bytes)?.[1];
    return (branch && this.requestSources.get(branch)) || this.server;
  }
}

/** How often at most the dropped strangers are reported. */
const DROP_REPORT_INTERVAL_MS = 60_000;

/** What was dropped since the last report: how many datagrams, and where the last came from. */
export interface DroppedStrangersReport {
  readonly count: number;
  readonly lastFrom: WireAddress;
}

/** Counts datagrams dropped from strangers and reports them at most once a {@link DROP_REPORT_INTERVAL_MS}, so a scanner's flood costs one log line a minute. */
export class DroppedStrangers {
  private count = 0;
  private lastReportAt = -Infinity;

  constructor(
    private readonly report: (report: DroppedStrangersReport) => void,
    private readonly now: () => number = Date.now,
  ) {}

  dropped(from: WireAddress): void {
    this.count += 1;
    if (this.now() - this.lastReportAt < DROP_REPORT_INTERVAL_MS) return;
    this.lastReportAt = this.now();
    const count = this.count;
    this.count = 0;
    this.report({ count, lastFrom: { host: from.host, port: from.port } });
  }
}
