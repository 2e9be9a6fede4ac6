import assert from 'node:assert/strict';
import { test } from 'node:test';
import { declineOrHangUp } from '../../../renderer/store/call-keys';
import type { CallControls, CallView } from '../../../renderer/store/call-view';

function call(id: string, change: Partial<CallView> = {}): CallView {
  return {
    id, accountId: 'a', direction: 'outgoing', remoteUri: `sip:${id}@example.com`, phase: 'connected',
    hasEarlyMedia: false, startedAt: 0, isMuted: false, isOnHold: false, isHeldRemotely: false, ...change,
  };
}

/** What Esc did, as the calls' other sides would see it: who got a BYE (or CANCEL) and who a decline. */
function pressEscape(calls: CallView[]): { hungUp: string[]; declined: string[]; didSomething: boolean } {
  const hungUp: string[] = [];
  const declined: string[] = [];
  const controls = { hangUp: (id: string) => hungUp.push(id), decline: (id: string) => declined.push(id) } as unknown as CallControls;
  const didSomething = declineOrHangUp(controls, calls);
  return { hungUp, declined, didSomething };
}

test('Esc in a conference ends the conference: every call of it, not one leg', () => {
  const calls = [call('bob', { conferenceId: 'c1' }), call('carol', { conferenceId: 'c1' })];
  assert.deepEqual(pressEscape(calls).hungUp, ['bob', 'carol']);
});

test('Esc ends the line in use, not a call waiting on hold before it in the list', () => {
  const calls = [call('bob', { isOnHold: true }), call('carol')];
  assert.deepEqual(pressEscape(calls).hungUp, ['carol']);
});

test('with no line in use, Esc ends the newest call still going on (being placed, or held); a ringing call is declined first', () => {
  assert.deepEqual(pressEscape([call('bob', { isOnHold: true }), call('carol', { phase: 'calling' })]).hungUp, ['carol']);
  const ringing = call('dave', { direction: 'incoming', phase: 'ringing' });
  assert.deepEqual(pressEscape([call('bob'), ringing]), { hungUp: [], declined: ['dave'], didSomething: true });
  assert.equal(pressEscape([call('bob', { phase: 'ended' })]).didSomething, false);
});
