import assert from 'node:assert/strict';
import { test } from 'node:test';
import { iceServersKey, PREPARED_LEG_MAX_AGE_MS, staleLegReason, type PreparedLegFacts } from '../../../../renderer/sip/outgoing-leg-freshness';

const STUN = [{ urls: 'stun:stun.example.com:3478' }];
const fresh: PreparedLegFacts = { madeAt: 1_000, iceServersKey: iceServersKey(STUN), networkEpoch: 0, isGathered: true, candidateCount: 2, signalingState: 'have-local-offer' };
const now = { now: 2_000, iceServersKey: iceServersKey(STUN), networkEpoch: 0 };

test('a leg gathered a moment ago, on this network, with these servers, carries the next call', () => {
  assert.equal(staleLegReason(fresh, now), undefined);
  assert.equal(staleLegReason(fresh, { ...now, now: fresh.madeAt + PREPARED_LEG_MAX_AGE_MS - 1 }), undefined);
});

test('a leg a few minutes old is made again', () => {
  assert.equal(staleLegReason(fresh, { ...now, now: fresh.madeAt + PREPARED_LEG_MAX_AGE_MS }), 'too-old');
});

test('a network change (an online event since it gathered) makes it stale', () => {
  assert.equal(staleLegReason(fresh, { ...now, networkEpoch: 1 }), 'network-changed');
});

test('changed STUN/TURN servers make it stale, a TURN password included', () => {
  assert.equal(staleLegReason(fresh, { ...now, iceServersKey: iceServersKey([]) }), 'ice-servers-changed');
  const turn = (credential: string) => iceServersKey([{ urls: 'turn:turn.example.com', username: 'u', credential }]);
  assert.notEqual(turn('old'), turn('new'));
  assert.equal(iceServersKey([...STUN]), iceServersKey(STUN), 'the same servers give the same key');
});

test('a leg that gathered nothing, or is still gathering, is not used', () => {
  assert.equal(staleLegReason({ ...fresh, candidateCount: 0 }, now), 'no-candidates');
  assert.equal(staleLegReason({ ...fresh, isGathered: false }, now), 'not-gathered');
});

test('a leg whose offer is gone (closed, or taken by a call) is never handed out', () => {
  assert.equal(staleLegReason({ ...fresh, signalingState: 'closed' }, now), 'not-an-offer');
  assert.equal(staleLegReason({ ...fresh, signalingState: 'stable' }, now), 'not-an-offer');
});
