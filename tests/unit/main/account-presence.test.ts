import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSipAddress } from '../../../app/sip-address';
import { watchedAddresses } from '../../../main/core/account-presence';

test("the contacts' addresses with presence on an account: extensions and SIP addresses in its domain", () => {
  const address = parseSipAddress('alice@pbx.example.com');
  assert.ok(address.ok);
  const contacts = [
    { id: 'bob', name: 'Bob', isFavourite: false, numbers: [{ label: 'extension', value: 'bob' }, { label: 'mobile', value: '+44 7700 900123' }] },
    { id: 'carol', name: 'Carol', isFavourite: false, numbers: [{ label: 'work', value: 'sip:carol@pbx.example.com' }, { label: 'other', value: 'carol@elsewhere.org' }] },
    { id: 'desk', name: 'Desk', isFavourite: false, numbers: [{ label: 'extension', value: '201' }] },
    { id: 'bob2', name: 'Bob again', isFavourite: false, numbers: [{ label: 'extension', value: 'sip:bob@pbx.example.com' }] },
    { id: 'me', name: 'Me', isFavourite: false, numbers: [{ label: 'extension', value: 'alice' }] },
  ];
  assert.deepEqual(Object.fromEntries(watchedAddresses({ address: address.value }, contacts)), {
    'sip:bob@pbx.example.com': ['bob', 'bob2'],
    'sip:carol@pbx.example.com': ['carol'],
    'sip:201@pbx.example.com': ['desk'],
  });
});
