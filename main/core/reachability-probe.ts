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
 * answer pings while SIP itself is stuck. Over a connectionless transport
 * (UDP) nothing else tells that a restarted registrar forgot our binding,
 * so the probe runs at least every {@link CONNECTIONLESS_PROBE_INTERVAL_MS}.
 *
 * Some registrars (Asterisk, FreeSWITCH) answer an OPTIONS to a registered
 * address themselves instead of routing it to the contact: their 200 comes
 * back while our token never does. Such a server cannot prove anything with
 * this probe, so probing stops for the connection instead of marking a
 * working account unreachable.
 */
import { randomUUID } from 'node:crypto';
import type { ParsedRequest } from './sip-message';

/** The header that carries a probe's token (and marks an OPTIONS as ours). */
export const PROBE_HEADER = 'X-Softphone-Probe';

/** The longest gap between probes over a connectionless transport (a registrar restart is otherwise silent there). */
export const CONNECTIONLESS_PROBE_INTERVAL_MS = 30_000;

export interface ReachabilityProbeOptions {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** The connection's keep-alive interval: the probe cadence when CRLF pings go unanswered. */
  readonly keepAliveIntervalMs: number;
}

export interface ReachabilityProbeDelegate {
  /** Sends the probe, its token in {@link PROBE_HEADER}; false when it cannot be sent now (no connection): no deadline is armed. */
  send(token: string): boolean;
  /** Whether the server answers CRLF keep-alives (undefined until known). */
  answersCrlf(): boolean | undefined;
  /** Whether the connection is connectionless (UDP): no closed connection ever tells that the server restarted. */
  isConnectionless(): boolean;
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
  private isServerAnsweringForUs = false;

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

  /**
   * The server gave a final answer to the probe carrying `token`. A 2xx
   * while the probe is still pending means the server answered it for us
   * (a looped probe reaches us before our own 200 goes back); so do 405 and
   * 501. Probing stops until {@link resetServer}. Returns true when it did.
   */
  onAnswered(token: string, statusCode: number): boolean {
    if (token !== this.pendingToken) return false;
    const isAnsweredForUs = (statusCode >= 200 && statusCode < 300) || statusCode === 405 || statusCode === 501;
    if (!isAnsweredForUs) return false;
    this.isServerAnsweringForUs = true;
    this.stop();
    return true;
  }

  /** A new connection (possibly to another server): probing may work again. */
  resetServer(): void {
    this.isServerAnsweringForUs = false;
  }

  /** Whether the server answers probes itself, so reachability cannot be proven on this connection. */
  get cannotProve(): boolean {
    return this.isServerAnsweringForUs;
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
    if (this.isServerAnsweringForUs) return;
    const token = randomUUID();
    if (!this.delegate.send(token)) return;
    this.pendingToken = token;
    clearTimeout(this.deadline);
    this.deadline = setTimeout(() => {
      this.pendingToken = undefined;
      this.delegate.onLost();
    }, this.options.timeoutMs);
  }

  private intervalMs(): number {
    let intervalMs = this.options.intervalMs;
    if (this.delegate.answersCrlf() === false) intervalMs = Math.min(intervalMs, this.options.keepAliveIntervalMs);
    if (this.delegate.isConnectionless()) intervalMs = Math.min(intervalMs, CONNECTIONLESS_PROBE_INTERVAL_MS);
    return intervalMs;
  }
}
