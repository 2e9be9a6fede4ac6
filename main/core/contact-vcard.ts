/**
 * vCard 2.1/3.0/4.0 import and 3.0/4.0 export of contacts, on the `vcf`
 * library.
 *
 * @remarks
 * `vcf` parses one well-formed card's properties and parameters and formats
 * cards, but it needs CRLF line endings (an LF-only file silently yields
 * empty cards), skips malformed lines without saying where, neither escapes
 * nor unescapes text values (`\,` `\;` `\n`), and upper-cases every 3.0
 * parameter. So this module cuts the file into cards itself, keeping line
 * numbers for the report, hands each card to `vcf` with CRLFs, and escapes
 * values both ways. Free-text labels travel as Apple/Google-style grouped
 * `X-ABLabel` properties, whose values `vcf` leaves alone.
 */
import vCard from 'vcf';
import { isStandardLabel, validateContactInput, type Contact, type ContactImportIssue, type ContactNumber } from '../../app/contact';
import { invalidContactIssue, splitLines, type ParsedContacts } from './contact-import-report';
import { describeError } from '../../app/result';

export type VCardVersion = '3.0' | '4.0';

interface LogicalLine {
  readonly line: number;
  readonly text: string;
}

interface CardLines {
  readonly line: number;
  readonly lines: LogicalLine[];
}

const CONTENT_LINE = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)?(?:;[^:]*)?:/;

export function parseVCards(text: string): ParsedContacts {
  const issues: ContactImportIssue[] = [];
  const contacts: ParsedContacts['contacts'] = [];
  for (const card of cardsOf(unfold(splitLines(text)), issues)) {
    let parsed: vCard;
    try {
      parsed = new vCard().parse(cardText(card));
    } catch (error) {
      issues.push({ line: card.line, code: 'card-unreadable', message: `This card could not be read (${describeError(error)}); skipped.` });
      continue;
    }
    const input = { name: nameOf(parsed), numbers: numbersOf(parsed), isFavourite: isFavourite(parsed) };
    const valid = validateContactInput(input);
    if (valid.ok) contacts.push(valid.value);
    else issues.push(invalidContactIssue(card.line, input.name, valid.error));
  }
  return { contacts, issues: issues.sort((a, b) => a.line - b.line) };
}

export function formatVCards(contacts: readonly Contact[], version: VCardVersion): string {
  return contacts.map((contact) => formatCard(contact, version)).join(vCard.EOL) + vCard.EOL;
}

/** Joins folded lines (RFC 6350 §3.2) and vCard 2.1 quoted-printable soft breaks; keeps each start line. */
function unfold(physical: readonly string[]): LogicalLine[] {
  const logical: { line: number; text: string }[] = [];
  physical.forEach((text, index) => {
    const previous = logical[logical.length - 1];
    if (previous && /^[ \t]/.test(text)) {
      previous.text += text.slice(1);
    } else if (previous && /QUOTED-PRINTABLE/i.test(previous.text) && previous.text.endsWith('=')) {
      previous.text = previous.text.slice(0, -1) + text;
    } else {
      logical.push({ line: index + 1, text });
    }
  });
  return logical;
}

/** BEGIN…END blocks; anything outside one, and lines that are not `NAME[;params]:value`, are reported. */
function cardsOf(lines: readonly LogicalLine[], issues: ContactImportIssue[]): CardLines[] {
  const cards: CardLines[] = [];
  let current: CardLines | undefined;
  for (const entry of lines) {
    const trimmed = entry.text.trim();
    if (/^BEGIN:VCARD$/i.test(trimmed)) {
      if (current) issues.push({ line: current.line, code: 'card-not-closed', message: 'This card has no END:VCARD; skipped.' });
      current = { line: entry.line, lines: [] };
    } else if (/^END:VCARD$/i.test(trimmed)) {
      if (current) cards.push(current);
      else issues.push({ line: entry.line, code: 'end-without-begin', message: 'END:VCARD without a BEGIN:VCARD; ignored.' });
      current = undefined;
    } else if (trimmed === '') {
      continue;
    } else if (!current) {
      issues.push({ line: entry.line, code: 'outside-card', message: 'Text outside a card (BEGIN:VCARD … END:VCARD); ignored.' });
    } else if (!CONTENT_LINE.test(trimmed)) {
      issues.push({ line: entry.line, code: 'not-a-property', value: trimmed.slice(0, 40), message: `"${trimmed.slice(0, 40)}" is not a vCard property line; ignored.` });
    } else {
      current.lines.push({ line: entry.line, text: trimmed });
    }
  }
  if (current) issues.push({ line: current.line, code: 'card-not-closed', message: 'This card has no END:VCARD; skipped.' });
  return cards;
}

function cardText(card: CardLines): string {
  const body = card.lines.map((entry) => entry.text);
  // Liberal in what we accept: a card without VERSION is read as 3.0.
  if (!body.some((text) => /^VERSION:/i.test(text))) body.unshift('VERSION:3.0');
  return ['BEGIN:VCARD', ...body, 'END:VCARD'].join(vCard.EOL);
}

function propertiesOf(card: vCard, name: string): vCard.Property[] {
  // `vcf` camel-cases property names (X-ABLabel → xAbLabel); compare loosely.
  const wanted = name.toLowerCase().replace(/-/g, '');
  return Object.entries(card.data)
    .filter(([key]) => key.toLowerCase().replace(/-/g, '') === wanted)
    .flatMap(([, value]) => (Array.isArray(value) ? value : [value]));
}

type PropertyParams = Record<string, string | string[] | undefined>;

