/**
 * The core's storage ports, backed by electron-store (files in the user data
 * folder) and safeStorage (the OS keyring).
 */
import { join } from 'node:path';
import { app, safeStorage } from 'electron';
import ElectronStore from 'electron-store';
import type { CredentialVault } from '../core/credential-vault';
import { plainTextVault } from '../core/credential-vault';
import type { DataFileFactory } from '../core/data-file';

export const electronDataFiles: DataFileFactory = {
  open: (name) => new ElectronStore<Record<string, unknown>>({ name, configFileMode: 0o600, clearInvalidConfig: false }),
  pathOf: (name) => join(app.getPath('userData'), `${name}.json`),
};

/**
 * safeStorage when the OS has a real backend. On Linux without a keyring
 * Electron falls back to a hard-coded key ("basic_text"): that is not
 * protection, so we report plain-text storage and the UI warns.
 */
export function createSafeStorageVault(): CredentialVault {
  const isPlainBackend = process.platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text';
  if (!safeStorage.isEncryptionAvailable() || isPlainBackend) return plainTextVault;
  return {
    storage: 'encrypted',
    seal: (secret) => `safe:${safeStorage.encryptString(secret).toString('base64')}`,
    open: (sealed) => {
      if (sealed.startsWith('plain:')) return plainTextVault.open(sealed);
      if (!sealed.startsWith('safe:')) throw new Error('Unknown password format');
      return safeStorage.decryptString(Buffer.from(sealed.slice('safe:'.length), 'base64'));
    },
  };
}
