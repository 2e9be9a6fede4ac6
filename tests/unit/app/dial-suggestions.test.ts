import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CallRecord } from '../../../app/call-history';
import type { Contact } from '../../../app/contact';
import { dialSuggestions } from '../../../app/dial-suggestions';

const contacts: Contact[] = [
  { id: 'c1', name: 'Bob Builder', isFavourite: false, numbers: [{ label: 'mobile', value: '+44 20 7946 0018' }, { label: 'work', value: 'bob@example.com' }] },
  { id: 'c2', name: '张伟', isFavourite: false, numbers: [{ label: 'mobile', value: '1001' }] },
  { id: 'c3', name: 'Zoë Ångström', isFavourite: true, numbers: [{ label: 'home', value: 'zoe@example.com' }] },
];

function record(id: string, remoteUri: string, remoteName?: string): CallRecord {
  return { id, accountId: 'a1', direction: 'incoming', remoteUri, remoteName, startedAt: 1, endedAt: 2 };
}

const history: CallRecord[] = [
  record('h1', 'sip:carol@example.com', 'Carol'),
  record('h2', 'sip:bob@example.com;transport=ws', 'Bob'),
  record('h3', 'sip:2001@pbx.test'),
];

const targets = (query: string) => dialSuggestions(query, contacts, history).map((suggestion) => suggestion.target);

describe('dial suggestions', () => {
  test('contacts by name (ignoring case and accents), number digits and SIP address', () => {
    assert.deepEqual(targets('bob'), ['+44 20 7946 0018', 'bob@example.com']);
    assert.deepEqual(targets('zoe'), ['zoe@example.com']);
    assert.deepEqual(targets('79460018'), ['+44 20 7946 0018']);
    assert.deepEqual(targets('example.com'), ['zoe@example.com', 'bob@example.com', 'carol@example.com']);
  });

  test('Chinese names by pinyin, initials and characters', () => {
    for (const query of ['zhangwei', 'zhang wei', 'zw', 'zhangw', '张']) assert.deepEqual(targets(query), ['1001'], query);
    assert.deepEqual(targets('wz'), []);
  });

  test('history parties by name and address, newest first, the account they used, each target once', () => {
    const carol = dialSuggestions('carol', contacts, history);
    assert.deepEqual(carol.map((entry) => [entry.target, entry.name, entry.accountId, entry.source]), [['carol@example.com', 'Carol', 'a1', 'history']]);
    assert.deepEqual(targets('200'), ['2001@pbx.test']);
    // bob@example.com is a contact's address already: the history's copy is not offered again.
    assert.equal(dialSuggestions('bob', contacts, history).filter((entry) => entry.source === 'history').length, 0);
  });

  test('nothing for an empty query; at most the limit', () => {
    assert.deepEqual(targets('  '), []);
    assert.equal(dialSuggestions('e', contacts, history, 2).length, 2);
  });
});
