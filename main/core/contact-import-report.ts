/** What an import found: the contacts it could read and, by line, what it could not. */
import type { ContactImportIssue, ContactInput } from '../../app/contact';
import type { AppError } from '../../app/result';

export interface ParsedContacts {
  readonly contacts: ContactInput[];
  readonly issues: ContactImportIssue[];
}

/** Physical lines of a text file whatever its line endings, without a byte-order mark. */
export function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
}

/** A card or row that read fine but is not a usable contact (no name, no number …). */
export function invalidContactIssue(line: number, name: string, error: AppError): ContactImportIssue {
  const value = /"([^"]*)"/.exec(error.message)?.[1];
  return { line, code: error.code, name: name || undefined, value, message: `${name ? `${name}: ` : ''}${error.message} Skipped.` };
}
