/**
 * The registration manager under trouble, against real Kamailio servers on
 * loopback: restarts, a frozen server, server-side limits, and the
 * machine waking up.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startTestCore } from '../support/core-fixture';
import { expectFrozenServerNoticed } from '../support/frozen-server';
import { startKamailio } from '../support/kamailio';
import { expectRefusalCost } from '../support/refused-password';
import { startScriptedRegistrar } from '../support/scripted-registrar';
import { startSipTap } from '../support/sip-tap';
import { StatusHistory } from '../support/status-history';
import { sleep, waitFor } from '../support/wait-for';

describe('recovery', () => {
  test('a restarted server gets its accounts back within seconds; accounts on another server never flicker', async () => {
    const [serverA, serverB] = await Promise.all([startKamailio(), startKamailio()]);
    const phone = startTestCore();
    const history = new StatusHistory(phone.core);
    try {
      const onA = await Promise.all(
        ['alice', 'bob'].map((user) => phone.addAccount({ sipAddress: `${user}@${serverA.domain}`, password: serverA.users[user]!, serverUrl: serverA.wsUrl })),
      );
      const onB = await phone.addAccount({ sipAddress: `carol@${serverB.domain}`, password: serverB.users.carol!, serverUrl: serverB.wsUrl });
      await Promise.all([...onA, onB].map((id) => phone.waitForStatus(id, 'registered')));
      await sleep(5);
      const outageStart = Date.now();

      await serverA.kill();
      for (const id of onA) await phone.waitForStatus(id, 'unreachable', 5_000);
      await sleep(2_000);
      await serverA.start();
      const backAt = Date.now();
      for (const id of onA) await phone.waitForStatus(id, 'registered', 10_000);
      const recoveredIn = Math.max(...onA.map((id) => history.firstAt(id, 'registered', outageStart)! - backAt));
      assert.ok(recoveredIn < 5_000, `registered again ${recoveredIn} ms after the server was back`);

      assert.deepEqual(history.kindsSince(onB, outageStart), [], 'the account on the other server never changed');
      assert.equal(phone.account(onB)?.status.kind, 'registered');
      // The outage is in the reachability log, with its start and end.
      const periods = phone.core.snapshot.unreachablePeriods.filter((period) => onA.includes(period.accountId));
      assert.equal(periods.length, 2);
      for (const period of periods) assert.ok(period.to && period.to > period.from);
    } finally {
      await phone.stop();
      await Promise.all([serverA.stop(), serverB.stop()]);
    }
  });

  test('a frozen server (SIGSTOP) is detected as Unreachable within interval + deadline, and recovered after SIGCONT', async () => {
    const server = await startKamailio();
    const keepAliveIntervalMs = 2_000;
    const pongTimeoutMs = 2_000;
    const phone = startTestCore({ tuning: { keepAliveIntervalMs, pongTimeoutMs, reachabilityIntervalMs: 600_000 } });
    try {
      const id = await phone.addAccount({ sipAddress: `dave@${server.domain}`, password: server.users.dave!, serverUrl: server.wsUrl });
      await phone.waitForStatus(id, 'registered');
      await expectFrozenServerNoticed(phone, id, server, { keepAliveIntervalMs, pongTimeoutMs });
    } finally {
      await phone.stop();
      await server.stop();
    }
  });

  test('a wrong password stops within a few REGISTERs and is not retried, not even on resume; editing the account registers it', async () => {
    const server = await startKamailio();
    const tap = await startSipTap(server.wsUrl);
    const phone = startTestCore();
    try {
      const input = { displayName: 'Carol', sipAddress: `carol@${server.domain}`, authUser: '', password: 'wrong', serverUrl: tap.url, enabled: true };
      const id = await phone.addAccount(input);
      await phone.waitForStatus(id, 'failed');
      const sentByRefusal = expectRefusalCost(tap.count('REGISTER'));
      await phone.core.notifySystemEvent('resume'); // not even a resume retries a refused password
      await sleep(2_500);
      assert.equal(tap.count('REGISTER'), sentByRefusal, 'no REGISTER after the refusal');
      const edited = await phone.invoke('accounts:update', { id, input: { ...input, password: server.users.carol } });
      assert.equal(edited.ok, true);
      await phone.waitForStatus(id, 'registered');
    } finally {
      await phone.stop();
      await tap.close();
      await server.stop();
    }
  });

  test('503 with Retry-After is honoured', async () => {
    const registrar = await startScriptedRegistrar((index) =>
      index === 0 ? { status: 503, reason: 'Service Unavailable', headers: ['Retry-After: 2'] } : { status: 200, reason: 'OK' },
    );
    const phone = startTestCore();
    try {
      const id = await phone.addAccount({ sipAddress: 'alice@softphone.test', password: 'x', serverUrl: registrar.url });
      const failed = await phone.waitForStatus(id, 'failed');
      assert.equal(failed.status.kind === 'failed' && failed.status.statusCode, 503);
      const announced = failed.status.kind === 'failed' ? failed.status.nextRetryAt! - registrar.registers[0]! : 0;
      assert.ok(announced >= 1_900 && announced <= 2_500, `next retry announced ${announced} ms after the 503`);
      await phone.waitForStatus(id, 'registered', 5_000);
      const waited = registrar.registers[1]! - registrar.registers[0]!;
      assert.ok(waited >= 1_900 && waited < 3_000, `retried ${waited} ms after the 503`);
    } finally {
      await phone.stop();
      await registrar.close();
    }
  });

  test('a stale nonce is answered with a fresh challenge response, not taken for a wrong password', async () => {
    const challenge = (nonce: string, stale: boolean) => `WWW-Authenticate: Digest realm="softphone.test", nonce="${nonce}", algorithm=MD5${stale ? ', stale=true' : ''}`;
    const registrar = await startScriptedRegistrar((index) =>
      index === 0
        ? { status: 401, reason: 'Unauthorized', headers: [challenge('first', false)] }
        : index === 1
          ? { status: 401, reason: 'Unauthorized', headers: [challenge('second', true)] }
          : { status: 200, reason: 'OK' },
    );
    const phone = startTestCore();
    try {
      const id = await phone.addAccount({ sipAddress: 'alice@softphone.test', password: 'x', serverUrl: registrar.url });
      await phone.waitForStatus(id, 'registered', 5_000);
      assert.equal(registrar.registers.length, 3);
    } finally {
      await phone.stop();
      await registrar.close();
    }
  });

  test('423 Interval Too Brief is answered with the Min-Expires the server asked for', async () => {
    const server = await startKamailio({ minExpires: 120 });
    const tap = await startSipTap(server.wsUrl);
    const phone = startTestCore({ tuning: { registerExpiresSec: 60 } });
    try {
      const id = await phone.addAccount({ sipAddress: `bob@${server.domain}`, password: server.users.bob!, serverUrl: tap.url });
      const view = await phone.waitForStatus(id, 'registered');
      assert.ok(tap.messages.some((m) => m.direction === 'to-client' && /^SIP\/2.0 423/.test(m.text)), 'the server did answer 423');
      const lastRegister = tap.messages.filter((m) => m.direction === 'to-server' && m.text.startsWith('REGISTER ')).at(-1)!;
      assert.match(lastRegister.text, /expires\s*[=:]\s*120\b/i, "the retry asks for the Min-Expires interval");
      assert.ok(view.status.kind === 'registered' && view.status.expiresAt - Date.now() > 100_000);
    } finally {
      await phone.stop();
      await tap.close();
      await server.stop();
    }
  });

  test('resume, network back online and a clock jump each re-register at once', async () => {
    const server = await startKamailio();
    const tap = await startSipTap(server.wsUrl);
    let isOnline = true;
    let clockOffset = 0;
    const phone = startTestCore({
      isOnline: () => isOnline,
      now: () => Date.now() + clockOffset,
      supervisorTickMs: 200,
      tuning: { reachabilityIntervalMs: 600_000 },
    });
    try {
      const id = await phone.addAccount({ sipAddress: `alice@${server.domain}`, password: server.users.alice!, serverUrl: tap.url });
      await phone.waitForStatus(id, 'registered');
      const reRegisters = async (what: string, trigger: () => void) => {
        await sleep(300);
        const before = tap.count('REGISTER');
        trigger();
        await waitFor(`a REGISTER after ${what}`, () => tap.count('REGISTER') > before, 1_500);
        await phone.waitForStatus(id, 'registered');
      };
      await reRegisters('resume', () => phone.core.notifySystemEvent('resume'));
      await reRegisters('unlock', () => phone.core.notifySystemEvent('unlock'));
      isOnline = false;
      await sleep(500);
      await reRegisters('coming back online', () => (isOnline = true));
      // The machine slept without telling us: the clock jumps a minute.
      await reRegisters('a clock jump', () => (clockOffset += 60_000));
    } finally {
      await phone.stop();
      await tap.close();
      await server.stop();
    }
  });
});
