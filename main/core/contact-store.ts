/**
 * The saved contacts (contacts.json). Entries the schema does not recognise
 * (a hand-edited or future-version file) stay in the file untouched and are
 * skipped, never dropped.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ContactSchema, type Contact, type ContactInput } from '../../app/contact';
import type { DataFile } from './data-file';
import { EntryList, isEntryWithId } from './entry-list';

/** contacts.json: anything else in it is moved aside rather than overwritten (see data-file.ts). */
export const CONTACTS_DOCUMENT = z.object({ contacts: z.array(z.unknown()).optional() }).passthrough();

export class ContactStore {
  private readonly entries: EntryList<Contact>;

  constructor(file: DataFile) {
    this.entries = new EntryList(file, 'contacts', ContactSchema);
  }

  list(): Contact[] {
    return this.entries.list();
  }

  get(id: string): Contact | undefined {
    return this.list().find((contact) => contact.id === id);
  }

  /** Adds validated contacts in one write (an import of thousands is one write, not thousands). */
  add(...inputs: readonly ContactInput[]): Contact[] {
    const added = inputs.map((input) => ({ id: randomUUID(), ...input }));
    this.entries.write([...this.entries.raw(), ...added]);
    return added;
  }

  update(id: string, input: ContactInput): Contact | undefined {
    let updated: Contact | undefined;
    const entries = this.entries.raw().map((entry) => {
      if (!isEntryWithId(entry, id)) return entry;
      updated = { id, ...input };
      return updated;
    });
    if (updated) this.entries.write(entries);
    return updated;
  }

  remove(id: string): boolean {
    return this.entries.remove(id);
  }
}
