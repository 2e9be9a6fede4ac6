import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planPickup } from '../../../../app/sip/pickup';

const line = 'sip:user001@example.test';

test('a ringing call the server shows is picked up from its caller with Replaces, tags as the caller sees them', () => {
  assert.deepEqual(planPickup(line, { callId: 'c1@h', localTag: 'callee', remoteTag: 'caller', caller: 'sip:alice@example.test' }, undefined), {
    kind: 'replaces',
    target: 'sip:alice@example.test',
    replaces: 'c1@h;to-tag=caller;from-tag=callee;early-only',
  });
});

test('without the dialog (or without its tags or caller) the pickup prefix is dialled before the line', () => {
  assert.deepEqual(planPickup(line, undefined, undefined), { kind: 'prefix', target: '*8user001' });
  assert.deepEqual(planPickup(line, { callId: 'c1', caller: 'sip:alice@example.test' }, '**'), { kind: 'prefix', target: '**user001' });
  assert.deepEqual(planPickup(line, { callId: 'c1', localTag: 'a', remoteTag: 'b' }, ' '), { kind: 'prefix', target: '*8user001' });
});
