/**
 * RFC 3261 §17 retransmission over UDP, below sip.js.
 *
 * @remarks
 * sip.js 0.21 assumes a reliable transport: Timers A, E and G are TODOs in
 * its transactions and D, I, J, K are zero, so one lost datagram means
 * silence and then its own 408 after 64·T1. This layer sees every message
 * both agents send and every one that arrives, keyed by top Via branch and
 * CSeq method, and:
 * - client side: resends a request (not ACK) after T1, doubling (INVITE:
 *   Timer A, until any response; others: Timer E, capped at T2, until a
 *   final response), and gives up at 64·T1 (sip.js's own Timers B and F then
 *   report the timeout); a final response that arrives again is absorbed
 *   (for a non-2xx to INVITE, our ACK is sent again; a repeated 2xx goes up,
 *   because sip.js itself answers it with the ACK again);
 * - server side: a request that arrives again is absorbed and our last
 *   response to it sent again; a non-2xx final response to INVITE is resent
 *   (Timer G, T1 doubling to T2) until its ACK arrives, which is absorbed.
 *   sip.js retransmits a 2xx to INVITE itself (RFC 6026) until its ACK.
 * An entry lives until 64·T1 after its transaction's final response (Timers
 * D and M: a final response may be retransmitted that long), not after the
 * send: an INVITE may ring for minutes, and its final response must still
 * be recognised, and a failure ACKed again, when it comes again. Without any
 * response an entry lives 64·T1 (Timers B and F); a transaction that is still
 * proceeding lives {@link PROCEEDING_LIFETIME_MS} at most. Memory is bounded
 * by those lifetimes and by a hard cap on entries.
 */
import { summarizeSipMessage } from './sip-message';

export const T1_MS = 500;
export const T2_MS = 4_000;
/** Longer than a proxy lets an INVITE ring (Timer C, over 3 minutes) before it answers 408 itself. */
export const PROCEEDING_LIFETIME_MS = 10 * 60_000;
/** A hard cap, far above what one account has in flight, so a flood cannot grow memory. */
const MAX_ENTRIES = 2_048;

export interface RetransmitterTimings {
  readonly t1Ms?: number;
  readonly t2Ms?: number;
}

export interface UdpRetransmitterDelegate {
  /** Puts bytes on the wire again (already in wire form). */
  resend(text: string): void;
}

interface ClientTransaction {
  readonly request: string;
  readonly isInvite: boolean;
  timer?: NodeJS.Timeout;
  interval: number;
  finalStatus?: number;
  /** Our ACK to a non-2xx final answer to INVITE. */
  ack?: string;
  /** Timers A and E stop here (Timers B and F). */
  readonly resendUntil: number;
  expiresAt: number;
}

interface ServerTransaction {
  lastResponse?: string;
  /** Timer G: a non-2xx final answer to INVITE awaiting its ACK. */
  timer?: NodeJS.Timeout;
  interval: number;
  expiresAt: number;
}

const BRANCH = /^(?:via|v)[ \t]*:[^\r\n]*?;[ \t]*branch=([^;,\s]+)/im;

export class UdpRetransmitter {
  private readonly clients = new Map<string, ClientTransaction>();
  private readonly servers = new Map<string, ServerTransaction>();
  private readonly t1: number;
  private readonly t2: number;
  /** 64·T1: how long a transaction without an answer, or after its final answer, is remembered. */
  private readonly lifetime: number;
  private nextSweepAt = 0;

  constructor(
    private readonly delegate: UdpRetransmitterDelegate,
    timings: RetransmitterTimings = {},
    private readonly now: () => number = Date.now,
  ) {
    this.t1 = timings.t1Ms ?? T1_MS;
    this.t2 = timings.t2Ms ?? T2_MS;
    this.lifetime = 64 * this.t1;
  }

  /** Notes a message going out (in wire form). */
  onSending(text: string): void {
    const summary = summarizeSipMessage(text);
    const branch = BRANCH.exec(text)?.[1];
    if (!summary || !branch) return;
    this.sweep();
    const key = `${branch} ${summary.method}`;
    if (summary.isRequest) {
      if (summary.method === 'ACK') {
        const invite = this.clients.get(`${branch} INVITE`);
        if (invite && (invite.finalStatus ?? 0) >= 300) invite.ack = text;
        return;
      }
      this.stopClient(key);
      const now = this.now();
      const transaction: ClientTransaction = { request: text, isInvite: summary.method === 'INVITE', interval: this.t1, resendUntil: now + this.lifetime, expiresAt: now + this.lifetime };
      this.clients.set(key, transaction);
      this.trim(this.clients);
      this.scheduleClient(transaction);
      return;
    }
    const server = this.servers.get(key) ?? { interval: this.t1, expiresAt: 0 };
    this.servers.set(key, server);
    this.trim(this.servers);
    server.lastResponse = text;
    const status = summary.statusCode ?? 0;
    server.expiresAt = this.now() + (status < 200 ? PROCEEDING_LIFETIME_MS : this.lifetime);
    if (summary.method === 'INVITE' && status >= 300 && !server.timer) this.scheduleServer(server);
  }

