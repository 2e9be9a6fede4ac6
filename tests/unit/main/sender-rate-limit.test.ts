import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SenderRateLimit } from '../../../main/core/sender-rate-limit';

const options = { perSender: { burst: 3, refillMs: 2_000 }, overall: { burst: 10, refillMs: 100 }, maxSenders: 5 };

test('a sender beyond its burst is refused with 486 and the seconds until it may send again', () => {
  let now = 0;
  const limit = new SenderRateLimit(options, () => now);
  for (let i = 0; i < 3; i += 1) assert.deepEqual(limit.admit('sip:dave@x'), { isAdmitted: true });
  assert.deepEqual(limit.admit('sip:dave@x'), { isAdmitted: false, statusCode: 486, retryAfterSec: 2 });
  // Another sender is not held up by dave.
  assert.deepEqual(limit.admit('sip:erin@x'), { isAdmitted: true });
  now = 2_000;
  assert.deepEqual(limit.admit('sip:dave@x'), { isAdmitted: true });
  assert.equal(limit.admit('sip:dave@x').isAdmitted, false);
});

test('a flood over many senders meets the overall limit (503), and memory stays bounded', () => {
  let now = 0;
  const limit = new SenderRateLimit(options, () => now);
  const answers = Array.from({ length: 12 }, (_, i) => limit.admit(`sip:forged${i}@x`));
  assert.equal(answers.filter((answer) => answer.isAdmitted).length, 10);
  assert.deepEqual(answers[11], { isAdmitted: false, statusCode: 503, retryAfterSec: 1 });
  for (let i = 0; i < 10_000; i += 1) {
    now += 100;
    limit.admit(`sip:forged${i}@x`);
  }
  assert.ok(limit.trackedSenders <= 5, `at most maxSenders buckets (${limit.trackedSenders})`);
});
