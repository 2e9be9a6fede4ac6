/**
 * CSV import and export of contacts, on papaparse.
 *
 * Our own layout is `name,label,number,label,number,…,favourite`. Import is
 * liberal: columns are recognised by their header, so Google exports
 * (`First Name`, `Last Name`, `Phone 1 - Label`, `Phone 1 - Value`, values
 * joined by ` ::: `) and Outlook exports (`Mobile Phone`, `Business Phone`,
 * `Home Phone` …) read too. A row that cannot be used is reported with the
 * line it starts on and the rest is imported.
 */
import Papa from 'papaparse';
import { isStandardLabel, validateContactInput, type Contact, type ContactImportIssue, type ContactNumber } from '../../app/contact';
import { invalidContactIssue, type ParsedContacts } from './contact-import-report';

type Column =
  | { readonly kind: 'name' | 'given' | 'middle' | 'family' | 'organisation' | 'favourite' | 'ignored' }
  | { readonly kind: 'label'; readonly pair: string }
  | { readonly kind: 'number'; readonly pair: string }
  | { readonly kind: 'fixed-number'; readonly label: string };

const NAME_HEADERS: Readonly<Record<string, Column['kind']>> = {
  name: 'name',
  'full name': 'name',
  'display name': 'name',
  'file as': 'name',
  contact: 'name',
  姓名: 'name',
  名字: 'name',
  'first name': 'given',
  'given name': 'given',
  'middle name': 'middle',
  'additional name': 'middle',
  'last name': 'family',
  'family name': 'family',
  surname: 'family',
  company: 'organisation',
  organization: 'organisation',
  organisation: 'organisation',
  'organization 1 - name': 'organisation',
  favourite: 'favourite',
  favorite: 'favourite',
  starred: 'favourite',
};

const FIXED_NUMBER_HEADERS: readonly { readonly pattern: RegExp; readonly label: string }[] = [
  { pattern: /^(mobile|cell|mobile phone|cell phone|手机)( \d+)?$/, label: 'mobile' },
  { pattern: /^(work|business|work phone|business phone|company main phone|office)( \d+)?$/, label: 'work' },
  { pattern: /^(home|home phone)( \d+)?$/, label: 'home' },
  { pattern: /^(sip|sip address|sip uri)( \d+)?$/, label: 'other' },
  { pattern: /^(phone|telephone|tel|other phone|primary phone|电话)( \d+)?$/, label: 'other' },
  { pattern: /^(business fax|home fax|other fax|fax)$/, label: 'fax' },
  { pattern: /^pager$/, label: 'pager' },
];

const FAVOURITE_VALUES = /^(1|true|yes|y|x|\*|★|favou?rites?|starred)$/i;

export function parseContactsCsv(text: string): ParsedContacts {
  const rows = rowsOf(text.replace(/^\uFEFF/, ''));
  const issues: ContactImportIssue[] = [];
  const contacts: ParsedContacts['contacts'] = [];
  const headerRow = rows.findIndex((row) => !isBlank(row.fields));
  if (headerRow === -1) return { contacts, issues: [{ line: 1, code: 'empty-file', message: 'The file is empty.' }] };
  const columns = classifyHeader(rows[headerRow]!.fields);
  if (!columns.some((column) => column.kind === 'number' || column.kind === 'fixed-number')) {
    return { contacts, issues: [{ line: rows[headerRow]!.line, code: 'no-number-column', message: 'The first line names no number column (expected a header such as name,label,number).' }] };
  }
  for (const row of rows.slice(headerRow + 1)) {
    if (isBlank(row.fields)) continue;
    if (row.errors.length > 0) {
      issues.push({ line: row.line, code: 'csv-syntax', message: `${row.errors[0]}; skipped.` });
      continue;
    }
    if (row.fields.slice(columns.length).some((field) => field.trim() !== '')) {
      issues.push({ line: row.line, code: 'field-count', value: String(row.fields.length), expected: columns.length, message: `This line has ${row.fields.length} fields but the header has ${columns.length}; skipped.` });
      continue;
    }
    const input = contactOf(columns, row.fields);
    const valid = validateContactInput(input);
    if (valid.ok) contacts.push(valid.value);
    else issues.push(invalidContactIssue(row.line, input.name, valid.error));
  }
  return { contacts, issues };
}

export function formatContactsCsv(contacts: readonly Contact[]): string {
  const pairs = Math.max(1, ...contacts.map((contact) => contact.numbers.length));
  const header = ['name', ...Array.from({ length: pairs }, () => ['label', 'number']).flat(), 'favourite'];
  const rows = contacts.map((contact) => [
    contact.name,
    ...Array.from({ length: pairs }, (_, index) => [contact.numbers[index]?.label ?? '', contact.numbers[index]?.value ?? '']).flat(),
    contact.isFavourite ? 'yes' : '',
  ]);
  // The byte-order mark makes Excel read the file as UTF-8 (张伟, not å¼ ä¼Ÿ).
  return `\uFEFF${Papa.unparse([header, ...rows], { newline: '\r\n' })}\r\n`;
}

