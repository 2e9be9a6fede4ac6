/** Finding contacts as the user types: by name (or its pinyin) or number, ignoring case and accents. */
import type { Contact } from './contact';
import { namePinyin, pinyinSortKey } from './pinyin-name';

/** `Zoë Ångström` → `zoe angstrom`. */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().trim();
}

export function contactMatchesQuery(contact: Contact, query: string): boolean {
  const folded = foldForSearch(query);
  if (folded === '') return true;
  if (foldForSearch(contact.name).includes(folded)) return true;
  if (nameMatchesPinyin(contact.name, folded)) return true;
  // "7946 0018", "79460018" and "(020) 7946-0018" all find the same number.
  const digits = folded.replace(/[^\d+]/g, '');
  return contact.numbers.some((entry) => {
    if (foldForSearch(entry.value).includes(folded)) return true;
    return digits.length >= 2 && /^[+\d\s().\-/]+$/.test(folded) && entry.value.replace(/[^\d+]/g, '').includes(digits);
  });
}

/** 张伟 is found by "zhangwei", "zhang wei", "zhangw" and its initials "zw" (the query folded by {@link foldForSearch}). */
export function nameMatchesPinyin(name: string, foldedQuery: string): boolean {
  const reading = namePinyin(name);
  if (!reading) return false;
  const query = foldedQuery.replace(/\s+/g, '');
  return query !== '' && /^[a-z]+$/.test(query) && (reading.full.includes(query) || reading.initials.startsWith(query));
}

/**
 * Favourites first, then by name in the user's language; in Chinese by
 * pinyin, so Chinese and Latin names share one A to Z (a Chinese collator
 * alone puts every Chinese name before every Latin one).
 */
export function sortContacts(contacts: readonly Contact[], locale: string): Contact[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const byPinyin = /^zh\b/i.test(locale);
  const key = (contact: Contact) => (byPinyin ? pinyinSortKey(contact.name) : contact.name);
  return [...contacts].sort((a, b) => Number(b.isFavourite) - Number(a.isFavourite) || collator.compare(key(a), key(b)) || collator.compare(a.name, b.name));
}
