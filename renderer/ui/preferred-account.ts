/** Which account a call starts from unless the user picks another (Dial, a contact). */
import type { AccountView } from '../../app/account';

/** The last one chosen if still enabled, else a registered one, else any enabled one. */
export function preferredAccount(enabled: readonly AccountView[], lastChosenId: string | null): AccountView | undefined {
  return (
    enabled.find((account) => account.id === lastChosenId) ??
    enabled.find((account) => account.status.kind === 'registered') ??
    enabled[0]
  );
}

/** The account Call uses unless the user picks another: a registered one if any, else an enabled one. */
export function defaultAccount(accounts: readonly AccountView[]): AccountView | undefined {
  return preferredAccount(accounts.filter((account) => account.enabled), null) ?? accounts[0];
}
