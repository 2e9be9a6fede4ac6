/** Opening an account's sealed password, in one place. */
import type { StoredAccount } from './account-store';
import type { CredentialVault } from './credential-vault';

/** The account's password, or undefined when this system cannot decrypt it (another machine's keyring, a reset keyring). */
export function openAccountPassword(vault: CredentialVault, account: StoredAccount): string | undefined {
  try {
    return vault.open(account.sealedPassword);
  } catch {
    return undefined;
  }
}
