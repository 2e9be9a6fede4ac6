/**
 * Deciding whether a caller (a SIP URI) is one of the user's contacts.
 *
 * Both sides are reduced to a key: phone numbers to E.164 with
 * libphonenumber-js (so `+44 20 7946 0018`, `020 7946 0018` in region GB and
 * `sip:+442079460018@pbx` agree), everything else to its lower-cased user
 * part (so `sip:bob@example.org` matches a contact saved as `bob`).
 *
 * @remarks
 * The domain is ignored on purpose: callers reach us through our own
 * server, and contacts are usually saved as a bare extension or number.
 */
import { parsePhoneNumberFromString, getCountries, type CountryCode } from 'libphonenumber-js';
import type { Contact } from './contact';
import { DIAL_SCHEME_PREFIX } from './sip-address';

const COUNTRIES: ReadonlySet<string> = new Set(getCountries());

export function isKnownCountry(code: string | undefined): code is CountryCode {
  return code !== undefined && COUNTRIES.has(code);
}

/** `en-GB` → `GB`, `zh-Hans-CN` → `CN`; undefined when the tag names no country. */
export function countryOfLocale(locale: string | undefined): CountryCode | undefined {
  const region = locale
    ?.split(/[-_]/)
    .slice(1)
    .find((part) => /^[A-Za-z]{2}$/.test(part))
    ?.toUpperCase();
  return isKnownCountry(region) ? region : undefined;
}

/** The user part of a SIP/tel URI, or the text itself: `sip:Bob@x.org;transport=ws` → `Bob`. */
export function userPartOf(value: string): string {
  const withoutScheme = value
    .trim()
    .replace(/^<|>$/g, '')
    .replace(DIAL_SCHEME_PREFIX, '');
  const beforeParams = withoutScheme.split(/[;?]/, 1)[0] ?? '';
  const at = beforeParams.lastIndexOf('@');
  const user = at === -1 ? beforeParams : beforeParams.slice(0, at);
  try {
    return decodeURIComponent(user);
  } catch {
    return user;
  }
}

/**
 * The key two spellings of the same party share; empty for nothing usable.
 * `region` is where national numbers (`020 …`) are taken to be.
 */
export function numberKey(value: string, region?: CountryCode): string {
  const user = userPartOf(value);
  if (/^[+\d\s().\-/]+$/.test(user) && /\d/.test(user)) {
    const phone = parsePhoneNumberFromString(user, region);
    if (phone?.isPossible()) return phone.number;
    // Extensions and short codes: the digits are the identity.
    return user.replace(/[^\d+]/g, '');
  }
  return user.toLowerCase();
}

export interface ContactMatch {
  readonly contact: Contact;
  readonly label: string;
}

/** An index of every number of every contact by its key; the first contact to claim a key wins. */
export class ContactDirectory {
  private readonly byKey = new Map<string, ContactMatch>();

  constructor(
    contacts: readonly Contact[],
    private readonly region?: CountryCode,
  ) {
    for (const contact of contacts) {
      for (const entry of contact.numbers) {
        const key = numberKey(entry.value, region);
        if (key !== '' && !this.byKey.has(key)) this.byKey.set(key, { contact, label: entry.label });
      }
    }
  }

  /** The contact a caller or callee (any spelling: URI, number, user) belongs to. */
  find(remote: string): ContactMatch | undefined {
    const key = numberKey(remote, this.region);
    return key === '' ? undefined : this.byKey.get(key);
  }
}
