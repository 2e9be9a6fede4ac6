import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSipfragStatus, transferStateFromStatus } from '../../../app/sipfrag';

test('a sipfrag status line gives its code and reason', () => {
  assert.deepEqual(parseSipfragStatus('SIP/2.0 180 Ringing'), { statusCode: 180, reasonPhrase: 'Ringing' });
  assert.deepEqual(parseSipfragStatus('SIP/2.0 486 Busy Here\r\nVia: x\r\n'), { statusCode: 486, reasonPhrase: 'Busy Here' });
  assert.deepEqual(parseSipfragStatus('SIP/2.0 200'), { statusCode: 200, reasonPhrase: '' });
});

test('anything that is not a status line is ignored', () => {
  assert.equal(parseSipfragStatus(''), undefined);
  assert.equal(parseSipfragStatus('INVITE sip:bob@example.com SIP/2.0'), undefined);
  assert.equal(parseSipfragStatus('SIP/2.0 OK'), undefined);
});

test('the transfer state follows the transferee INVITE status', () => {
  assert.equal(transferStateFromStatus(100), 'requested');
  assert.equal(transferStateFromStatus(180), 'ringing');
  assert.equal(transferStateFromStatus(183), 'ringing');
  assert.equal(transferStateFromStatus(200), 'succeeded');
  assert.equal(transferStateFromStatus(486), 'failed');
  assert.equal(transferStateFromStatus(603), 'failed');
});
