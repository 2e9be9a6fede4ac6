import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callProgressFromResponse } from '../../../app/call-progress';

test('180 is ringing, 183 is session progress, 183 with SDP is early media', () => {
  assert.equal(callProgressFromResponse(180, false), 'ringing');
  assert.equal(callProgressFromResponse(183, false), 'session-progress');
  assert.equal(callProgressFromResponse(183, true), 'early-media');
  assert.equal(callProgressFromResponse(181, false), 'session-progress', '181 Call Is Being Forwarded');
  assert.equal(callProgressFromResponse(182, false), 'session-progress', '182 Queued');
});

test('100 Trying and final responses are not progress', () => {
  assert.equal(callProgressFromResponse(100, false), undefined);
  assert.equal(callProgressFromResponse(200, true), undefined);
  assert.equal(callProgressFromResponse(486, false), undefined);
});
