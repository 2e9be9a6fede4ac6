/**
 * Calls between two of our softphones whose accounts speak SIP over UDP to a
 * real Kamailio: signalling only (INVITE, 180, 200, ACK, BYE; media needs
 * the gateway), every SDP through the account's translator, and datagrams
 * lost on purpose on the way.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SessionState } from 'sip.js';
import { DEFAULT_CODEC_SETTINGS } from '../../app/codec-preferences';
import type { PlainSipMedia } from '../../main/core/media-gateway/account-media';
import type { CallMediaLostListener, SdpCrossing, SdpTranslator } from '../../main/core/sdp-translator';
import { mediaRelayFailureOf } from '../../app/sip-failure';
import { startTestCore, type TestCore } from '../support/core-fixture';
import { freePort, startKamailio, type KamailioServer } from '../support/kamailio';
import { startLossyUdpRelay, type LossyUdpRelay } from '../support/lossy-udp-relay';
import { NodeCallWindow } from '../support/node-call-window';
import { runSipp } from '../support/sipp';
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
  /** What the media gateway was told of each account it made a translator for. */
  const mediaSettings: PlainSipMedia[] = [];
  before(async () => {
    kamailio = await startKamailio();
  });
  after(async () => {
    await kamailio?.stop();
  });

  async function phoneFor(user: 'alice' | 'bob', serverUrl: string, translator: SdpTranslator): Promise<{ phone: TestCore; id: string }> {
    const phone = startTestCore({
      createSdpTranslator: (settings) => {
        mediaSettings.push(settings);
        return translator;
      },
    });
    const id = await phone.addAccount({ sipAddress: `${user}@${kamailio.domain}`, password: kamailio.users[user]!, serverUrl, transport: 'udp' });
    return { phone, id };
  }

  /** Alice and bob registered over UDP with these translators and a window each (bob's answers); all stopped after `body`. */
  async function withWindowPair(
    aliceSdp: SdpTranslator,
    bobSdp: SdpTranslator,
    body: (pair: { alice: { phone: TestCore; id: string }; aliceWindow: NodeCallWindow; bobWindow: NodeCallWindow }) => Promise<void>,
  ): Promise<void> {
    const alice = await phoneFor('alice', `127.0.0.1:${kamailio.udpPort}`, aliceSdp);
    const bob = await phoneFor('bob', `127.0.0.1:${kamailio.udpPort}`, bobSdp);
    const aliceWindow = new NodeCallWindow(alice.phone.core);
    const bobWindow = new NodeCallWindow(bob.phone.core, { answersCalls: true });
    try {
      await alice.phone.waitForStatus(alice.id, 'registered');
      await bob.phone.waitForStatus(bob.id, 'registered');
      await aliceWindow.open(alice.id);
      await bobWindow.open(bob.id);
      await body({ alice, aliceWindow, bobWindow });
    } finally {
      await aliceWindow.close();
      await bobWindow.close();
      await alice.phone.stop();
      await bob.phone.stop();
    }
  }

  test('alice calls bob, bob answers, alice hangs up: every SDP crosses the translator in order, and both calls end there', async () => {
    const aliceSdp = new RecordingTranslator('alice');
    const bobSdp = new RecordingTranslator('bob');
    await withWindowPair(aliceSdp, bobSdp, async ({ alice, aliceWindow, bobWindow }) => {
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
      // The gateway learns each account's codec order and encryption when it makes its translator.
      const { publicHost, ...aliceMedia } = mediaSettings.find((settings) => settings.accountId === alice.id)!;
      assert.deepEqual(aliceMedia, { accountId: alice.id, providerHost: '127.0.0.1', codecs: DEFAULT_CODEC_SETTINGS, mediaEncryption: 'sdes-optional', isTls: false });
      // Its media address follows what the connection learned of our address (rport's received= from Kamailio).
      assert.equal(publicHost?.(), '127.0.0.1');
    });
  });

  test('media lost mid-call (the provider went silent): main hangs up itself, the far end gets a BYE, and the window\'s BYE names "media-stopped"', async () => {
    let loseMedia: CallMediaLostListener = () => undefined;
    const aliceSdp = Object.assign(new RecordingTranslator('alice'), {
      onCallMediaLost(listener: CallMediaLostListener) {
        loseMedia = listener;
        return () => undefined;
      },
    });
    const bobSdp = new RecordingTranslator('bob');
    await withWindowPair(aliceSdp, bobSdp, async ({ alice, aliceWindow, bobWindow }) => {
      const call = await aliceWindow.call(`sip:bob@${kamailio.domain}`);
      let warning: string | undefined;
      call.delegate = {
        onBye: (bye) => {
          warning = bye.request.getHeader('Warning');
          void bye.accept();
        },
      };
      await waitFor('the call established', () => call.state === SessionState.Established);
      loseMedia(call.request.callId, 'media-stopped', 'no RTP from the provider');
      await waitFor('alice\'s window to get main\'s BYE', () => call.state === SessionState.Terminated, 8_000);
      assert.equal(mediaRelayFailureOf(warning)?.code, 'media-stopped', `the BYE said ${warning}`);
      await waitFor('bob\'s side to get the BYE through the proxy', () => bobSdp.ended.includes(call.request.callId), 8_000);
      assert.ok(aliceSdp.ended.includes(call.request.callId), 'the translator released the call');
    });
  });

  test('an INVITE too large for a datagram (over 1300 bytes) goes over TCP to the same server, and the call connects', async () => {
    // A server that takes TCP on its UDP port number, as RFC 3261 §18.1.1 expects.
    const port = await freePort();
    const server = await startKamailio({ udpPort: port, tcpPort: port });
    const padding = `a=x-pad:${'p'.repeat(1_500)}`;
    const padded: SdpTranslator = {
      translate: async (crossing) => ({ ok: true, sdp: crossing.direction === 'to-provider' && crossing.method === 'INVITE' && !crossing.status ? `${crossing.sdp}${padding}\r\n` : crossing.sdp }),
      callEnded: () => undefined,
    };
    const alice = startTestCore({ createSdpTranslator: () => padded });
    const bob = startTestCore();
    const aliceId = await alice.addAccount({ sipAddress: `alice@${server.domain}`, password: server.users.alice!, serverUrl: `127.0.0.1:${port}`, transport: 'udp' });
    const bobId = await bob.addAccount({ sipAddress: `bob@${server.domain}`, password: server.users.bob!, serverUrl: `127.0.0.1:${port}`, transport: 'udp' });
    const aliceWindow = new NodeCallWindow(alice.core);
    const bobWindow = new NodeCallWindow(bob.core, { answersCalls: true });
    try {
      await alice.waitForStatus(aliceId, 'registered');
      await bob.waitForStatus(bobId, 'registered');
      await aliceWindow.open(aliceId);
      await bobWindow.open(bobId);
      const call = await aliceWindow.call(`sip:bob@${server.domain}`);
      await waitFor('the call established', () => call.state === SessionState.Established);
      assert.match(server.logs(), /request INVITE sip:bob@softphone\.test from 127\.0\.0\.1:\d+\/tcp/);
      assert.doesNotMatch(server.logs(), /request INVITE sip:bob@softphone\.test from 127\.0\.0\.1:\d+\/udp/);
      await call.bye();
      await waitFor('the call ended', () => call.state === SessionState.Terminated);
    } finally {
      await aliceWindow.close();
      await bobWindow.close();
      await alice.stop();
      await bob.stop();
      await server.stop();
    }
  });

  for (const side of ['caller', 'callee'] as const) {
    test(`an SDP the ${side}'s translator cannot map ends the call with 488 for the caller, and the translator hears the call ended`, async () => {
      const refusing: SdpTranslator & { ended: string[] } = {
        ended: [],
        translate: async () => ({ ok: false, reason: 'no-common-codec', message: 'no codec in common' }),
        callEnded(callId) {
          this.ended.push(callId);
        },
      };
      const alice = await phoneFor('alice', `127.0.0.1:${kamailio.udpPort}`, side === 'caller' ? refusing : new RecordingTranslator('alice'));
      const bob = await phoneFor('bob', `127.0.0.1:${kamailio.udpPort}`, side === 'callee' ? refusing : new RecordingTranslator('bob'));
      const aliceWindow = new NodeCallWindow(alice.phone.core);
      const bobWindow = new NodeCallWindow(bob.phone.core, { answersCalls: true });
      try {
        await alice.phone.waitForStatus(alice.id, 'registered');
        await bob.phone.waitForStatus(bob.id, 'registered');
        await aliceWindow.open(alice.id);
        await bobWindow.open(bob.id);
        let finalStatus: number | undefined;
        const call = await aliceWindow.call(`sip:bob@${kamailio.domain}`, { onReject: (response) => (finalStatus = response.message.statusCode) });
        await waitFor('the call ended', () => call.state === SessionState.Terminated);
        assert.equal(finalStatus, 488);
        assert.deepEqual(refusing.ended, [call.request.callId]);
        assert.equal(bobWindow.calls.length, 0, 'bob never rang');
      } finally {
        await aliceWindow.close();
        await bobWindow.close();
        await alice.phone.stop();
        await bob.phone.stop();
      }
    });
  }

  test('SIPp, an independent SIP stack, calls alice over UDP through the proxy; her window answers and SIPp hangs up', async () => {
    const aliceSdp = new RecordingTranslator('alice');
    const alice = await phoneFor('alice', `127.0.0.1:${kamailio.udpPort}`, aliceSdp);
    const aliceWindow = new NodeCallWindow(alice.phone.core, { answersCalls: true });
    try {
      await alice.phone.waitForStatus(alice.id, 'registered');
      await aliceWindow.open(alice.id);
      const run = await runSipp('uac-call.xml', `127.0.0.1:${kamailio.udpPort}`, { service: 'alice', localPort: await freePort() });
      assert.equal(run.exitCode, 0, run.output);
      assert.equal(aliceWindow.calls.length, 1);
      assert.equal(aliceWindow.calls[0]!.answered, true);
      assert.deepEqual(steps(aliceSdp), ['to-renderer INVITE', 'to-provider INVITE 200']);
      await waitFor('the BYE ended the call in main', () => aliceSdp.ended.includes(aliceWindow.calls[0]!.callId));
    } finally {
      await aliceWindow.close();
      await alice.phone.stop();
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