function paramsOf(property: vCard.Property): PropertyParams {
  return property as unknown as PropertyParams;
}

function textOf(property: vCard.Property): string {
  const raw = property.valueOf();
  const params = paramsOf(property);
  const joined = Array.isArray(raw) ? (raw as string[]).join(';') : String(raw ?? '');
  const encoding = [params.encoding, params.type].flat().map((value) => String(value ?? '').toLowerCase());
  return encoding.includes('quoted-printable') ? decodeQuotedPrintable(joined) : joined;
}

function nameOf(card: vCard): string {
  const [formatted] = propertiesOf(card, 'fn');
  if (formatted) {
    const name = unescapeText(textOf(formatted)).trim();
    if (name) return name;
  }
  const [structured] = propertiesOf(card, 'n');
  if (structured) {
    const [family = '', given = '', middle = '', prefix = '', suffix = ''] = splitStructured(textOf(structured));
    const name = [prefix, given, middle, family, suffix].filter(Boolean).join(' ').trim();
    if (name) return name;
  }
  const [organisation] = propertiesOf(card, 'org');
  return organisation ? splitStructured(textOf(organisation))[0]?.trim() ?? '' : '';
}

/** Apple and Google mark favourites with a category. */
function isFavourite(card: vCard): boolean {
  return propertiesOf(card, 'categories').some((property) =>
    splitList(textOf(property)).some((category) => /^(favou?rites?|starred( in android)?)$/i.test(category.trim())),
  );
}

function numbersOf(card: vCard): ContactNumber[] {
  const customLabels = new Map<string, string>();
  for (const label of propertiesOf(card, 'x-ablabel')) {
    const group = paramsOf(label).group;
    if (typeof group === 'string') customLabels.set(group.toLowerCase(), appleLabel(unescapeText(textOf(label))));
  }
  const labelOf = (property: vCard.Property) => {
    const group = paramsOf(property).group;
    return (typeof group === 'string' && customLabels.get(group.toLowerCase())) || labelFromTypes(paramsOf(property).type);
  };
  const phones = propertiesOf(card, 'tel').map((property) => ({ label: labelOf(property), value: stripScheme(unescapeText(textOf(property)), /^tel:/i) }));
  const sipAddresses = [...propertiesOf(card, 'impp'), ...propertiesOf(card, 'x-sip')]
    .map((property) => ({ label: labelOf(property), value: unescapeText(textOf(property)).trim() }))
    .filter((entry) => /^sips?:/i.test(entry.value) || !entry.value.includes(':'))
    .map((entry) => ({ ...entry, value: stripScheme(entry.value, /^sips?:/i) }));
  return [...phones, ...sipAddresses].filter((entry) => entry.value !== '');
}

const TYPE_TO_LABEL: Readonly<Record<string, string>> = { cell: 'mobile', mobile: 'mobile', iphone: 'mobile', work: 'work', home: 'home', fax: 'fax', pager: 'pager' };

function labelFromTypes(types: string | string[] | undefined): string {
  const list = [types ?? []].flat().map((type) => type.toLowerCase().replace(/^"|"$/g, ''));
  for (const type of list) if (TYPE_TO_LABEL[type]) return TYPE_TO_LABEL[type]!;
  const custom = list.find((type) => type.startsWith('x-'));
  return custom ? custom.slice(2) : 'other';
}

/** Apple writes its own labels as `_$!<Mobile>!$_`. */
function appleLabel(label: string): string {
  const standard = /^_\$!<(.+)>!\$_$/.exec(label)?.[1];
  if (!standard) return label;
  const lowered = standard.toLowerCase();
  return TYPE_TO_LABEL[lowered] ?? (isStandardLabel(lowered) ? lowered : standard);
}

function formatCard(contact: Contact, version: VCardVersion): string {
  const card = new vCard();
  card.set('fn', escapeText(contact.name));
  card.set('n', `${escapeText(contact.name)};;;;`);
  let group = 0;
  for (const entry of contact.numbers) {
    const isPhone = /^[+\d\s().\-/*#]+$/.test(entry.value);
    const field = isPhone ? 'tel' : 'impp';
    const value = isPhone ? entry.value : `sip:${stripScheme(entry.value, /^sips?:/i)}`;
    const type = LABEL_TO_TYPE[entry.label];
    if (type !== undefined || entry.label === 'other') {
      card.add(field, value, type ? { type } : {});
    } else {
      group += 1;
      card.add(field, value, { group: `item${group}` });
      card.add('xAblabel', escapeText(entry.label), { group: `item${group}` });
    }
  }
  if (contact.isFavourite) card.add('categories', 'Favorites');
  return card.toString(version);
}

const LABEL_TO_TYPE: Readonly<Record<string, string>> = { mobile: 'cell', work: 'work', home: 'home' };

function stripScheme(value: string, scheme: RegExp): string {
  return value.trim().replace(scheme, '');
}

function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/;/g, '\\;').replace(/\r?\n/g, '\\n');
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\,;nN])/g, (_, character: string) => (character === 'n' || character === 'N' ? '\n' : character));
}

/** Splits a structured value (N, ORG) on unescaped semicolons and unescapes each part. */
function splitStructured(value: string): string[] {
  return value.split(/(?<!\\);/).map(unescapeText);
}

function splitList(value: string): string[] {
  return value.split(/(?<!\\),/).map(unescapeText);
}

function decodeQuotedPrintable(value: string): string {
  const bytes: number[] = [];
  for (let index = 0; index < value.length; index += 1) {
    const hex = value.slice(index + 1, index + 3);
    if (value[index] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(...new TextEncoder().encode(value[index]!));
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
