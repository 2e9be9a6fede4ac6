import assert from 'node:assert/strict';
import { test } from 'node:test';
import { voicemailTarget } from '../../../app/voicemail';

test('the Voicemail button dials the number set in the account before the box the server named', () => {
  const status = { availability: 'active' as const, isWaiting: true, messageAccount: 'sip:*97@example.com' };
  assert.equal(voicemailTarget('*98', status), '*98');
  assert.equal(voicemailTarget('  ', status), 'sip:*97@example.com');
  assert.equal(voicemailTarget(undefined, status), 'sip:*97@example.com');
  assert.equal(voicemailTarget(undefined, { availability: 'unknown', isWaiting: false }), undefined);
});
