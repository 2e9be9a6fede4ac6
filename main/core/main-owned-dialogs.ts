/**
 * The dialogs, transactions and subscriptions main's own user agent owns on
 * an account's connection, each with a lifetime.
 *
 * @remarks
 * Requests on a Call-ID listed here go to main; everything else goes to the
 * renderer relay. It replaces a fixed-size FIFO of Call-IDs, in which a run
 * of probes pushed out the REGISTER's Call-ID (and would push out a
 * long-lived subscription's). Here an entry lasts exactly as long as its
 * owner says: the registration until its connection ends ("lasting"), a
 * probe or a stateless reply for the time its transaction and ACK can
 * still arrive. Expired entries are pruned as new ones arrive, so the table
 * stays small without ever evicting a live entry.
 */

/** How long a non-INVITE transaction or the ACK of a reply can still show up (64·T1, RFC 3261 §17). */
export const TRANSACTION_LIFETIME_MS = 32_000;

/** An entry that lasts until {@link MainOwnedDialogs.release} (registrations, subscriptions). */
export const LASTING = Number.POSITIVE_INFINITY;

export class MainOwnedDialogs {
  private readonly expiries = new Map<string, number>();
  private nextPruneAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Marks `callId` as main's for `lifetimeMs` from now ({@link LASTING} for
   * until released). Owning again extends, never shortens, the lifetime.
   */
  own(callId: string, lifetimeMs: number): void {
    const now = this.now();
    this.prune(now);
    const until = now + lifetimeMs;
    const current = this.expiries.get(callId) ?? 0;
    if (until > current) this.expiries.set(callId, until);
  }

  release(callId: string): void {
    this.expiries.delete(callId);
  }

  owns(callId: string): boolean {
    const until = this.expiries.get(callId);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.expiries.delete(callId);
    return false;
  }

  /** Live entries (for tests and logs). */
  get size(): number {
    this.prune(this.now(), true);
    return this.expiries.size;
  }

  private prune(now: number, isForced = false): void {
    if (!isForced && now < this.nextPruneAt) return;
    this.nextPruneAt = now + 1_000;
    for (const [callId, until] of this.expiries) if (until <= now) this.expiries.delete(callId);
  }
}
