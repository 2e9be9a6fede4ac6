/**
 * The core's storage ports, backed by electron-store (files in the user data
 * folder) and safeStorage (the OS keyring).
 */
import { app, safeStorage } from 'electron';
import ElectronStore from 'electron-store';
import type { CredentialVault } from '../core/credential-vault';
import { plainTextVault } from '../core/credential-vault';
import { STORE_FILE_OPTIONS, storeDataFiles, type DataFileFactory } from '../core/data-file';

/**
 * electron-store files in the user data folder, opened by the core through
 * openDataFile like conf's: an unusable file is kept aside or left untouched,
 * never cleared.
 */
export const electronDataFiles: DataFileFactory = storeDataFiles(
  ({ cwd, name }) => new ElectronStore<Record<string, unknown>>({ cwd, name, ...STORE_FILE_OPTIONS }),
  () => app.getPath('userData'),
);

/**
 * safeStorage when the OS has a real backend. On Linux without a keyring
 * Electron falls back to a hard-coded key ("basic_text"): that is not
 * protection, so we report plain-text storage and the UI warns.
 */
export function createSafeStorageVault(): CredentialVault {
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined;
  if (!safeStorage.isEncryptionAvailable() || backend === 'basic_text') return { ...plainTextVault, backend: backend ?? 'unavailable' };
  return {
    storage: 'encrypted',
    ...(backend ? { backend } : {}),
    seal: (secret) => `safe:${safeStorage.encryptString(secret).toString('base64')}`,
    open: (sealed) => {
      if (sealed.startsWith('plain:')) return plainTextVault.open(sealed);
      if (!sealed.startsWith('safe:')) throw new Error('Unknown password format');
      return safeStorage.decryptString(Buffer.from(sealed.slice('safe:'.length), 'base64'));
    },
  };
}
