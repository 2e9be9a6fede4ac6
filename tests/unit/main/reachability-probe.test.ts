/**
 * The probe's cadence and its answers: over UDP a restarted registrar is
 * only noticed by the probe, so it runs at least every 30 s there; a
 * registrar that answers the probe itself stops the probing instead of
 * making a working account look unreachable.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { CONNECTIONLESS_PROBE_INTERVAL_MS, ReachabilityProbe } from '../../../main/core/reachability-probe';

const HOUR_MS = 3_600_000;

function probeOver(isConnectionless: boolean) {
  const sent: string[] = [];
  let lost = 0;
  const probe = new ReachabilityProbe(
    { intervalMs: 180_000, timeoutMs: 8_000, keepAliveIntervalMs: 25_000 },
    {
      send: (token) => {
        sent.push(token);
        return true;
      },
      answersCrlf: () => true,
      isConnectionless: () => isConnectionless,
      onProof: () => undefined,
      onLost: () => {
        lost += 1;
      },
    },
  );
  return { probe, sent, lostCount: () => lost };
}

beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
afterEach(() => mock.timers.reset());

test('over UDP the probe comes every 30 s; over a connection, at the configured 3 minutes', () => {
  for (const [isConnectionless, expectedMs] of [
    [true, CONNECTIONLESS_PROBE_INTERVAL_MS],
    [false, 180_000],
  ] as const) {
    const { probe, sent } = probeOver(isConnectionless);
    probe.schedule(0);
    mock.timers.tick(0);
    assert.equal(sent.length, 1);
    probe.onArrived(sent[0]!);
    mock.timers.tick(expectedMs - 1);
    assert.equal(sent.length, 1, 'not yet');
    mock.timers.tick(1);
    assert.equal(sent.length, 2, `the next probe after ${expectedMs} ms`);
    probe.stop();
  }
});

test('a 200 to a probe that never came back means the server answers for us: no loss, no more probes until a new connection', () => {
  const { probe, sent, lostCount } = probeOver(false);
  probe.schedule(0);
  mock.timers.tick(0);
  assert.equal(probe.onAnswered(sent[0]!, 200), true);
  mock.timers.tick(HOUR_MS);
  assert.equal(lostCount(), 0);
  assert.equal(sent.length, 1);
  assert.equal(probe.cannotProve, true);
  probe.resetServer();
  probe.schedule(0);
  mock.timers.tick(0);
  assert.equal(sent.length, 2, 'a new connection is probed again');
  probe.stop();
});

test('a 404 to the probe (no binding) is not "answered for us": the deadline still counts it lost', () => {
  const { probe, sent, lostCount } = probeOver(false);
  probe.schedule(0);
  mock.timers.tick(0);
  assert.equal(probe.onAnswered(sent[0]!, 404), false);
  mock.timers.tick(8_000);
  assert.equal(lostCount(), 1);
  probe.stop();
});

test('the 200 our own answer produces after the probe came back changes nothing', () => {
  const { probe, sent, lostCount } = probeOver(false);
  probe.schedule(0);
  mock.timers.tick(0);
  probe.onArrived(sent[0]!);
  assert.equal(probe.onAnswered(sent[0]!, 200), false);
  assert.equal(probe.cannotProve, false);
  mock.timers.tick(180_000);
  assert.equal(sent.length, 2);
  assert.equal(lostCount(), 0);
  probe.stop();
});
