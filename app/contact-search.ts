/** Finding contacts as the user types: by name or number, ignoring case and accents. */
import type { Contact } from './contact';

/** `Zoë Ångström` → `zoe angstrom`. */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().trim();
}

export function contactMatchesQuery(contact: Contact, query: string): boolean {
  const folded = foldForSearch(query);
  if (folded === '') return true;
  if (foldForSearch(contact.name).includes(folded)) return true;
  // "7946 0018", "79460018" and "(020) 7946-0018" all find the same number.
  const digits = folded.replace(/[^\d+]/g, '');
  return contact.numbers.some((entry) => {
    if (foldForSearch(entry.value).includes(folded)) return true;
    return digits.length >= 2 && /^[+\d\s().\-/]+$/.test(folded) && entry.value.replace(/[^\d+]/g, '').includes(digits);
  });
}

/** Favourites first, then by name in the user's language. */
export function sortContacts(contacts: readonly Contact[], locale: string): Contact[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  return [...contacts].sort((a, b) => Number(b.isFavourite) - Number(a.isFavourite) || collator.compare(a.name, b.name));
}
