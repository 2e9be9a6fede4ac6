/**
 * What main does with contacts: CRUD on the store, import from a file's
 * text, export through the shell's save dialog (or back to the page as
 * text). Every change bumps a revision the snapshot carries, so renderers
 * fetch the list only when it changed: a list of thousands never rides on
 * every call-state snapshot.
 */
import {
  validateContactInput,
  type Contact,
  type ContactExportFormat,
  type ContactExportResult,
  type ContactImportSummary,
  type ContactInput,
} from '../../app/contact';
import { describeError, fail, ok, type Result } from '../../app/result';
import { formatContactsCsv, parseContactsCsv } from './contact-csv';
import type { ParsedContacts } from './contact-import-report';
import type { ContactStore } from './contact-store';
import { formatVCards, parseVCards } from './contact-vcard';

/** A file for the user to save; the shell shows its save dialog. */
export interface ExportFile {
  readonly suggestedName: string;
  readonly mimeType: string;
  readonly extension: string;
  readonly content: string;
}

/** Saves where the user picks; resolves to the path, or undefined when they cancel. */
export type SaveFilePort = (file: ExportFile) => Promise<string | undefined>;

const ISSUES_REPORTED = 50;

export class ContactsService {
  private revisionValue = 0;

  constructor(
    private readonly store: ContactStore,
    private readonly onChange: () => void,
    private readonly saveFile?: SaveFilePort,
  ) {}

  /** Changes whenever the list does; the snapshot carries it. */
  get revision(): number {
    return this.revisionValue;
  }

  list(): Result<Contact[]> {
    return ok(this.store.list());
  }

  add(input: ContactInput): Result<{ id: string }> {
    const valid = validateContactInput(input);
    if (!valid.ok) return valid;
    const [added] = this.store.add(valid.value);
    this.changed();
    return ok({ id: added!.id });
  }

  update(id: string, input: ContactInput): Result<null> {
    const valid = validateContactInput(input);
    if (!valid.ok) return valid;
    if (!this.store.update(id, valid.value)) return contactGone();
    this.changed();
    return ok(null);
  }

  setFavourite(id: string, isFavourite: boolean): Result<null> {
    const contact = this.store.get(id);
    if (!contact) return contactGone();
    this.store.update(id, { name: contact.name, numbers: contact.numbers, isFavourite });
    this.changed();
    return ok(null);
  }

  remove(id: string): Result<null> {
    if (!this.store.remove(id)) return contactGone();
    this.changed();
    return ok(null);
  }

  import(fileName: string, text: string): Result<ContactImportSummary> {
    const parsed = parseByFormat(fileName, text);
    if (!parsed.ok) return parsed;
    const { contacts, issues } = parsed.value;
    const known = new Set(this.store.list().map(identityOf));
    const fresh = contacts.filter((contact) => {
      const identity = identityOf(contact);
      if (known.has(identity)) return false;
      known.add(identity);
      return true;
    });
    if (fresh.length > 0) {
      this.store.add(...fresh);
      this.changed();
    }
    return ok({
      imported: fresh.length,
      duplicates: contacts.length - fresh.length,
      issues: issues.slice(0, ISSUES_REPORTED),
      issueCount: issues.length,
    });
  }

  async export(format: ContactExportFormat): Promise<Result<ContactExportResult>> {
    const contacts = this.store.list();
    const file = exportFileOf(format, contacts);
    if (!this.saveFile) return ok({ kind: 'content', fileName: file.suggestedName, mimeType: file.mimeType, content: file.content, count: contacts.length });
    let path: string | undefined;
    try {
      path = await this.saveFile(file);
    } catch (error) {
      const reason = describeError(error);
      return fail('contacts-export-failed', `The file could not be written (${reason}). Try another folder.`);
    }
    return ok(path === undefined ? { kind: 'cancelled' } : { kind: 'saved', path, count: contacts.length });
  }

  private changed(): void {
    this.revisionValue += 1;
    this.onChange();
  }
}

function contactGone<T>(): Result<T> {
  return fail('contact-not-found', 'This contact no longer exists.');
}

/** Same name and same numbers (in any order): a re-import of a file adds nothing twice. */
function identityOf(contact: ContactInput): string {
  const numbers = contact.numbers.map((entry) => entry.value.replace(/[\s().\-]/g, '').toLowerCase()).sort();
  return JSON.stringify([contact.name.trim().toLowerCase(), numbers]);
}

function parseByFormat(fileName: string, text: string): Result<ParsedContacts> {
  const extension = /\.([A-Za-z]+)$/.exec(fileName)?.[1]?.toLowerCase();
  const looksLikeVCard = /^\uFEFF?\s*BEGIN:VCARD/i.test(text);
  if (extension === 'vcf' || extension === 'vcard' || looksLikeVCard) return ok(parseVCards(text));
  if (extension === 'csv' || extension === 'txt' || extension === undefined) return ok(parseContactsCsv(text));
  return fail('contacts-format', `"${fileName}" is neither a vCard (.vcf) nor a CSV (.csv) file.`);
}

function exportFileOf(format: ContactExportFormat, contacts: readonly Contact[]): ExportFile {
  if (format === 'csv') return { suggestedName: 'contacts.csv', mimeType: 'text/csv', extension: 'csv', content: formatContactsCsv(contacts) };
  return {
    suggestedName: 'contacts.vcf',
    mimeType: 'text/vcard',
    extension: 'vcf',
    content: formatVCards(contacts, format === 'vcard-3' ? '3.0' : '4.0'),
  };
}
