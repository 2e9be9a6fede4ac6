/**
 * The digest keys (HA1) main handed out for this window's call agents, per
 * account and realm. main computes each one only for a realm that really
 * challenged the account's connection; the password never leaves main.
 *
 * @remarks
 * Keys are dropped whenever an account's connection goes down: an edited
 * account (a new password) always comes back on a new connection.
 */
import type { SoftphoneApi } from '../../app/ipc-contract';

export class DigestKeys {
  private readonly keys = new Map<string, Map<string, Promise<string | undefined>>>();

  constructor(private readonly api: SoftphoneApi) {}

  /** The key for `realm`, asked of main once; undefined when main refused (the challenge then fails and the call shows why). */
  keyFor(accountId: string, realm: string): Promise<string | undefined> {
    const ofAccount = this.keys.get(accountId) ?? new Map<string, Promise<string | undefined>>();
    this.keys.set(accountId, ofAccount);
    const known = ofAccount.get(realm);
    if (known) return known;
    const asked = this.api.digestKey({ accountId, realm }).then(
      (result) => {
        if (result.ok) return result.value.ha1;
        console.warn(`no digest key for account ${accountId}: ${result.error.code}`);
        ofAccount.delete(realm);
        return undefined;
      },
      () => {
        ofAccount.delete(realm);
        return undefined;
      },
    );
    ofAccount.set(realm, asked);
    return asked;
  }

  forget(accountId: string): void {
    this.keys.delete(accountId);
  }
}
