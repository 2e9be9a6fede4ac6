/**
 * The keep-alive rule all connections share, as the server sees it: pings
 * after an interval of silence, death declared only for a ping that had to
 * be answered.
 */
import assert from 'node:assert/strict';
import { beforeEach, mock, test } from 'node:test';
import { KeepAliveWatch, type PingExpectation } from '../../../main/core/keep-alive-watch';

beforeEach(() => {
  mock.timers.reset();
  mock.timers.enable({ apis: ['setTimeout'] });
});

function watch(expectation: PingExpectation): { pings: number[]; deaths: number[]; watch: KeepAliveWatch; now: () => number; tick: (ms: number) => void } {
  let now = 0;
  const pings: number[] = [];
  const deaths: number[] = [];
  const keepAlive = new KeepAliveWatch({
    intervalMs: 1_000,
    pongTimeoutMs: 300,
    hasJitter: false,
    isOpen: () => true,
    ping: () => {
      pings.push(now);
      return expectation;
    },
    onDead: () => deaths.push(now),
  });
  const tick = (ms: number): void => {
    for (let step = 0; step < ms; step += 10) {
      now += 10;
      mock.timers.tick(10);
    }
  };
  return { pings, deaths, watch: keepAlive, now: () => now, tick };
}

test('a server silent after a ping it must answer is dead at interval + deadline; one heard in time lives on', () => {
  const { pings, deaths, watch: keepAlive, tick } = watch('answer');
  keepAlive.schedule();
  tick(1_100);
  assert.deepEqual(pings, [1_000]);
  keepAlive.heard(); // the pong
  tick(900);
  assert.deepEqual(deaths, []);
  tick(500); // the next ping at 2 100, then silence
  assert.deepEqual(pings, [1_000, 2_100]);
  assert.deepEqual(deaths, [2_400]);
  keepAlive.stop();
});

test('a ping whose answer is not known to come (maybe) or never comes (none) never declares death, and pings go on', () => {
  for (const expectation of ['maybe', 'none'] as const) {
    const { pings, deaths, watch: keepAlive, tick } = watch(expectation);
    keepAlive.schedule();
    tick(4_000);
    assert.deepEqual(deaths, []);
    assert.ok(pings.length >= 3, `${expectation}: ${pings.length} pings`);
    keepAlive.stop();
  }
});
