/**
 * Keeps the store's contact list equal to main's: fetched once at start and
 * again whenever the snapshot's `contactsRevision` moves (also after a
 * reload). Only the answer to the latest request is applied, so a slow
 * answer can never overwrite a newer one.
 */
import type { SoftphoneApi } from '../../app/ipc-contract';
import { useSoftphoneStore } from './softphone-store';

export function mirrorContacts(api: SoftphoneApi): void {
  let latestRequest = 0;
  const refresh = async () => {
    const request = ++latestRequest;
    const result = await api.listContacts();
    if (result.ok && request === latestRequest) useSoftphoneStore.getState().setContacts(result.value);
  };
  useSoftphoneStore.subscribe(
    (state) => state.snapshot?.contactsRevision,
    () => void refresh(),
    { fireImmediately: true },
  );
}