  /**
   * Takes a message that arrived (in wire form); returns false when it is a
   * retransmission this layer absorbed (nothing goes up to sip.js).
   */
  onArrived(text: string): boolean {
    const summary = summarizeSipMessage(text);
    const branch = BRANCH.exec(text)?.[1];
    if (!summary || !branch) return true;
    this.sweep();
    const key = `${branch} ${summary.method}`;
    if (summary.isRequest) return this.onRequestArrived(key, summary.method, branch);
    return this.onResponseArrived(key, summary.statusCode ?? 0);
  }

  /** Stops every timer (the connection is closing). */
  stop(): void {
    for (const transaction of this.clients.values()) clearTimeout(transaction.timer);
    for (const transaction of this.servers.values()) clearTimeout(transaction.timer);
    this.clients.clear();
    this.servers.clear();
  }

  private onRequestArrived(key: string, method: string, branch: string): boolean {
    if (method === 'ACK') {
      const invite = this.servers.get(`${branch} INVITE`);
      if (invite?.timer) {
        clearTimeout(invite.timer);
        invite.timer = undefined;
        return false;
      }
      return true;
    }
    const known = this.servers.get(key);
    if (known) {
      if (known.lastResponse) this.delegate.resend(known.lastResponse);
      return false;
    }
    this.servers.set(key, { interval: this.t1, expiresAt: this.now() + this.lifetime });
    this.trim(this.servers);
    return true;
  }

  private onResponseArrived(key: string, status: number): boolean {
    const transaction = this.clients.get(key);
    if (!transaction) return true;
    if (status < 200) {
      if (transaction.isInvite) this.stopTimer(transaction);
      else transaction.interval = this.t2;
      if (transaction.isInvite && transaction.finalStatus === undefined) transaction.expiresAt = this.now() + PROCEEDING_LIFETIME_MS;
      return true;
    }
    this.stopTimer(transaction);
    if (transaction.finalStatus === undefined) {
      transaction.finalStatus = status;
      transaction.expiresAt = this.now() + this.lifetime;
      return true;
    }
    if (transaction.isInvite && status >= 200 && status < 300) return true;
    if (transaction.ack) this.delegate.resend(transaction.ack);
    return false;
  }

  private scheduleClient(transaction: ClientTransaction): void {
    transaction.timer = setTimeout(() => {
      if (this.now() >= transaction.resendUntil) return;
      this.delegate.resend(transaction.request);
      transaction.interval = transaction.isInvite ? transaction.interval * 2 : Math.min(transaction.interval * 2, this.t2);
      this.scheduleClient(transaction);
    }, transaction.interval);
    transaction.timer.unref?.();
  }

  private scheduleServer(server: ServerTransaction): void {
    server.timer = setTimeout(() => {
      if (this.now() >= server.expiresAt || !server.lastResponse) {
        server.timer = undefined;
        return;
      }
      this.delegate.resend(server.lastResponse);
      server.interval = Math.min(server.interval * 2, this.t2);
      this.scheduleServer(server);
    }, server.interval);
    server.timer.unref?.();
  }

  private stopClient(key: string): void {
    const existing = this.clients.get(key);
    if (existing) this.stopTimer(existing);
  }

  private stopTimer(transaction: { timer?: NodeJS.Timeout }): void {
    clearTimeout(transaction.timer);
    transaction.timer = undefined;
  }

  /** Lifetimes differ (proceeding or answered), so every entry is looked at; at most once per T1. */
  private sweep(): void {
    const now = this.now();
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + this.t1;
    for (const map of [this.clients, this.servers] as const) {
      for (const [key, entry] of map) {
        if (entry.expiresAt > now) continue;
        clearTimeout(entry.timer);
        map.delete(key);
      }
    }
  }

  private trim(map: Map<string, { timer?: NodeJS.Timeout }>): void {
    while (map.size > MAX_ENTRIES) {
      const [key, entry] = map.entries().next().value!;
      clearTimeout(entry.timer);
      map.delete(key);
    }
  }
}
