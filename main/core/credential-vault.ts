/**
 * Seals account passwords before they touch disk. In the app this is
 * Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet); where the OS
 * offers no secure backend the vault says so, and the UI warns.
 */
import type { CredentialStorage } from '../../app/ipc-contract';

export interface CredentialVault {
  readonly storage: CredentialStorage;
  /** The OS backend behind it (safeStorage's `basic_text`, `gnome_libsecret`, …), when known. */
  readonly backend?: string;
  seal(secret: string): string;
  /** Throws when the sealed text cannot be opened (e.g. the OS keyring changed). */
  open(sealed: string): string;
}

/** Base64 only: honest about not being encryption, used where no OS keyring exists. */
export const plainTextVault: CredentialVault = {
  storage: 'plain-text',
  seal: (secret) => `plain:${Buffer.from(secret, 'utf8').toString('base64')}`,
  open: (sealed) => {
    if (!sealed.startsWith('plain:')) throw new Error('This password was sealed by another vault');
    return Buffer.from(sealed.slice('plain:'.length), 'base64').toString('utf8');
  },
};

/** The vault's storage and backend as one id: `plain-text`, `plain-text:basic_text`, `encrypted:kwallet5`. */
export function credentialStorageId(vault: CredentialVault): string {
  return vault.backend ? `${vault.storage}:${vault.backend}` : vault.storage;
}
