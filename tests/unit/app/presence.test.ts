import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contactPresenceOf, ownPresenceOf } from '../../../app/presence';

test('the own status: DND wins, then a call under way ("on the phone"), then the choice', () => {
  assert.equal(ownPresenceOf('away', false, []), 'away');
  assert.equal(ownPresenceOf('away', true, [{ direction: 'outgoing', phase: 'connected' }]), 'dnd');
  assert.equal(ownPresenceOf('available', false, [{ direction: 'outgoing', phase: 'calling' }]), 'on-the-phone');
  assert.equal(ownPresenceOf('busy', false, [{ direction: 'incoming', phase: 'connected' }]), 'on-the-phone');
  // An incoming call that only rings is not a call under way yet; an ended one no longer is.
  assert.equal(ownPresenceOf('busy', false, [{ direction: 'incoming', phase: 'ringing' }]), 'busy');
  assert.equal(ownPresenceOf('available', false, [{ direction: 'outgoing', phase: 'ended' }]), 'available');
});

test("a contact with several watched addresses shows the one that tells something", () => {
  const entry = (state: 'unknown' | 'away' | 'not-offered') => ({ contactId: 'c', accountId: 'a', target: `sip:${state}@x`, state });
  assert.equal(contactPresenceOf([entry('unknown'), entry('away')]), 'away');
  assert.equal(contactPresenceOf([entry('not-offered'), entry('unknown')]), 'not-offered');
  assert.equal(contactPresenceOf([]), undefined);
});
