/**
 * The keep-alive and dead-peer rule every connection shares (WebSocket,
 * TCP/TLS, UDP); each connection only says how it pings.
 *
 * @remarks
 * The next ping is due one interval after the server was last heard
 * ({@link heard}), so a server that goes silent is pinged one interval later
 * and, when its answer is expected, declared dead within interval +
 * deadline, whatever traffic came before. With `hasJitter` each interval is
 * drawn between 80 % and 100 % of the configured one (RFC 5626 §4.4.1), so
 * many clients do not beat in step. What a ping expects:
 * - `answer`: silence past the deadline is a dead peer;
 * - `maybe`: whether the server answers is not known yet: silence only
 *   means it may not, and the next ping is scheduled;
 * - `none`: no answer comes (the server never answered this kind): the ping
 *   only keeps bindings warm.
 */

export type PingExpectation = 'answer' | 'maybe' | 'none';

export interface KeepAliveWatchOptions {
  readonly intervalMs: number;
  readonly pongTimeoutMs: number;
  readonly hasJitter: boolean;
  /** Whether the connection is open: a ping falls due only then. */
  isOpen(): boolean;
  /** Sends one ping and says what answer to expect. */
  ping(): PingExpectation;
  /** The server was silent past the deadline of a ping it had to answer. */
  onDead(): void;
}

export class KeepAliveWatch {
  private nextPing: NodeJS.Timeout | undefined;
  private pongDeadline: NodeJS.Timeout | undefined;

  constructor(private readonly options: KeepAliveWatchOptions) {}

  /** Something whole came from the server: it lives; the next ping is due one interval from now. */
  heard(): void {
    clearTimeout(this.pongDeadline);
    this.pongDeadline = undefined;
    this.schedule();
  }

  /** Pings now with this deadline (after a resume or a network change, or when one falls due). */
  pingNow(deadlineMs: number): void {
    const expectation = this.options.ping();
    if (expectation === 'none') return this.schedule();
    clearTimeout(this.pongDeadline);
    this.pongDeadline = setTimeout(() => {
      this.pongDeadline = undefined;
      if (expectation === 'maybe') this.schedule();
      else this.options.onDead();
    }, deadlineMs);
  }

  /** Schedules the next ping one interval from now. */
  schedule(): void {
    clearTimeout(this.nextPing);
    const { intervalMs, hasJitter } = this.options;
    this.nextPing = setTimeout(
      () => {
        if (this.options.isOpen() && !this.pongDeadline) this.pingNow(this.options.pongTimeoutMs);
      },
      intervalMs * (hasJitter ? 0.8 + Math.random() * 0.2 : 1),
    );
  }

  stop(): void {
    clearTimeout(this.nextPing);
    clearTimeout(this.pongDeadline);
    this.nextPing = undefined;
    this.pongDeadline = undefined;
  }
}
