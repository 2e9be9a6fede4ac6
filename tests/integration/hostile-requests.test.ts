/**
 * Requests no friendly server sends, pushed by a scripted server over the
 * account's connection: the softphone answers what it cannot handle
 * (400/416), never throws out of its receive path, and the connection keeps
 * working (it still answers, the account stays Registered).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startTestCore, type TestCore } from '../support/core-fixture';
import { digestChallenge, startScriptedRegistrar, type ScriptedRegistrar } from '../support/scripted-registrar';
import { waitFor } from '../support/wait-for';

const ADDRESS = 'alice@softphone.test';

function request(firstLine: string, { callId, method, omit = [] }: { callId: string; method: string; omit?: string[] }): string {
  return [
    firstLine,
    'Via: SIP/2.0/WS proxy.test;branch=z9hG4bK' + callId.replace(/\W/g, ''),
    'Max-Forwards: 70',
    'To: <sip:alice@softphone.test>',
    'From: "Mallory" <sip:mallory@softphone.test>;tag=m1',
    `Call-ID: ${callId}`,
    `CSeq: 1 ${method}`,
    'Contact: <sip:mallory@192.0.2.9;transport=ws>',
    'Content-Length: 0',
    '',
    '',
  ]
    .filter((line) => !omit.some((name) => line.startsWith(`${name}:`)))
    .join('\r\n');
}

/** The statuses of the responses the softphone sent for `callId`, in order. */
function answersTo(registrar: ScriptedRegistrar, callId: string): number[] {
  return registrar.received
    .filter((text) => text.startsWith('SIP/2.0 ') && new RegExp(`^Call-ID:\\s*${callId}\\s*$`, 'im').test(text))
    .map((text) => Number(text.slice(8, 11)));
}

async function registeredPhone(tuning: Parameters<typeof startTestCore>[0] = {}): Promise<{ phone: TestCore; registrar: ScriptedRegistrar; id: string }> {
  const registrar = await startScriptedRegistrar((index) =>
    index === 0 ? { status: 401, reason: 'Unauthorized', headers: [digestChallenge('n1')] } : { status: 200, reason: 'OK' },
  );
  const phone = startTestCore({ tuning: { reachabilityIntervalMs: 600_000, rendererWaitMs: 1_000 }, ...tuning });
  const id = await phone.addAccount({ sipAddress: ADDRESS, password: 'x', serverUrl: registrar.url });
  await phone.waitForStatus(id, 'registered', 5_000);
  return { phone, registrar, id };
}

async function assertStillAnswers(registrar: ScriptedRegistrar, phone: TestCore, id: string, callId: string): Promise<void> {
  registrar.sendToClients(request('OPTIONS sip:alice@softphone.test SIP/2.0', { callId, method: 'OPTIONS' }));
  await waitFor(`an answer to OPTIONS ${callId}`, () => answersTo(registrar, callId).includes(200), 3_000);
  assert.equal(phone.account(id)?.status.kind, 'registered');
}

describe('hostile requests', () => {
  test('an OPTIONS with an unknown Request-URI scheme (RFC 4475 unkscm) gets 416, and the connection keeps working', async () => {
    const { phone, registrar, id } = await registeredPhone();
    try {
      registrar.sendToClients(request('OPTIONS nobodyKnowsThisScheme:totallyopaquecontent SIP/2.0', { callId: 'unkscm', method: 'OPTIONS' }));
      await waitFor('416 to unkscm', () => answersTo(registrar, 'unkscm').includes(416), 3_000);
      await assertStillAnswers(registrar, phone, id, 'after-unkscm');
    } finally {
      await phone.stop();
      await registrar.close();
    }
  });

  test('an INVITE without From gets 400 with Do not disturb on, and the connection keeps working', async () => {
    const { phone, registrar, id } = await registeredPhone();
    try {
      assert.equal((await phone.invoke('settings:update', { doNotDisturb: true })).ok, true);
      registrar.sendToClients(request('INVITE sip:alice@softphone.test SIP/2.0', { callId: 'no-from-dnd', method: 'INVITE', omit: ['From'] }));
      await waitFor('400 to the INVITE without From', () => answersTo(registrar, 'no-from-dnd').includes(400), 3_000);
      await assertStillAnswers(registrar, phone, id, 'after-no-from-dnd');
    } finally {
      await phone.stop();
      await registrar.close();
    }
  });

  test('an INVITE without From gets 400 with no window open, and the connection keeps working', async () => {
    const { phone, registrar, id } = await registeredPhone();
    try {
      registrar.sendToClients(request('INVITE sip:alice@softphone.test SIP/2.0', { callId: 'no-from-nowin', method: 'INVITE', omit: ['From'] }));
      await waitFor('400 to the INVITE without From', () => answersTo(registrar, 'no-from-nowin').includes(400), 3_000);
      await assertStillAnswers(registrar, phone, id, 'after-no-from-nowin');
    } finally {
      await phone.stop();
      await registrar.close();
    }
  });

  test('with no window: a new call rings (100, 180) and then gets 480; an unknown dialog gets 481; CANCEL of a held call gets 200 and 487; all are in history', async () => {
    const { phone, registrar } = await registeredPhone();
    try {
      registrar.sendToClients(request('INVITE sip:alice@softphone.test SIP/2.0', { callId: 'held-1', method: 'INVITE' }));
      registrar.sendToClients(request('INVITE sip:alice@softphone.test SIP/2.0', { callId: 'held-2', method: 'INVITE' }));
      await waitFor('ringing', () => answersTo(registrar, 'held-2').includes(180), 3_000);
      registrar.sendToClients(request('CANCEL sip:alice@softphone.test SIP/2.0', { callId: 'held-2', method: 'CANCEL' }).replace(/^Contact:.*\r\n/im, ''));
      registrar.sendToClients(request('BYE sip:alice@softphone.test SIP/2.0', { callId: 'unknown-dialog', method: 'BYE' }).replace('To: <sip:alice@softphone.test>', 'To: <sip:alice@softphone.test>;tag=nope'));
      await waitFor('480 to the held call', () => answersTo(registrar, 'held-1').includes(480), 3_000);
      assert.deepEqual(answersTo(registrar, 'held-1'), [100, 180, 480]);
      assert.deepEqual(answersTo(registrar, 'held-2'), [100, 180, 200, 487]);
      assert.deepEqual(answersTo(registrar, 'unknown-dialog'), [481]);
      const history = phone.core.snapshot.history;
      assert.equal(history.find((record) => record.id === 'held-1')?.outcome, 'no-window');
      assert.equal(history.find((record) => record.id === 'held-2')?.outcome, 'missed');
    } finally {
      await phone.stop();
      await registrar.close();
    }
  });
});
