/**
 * Every status change of one softphone account, timed (epoch ms) in the
 * core's snapshot listener: snapshots go out in a microtask after each
 * change, so the time is when main itself knew. Waiting is event-driven, so
 * no poll interval ends up in a figure.
 */
import type { RegistrationStatus } from '../../../app/registration-status';
import type { SoftphoneCore } from '../../../main/core/softphone-core';

export type StatusKind = RegistrationStatus['kind'];

export interface StatusChange {
  readonly kind: StatusKind;
  readonly at: number;
}

export class StatusWatch {
  private readonly changes: StatusChange[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: () => void;

  constructor(core: SoftphoneCore, readonly sipAddress: string) {
    this.unsubscribe = core.onSnapshot((snapshot) => {
      const kind = snapshot.accounts.find((account) => account.sipAddress === sipAddress)?.status.kind;
      if (kind === undefined || kind === this.current) return;
      this.changes.push({ kind, at: Date.now() });
      for (const listener of this.listeners) listener();
    });
  }

  get current(): StatusKind | undefined {
    return this.changes.at(-1)?.kind;
  }

  /** When the account last became `registered` (it may be registered still). */
  get lastRegisteredAt(): number | undefined {
    return this.changes.filter((change) => change.kind === 'registered').at(-1)?.at;
  }

  /** The first change to `kind` at or after `since`. */
  firstAt(kind: StatusKind, since: number): number | undefined {
    return this.changes.find((change) => change.at >= since && change.kind === kind)?.at;
  }

  /** Registered again after an outage that began at or after `since` (it left `registered`, then came back). */
  recoveredAt(since: number): number | undefined {
    const left = this.changes.findIndex((change) => change.at >= since && change.kind !== 'registered');
    if (left < 0) return undefined;
    return this.changes.slice(left + 1).find((change) => change.kind === 'registered')?.at;
  }

  /** Resolves with `find()` as soon as it is defined, or null after `timeoutMs`. */
  until(find: () => number | undefined, timeoutMs: number): Promise<number | null> {
    const found = find();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve) => {
      const finish = (value: number | null): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve(value);
      };
      const check = (): void => {
        const value = find();
        if (value !== undefined) finish(value);
      };
      const timer = setTimeout(() => finish(null), Math.max(0, timeoutMs));
      this.listeners.add(check);
    });
  }

  dispose(): void {
    this.unsubscribe();
    this.listeners.clear();
  }
}
