/**
 * What the dial field offers as the user types: contacts (by name, pinyin
 * or initials of a Chinese name, number or SIP address) and people from the
 * call history (by name or address), one entry per target, contacts first.
 */
import type { CallRecord } from './call-history';
import type { Contact } from './contact';
import { foldForSearch, nameMatchesPinyin } from './contact-search';

export interface DialSuggestion {
  /** Stable across renders and unique in one list. */
  readonly key: string;
  /** The contact's or caller's name; absent when the history knows only an address. */
  readonly name?: string;
  /** What goes into the dial field and is called. */
  readonly target: string;
  /** A contact number's label (`mobile`, `work`, or the user's own words). */
  readonly label?: string;
  /** History entries are called on the account they used. */
  readonly accountId?: string;
  readonly source: 'contact' | 'history';
}

export const DIAL_SUGGESTION_LIMIT = 6;

/** `sip:bob@example.com;transport=ws` → `bob@example.com`: the address people read, and the dial field takes. */
function addressOf(uri: string): string {
  return uri.replace(/^sips?:/i, '').replace(/[;?].*$/, '');
}

function digitsOf(text: string): string {
  return text.replace(/[^\d+*#]/g, '');
}

/** The query's words found in a name, an address or a number (by its digits, ignoring separators). */
function matches(query: string, texts: { name?: string; target: string }): boolean {
  const folded = foldForSearch(query);
  if (folded === '') return false;
  if (texts.name !== undefined && (foldForSearch(texts.name).includes(folded) || nameMatchesPinyin(texts.name, folded))) return true;
  if (foldForSearch(texts.target).includes(folded)) return true;
  const digits = digitsOf(folded);
  return digits.length > 0 && /^[+\d\s().\-/*#]+$/.test(folded) && digitsOf(texts.target).includes(digits);
}

/**
 * Suggestions for `query`, best first: contacts' numbers (favourites first),
 * then the history's parties (newest first), each target once.
 */
export function dialSuggestions(query: string, contacts: readonly Contact[], history: readonly CallRecord[], limit = DIAL_SUGGESTION_LIMIT): DialSuggestion[] {
  if (query.trim() === '') return [];
  const found: DialSuggestion[] = [];
  const seen = new Set<string>();
  const add = (suggestion: DialSuggestion) => {
    const identity = addressOf(suggestion.target).toLowerCase();
    if (seen.has(identity)) return;
    seen.add(identity);
    found.push(suggestion);
  };
  const byFavourite = [...contacts].sort((a, b) => Number(b.isFavourite) - Number(a.isFavourite));
  for (const contact of byFavourite) {
    contact.numbers.forEach((entry, index) => {
      if (matches(query, { name: contact.name, target: entry.value })) {
        add({ key: `contact:${contact.id}:${index}`, name: contact.name, target: entry.value, label: entry.label, source: 'contact' });
      }
    });
  }
  for (let index = history.length - 1; index >= 0 && found.length < limit * 2; index -= 1) {
    const record = history[index]!;
    const target = addressOf(record.remoteUri);
    const name = record.remoteName?.trim() || undefined;
    if (matches(query, { name, target })) add({ key: `history:${record.id}`, name, target, accountId: record.accountId, source: 'history' });
  }
  return found.slice(0, limit);
}
