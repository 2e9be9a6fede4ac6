/**
 * Proves, now and then, that calls can reach this device.
 *
 * @remarks
 * "The REGISTER got 200" does not prove calls reach us (a NAT, a proxy or a
 * stale alias can break the inbound path). So an OPTIONS goes to our own
 * address of record, tagged with a one-time token: it must come back
 * through the server to this connection. The probe only keeps the timers
 * and the token; the account agent sends the request (on its current user
 * agent) and hands back every OPTIONS that carries a token.
 *
 * A server that never answers CRLF keep-alives is probed at keep-alive
 * cadence instead: SIP-level liveness for servers whose WebSocket layer may
 * answer pings while SIP itself is stuck.
 */
import { randomUUID } from 'node:crypto';
import type { ParsedRequest } from './sip-message';

/** The header that carries a probe's token (and marks an OPTIONS as ours). */
export const PROBE_HEADER = 'X-Softphone-Probe';

export interface ReachabilityProbeOptions {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** The connection's keep-alive interval: the probe cadence when CRLF pings go unanswered. */
  readonly keepAliveIntervalMs: number;
}

export interface ReachabilityProbeDelegate {
  /** Sends the probe; false when it cannot be sent now (no connection): no deadline is armed. */
  send(token: string, header: string): boolean;
  /** Whether the server answers CRLF keep-alives (undefined until known). */
  answersCrlf(): boolean | undefined;
  /** The probe came back. */
  onProof(at: number): void;
  /** The probe did not come back in time. */
  onLost(): void;
}

export class ReachabilityProbe {
  private timer: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;
  private pendingToken: string | undefined;
  private lastProof: number | undefined;

  constructor(
    private readonly options: ReachabilityProbeOptions,
    private readonly delegate: ReachabilityProbeDelegate,
  ) {}

  /** When a probe last came back. */
  get lastProofAt(): number | undefined {
    return this.lastProof;
  }

  /** The probe token of an incoming OPTIONS, if it is one. */
  static tokenOf(request: ParsedRequest): string | undefined {
    return request.method === 'OPTIONS' ? request.getHeader(PROBE_HEADER.toLowerCase())?.trim() : undefined;
  }

  /** Probes after `delayMs` (replacing any probe already scheduled). */
  schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.probe(), delayMs);
  }

  /** Probes after the regular interval. */
  scheduleNext(): void {
    this.schedule(this.intervalMs());
  }

  /** Probes again once the current deadline would have passed (after a lost probe). */
  scheduleRetry(): void {
    this.schedule(this.options.timeoutMs);
  }

  /** An OPTIONS carrying `token` came back; true when it was the probe we wait for. */
  onArrived(token: string): boolean {
    if (token !== this.pendingToken) return false;
    this.pendingToken = undefined;
    clearTimeout(this.deadline);
    this.lastProof = Date.now();
    this.delegate.onProof(this.lastProof);
    this.scheduleNext();
    return true;
  }

  /** Stops waiting for the pending probe (its connection ended); the schedule stays. */
  abandonPending(): void {
    clearTimeout(this.deadline);
    this.pendingToken = undefined;
  }

  stop(): void {
    clearTimeout(this.timer);
    this.abandonPending();
  }

  private probe(): void {
    const token = randomUUID();
    if (!this.delegate.send(token, PROBE_HEADER)) return;
    this.pendingToken = token;
    clearTimeout(this.deadline);
    this.deadline = setTimeout(() => {
      this.pendingToken = undefined;
      this.delegate.onLost();
    }, this.options.timeoutMs);
  }

  private intervalMs(): number {
    if (this.delegate.answersCrlf() !== false) return this.options.intervalMs;
    return Math.min(this.options.intervalMs, this.options.keepAliveIntervalMs);
  }
}
