/**
 * What a registrar other than the friendly test Kamailio may answer, played
 * by a scripted server: nonces that expire on every refresh, a 2xx without
 * our Contact, answers with a wrong CSeq or Call-ID. What the user sees
 * (the status) and what the server sees (REGISTERs arriving) are checked.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RegistrationStatus } from '../../app/registration-status';
import { startTestCore, type TestCore } from '../support/core-fixture';
import { answeredNonce, digestChallenge, startScriptedRegistrar, type ScriptedReply } from '../support/scripted-registrar';
import { sleep, waitFor } from '../support/wait-for';

const ADDRESS = 'alice@softphone.test';

/** Every status the account showed, details included. */
function recordStatuses(phone: TestCore): RegistrationStatus[] {
  const seen: RegistrationStatus[] = [];
  phone.core.onSnapshot((snapshot) => {
    const status = snapshot.accounts[0]?.status;
    if (status && JSON.stringify(status) !== JSON.stringify(seen.at(-1))) seen.push(status);
  });
  return seen;
}

/**
 * A registrar whose nonces are good for one REGISTER each, like a server
 * with a very short nonce lifetime that sends no stale=true. `isAnswerAlsoExpired(n)`
 * makes the n-th refresh's answer meet yet another fresh nonce.
 */
function expiringNonces(isAnswerAlsoExpired: (cycle: number) => boolean = () => false) {
  let valid = '';
  let cycle = 0;
  let pendingSecondChallenge = false;
  return (index: number, request: string): ScriptedReply => {
    const nonce = answeredNonce(request);
    if (nonce !== undefined && nonce === valid && !pendingSecondChallenge) {
      valid = '';
      return { status: 200, reason: 'OK', expiresSec: 2 };
    }
    if (nonce !== undefined && nonce === valid && pendingSecondChallenge) pendingSecondChallenge = false;
    else if (nonce !== undefined) {
      cycle += 1;
      pendingSecondChallenge = isAnswerAlsoExpired(cycle);
    }
    valid = `nonce-${index}`;
    return { status: 401, reason: 'Unauthorized', headers: [digestChallenge(valid)] };
  };
}

describe('registration answers from other registrars', () => {
  test('a refresh answered 401 with a new nonce (no stale=true) is answered again; the account stays Registered', async () => {
    const registrar = await startScriptedRegistrar(expiringNonces((cycle) => cycle % 3 === 0));
    const phone = startTestCore({ tuning: { reachabilityIntervalMs: 600_000 } });
    const statuses = recordStatuses(phone);
    try {
      const id = await phone.addAccount({ sipAddress: ADDRESS, password: 'x', serverUrl: registrar.url });
      await phone.waitForStatus(id, 'registered', 5_000);
      const registeredAt = statuses.length;
      // Six refresh cycles of 2 s, each meeting a fresh nonce (every third also a second one).
      await waitFor('six refreshes', () => registrar.registers.length >= 2 + 6 * 2 + 2, 20_000);
      const after = statuses.slice(registeredAt).map((status) => status.kind);
      assert.deepEqual([...new Set(after)].filter((kind) => kind !== 'registered'), [], `statuses after registering: ${after.join(', ')}`);
      assert.equal(phone.account(id)?.status.kind, 'registered');
    } finally {
      await phone.stop();
      await registrar.close();
    }
  });

  test('the same challenge twice in a row is wrong credentials, and not retried', async () => {
    const registrar = await startScriptedRegistrar(() => ({ status: 401, reason: 'Unauthorized', headers: [digestChallenge('always-the-same')] }));
    const phone = startTestCore();
    try {
      const id = await phone.addAccount({ sipAddress: ADDRESS, password: 'x', serverUrl: registrar.url });
      const view = await phone.waitForStatus(id, 'failed', 5_000);
      assert.equal(view.status.kind === 'failed' && view.status.reason, 'wrong-credentials');
      assert.equal(registrar.registers.length, 2);
    } finally {
      await phone.stop();
      await registrar.close();
    }
  });

  test('a 200 that does not list our Contact is not Registered: the status says why and registration starts over', async () => {
    const answers = expiringNonces();
    const registrar = await startScriptedRegistrar((index, request) =>
      index === 1 ? { status: 200, reason: 'OK', omitContact: true } : answers(index, request),
    );
    const phone = startTestCore({ tuning: { reachabilityIntervalMs: 600_000 } });
    const statuses = recordStatuses(phone);
    try {
      const id = await phone.addAccount({ sipAddress: ADDRESS, password: 'x', serverUrl: registrar.url });
      const failed = await phone.waitForStatus(id, 'failed', 5_000);
      assert.deepEqual(failed.status.kind === 'failed' && failed.status.detail, { code: 'contact-missing', params: { statusCode: 200 } });
      assert.ok(failed.status.kind === 'failed' && failed.status.nextRetryAt, 'a retry is announced');
      await phone.waitForStatus(id, 'registered', 8_000);
      const firstRegistered = statuses.findIndex((status) => status.kind === 'registered');
      assert.ok(statuses.slice(0, firstRegistered).some((status) => status.kind === 'failed'), 'never shown Registered on the 200 without our Contact');
    } finally {
      await phone.stop();
      await registrar.close();
    }
  });

  for (const [what, mangle] of [
    ['a wrong CSeq', (reply: string) => reply.replace(/^CSeq:\s*(\d+)/im, (_line, cseq) => `CSeq: ${Number(cseq) + 7}`)],
    ['a wrong Call-ID', (reply: string) => reply.replace(/^Call-ID:\s*\S+/im, 'Call-ID: not-the-one-we-sent')],
  ] as const) {
    test(`a refresh answered 200 with ${what} counts as unanswered: the deadline fires and the account registers again`, async () => {
      const answers = expiringNonces();
      let isMangled = false;
      const registrar = await startScriptedRegistrar((index, request) => {
        const reply = answers(index, request);
        // The first refresh's accepting 200 goes wrong.
        if (reply.status === 200 && index > 1 && !isMangled) {
          isMangled = true;
          return { ...reply, mangle };
        }
        return reply;
      });
      const phone = startTestCore({ tuning: { reachabilityIntervalMs: 600_000, registerTimeoutMs: 1_500 } });
      const statuses = recordStatuses(phone);
      try {
        const id = await phone.addAccount({ sipAddress: ADDRESS, password: 'x', serverUrl: registrar.url });
        await phone.waitForStatus(id, 'registered', 5_000);
        await waitFor('the mangled answer', () => isMangled, 8_000);
        const mangledAt = registrar.registers.length;
        await phone.waitForStatus(id, 'unreachable', 5_000);
        assert.ok(statuses.some((status) => status.kind === 'unreachable' && status.detail?.code === 'registration-unanswered'));
        await phone.waitForStatus(id, 'registered', 8_000);
        assert.ok(registrar.registers.length > mangledAt, 'registered again with new REGISTERs');
      } finally {
        await phone.stop();
        await registrar.close();
      }
    });
  }
});

