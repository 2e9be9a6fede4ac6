/**
 * A contact: a name, one or more numbers or SIP addresses each with a label,
 * and a favourite flag. main keeps them (contacts.json); the renderer shows
 * them, dials them and names callers with them.
 */
import { z } from 'zod';
import { RecordIdSchema } from './record-id';
import { fail, ok, type Result } from './result';

/** The labels the UI offers by name; anything else is the user's own words. */
export const STANDARD_NUMBER_LABELS = ['mobile', 'work', 'home', 'extension', 'other'] as const;
export type StandardNumberLabel = (typeof STANDARD_NUMBER_LABELS)[number];

export const MAX_NUMBERS_PER_CONTACT = 20;

export const ContactNumberSchema = z.object({
  /** `mobile`, `work`, `home`, `extension`, `other`, or free text. */
  label: z.string().max(40),
  /** A phone number as typed, a user name, or a SIP address (with or without `sip:`). */
  value: z.string().max(256),
});
export type ContactNumber = z.infer<typeof ContactNumberSchema>;

export const ContactInputSchema = z.object({
  name: z.string().max(200),
  numbers: z.array(ContactNumberSchema).max(MAX_NUMBERS_PER_CONTACT),
  isFavourite: z.boolean(),
});
export type ContactInput = z.infer<typeof ContactInputSchema>;

export const ContactIdSchema = RecordIdSchema;

export const ContactSchema = ContactInputSchema.extend({ id: ContactIdSchema });
export type Contact = z.infer<typeof ContactSchema>;

/**
 * The label a number gets until the user picks one: a SIP name or address
 * (`bob`, `sip:bob@pbx`) or a short internal number (`201`) is an
 * extension, anything that looks like a phone number a mobile.
 */
export function suggestedNumberLabel(value: string): StandardNumberLabel {
  const bare = value.trim().replace(/^(?:sips?|tel):/i, '');
  if (bare === '') return 'mobile';
  if (/[@a-z]/i.test(bare)) return 'extension';
  const digits = bare.replace(/\D/g, '');
  return digits.length <= 6 && !bare.startsWith('+') ? 'extension' : 'mobile';
}

export function isStandardLabel(label: string): label is StandardNumberLabel {
  return (STANDARD_NUMBER_LABELS as readonly string[]).includes(label);
}

/**
 * Trims and checks a contact before it is saved. Runs in the form for
 * instant feedback and again in main, which trusts nothing from IPC.
 */
export function validateContactInput(input: ContactInput): Result<ContactInput> {
  const name = input.name.replace(/\s+/g, ' ').trim();
  const numbers = input.numbers
    .map((entry) => ({ label: entry.label.trim() || 'other', value: entry.value.trim() }))
    .filter((entry) => entry.value !== '');
  if (name === '') return fail('contact-name-empty', 'Enter a name for this contact.');
  if (numbers.length === 0) return fail('contact-number-empty', 'Enter at least one number or SIP address.');
  const unusable = numbers.find((entry) => !isDialable(entry.value));
  if (unusable) return fail('contact-number-format', `"${unusable.value}" is neither a phone number nor a SIP address.`);
  return ok({ name, numbers, isFavourite: input.isFavourite });
}

/** Loose on purpose: the dial step says precisely what is wrong; this only refuses obvious junk. */
function isDialable(value: string): boolean {
  return /^(?:(?:sips?|tel):)?[^\s<>"]+(?:@[^\s<>"]+)?$/i.test(value.replace(/[\s().\-]/g, ''));
}

/** File formats contacts can be exported to. */
export const ContactExportFormatSchema = z.enum(['vcard-3', 'vcard-4', 'csv']);
export type ContactExportFormat = z.infer<typeof ContactExportFormatSchema>;

/** A file the user picked, read by the renderer (works in Electron and the browser host alike). */
export const ContactImportRequestSchema = z.object({
  fileName: z.string().max(260),
  text: z.string().max(4_000_000),
});

/** A line an import could not use; `code` (with `name`, `value`, `expected`) lets the UI say it in the user's language. */
export interface ContactImportIssue {
  /** 1-based line in the file the user picked. */
  readonly line: number;
  readonly code: string;
  /** English, for logs and for codes the UI has no words for. */
  readonly message: string;
  readonly name?: string;
  readonly value?: string;
  readonly expected?: number;
}

export interface ContactImportSummary {
  readonly imported: number;
  /** Contacts already saved with the same name and numbers. */
  readonly duplicates: number;
  /** The first problems, by line; `issueCount` says how many there were in all. */
  readonly issues: readonly ContactImportIssue[];
  readonly issueCount: number;
}

/**
 * Where an export went: saved where the user chose (Electron's save
 * dialog), cancelled, or handed back as text for the page to download
 * (the browser host has no dialog).
 */
export type ContactExportResult =
  | { readonly kind: 'saved'; readonly path: string; readonly count: number }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'content'; readonly fileName: string; readonly mimeType: string; readonly content: string; readonly count: number };
