import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rehearseSipCall } from '../../../../renderer/sip/sip-call-rehearsal';

test('the rehearsal takes sip.js through a whole call: challenged INVITE, authorized INVITE, answer, ACK, BYE', async (t) => {
  const warnings: unknown[] = [];
  t.mock.method(console, 'warn', (...args: unknown[]) => warnings.push(args));
  const sent = await rehearseSipCall();
  assert.deepEqual(sent, ['INVITE', 'ACK', 'INVITE (authorized)', 'ACK', 'BYE']);
  assert.deepEqual(warnings, [], 'it finished without giving up');
});
