/**
 * Which source of RTP the provider leg believes and sends back to
 * (symmetric RTP), so that packets from anywhere else never reach the call.
 *
 * @remarks
 * - Before anything is latched, the first source wins: a NAT in front of the
 *   provider rewrites the address its SDP named, and symmetric RTP answers
 *   wherever the provider's packets really come from.
 * - The address and port the provider's SDP named win at once, even over a
 *   source latched before (a stray packet that raced the provider's first).
 * - Once latched, a packet from another source is ignored, unless that
 *   source sends `relatchAfterPackets` packets in a row while the latched one
 *   has been quiet for `quietMs` (the provider's NAT binding moved, or the
 *   provider handed the media to another box without a re-INVITE).
 * - A re-INVITE naming a new address starts over ({@link RtpSourceLatch.reset}).
 */

export interface RtpSource {
  readonly address: string;
  readonly port: number;
}

export interface RtpSourceLatchOptions {
  readonly relatchAfterPackets: number;
  readonly quietMs: number;
  readonly now?: () => number;
}

function isSameSource(a: RtpSource, b: RtpSource): boolean {
  return a.address === b.address && a.port === b.port;
}

export class RtpSourceLatch {
  private advertised: RtpSource | undefined;
  private latched: RtpSource | undefined;
  private lastFromLatchedAt = 0;
  private candidate: { source: RtpSource; count: number } | undefined;
  private readonly now: () => number;

  constructor(private readonly options: RtpSourceLatchOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Where the provider's SDP says it sends from; forgets what was latched. */
  reset(advertised: RtpSource): void {
    this.advertised = advertised;
    this.latched = undefined;
    this.candidate = undefined;
  }

  /** The source latched, if any. */
  get current(): RtpSource | undefined {
    return this.latched;
  }

  /** Where the provider's RTP comes from as far as is known: the latched source, else the SDP's address. */
  get expected(): RtpSource | undefined {
    return this.latched ?? this.advertised;
  }

  /** Whether a packet from `from` belongs to the call (it may latch or re-latch onto it). */
  admit(from: RtpSource): boolean {
    const now = this.now();
    if (this.latched && isSameSource(from, this.latched)) {
      this.lastFromLatchedAt = now;
      this.candidate = undefined;
      return true;
    }
    if (!this.latched || (this.advertised && isSameSource(from, this.advertised))) {
      this.latch(from, now);
      return true;
    }
    this.candidate = this.candidate && isSameSource(this.candidate.source, from) ? { source: from, count: this.candidate.count + 1 } : { source: from, count: 1 };
    if (this.candidate.count >= this.options.relatchAfterPackets && now - this.lastFromLatchedAt >= this.options.quietMs) {
      this.latch(from, now);
      return true;
    }
    return false;
  }

  private latch(source: RtpSource, now: number): void {
    this.latched = { address: source.address, port: source.port };
    this.lastFromLatchedAt = now;
    this.candidate = undefined;
  }
}
