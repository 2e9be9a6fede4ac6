/**
 * What the user sees about one account, from what its agent reports.
 *
 * @remarks
 * The rules, so the status never says more than is known:
 * - `connecting` and `registering` show only until the account has been
 *   registered once in this run; after that a lost connection, a failed
 *   refresh or a lost probe shows `unreachable` since the first moment it
 *   stopped (with the next retry), never a misleading `connecting`;
 * - `failed` is for accounts never registered in this run, and for refused
 *   credentials (no retry: the user edits the account or presses Retry);
 * - after a lost probe a REGISTER's 2xx is not proof: only a probe that
 *   comes back shows the account registered again.
 */
import type { FailureReason, RegistrationStatus } from '../../app/registration-status';
import type { StatusDetail } from '../../app/status-detail';

/** What a granted registration did to the status. */
export type RegisteredOutcome = 'newly-registered' | 'still-registered' | 'awaiting-proof';

export class AccountStatus {
  private status: RegistrationStatus = { kind: 'offline' };
  private hasBeenRegistered = false;
  private unreachableSince: number | undefined;
  private isAwaitingProof = false;
  private registeredUntil = 0;

  constructor(private readonly onChange: (status: RegistrationStatus) => void) {}

  get current(): RegistrationStatus {
    return this.status;
  }

  connecting(): void {
    if (!this.hasBeenRegistered) this.set({ kind: 'connecting' });
  }

  registering(): void {
    if (!this.hasBeenRegistered) this.set({ kind: 'registering' });
  }

  /** The registrar granted our Contact for `expiresSec`. */
  registered(expiresSec: number): RegisteredOutcome {
    this.registeredUntil = Date.now() + expiresSec * 1000;
    if (this.isAwaitingProof) return 'awaiting-proof';
    this.hasBeenRegistered = true;
    this.unreachableSince = undefined;
    const wasRegistered = this.status.kind === 'registered';
    this.set({ kind: 'registered', expiresAt: this.registeredUntil });
    return wasRegistered ? 'still-registered' : 'newly-registered';
  }

  /** A probe came back: after a lost one, this (with a live registration) shows the account registered again; returns whether it did. */
  proven(): boolean {
    if (!this.isAwaitingProof) return false;
    this.isAwaitingProof = false;
    const remainingMs = this.registeredUntil - Date.now();
    if (remainingMs <= 0) return false;
    this.registered(Math.round(remainingMs / 1000));
    return true;
  }

  /** A probe did not come back: calls may not reach us, whatever the registrar says. */
  probeLost(): void {
    this.isAwaitingProof = true;
    this.hasBeenRegistered = true;
    this.markUnreachable({ code: 'probe-lost' }, undefined);
  }

  /** Something failed and the agent retries at `nextRetryAt` (undefined: at once). */
  retrying(reason: FailureReason, detail: StatusDetail, statusCode: number | undefined, nextRetryAt: number | undefined): void {
    if (this.hasBeenRegistered) this.markUnreachable(detail, nextRetryAt);
    else this.set({ kind: 'failed', reason, detail, statusCode, nextRetryAt });
  }

  /** The server refused the credentials; nothing is retried. */
  refused(statusCode: number): void {
    this.set({ kind: 'failed', reason: 'wrong-credentials', statusCode, detail: { code: 'wrong-credentials', params: { statusCode } } });
  }

  offline(): void {
    this.set({ kind: 'offline' });
  }

  private markUnreachable(detail: StatusDetail, nextRetryAt: number | undefined): void {
    this.unreachableSince ??= Date.now();
    this.set({ kind: 'unreachable', since: this.unreachableSince, detail, nextRetryAt });
  }

  private set(status: RegistrationStatus): void {
    this.status = status;
    this.onChange(status);
  }
}
