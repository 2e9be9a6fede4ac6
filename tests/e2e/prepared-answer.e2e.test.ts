/**
 * The answer is prepared while a call rings, and nothing of it is left when
 * the call stops ringing unanswered. Bob's page is watched from before its
 * renderer loads: its peer connections (and their signalling state), its
 * requests for the microphone and the tracks they gave. Alice's connection
 * is tapped, so what reaches the caller is seen as the server relays it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AUDIBLE_LEVEL, expectHears, heardLevels } from '../support/heard-levels';
import { ALICE_TONE_HZ, BOB_TONE_HZ, startTappedPair, type TappedPair } from '../support/registered-pair';
import { callPanel, dial, expectAccountStatus, incomingPanel } from '../support/ui-actions';
import { waitFor } from '../support/wait-for';

interface AnswerWatch {
  /** Signalling state of every peer connection the page made, in order. */
  connections: string[];
  microphoneRequests: number;
  /** Requests made while the newest connection had neither reached 'connected' nor received audio. */
  microphoneRequestsBeforeMediaUp: number;
  /** Microphone tracks still capturing. */
  liveMicrophoneTracks: number;
}

declare global {
  interface Window {
    answerWatch?: () => AnswerWatch;
  }
}

/** Runs in the page before any of its scripts. */
const WATCH_SCRIPT = `(() => {
  const connections = [];
  const tracks = [];
  let microphoneRequests = 0;
  let microphoneRequestsBeforeMediaUp = 0;
  const isMediaUp = (connection) =>
    connection.connectionState === 'connected' || connection.getReceivers().some((receiver) => receiver.track.kind === 'audio' && !receiver.track.muted);
  const devices = navigator.mediaDevices;
  const getUserMedia = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    microphoneRequests += 1;
    const newest = connections.at(-1);
    if (newest && !isMediaUp(newest)) microphoneRequestsBeforeMediaUp += 1;
    const stream = await getUserMedia(constraints);
    tracks.push(...stream.getAudioTracks());
    return stream;
  };
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(configuration) { super(configuration); connections.push(this); }
  };
  window.answerWatch = () => ({
    connections: connections.map((connection) => connection.signalingState),
    microphoneRequests,
    microphoneRequestsBeforeMediaUp,
    liveMicrophoneTracks: tracks.filter((track) => track.readyState === 'live').length,
  });
})();`;

