import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Backoff } from '../../../main/core/backoff';

test('delays grow exponentially with jitter, are capped, and reset', () => {
  const low = new Backoff({ initialMs: 1_000, maxMs: 30_000, random: () => 0 });
  assert.deepEqual(Array.from({ length: 7 }, () => low.next()), [500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000]);
  const high = new Backoff({ initialMs: 1_000, maxMs: 30_000, random: () => 0.999999 });
  assert.deepEqual(Array.from({ length: 7 }, () => high.next()), [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  high.reset();
  assert.equal(high.next(), 1_000);
});
