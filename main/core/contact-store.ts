/**
 * The saved contacts (contacts.json). Entries the schema does not recognise
 * (a hand-edited or future-version file) stay in the file untouched and are
 * skipped, never dropped.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ContactSchema, type Contact, type ContactInput } from '../../app/contact';
import type { DataFile } from './data-file';

const CONTACTS_KEY = 'contacts';

export class ContactStore {
  constructor(private readonly file: DataFile) {}

  list(): Contact[] {
    return this.rawEntries().flatMap((entry) => {
      const parsed = ContactSchema.safeParse(entry);
      return parsed.success ? [parsed.data] : [];
    });
  }

  get(id: string): Contact | undefined {
    return this.list().find((contact) => contact.id === id);
  }

  /** Adds validated contacts in one write (an import of thousands is one write, not thousands). */
  add(...inputs: readonly ContactInput[]): Contact[] {
    const added = inputs.map((input) => ({ id: randomUUID(), ...input }));
    this.file.set(CONTACTS_KEY, [...this.rawEntries(), ...added]);
    return added;
  }

  update(id: string, input: ContactInput): Contact | undefined {
    let updated: Contact | undefined;
    const entries = this.rawEntries().map((entry) => {
      if (!isEntryWithId(entry, id)) return entry;
      updated = { id, ...input };
      return updated;
    });
    if (updated) this.file.set(CONTACTS_KEY, entries);
    return updated;
  }

  remove(id: string): boolean {
    const entries = this.rawEntries();
    const kept = entries.filter((entry) => !isEntryWithId(entry, id));
    if (kept.length === entries.length) return false;
    this.file.set(CONTACTS_KEY, kept);
    return true;
  }

  private rawEntries(): unknown[] {
    const parsed = z.array(z.unknown()).safeParse(this.file.get(CONTACTS_KEY) ?? []);
    return parsed.success ? parsed.data : [];
  }
}

function isEntryWithId(entry: unknown, id: string): boolean {
  return typeof entry === 'object' && entry !== null && (entry as { id?: unknown }).id === id;
}