describe('what the user is told about a registrar that refuses for now', () => {
  test('503 with Retry-After: the status carries the code and the server\'s reason, and the retry comes when asked', async () => {
    const answers = expiringNonces();
    const registrar = await startScriptedRegistrar((index, request) =>
      index === 0 ? { status: 503, reason: 'Service Unavailable', headers: ['Retry-After: 2'] } : answers(index, request),
    );
    const phone = startTestCore({ tuning: { reachabilityIntervalMs: 600_000 } });
    try {
      const id = await phone.addAccount({ sipAddress: ADDRESS, password: 'x', serverUrl: registrar.url });
      const failed = await phone.waitForStatus(id, 'failed', 5_000);
      assert.ok(failed.status.kind === 'failed');
      assert.equal(failed.status.reason, 'server-rejected');
      assert.deepEqual(failed.status.detail, { code: 'server-rejected', params: { statusCode: 503, reason: 'Service Unavailable' } });
      const waitMs = (failed.status.nextRetryAt ?? 0) - Date.now();
      assert.ok(waitMs > 1_000 && waitMs <= 2_000, `the next attempt is when the server asked (${waitMs} ms)`);
      await phone.waitForStatus(id, 'registered', 6_000);
    } finally {
      await phone.stop();
      await registrar.close();
    }
  });
});

describe('the reachability log counts registration failures', () => {
  test('an account that falls to wrong credentials is an interruption, not "no interruptions recorded"', async () => {
    const answers = expiringNonces();
    let isRefusing = false;
    const registrar = await startScriptedRegistrar((index, request) => (isRefusing ? { status: 403, reason: 'Forbidden' } : answers(index, request)));
    const phone = startTestCore({ tuning: { reachabilityIntervalMs: 600_000 } });
    try {
      const id = await phone.addAccount({ sipAddress: ADDRESS, password: 'x', serverUrl: registrar.url });
      await phone.waitForStatus(id, 'registered', 5_000);
      assert.equal(phone.core.snapshot.unreachablePeriods.length, 0);
      isRefusing = true;
      await phone.waitForStatus(id, 'failed', 5_000);
      const periods = phone.core.snapshot.unreachablePeriods.filter((period) => period.accountId === id);
      assert.equal(periods.length, 1);
      assert.equal(periods[0]!.to, undefined, 'the interruption lasts until registered again');
      assert.deepEqual(periods[0]!.detail, { code: 'wrong-credentials', params: { statusCode: 403 } });
    } finally {
      await phone.stop();
      await registrar.close();
    }
  });
  test('a registrar that answers OPTIONS itself (Asterisk, FreeSWITCH) leaves the account Registered, and is not probed again on that connection', async () => {
    const registrar = await startScriptedRegistrar(() => ({ status: 200, reason: 'OK', expiresSec: 300 }), { answersProbesItself: true });
    const phone = startTestCore({ tuning: { reachabilityIntervalMs: 1_000, reachabilityTimeoutMs: 1_000 } });
    const statuses = recordStatuses(phone);
    try {
      const id = await phone.addAccount({ sipAddress: ADDRESS, password: 'x', serverUrl: registrar.url });
      await phone.waitForStatus(id, 'registered', 5_000);
      const registeredAt = statuses.length;
      // The first probe goes 1 s after registering; its deadline and two more intervals pass.
      await sleep(4_500);
      assert.deepEqual(statuses.slice(registeredAt).map((status) => status.kind), [], 'the account stayed Registered');
      const probes = registrar.received.filter((message) => message.startsWith('OPTIONS '));
      assert.equal(probes.length, 1, 'one probe, answered by the server, and no more');
    } finally {
      await phone.stop();
      await registrar.close();
    }
  });
});
