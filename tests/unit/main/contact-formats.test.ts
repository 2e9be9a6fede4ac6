/** vCard 3.0/4.0 and CSV: round trips through real files, non-ASCII names, other apps' files, and malformed lines by number. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Contact } from '../../../app/contact';
import { formatContactsCsv, parseContactsCsv } from '../../../main/core/contact-csv';
import { formatVCards, parseVCards } from '../../../main/core/contact-vcard';

const folder = mkdtempSync(join(tmpdir(), 'contact-formats-'));
after(() => rmSync(folder, { recursive: true, force: true }));

const CONTACTS: Contact[] = [
  {
    id: '1',
    name: '张伟',
    isFavourite: true,
    numbers: [
      { label: 'mobile', value: '+86 138 0013 8000' },
      { label: 'work', value: 'zhangwei@corp.example' },
    ],
  },
  {
    id: '2',
    name: 'Zoë Ångström; née "Berg", Esq.',
    isFavourite: false,
    numbers: [
      { label: 'home', value: '+44 20 7946 0018' },
      { label: 'Desk, 2nd floor', value: '1001' },
      { label: '办公室', value: '(020) 7946-0019' },
      // SIP addresses come back after the phone numbers (vcf groups properties by name).
      { label: 'other', value: 'zoe' },
    ],
  },
  { id: '3', name: 'A very long name '.repeat(6).trim(), isFavourite: false, numbers: [{ label: 'work', value: 'bob' }] },
];

const withoutIds = (contacts: readonly Contact[]) => contacts.map(({ id: _, ...rest }) => rest);

function throughFile(name: string, content: string): string {
  const path = join(folder, name);
  writeFileSync(path, content, 'utf8');
  return readFileSync(path, 'utf8');
}

for (const version of ['3.0', '4.0'] as const) {
  test(`vCard ${version} round trip through a file keeps names, labels, numbers and favourites`, () => {
    const text = throughFile(`contacts-${version}.vcf`, formatVCards(CONTACTS, version));
    assert.match(text, new RegExp(`VERSION:${version.replace('.', '\\.')}`));
    const parsed = parseVCards(text);
    assert.deepEqual(parsed.issues, []);
    assert.deepEqual(parsed.contacts, withoutIds(CONTACTS));
  });
}

test('CSV round trip through a file keeps everything, with a header of name, label, number …', () => {
  const text = throughFile('contacts.csv', formatContactsCsv(CONTACTS));
  assert.match(text, /^\uFEFFname,label,number,label,number,label,number,label,number,favourite\r\n/);
  const parsed = parseContactsCsv(text);
  assert.deepEqual(parsed.issues, []);
  assert.deepEqual(parsed.contacts, withoutIds(CONTACTS));
});

test('vCard: malformed lines and cards are reported by line and the rest is imported (LF line endings too)', () => {
  const text = [
    'BEGIN:VCARD', // 1
    'VERSION:3.0',
    'FN:Zoë Ångström',
    'this line has no colon', // 4
    'TEL;TYPE=CELL:+44 20 7946',
    '  0018', // folded: the first space is the fold, the second is content
    'END:VCARD',
    'stray text', // 8
    'BEGIN:VCARD', // 9
    'VERSION:4.0',
    'FN:No Number',
    'END:VCARD',
    'BEGIN:VCARD', // 13
    'FN:张伟',
    'IMPP:sip:zhangwei@corp.example',
    'END:VCARD',
    'BEGIN:VCARD', // 17: never closed
    'FN:Unfinished',
  ].join('\n');
  const parsed = parseVCards(throughFile('broken.vcf', text));
  assert.deepEqual(
    parsed.contacts.map((contact) => [contact.name, contact.numbers.map((entry) => `${entry.label}:${entry.value}`)]),
    [
      ['Zoë Ångström', ['mobile:+44 20 7946 0018']],
      ['张伟', ['other:zhangwei@corp.example']],
    ],
  );
  assert.deepEqual(
    parsed.issues.map((issue) => issue.line),
    [4, 8, 9, 17],
  );
  assert.match(parsed.issues[2]!.message, /No Number: Enter at least one number/);
});

test('vCard 2.1 from an old phone (quoted-printable UTF-8, bare types) and Apple labels are read', () => {
  const text = [
    'BEGIN:VCARD',
    'VERSION:2.1',
    'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0;=E4=BC=9F;;;',
    'TEL;CELL;PREF:13800138000',
    'END:VCARD',
    'BEGIN:VCARD',
    'VERSION:3.0',
    'N:Ångström;Zoë;;;',
    'item1.TEL:+44 20 7946 0018',
    'item1.X-ABLabel:_$!<Mobile>!$_',
    'item2.TEL:1001',
    'item2.X-ABLabel:Lab',
    'CATEGORIES:Friends,Favorites',
    'END:VCARD',
  ].join('\r\n');
  assert.deepEqual(parseVCards(text), {
    issues: [],
    contacts: [
      { name: '伟 张', isFavourite: false, numbers: [{ label: 'mobile', value: '13800138000' }] },
      {
        name: 'Zoë Ångström',
        isFavourite: true,
        numbers: [
          { label: 'mobile', value: '+44 20 7946 0018' },
          { label: 'Lab', value: '1001' },
        ],
      },
    ],
  });
});

test('CSV: malformed lines are reported by the line they start on, and the rest is imported', () => {
  const text = [
    'name,label,number', // 1
    'Zoë Ångström,mobile,+44 20 7946 0018',
    '"张', // 3: a quoted name over two lines
    '伟",work,zhangwei@corp.example',
    '',
    'No Number,,', // 6
    'Too,many,fields,here,and,more', // 7
    'Broken,"unterminated,1', // 8
    'Bob,work,bob', // 9: read again after the broken quote
  ].join('\r\n');
  const parsed = parseContactsCsv(throughFile('broken.csv', text));
  assert.deepEqual(
    parsed.contacts.map((contact) => contact.name),
    ['Zoë Ångström', '张 伟', 'Bob'],
  );
  assert.deepEqual(
    parsed.issues.map((issue) => issue.line),
    [6, 7, 8],
  );
});

test('CSV exported by Google Contacts and by Outlook is read by its column names', () => {
  const google = [
    'First Name,Middle Name,Last Name,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,Labels',
    'Zoë,,Ångström,* Mobile,+44 20 7946 0018 ::: +44 20 7946 0019,Work,1001,* starred',
  ].join('\n');
  assert.deepEqual(parseContactsCsv(google).contacts, [
    {
      name: 'Zoë Ångström',
      isFavourite: false,
      numbers: [
        { label: 'mobile', value: '+44 20 7946 0018' },
        { label: 'mobile', value: '+44 20 7946 0019' },
        { label: 'work', value: '1001' },
      ],
    },
  ]);
  const outlook = ['"First Name","Middle Name","Last Name","Business Phone","Home Phone","Mobile Phone","E-mail Address"', '"伟","","张","010 1234 5678","","138 0013 8000","z@x.cn"'].join('\r\n');
  assert.deepEqual(parseContactsCsv(outlook).contacts, [
    {
      name: '伟 张',
      isFavourite: false,
      numbers: [
        { label: 'work', value: '010 1234 5678' },
        { label: 'mobile', value: '138 0013 8000' },
      ],
    },
  ]);
});

test('a CSV without a number column says so', () => {
  const parsed = parseContactsCsv('name,email\nZoë,z@x\n');
  assert.deepEqual(parsed.contacts, []);
  assert.match(parsed.issues[0]!.message, /no number column/);
});
