/** Searching contacts by name or number, whatever the case and accents. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Contact } from '../../../app/contact';
import { contactMatchesQuery, sortContacts } from '../../../app/contact-search';

const zoe: Contact = { id: '1', name: 'Zoë Ångström', isFavourite: false, numbers: [{ label: 'mobile', value: '+44 (20) 7946-0018' }] };
const zhang: Contact = { id: '2', name: '张伟', isFavourite: true, numbers: [{ label: 'work', value: 'sip:ZhangWei@corp.example' }] };

test('names match without case or accents', () => {
  for (const query of ['zoe', 'ZOË', 'angstrom', 'Ångst', ' zoë ångström ']) assert.ok(contactMatchesQuery(zoe, query), query);
  assert.ok(contactMatchesQuery(zhang, '张'));
  assert.ok(!contactMatchesQuery(zoe, 'zhang'));
});

test('numbers match by their digits whatever the separators, addresses by any part', () => {
  for (const query of ['7946 0018', '79460018', '20-7946', '+44']) assert.ok(contactMatchesQuery(zoe, query), query);
  assert.ok(contactMatchesQuery(zhang, 'zhangwei@corp'));
  assert.ok(!contactMatchesQuery(zoe, '5555'));
});

test('favourites come first, then names in order', () => {
  const bob: Contact = { id: '3', name: 'bob', isFavourite: false, numbers: [{ label: 'work', value: 'bob' }] };
  assert.deepEqual(sortContacts([zoe, bob, zhang], 'en').map((contact) => contact.id), ['2', '3', '1']);
});

test('Chinese names are found by their pinyin and its initials', () => {
  for (const query of ['zhangwei', 'zhang wei', 'ZhangW', 'wei', 'zw', 'z']) assert.ok(contactMatchesQuery(zhang, query), query);
  assert.ok(!contactMatchesQuery(zhang, 'li'));
  assert.ok(!contactMatchesQuery(zhang, 'wz'));
});

test('in the Chinese UI, Chinese and Latin names sort together by pinyin', () => {
  const named = (id: string, name: string): Contact => ({ id, name, isFavourite: false, numbers: [{ label: 'work', value: id }] });
  const people = [named('zhang', '张伟'), named('bob', 'Bob'), named('li', '李娜'), named('amy', 'Amy'), named('chen', '陈静'), named('zed', 'Zed'), named('an', '安妮')];
  assert.deepEqual(sortContacts(people, 'zh-CN').map((contact) => contact.id), ['amy', 'an', 'bob', 'chen', 'li', 'zed', 'zhang']);
  // The English UI keeps its collator's order (Latin first).
  assert.deepEqual(sortContacts(people, 'en').slice(0, 3).map((contact) => contact.id), ['amy', 'bob', 'zed']);
});
