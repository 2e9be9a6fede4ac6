/** Which spellings of a caller match which saved contact number. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Contact } from '../../../app/contact';
import { ContactDirectory, countryOfLocale, numberKey } from '../../../app/number-matching';

const MATCHES: readonly { saved: string; remote: string; region?: 'GB' | 'US' | 'CN' | 'DE'; matches: boolean }[] = [
  { saved: 'bob', remote: 'sip:bob@example.org', matches: true },
  { saved: 'Bob', remote: 'sip:bob@example.org;transport=ws', matches: true },
  { saved: 'sip:bob@example.org', remote: 'bob', matches: true },
  { saved: 'bob@example.org', remote: '<sip:bob@example.org>', matches: true },
  { saved: 'bob', remote: 'sip:bobby@example.org', matches: false },
  { saved: '+44 20 7946 0018', remote: '02079460018', region: 'GB', matches: true },
  { saved: '+44 20 7946 0018', remote: 'sip:02079460018@pbx.example', region: 'GB', matches: true },
  { saved: '(020) 7946-0018', remote: 'sip:+442079460018@pbx.example', region: 'GB', matches: true },
  { saved: '020.7946.0018', remote: 'tel:+44-20-7946-0018', region: 'GB', matches: true },
  { saved: '0044 20 7946 0018', remote: '+442079460018', region: 'DE', matches: true },
  { saved: '+44 20 7946 0018', remote: '02079460018', region: 'DE', matches: false },
  { saved: '650.253.0000', remote: '+1 (650) 253-0000', region: 'US', matches: true },
  { saved: '138 0013 8000', remote: 'sip:+8613800138000@sip.example.cn', region: 'CN', matches: true },
  { saved: '1001', remote: 'sip:1001@pbx.example', matches: true },
  { saved: '10-01', remote: 'sip:1001@pbx.example', matches: true },
  { saved: '1001', remote: 'sip:1002@pbx.example', matches: false },
  { saved: 'sip:%2B15551234@x', remote: '+15551234', matches: true },
];

for (const row of MATCHES) {
  test(`${row.saved} ${row.matches ? 'matches' : 'does not match'} ${row.remote}${row.region ? ` in ${row.region}` : ''}`, () => {
    const contact: Contact = { id: 'c1', name: 'Someone', isFavourite: false, numbers: [{ label: 'work', value: row.saved }] };
    const directory = new ContactDirectory([contact], row.region);
    assert.equal(directory.find(row.remote)?.contact.name, row.matches ? 'Someone' : undefined);
  });
}

test('a contact with several numbers is found by each, with the label of the one that matched', () => {
  const zhang: Contact = {
    id: 'c2',
    name: '张伟',
    isFavourite: true,
    numbers: [
      { label: 'mobile', value: '138 0013 8000' },
      { label: 'Office desk', value: 'sip:zhangwei@corp.example' },
    ],
  };
  const directory = new ContactDirectory([zhang], 'CN');
  assert.equal(directory.find('+8613800138000')?.label, 'mobile');
  assert.equal(directory.find('sip:ZhangWei@corp.example')?.label, 'Office desk');
});

test('nothing usable matches nothing', () => {
  assert.equal(numberKey('sip:@example.org'), '');
  assert.equal(new ContactDirectory([{ id: 'c', name: 'X', isFavourite: false, numbers: [{ label: 'other', value: 'x' }] }]).find(''), undefined);
});

test('the default region comes from the locale when it names a country', () => {
  assert.equal(countryOfLocale('en-GB'), 'GB');
  assert.equal(countryOfLocale('zh-Hans-CN'), 'CN');
  assert.equal(countryOfLocale('en'), undefined);
  assert.equal(countryOfLocale('en-ZZ'), undefined);
});
