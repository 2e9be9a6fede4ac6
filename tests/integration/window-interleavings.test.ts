/**
 * Defect 5 of issue 10: an incoming call right after the window closes was
 * lost without a trace. Here, over many seeded interleavings of the window
 * closing (and a new one opening, as the shell does when a call needs it)
 * with an incoming INVITE, the caller's side (a scripted server) checks
 * that every INVITE rang or got a final response, that every one ends with
 * a final response once the caller hangs up, and that each is in history.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startTestCore } from '../support/core-fixture';
import { NodeCallWindow } from '../support/node-call-window';
import { digestChallenge, startScriptedRegistrar, type ScriptedRegistrar } from '../support/scripted-registrar';
import { seededRandom as seeded } from '../support/sip-fuzzer';
import { sleep, waitFor } from '../support/wait-for';

const INTERLEAVINGS = 20;
const SEED = 0x5eed10;

function invite(callId: string, caller: string, method = 'INVITE'): string {
  return [
    `${method} sip:alice@softphone.test SIP/2.0`,
    `Via: SIP/2.0/WS proxy.test;branch=z9hG4bK${callId.replace(/\W/g, '')}`,
    'Max-Forwards: 70',
    'To: <sip:alice@softphone.test>',
    `From: <sip:${caller}@softphone.test>;tag=${callId}`,
    `Call-ID: ${callId}`,
    `CSeq: 1 ${method}`,
    ...(method === 'INVITE' ? [`Contact: <sip:${caller}@192.0.2.9;transport=ws>`] : []),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

function statusesFor(registrar: ScriptedRegistrar, callId: string): number[] {
  return registrar.received
    .filter((text) => text.startsWith('SIP/2.0 ') && new RegExp(`^Call-ID:\\s*${callId}\\s*$`, 'im').test(text) && /^CSeq:\s*1 INVITE/im.test(text))
    .map((text) => Number(text.slice(8, 11)));
}

describe('closing the window while calls arrive', () => {
  test(`${INTERLEAVINGS} seeded interleavings: every INVITE rings or is answered finally, ends with a final response, and is in history`, async () => {
    const random = seeded(SEED);
    const registrar = await startScriptedRegistrar((index) =>
      index === 0 ? { status: 401, reason: 'Unauthorized', headers: [digestChallenge('n1')] } : { status: 200, reason: 'OK' },
    );
    const phone = startTestCore({ tuning: { reachabilityIntervalMs: 600_000, rendererWaitMs: 1_500 } });
    const windows: NodeCallWindow[] = [];
    try {
      const id = await phone.addAccount({ sipAddress: 'alice@softphone.test', password: 'x', serverUrl: registrar.url });
      await phone.waitForStatus(id, 'registered', 5_000);
      let current = new NodeCallWindow(phone.core);
      windows.push(current);
      await current.open(id);
      for (let round = 0; round < INTERLEAVINGS; round += 1) {
        const callId = `call-${round}`;
        const caller = `caller${round}`;
        const closeAfter = Math.floor(random() * 60);
        const inviteAfter = Math.floor(random() * 60);
        const reopenAfter = closeAfter + Math.floor(random() * 400);
        const closing = current;
        const next = new NodeCallWindow(phone.core);
        windows.push(next);
        await Promise.all([
          sleep(closeAfter).then(() => closing.close()),
          sleep(inviteAfter).then(() => registrar.sendToClients(invite(callId, caller))),
          sleep(reopenAfter).then(() => next.open(id)),
        ]);
        current = next;
        const heard = await waitFor(`${callId} rang or was answered (close ${closeAfter} ms, INVITE ${inviteAfter} ms, reopen ${reopenAfter} ms)`, () => {
          const statuses = statusesFor(registrar, callId);
          return statuses.some((status) => status === 180 || status >= 300) ? statuses : undefined;
        }, 5_000);
        // The caller hangs up; whoever holds the call must end it.
        if (!heard.some((status) => status >= 300)) registrar.sendToClients(invite(callId, caller, 'CANCEL'));
        await waitFor(`${callId} got a final response`, () => statusesFor(registrar, callId).some((status) => status >= 300), 5_000);
        await waitFor(`${callId} in history`, () =>
          phone.core.snapshot.history.some((record) => record.remoteUri === `sip:${caller}@softphone.test` || record.id === callId),
        3_000);
      }
      const finals = Array.from({ length: INTERLEAVINGS }, (_, round) => statusesFor(registrar, `call-${round}`).filter((status) => status >= 300).length);
      assert.ok(finals.every((count) => count >= 1), `final responses per call: ${finals.join(', ')}`);
    } finally {
      await Promise.all(windows.map((window) => window.close()));
      await phone.stop();
      await registrar.close();
    }
  });
});
