import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callFailureFromRejection, callFailureFromStatus } from '../../../app/sip-failure';

test('every final reason the user must tell apart has its own code', () => {
  const codeOf = (status: number) => callFailureFromStatus(status).code;
  assert.equal(codeOf(486), 'busy');
  assert.equal(codeOf(600), 'busy');
  assert.equal(codeOf(603), 'declined');
  assert.equal(codeOf(404), 'not-found');
  assert.equal(codeOf(604), 'not-found');
  assert.equal(codeOf(480), 'unavailable');
  assert.equal(codeOf(408), 'timeout');
});

test('the status code travels with the reason, and the English fallback is words', () => {
  const declined = callFailureFromStatus(603, 'Decline');
  assert.equal(declined.statusCode, 603);
  assert.equal(declined.message, 'Declined');
  assert.match(callFailureFromStatus(408).message, /No answer/);
});

test('other codes say the code and the reason phrase', () => {
  assert.deepEqual(callFailureFromStatus(415, 'Unsupported Media Type'), {
    code: 'failed',
    statusCode: 415,
    message: 'Call failed (415: Unsupported Media Type)',
  });
  assert.equal(callFailureFromStatus(502, 'Bad Gateway').code, 'server-error');
  assert.match(callFailureFromStatus(502, 'Bad Gateway').message, /502: Bad Gateway/);
  assert.equal(callFailureFromStatus(499).message, 'Call failed (499)');
});

test('a 488 from main’s media gateway is worded by the code in its Warning, any other 488 by its status', () => {
  assert.equal(callFailureFromRejection(488, 'Not Acceptable Here', '399 softphone "no-common-codec"').code, 'no-common-codec');
  assert.equal(callFailureFromRejection(488, 'Not Acceptable Here', '399 softphone "media-gateway-down"').code, 'media-gateway-down');
  assert.equal(callFailureFromRejection(488, 'Not Acceptable Here', '399 softphone "something-else"').code, 'not-acceptable');
  assert.equal(callFailureFromRejection(488, 'Not Acceptable Here', '399 other.example "no-common-codec"').code, 'not-acceptable');
  assert.equal(callFailureFromRejection(486, 'Busy Here').code, 'busy');
});
