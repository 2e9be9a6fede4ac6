/**
 * Calls between two of our softphones whose accounts speak SIP over UDP to a
 * real Kamailio: signalling only (INVITE, 180, 200, ACK, BYE; media needs
 * the gateway), every SDP through the account's translator, and datagrams
 * lost on purpose on the way.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SessionState } from 'sip.js';
import type { SdpCrossing, SdpTranslator } from '../../main/core/sdp-translator';
import { startTestCore, type TestCore } from '../support/core-fixture';
import { startKamailio, type KamailioServer } from '../support/kamailio';
import { startLossyUdpRelay, type LossyUdpRelay } from '../support/lossy-udp-relay';
import { NodeCallWindow } from '../support/node-call-window';
import { waitFor } from '../support/wait-for';

/** Passes SDP unchanged, marking it so the far side can tell it crossed, and records what it saw. */
class RecordingTranslator implements SdpTranslator {
  readonly crossings: SdpCrossing[] = [];
  readonly ended: string[] = [];
  constructor(private readonly mark: string) {}
  async translate(crossing: SdpCrossing) {
    this.crossings.push(crossing);
    return { ok: true as const, sdp: `${crossing.sdp.replace(/\r\n$/, '')}\r\na=x-crossed:${this.mark}-${crossing.direction}\r\n` };
  }
  callEnded(callId: string): void {
    this.ended.push(callId);
  }
}

/** The crossings a translator saw, a repeated one (the INVITE resent with credentials) once. */
function steps(translator: RecordingTranslator): string[] {
  const all = translator.crossings.map((c) => `${c.direction} ${c.method} ${c.status ?? ''}`.trim());
  return all.filter((step, index) => step !== all[index - 1]);
}

describe('calls over UDP between two softphones through a real Kamailio', () => {
  let kamailio: KamailioServer;
  before(async () => {
    kamailio = await startKamailio();
  });
  after(async () => {
    await kamailio?.stop();
  });

  async function phoneFor(user: 'alice' | 'bob', serverUrl: string, translator: SdpTranslator): Promise<{ phone: TestCore; id: string }> {
    const phone = startTestCore({ tuning: { sdpTranslator: translator } });
    const id = await phone.addAccount({ sipAddress: `${user}@${kamailio.domain}`, password: kamailio.users[user]!, serverUrl, transport: 'udp' });
    return { phone, id };
  }

  test('alice calls bob, bob answers, alice hangs up: every SDP crosses the translator in order, and both calls end there', async () => {
    const aliceSdp = new RecordingTranslator('alice');
    const bobSdp = new RecordingTranslator('bob');
    const alice = await phoneFor('alice', `127.0.0.1:${kamailio.udpPort}`, aliceSdp);
    const bob = await phoneFor('bob', `127.0.0.1:${kamailio.udpPort}`, bobSdp);
    const aliceWindow = new NodeCallWindow(alice.phone.core);
    const bobWindow = new NodeCallWindow(bob.phone.core, { answersCalls: true });
    try {
      await alice.phone.waitForStatus(alice.id, 'registered');
      await bob.phone.waitForStatus(bob.id, 'registered');
      await aliceWindow.open(alice.id);
      await bobWindow.open(bob.id);
      const call = await aliceWindow.call(`sip:bob@${kamailio.domain}`);
      await waitFor('the call established', () => call.state === SessionState.Established);
      assert.equal(bobWindow.calls.length, 1);
      assert.equal(bobWindow.calls[0]!.answered, true);
      // The offer left alice's main translated (again after the proxy's 407), reached bob's main and
      // was translated there for bob's window; the answer came back the same way.
      assert.deepEqual(steps(aliceSdp), ['to-provider INVITE', 'to-renderer INVITE 200']);
      assert.deepEqual(steps(bobSdp), ['to-renderer INVITE', 'to-provider INVITE 200']);
      assert.match(bobSdp.crossings[0]!.sdp, /a=x-crossed:alice-to-provider/);
      assert.match(aliceSdp.crossings.at(-1)!.sdp, /a=x-crossed:bob-to-provider/);
      await call.bye();
      await waitFor('the call ended on both sides', () => call.state === SessionState.Terminated && bobSdp.ended.includes(call.request.callId));
      assert.ok(aliceSdp.ended.includes(call.request.callId));
    } finally {
      await aliceWindow.close();
      await bobWindow.close();
      await alice.phone.stop();
      await bob.phone.stop();
    }
  });

  test('with the first copy of every REGISTER, INVITE and BYE lost, alice still registers, calls and hangs up', async () => {
    let relay: LossyUdpRelay | undefined;
    relay = await startLossyUdpRelay(kamailio.udpPort, ['REGISTER', 'INVITE', 'BYE']);
    const alice = await phoneFor('alice', relay.address, new RecordingTranslator('alice'));
    const bobSdp = new RecordingTranslator('bob');
    const bob = await phoneFor('bob', `127.0.0.1:${kamailio.udpPort}`, bobSdp);
    const aliceWindow = new NodeCallWindow(alice.phone.core);
    const bobWindow = new NodeCallWindow(bob.phone.core, { answersCalls: true });
    try {
      // sip.js alone would wait 32 s for a REGISTER that was lost, then give up.
      await alice.phone.waitForStatus(alice.id, 'registered', 8_000);
      await bob.phone.waitForStatus(bob.id, 'registered');
      await aliceWindow.open(alice.id);
      await bobWindow.open(bob.id);
      const call = await aliceWindow.call(`sip:bob@${kamailio.domain}`);
      await waitFor('the call established', () => call.state === SessionState.Established, 8_000);
      await call.bye();
      await waitFor('bob saw the BYE', () => bobSdp.ended.includes(call.request.callId), 8_000);
      for (const method of ['REGISTER', 'INVITE', 'BYE']) {
        assert.ok(relay.dropped.includes(method), `a ${method} was dropped: ${relay.dropped.join(', ')}`);
        assert.ok(relay.forwarded.includes(method), `a ${method} was resent: ${relay.forwarded.join(', ')}`);
      }
    } finally {
      await aliceWindow.close();
      await bobWindow.close();
      await alice.phone.stop();
      await bob.phone.stop();
      await relay.close();
    }
  });
});