describe('the answer is prepared while the call rings', () => {
  let pair: TappedPair;

  before(async () => {
    pair = await startTappedPair();
    await pair.bob.page.addInitScript({ content: WATCH_SCRIPT });
    await pair.bob.page.reload();
    await expectAccountStatus(pair.bob.page, 'Bob', 'Registered');
    // The idle warm-up's own connection (call-warm-up.ts: the prepared outgoing leg, holding its offer) is made first, so each test counts only its call's.
    await waitFor('the idle warm-up to finish', async () => {
      const { connections } = await pair.bob.page.evaluate(() => window.answerWatch!());
      return connections.includes('have-local-offer') && connections.every((state) => state === 'closed' || state === 'have-local-offer');
    }, 15_000);
  });

  after(async () => {
    await pair?.close();
  });

  const watch = () => pair.bob.page.evaluate(() => window.answerWatch!());
  /** Bob's connections made from now on. */
  const connectionsSince = async (mark: number) => (await watch()).connections.slice(mark);
  const okToInviteReachedAlice = () =>
    pair.aliceWire.messages.some((message) => message.direction === 'to-client' && /^SIP\/2\.0 200 /.test(message.text) && /^CSeq: *\d+ INVITE/im.test(message.text));

  /** Alice calls bob and waits until bob's answer is prepared: a connection holding alice's offer. */
  async function ringPrepared(): Promise<{ mark: number; before: AnswerWatch }> {
    const before = await watch();
    const mark = before.connections.length;
    await dial(pair.alice.page, 'bob');
    await incomingPanel(pair.bob.page).waitFor();
    await waitFor('bob to prepare the answer while it rings', async () => (await connectionsSince(mark)).includes('have-remote-offer'), 10_000);
    return { mark, before };
  }

  async function assertNothingLeftOpen(mark: number, before: AnswerWatch): Promise<void> {
    await incomingPanel(pair.bob.page).waitFor({ state: 'hidden' });
    const left = await waitFor('bob to close the prepared connection', async () => {
      const seen = await watch();
      return seen.connections.slice(mark).every((state) => state === 'closed') ? seen : undefined;
    }, 10_000);
    assert.equal(left.microphoneRequests, before.microphoneRequests, 'the microphone was never asked for');
    assert.equal(left.liveMicrophoneTracks, 0, 'no microphone track is capturing');
  }

  test('while it rings: no microphone, no 200 OK; on Answer the prepared connection carries audio both ways', async () => {
    const { alice, bob } = pair;
    const { mark, before } = await ringPrepared();
    const ringing = await watch();
    assert.equal(ringing.microphoneRequests, before.microphoneRequests, 'the microphone is not opened while it rings');
    assert.equal(ringing.liveMicrophoneTracks, 0);
    assert.equal(okToInviteReachedAlice(), false, 'alice has no 200 OK before bob answers');
    await callPanel(alice.page).getByText('Ringing').waitFor();

    await incomingPanel(bob.page).getByRole('button', { name: 'Answer' }).click();
    await callPanel(alice.page).getByText('Connected').waitFor();
    await callPanel(bob.page).getByText('Connected').waitFor();
    await Promise.all([expectHears(alice.page, BOB_TONE_HZ, 'alice'), expectHears(bob.page, ALICE_TONE_HZ, 'bob')]);
    const inCall = await watch();
    assert.deepEqual(inCall.connections.slice(mark), ['stable'], 'the call runs on the one connection prepared while it rang');
    assert.equal(inCall.liveMicrophoneTracks, 1, "bob's microphone is open during the call");
    // Opening the device while ICE and DTLS were under way held back the moment bob heard alice (bench: answer section).
    assert.equal(inCall.microphoneRequestsBeforeMediaUp, before.microphoneRequestsBeforeMediaUp, "bob's microphone opens once the call's media path is up");

    await callPanel(alice.page).getByRole('button', { name: 'Hang up' }).click();
    await callPanel(bob.page).waitFor({ state: 'detached', timeout: 10_000 });
    const ended = await watch();
    assert.equal(ended.liveMicrophoneTracks, 0, "bob's microphone is released after the call");
    assert.deepEqual(ended.connections.slice(mark), ['closed']);
  });

  test('bob mutes as soon as he can after Answer: alice hears nothing from him, bob still hears alice', async () => {
    const { alice, bob } = pair;
    await ringPrepared();
    await incomingPanel(bob.page).getByRole('button', { name: 'Answer' }).click();
    await callPanel(bob.page).getByRole('button', { name: 'Mute' }).click();
    await callPanel(alice.page).getByText('Connected').waitFor();
    await expectHears(bob.page, ALICE_TONE_HZ, 'bob');
    const aliceHears = await heardLevels(alice.page, [BOB_TONE_HZ]);
    assert.ok(aliceHears[BOB_TONE_HZ]!.peak < AUDIBLE_LEVEL, `alice hears nothing while bob is muted (peak ${aliceHears[BOB_TONE_HZ]!.peak})`);
    await callPanel(alice.page).getByRole('button', { name: 'Hang up' }).click();
    await callPanel(bob.page).waitFor({ state: 'detached', timeout: 10_000 });
  });

  test('alice cancels while it rings: bob is left with no open connection and no microphone', async () => {
    const { mark, before } = await ringPrepared();
    await callPanel(pair.alice.page).getByRole('button', { name: 'Cancel' }).click();
    await assertNothingLeftOpen(mark, before);
    await callPanel(pair.alice.page).waitFor({ state: 'detached', timeout: 15_000 });
  });

  test('bob declines: alice is told 486 Busy Here, and nothing bob prepared stays open', async () => {
    const { mark, before } = await ringPrepared();
    const wireMark = pair.aliceWire.messages.length;
    await incomingPanel(pair.bob.page).getByRole('button', { name: 'Decline' }).click();
    await callPanel(pair.alice.page).getByText('Busy').waitFor();
    const finals = pair.aliceWire.messages.slice(wireMark).filter((message) => message.direction === 'to-client' && /^SIP\/2\.0 [2-6]\d\d /.test(message.text));
    assert.match(finals[0]?.text ?? '', /^SIP\/2\.0 486 /, 'the final answer to the INVITE is 486 Busy Here');
    await assertNothingLeftOpen(mark, before);
    await callPanel(pair.alice.page).getByRole('button', { name: 'Close' }).click();
  });
});