interface CsvRow {
  readonly line: number;
  readonly fields: string[];
  readonly errors: string[];
}

/**
 * Rows with the line each starts on. An unterminated quote would swallow the
 * rest of the file into one field, so its row is reported and reading
 * resumes on the next line.
 */
function rowsOf(text: string): CsvRow[] {
  const lineStarts = lineStartOffsets(text);
  const rows: CsvRow[] = [];
  let from = 0;
  while (from < text.length) {
    let cursor = from;
    let resumeAt: number | undefined;
    Papa.parse<string[]>(text.slice(from), {
      header: false,
      skipEmptyLines: false,
      step: (result, handle) => {
        const start = cursor;
        cursor = from + result.meta.cursor;
        const line = lineOf(lineStarts, start);
        const errors = result.errors.map((error) => error.message);
        rows.push({ line, fields: result.data, errors });
        if (result.errors.some((error) => error.code === 'MissingQuotes')) {
          resumeAt = lineStarts[line];
          handle.abort();
        }
      },
    });
    if (resumeAt === undefined) break;
    from = resumeAt;
  }
  return rows;
}

function classifyHeader(fields: readonly string[]): Column[] {
  let pair = 0;
  let lastLabelPair: string | undefined;
  return fields.map((raw): Column => {
    const header = raw.trim().toLowerCase().replace(/\s+/g, ' ');
    const google = /^phone (\d+) - (type|label|value)$/.exec(header);
    if (google) return google[2] === 'value' ? { kind: 'number', pair: `google-${google[1]}` } : { kind: 'label', pair: `google-${google[1]}` };
    if (header === 'label' || header === 'type') {
      pair += 1;
      lastLabelPair = `own-${pair}`;
      return { kind: 'label', pair: lastLabelPair };
    }
    if (header === 'number' || header === 'value' || header === 'address') {
      // A number right after its label shares it; one on its own has none.
      const shared = lastLabelPair;
      lastLabelPair = undefined;
      return shared ? { kind: 'number', pair: shared } : { kind: 'fixed-number', label: 'other' };
    }
    lastLabelPair = undefined;
    const named = NAME_HEADERS[header];
    if (named) return { kind: named } as Column;
    const fixed = FIXED_NUMBER_HEADERS.find((candidate) => candidate.pattern.test(header));
    return fixed ? { kind: 'fixed-number', label: fixed.label } : { kind: 'ignored' };
  });
}

function contactOf(columns: readonly Column[], fields: readonly string[]) {
  const text = (kind: Column['kind']) =>
    columns
      .flatMap((column, index) => (column.kind === kind ? [fields[index]?.trim() ?? ''] : []))
      .filter(Boolean)
      .join(' ');
  const name = text('name') || [text('given'), text('middle'), text('family')].filter(Boolean).join(' ') || text('organisation');
  const labels = new Map<string, string>();
  columns.forEach((column, index) => {
    if (column.kind === 'label') labels.set(column.pair, normaliseLabel(fields[index] ?? ''));
  });
  const numbers: ContactNumber[] = [];
  columns.forEach((column, index) => {
    if (column.kind !== 'number' && column.kind !== 'fixed-number') return;
    const label = column.kind === 'number' ? labels.get(column.pair) || 'other' : column.label;
    // Google joins several values of one field with " ::: ".
    for (const value of (fields[index] ?? '').split(':::')) {
      if (value.trim() !== '') numbers.push({ label, value: value.trim() });
    }
  });
  return { name, numbers, isFavourite: FAVOURITE_VALUES.test(text('favourite')) };
}

/** Google writes `* Mobile` for the primary number and `Mobile ::: Work` for joined values. */
function normaliseLabel(label: string): string {
  const cleaned = label.replace(/^\*\s*/, '').split(':::')[0]!.trim();
  const lowered = cleaned.toLowerCase();
  if (lowered === 'cell') return 'mobile';
  if (isStandardLabel(lowered)) return lowered;
  return cleaned;
}

function isBlank(fields: readonly string[]): boolean {
  return fields.every((field) => field.trim() === '');
}

function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (character === '\n' || (character === '\r' && text[index + 1] !== '\n')) starts.push(index + 1);
  }
  return starts;
}

/** 1-based line holding the character at `offset` (skipping the line break a row cursor may sit on). */
function lineOf(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}
