/** Every status each account went through, as the user would have seen it. */
import type { RegistrationStatus } from '../../app/registration-status';
import type { SoftphoneCore } from '../../main/core/softphone-core';

export interface StatusChange {
  readonly at: number;
  readonly status: RegistrationStatus;
}

export class StatusHistory {
  private readonly changes = new Map<string, StatusChange[]>();

  constructor(core: SoftphoneCore) {
    core.onSnapshot((snapshot) => {
      for (const account of snapshot.accounts) {
        const list = this.changes.get(account.id) ?? [];
        if (list.at(-1)?.status.kind !== account.status.kind) list.push({ at: Date.now(), status: account.status });
        this.changes.set(account.id, list);
      }
    });
  }

  of(accountId: string): readonly StatusChange[] {
    return this.changes.get(accountId) ?? [];
  }

  /** Changes strictly after `since` (a change in the same millisecond happened before it). */
  kindsSince(accountId: string, since: number): string[] {
    return this.of(accountId)
      .filter((change) => change.at > since)
      .map((change) => change.status.kind);
  }

  /** When the account first reached `kind` at or after `since`. */
  firstAt(accountId: string, kind: RegistrationStatus['kind'], since: number): number | undefined {
    return this.of(accountId).find((change) => change.at >= since && change.status.kind === kind)?.at;
  }
}
