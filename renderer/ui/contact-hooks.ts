/** Contacts as the UI uses them: the list, the number region, and caller names. */
import type { CountryCode } from 'libphonenumber-js';
import type { Contact } from '../../app/contact';
import { ContactDirectory, countryOfLocale, isKnownCountry } from '../../app/number-matching';
import { useSoftphoneStore } from '../store/softphone-store';
import type { CallView } from '../store/call-view';
import { remoteLabel } from './call-words';

export function useContacts(): readonly Contact[] {
  return useSoftphoneStore((state) => state.contacts);
}

/** The country the user's setting names, else the one the browser's language names (en-GB → GB). */
function useNumberRegion(): CountryCode | undefined {
  const chosen = useSoftphoneStore((state) => state.snapshot?.settings.defaultCountry);
  return isKnownCountry(chosen) ? chosen : localeCountry();
}

export function localeCountry(): CountryCode | undefined {
  if (typeof navigator === 'undefined') return undefined;
  for (const language of [...(navigator.languages ?? []), navigator.language]) {
    const country = countryOfLocale(language);
    if (country) return country;
  }
  return undefined;
}

/**
 * One directory for every component that names callers: building one parses
 * every number of every contact, and History alone has a row per call.
 */
let shared: { contacts: readonly Contact[]; region: CountryCode | undefined; directory: ContactDirectory } | undefined;

export function useContactDirectory(): ContactDirectory {
  const contacts = useContacts();
  const region = useNumberRegion();
  if (shared?.contacts !== contacts || shared.region !== region) shared = { contacts, region, directory: new ContactDirectory(contacts, region) };
  return shared.directory;
}

/** The saved name of whoever is at `remote` (a URI, number or user), if they are a contact. */
function useContactName(remote: string): string | undefined {
  return useContactDirectory().find(remote)?.contact.name;
}

/** What to call the other side of a call: the contact's name wins over the SIP display name. */
export function useCallerLabel(call: Pick<CallView, 'remoteName' | 'remoteUri'>): string {
  return useContactName(call.remoteUri) ?? remoteLabel(call);
}

/** {@link useCallerLabel} for any number of calls (a hook cannot be called per item). */
export function useCallerLabeler(): (call: Pick<CallView, 'remoteName' | 'remoteUri'>) => string {
  const directory = useContactDirectory();
  return (call) => directory.find(call.remoteUri)?.contact.name ?? remoteLabel(call);
}
