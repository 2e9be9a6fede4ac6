/**
 * An account's connection and its one retry loop: which epoch is current,
 * when the next attempt is due, and how long to back off.
 *
 * @remarks
 * Exactly one owner retries for an account: this loop. Whatever fails
 * (cannot connect, connection lost, registration rejected or unanswered)
 * reports here, and the loop schedules one attempt: connect again (a new
 * {@link AccountEpoch}) or retry on the current one. A healthy connection
 * that drops is replaced at once (most drops are a server restart or a NAT
 * rebinding); repeated failures back off with jitter.
 */
import type { FailureReason } from '../../app/registration-status';
import { describeError } from '../../app/result';
import type { StatusDetail } from '../../app/status-detail';
import type { AccountEpoch } from './account-epoch';
import { Backoff } from './backoff';
import type { Logger } from './logger';
import { ConnectionError, type ClosedReason } from './sip-transport-connection';

export interface ConnectionLoopDelegate {
  /** A new epoch (its connection not yet open) for the next attempt. */
  createEpoch(): AccountEpoch;
  /** `epoch`'s connection is open and main's user agent started on it. */
  onStarted(epoch: AccountEpoch): void;
  /** `epoch` is being torn down (replaced, lost or stopped). */
  onEnding(epoch: AccountEpoch): void;
  /** `epoch` is gone. */
  onEnded(epoch: AccountEpoch): void;
  /** Something failed; the next attempt is at `nextRetryAt` (undefined: at once). */
  onRetrying(reason: FailureReason, detail: StatusDetail, statusCode: number | undefined, nextRetryAt: number | undefined): void;
  /** Whether the account is registered right now (a drop then is replaced at once). */
  isHealthy(): boolean;
}

export class ConnectionLoop {
  private epoch: AccountEpoch | undefined;
  private readonly backoff = new Backoff();
  private retryTimer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly accountId: string,
    private readonly delegate: ConnectionLoopDelegate,
    private readonly log: Logger,
  ) {}

  get current(): AccountEpoch | undefined {
    return this.epoch;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Whether an attempt is scheduled. */
  get isRetryDue(): boolean {
    return this.retryTimer !== undefined;
  }

  /** Whether `epoch` is the one the loop follows, and the loop runs. */
  follows(epoch: AccountEpoch): boolean {
    return epoch.isCurrent && epoch === this.epoch && this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.backoff.reset();
    void this.connect();
  }

  /** Stops retrying and ends the current epoch (unregistering first when asked). */
  async stop({ shouldUnregister }: { shouldUnregister: boolean }): Promise<void> {
    this.running = false;
    this.cancelRetry();
    const epoch = this.epoch;
    this.epoch = undefined;
    if (epoch) await this.end(epoch, shouldUnregister);
  }

  /** Connects again now, dropping the current epoch, with the backoff started afresh (the user or the system asked). */
  reconnectNow(): void {
    if (!this.running) return;
    this.backoff.reset();
    this.cancelRetry();
    this.dropCurrent();
    void this.connect();
  }

  /** Retry on the current epoch after `delayMs` (undefined: the backoff). */
  retryLater(delayMs: number | undefined, reason: FailureReason, detail: StatusDetail, retry: () => void, statusCode?: number): void {
    this.schedule(delayMs ?? this.backoff.next(), reason, detail, retry, statusCode);
  }

  /** The current epoch cannot register: drop it and connect again after the backoff. */
  replaceLater(reason: FailureReason, detail: StatusDetail, statusCode?: number): void {
    this.dropCurrent();
    this.schedule(this.backoff.next(), reason, detail, () => void this.connect(), statusCode);
  }

  /** All is well: no attempt is due, and the next failure starts the backoff afresh. */
  settle(): void {
    this.cancelRetry();
    this.backoff.reset();
  }

  /** No attempt is due until asked (a system event re-registers on the open connection). */
  cancelRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private async connect(): Promise<void> {
    const epoch = this.delegate.createEpoch();
    this.epoch = epoch;
    try {
      await epoch.connection.connect();
    } catch (error) {
      if (!epoch.isCurrent) return;
      this.epoch = undefined;
      epoch.isCurrent = false;
      epoch.hasEnded = true;
      void epoch.userAgent.stop().catch(() => undefined);
      this.onConnectFailed(error);
      return;
    }
    if (!epoch.isCurrent || !this.running) {
      await epoch.connection.close();
      return;
    }
    await epoch.userAgent.start();
    this.delegate.onStarted(epoch);
  }

  private onConnectFailed(error: unknown): void {
    const kind = error instanceof ConnectionError ? error.kind : 'unreachable';
    const detail: StatusDetail = error instanceof ConnectionError ? error.detail : { code: 'cannot-reach', params: { error: describeError(error) } };
    this.log.warn(`account ${this.accountId}: connection failed: ${describeError(error)}`);
    const reason: FailureReason =
      kind === 'tls' ? 'tls-error' : kind === 'timed-out' ? 'timed-out' : kind === 'rejected' ? 'server-rejected' : 'server-unreachable';
    this.schedule(this.backoff.next(), reason, detail, () => void this.connect());
  }

  /** `epoch`'s connection closed by itself. */
  onClosed(epoch: AccountEpoch, reason: ClosedReason, closeCode?: number): void {
    if (!epoch.isCurrent) return;
    this.log.warn(`account ${this.accountId}: connection lost (${reason}${closeCode === undefined ? '' : `, close code ${closeCode}`})`);
    this.epoch = undefined;
    void this.end(epoch, false);
    if (!this.running) return;
    const delay = this.delegate.isHealthy() ? 0 : this.backoff.next();
    this.schedule(delay, 'server-unreachable', lostDetail(reason, closeCode), () => void this.connect());
  }

  private dropCurrent(): void {
    const epoch = this.epoch;
    this.epoch = undefined;
    if (epoch) void this.end(epoch, false);
  }

  private async end(epoch: AccountEpoch, shouldUnregister: boolean): Promise<void> {
    epoch.isCurrent = false;
    this.delegate.onEnding(epoch);
    await epoch.end({ shouldUnregister });
    this.delegate.onEnded(epoch);
  }

  private schedule(delayMs: number, reason: FailureReason, detail: StatusDetail, retry: () => void, statusCode?: number): void {
    this.cancelRetry();
    if (!this.running) return;
    this.delegate.onRetrying(reason, detail, statusCode, delayMs > 0 ? Date.now() + delayMs : undefined);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.running) retry();
    }, delayMs);
  }
}

function lostDetail(reason: ClosedReason, closeCode: number | undefined): StatusDetail {
  if (reason === 'dead-peer') return { code: 'dead-peer' };
  const closedBy = reason === 'closed-by-us' ? 'us' : reason === 'error' ? 'network' : 'server';
  return { code: 'connection-lost', params: closeCode === undefined ? { closedBy } : { closedBy, closeCode } };
}
