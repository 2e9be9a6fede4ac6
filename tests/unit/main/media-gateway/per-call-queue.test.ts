import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PerCallQueue } from '../../../../main/core/media-gateway/per-call-queue';

/** A promise the test settles when it chooses, so "slow" is as slow as the test says. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

test('a call\'s second request waits for its first; another call\'s runs at once', async () => {
  const queue = new PerCallQueue();
  const order: string[] = [];
  const slowAnswer = deferred();
  const first = queue.run('slow', async () => {
    order.push('slow: answer started');
    await slowAnswer.promise;
    order.push('slow: answer done');
  });
  const second = queue.run('slow', async () => {
    order.push('slow: close');
  });
  const other = queue.run('other', async () => {
    order.push('other: open');
  });
  await other;
  assert.deepEqual(order, ['slow: answer started', 'other: open'], 'the other call did not wait, the slow call\'s close did');
  slowAnswer.resolve();
  await Promise.all([first, second]);
  assert.deepEqual(order, ['slow: answer started', 'other: open', 'slow: answer done', 'slow: close']);
});

test('a failed request does not stop the call\'s next one', async () => {
  const queue = new PerCallQueue();
  const failing = deferred();
  const failed = queue.run('call', () => failing.promise);
  let ranAfter = false;
  const next = queue.run('call', async () => {
    ranAfter = true;
  });
  failing.reject(new Error('werift refused the offer'));
  await assert.rejects(failed, /werift refused/);
  await next;
  assert.equal(ranAfter, true);
});

test('calls whose requests are all done leave nothing behind', async () => {
  const queue = new PerCallQueue();
  await Promise.all(Array.from({ length: 50 }, (_, index) => queue.run(`call-${index % 5}`, async () => undefined)));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(queue.busyCalls, 0);
});
