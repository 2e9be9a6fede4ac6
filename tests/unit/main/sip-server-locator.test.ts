/**
 * The order a provider's SRV set is tried in (RFC 2782): by priority, and by
 * weight within one priority, as a resolver's client would draw it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { srvOrder } from '../../../main/core/sip-server-locator';

const records = [
  { name: 'backup', port: 5060, priority: 20, weight: 0 },
  { name: 'heavy', port: 5060, priority: 10, weight: 90 },
  { name: 'light', port: 5060, priority: 10, weight: 10 },
];

test('a lower priority is always tried first; within one priority, heavier records are drawn first most of the time', () => {
  let seed = 7;
  const random = (): number => ((seed = (seed * 16_807) % 2_147_483_647) - 1) / 2_147_483_646;
  let heavyFirst = 0;
  for (let round = 0; round < 1_000; round += 1) {
    const order = srvOrder(records, random).map((record) => record.name);
    assert.equal(order.at(-1), 'backup');
    assert.deepEqual([...order].sort(), ['backup', 'heavy', 'light']);
    if (order[0] === 'heavy') heavyFirst += 1;
  }
  assert.ok(heavyFirst > 800 && heavyFirst < 980, `heavy first ${heavyFirst} times in 1000`);
});
