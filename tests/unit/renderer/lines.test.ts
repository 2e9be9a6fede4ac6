import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CallView } from '../../../renderer/store/call-view';
import { isCallWaiting, linesToHold, otherConnectedCalls } from '../../../renderer/store/lines';

function call(id: string, change: Partial<CallView> = {}): CallView {
  return {
    id,
    accountId: 'a',
    direction: 'outgoing',
    remoteUri: `sip:${id}@example.com`,
    phase: 'connected',
    hasEarlyMedia: false,
    startedAt: 0,
    isMuted: false,
    isOnHold: false,
    isHeldRemotely: false,
    ...change,
  };
}

const ids = (calls: readonly CallView[]) => calls.map((c) => c.id);

test('placing a new call holds every active line', () => {
  const calls = [call('bob'), call('carol', { isOnHold: true }), call('dave', { phase: 'ringing' })];
  assert.deepEqual(ids(linesToHold(calls, undefined)), ['bob']);
});

test('switching to a line holds the others but never itself', () => {
  const bob = call('bob', { isOnHold: true });
  const calls = [bob, call('carol')];
  assert.deepEqual(ids(linesToHold(calls, bob)), ['carol']);
});

test('a conference counts as one line', () => {
  const bob = call('bob', { conferenceId: 'c1' });
  const calls = [bob, call('carol', { conferenceId: 'c1' }), call('dave')];
  assert.deepEqual(ids(linesToHold(calls, bob)), ['dave']);
});

test('a call about to be replaced is not held', () => {
  const incoming = call('bob2', { direction: 'incoming', phase: 'connecting' });
  assert.deepEqual(ids(linesToHold([call('alice'), incoming], incoming, ['alice'])), []);
});

test('call waiting: a call rings here during another call', () => {
  const ringing = call('carol', { direction: 'incoming', phase: 'ringing' });
  assert.equal(isCallWaiting([call('bob'), ringing]), true);
  assert.equal(isCallWaiting([ringing]), false);
  assert.equal(isCallWaiting([call('bob', { phase: 'ended' }), ringing]), false);
});

test('merge and transfer candidates: other connected calls outside our conference', () => {
  const bob = call('bob', { conferenceId: 'c1' });
  const calls = [bob, call('carol', { conferenceId: 'c1' }), call('dave', { isOnHold: true }), call('erin', { phase: 'ringing' })];
  assert.deepEqual(ids(otherConnectedCalls(calls, bob)), ['dave']);
});
