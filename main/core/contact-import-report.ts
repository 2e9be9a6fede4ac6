/** What an import found: the contacts it could read and, by line, what it could not. */
import type { ContactInput } from '../../app/contact';

export interface ImportIssue {
  /** 1-based line in the file the user picked. */
  readonly line: number;
  readonly message: string;
}

export interface ParsedContacts {
  readonly contacts: ContactInput[];
  readonly issues: ImportIssue[];
}

/** Physical lines of a text file whatever its line endings, without a byte-order mark. */
export function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
}
