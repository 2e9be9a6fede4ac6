/**
 * The INVITE leaves with an outgoing leg prepared while idle
 * (renderer/sip/prepared-outgoing-leg.ts), and the microphone joins after
 * it. Alice's page is watched from before its renderer loads: every peer
 * connection it makes (with when it was made) and every microphone
 * request, which can be made to fail. Over WebSocket alice's connection is
 * tapped, so the INVITEs are seen as the server gets them; over UDP the
 * calls cross main's media gateway to a real Kamailio.
 *
 *   npm run build --silent
 *   bash scripts/in-loopback-namespace.sh node --import tsx --test --test-concurrency=1 tests/e2e/prepared-outgoing-leg.e2e.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { AUDIBLE_LEVEL, waitUntilHeard } from '../support/heard-levels';
import { ALICE_TONE_HZ, BOB_TONE_HZ, startTappedPair, type TappedPair } from '../support/registered-pair';
import type { SoftphoneUnderTest } from '../support/softphone-under-test';
import { callPanel, dial, expectAccountStatus, incomingPanel } from '../support/ui-actions';
import { startUdpSoftphonePair, type UdpSoftphonePair } from '../support/udp-softphone-pair';
import { waitFor } from '../support/wait-for';

interface ConnectionSeen {
  readonly madeAt: number;
  readonly signalingState: string;
  readonly iceGatheringState: string;
  readonly connectionState: string;
}

interface LegWatch {
  readonly connections: ConnectionSeen[];
  readonly microphoneRequests: number;
  readonly now: number;
}

declare global {
  interface Window {
    legWatch?: () => LegWatch;
    denyMicrophone?: boolean;
  }
}

/** Runs in the page before any of its scripts. */
const WATCH_SCRIPT = `(() => {
  const connections = [];
  let microphoneRequests = 0;
  const devices = navigator.mediaDevices;
  const getUserMedia = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    microphoneRequests += 1;
    if (window.denyMicrophone) throw new DOMException('Permission denied', 'NotAllowedError');
    return getUserMedia(constraints);
  };
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(configuration) { super(configuration); connections.push({ connection: this, madeAt: Date.now() }); }
  };
  window.legWatch = () => ({
    connections: connections.map(({ connection, madeAt }) => ({
      madeAt,
      signalingState: connection.signalingState,
      iceGatheringState: connection.iceGatheringState,
      connectionState: connection.connectionState,
    })),
    microphoneRequests,
    now: Date.now(),
  });
})();`;

const watch = (page: Page) => page.evaluate(() => window.legWatch!());

async function watchFromStart(page: Page, account: string): Promise<void> {
  await page.addInitScript({ content: WATCH_SCRIPT });
  await page.reload();
  await expectAccountStatus(page, account, 'Registered');
}

/** Waits until a leg holds its gathered offer; returns the page's clock then (a call placed after it may take that leg). */
async function legReady(page: Page): Promise<number> {
  const seen = await waitFor('a prepared outgoing leg', async () => {
    const now = await watch(page);
    return now.connections.some((c) => c.signalingState === 'have-local-offer' && c.iceGatheringState === 'complete') ? now : undefined;
  }, 20_000);
  return seen.now;
}

/** The connection carrying the call (connected, its offer answered). */
async function callConnection(page: Page): Promise<ConnectionSeen> {
  return waitFor('the call on a connected peer connection', async () => (await watch(page)).connections.find((c) => c.connectionState === 'connected' && c.signalingState === 'stable'), 10_000);
}

function offerOf(invite: string): { fingerprint: string; ufrag: string; pwd: string } {
  const read = (pattern: RegExp) => {
    const found = pattern.exec(invite)?.[1];
    assert.ok(found, `the INVITE's offer has ${String(pattern)}`);
    return found;
  };
  return { fingerprint: read(/^a=fingerprint:\S+ (\S+)/m), ufrag: read(/^a=ice-ufrag:(\S+)/m), pwd: read(/^a=ice-pwd:(\S+)/m) };
}

describe('prepared outgoing leg, WebSocket account', () => {
  let pair: TappedPair;

  before(async () => {
    pair = await startTappedPair();
    await watchFromStart(pair.alice.page, 'Alice');
  });

  after(async () => {
    await pair?.close();
  });

  const invites = () => pair.aliceWire.messages.filter((message) => message.direction === 'to-server' && message.text.startsWith('INVITE ')).map((message) => message.text);

  async function callBobAndHangUp(): Promise<{ invite: string; carriedBy: ConnectionSeen; clickedAt: number; madeForTheInvite: number }> {
    const { alice, bob } = pair;
    const clickedAt = await legReady(alice.page);
    const invitesBefore = invites().length;
    await dial(alice.page, 'bob');
    const inviteAt = (await waitFor('the INVITE at the server', async () => pair.aliceWire.messages.filter((message) => message.direction === 'to-server' && message.text.startsWith('INVITE '))[invitesBefore], 10_000)).at;
    const madeForTheInvite = (await watch(alice.page)).connections.filter((connection) => connection.madeAt > clickedAt && connection.madeAt <= inviteAt).length;
    await incomingPanel(bob.page).getByRole('button', { name: 'Answer' }).click();
    await callPanel(alice.page).getByText('Connected').waitFor();
    await callPanel(bob.page).getByText('Connected').waitFor();
    assert.ok((await waitUntilHeard(alice.page, BOB_TONE_HZ, 'alice')) > AUDIBLE_LEVEL, 'alice hears bob');
    assert.ok((await waitUntilHeard(bob.page, ALICE_TONE_HZ, 'bob')) > AUDIBLE_LEVEL, 'bob hears alice: her microphone joined the prepared leg');
    const carriedBy = await callConnection(alice.page);
    await callPanel(alice.page).getByRole('button', { name: 'Hang up' }).click();
    await callPanel(bob.page).waitFor({ state: 'detached', timeout: 10_000 });
    const invite = invites()[invitesBefore];
    assert.ok(invite, 'alice sent an INVITE');
    return { invite, carriedBy, clickedAt, madeForTheInvite };
  }

  test('the call runs on the leg prepared before the click, and both hear each other', async () => {
    const before = await watch(pair.alice.page);
    const { carriedBy, clickedAt, madeForTheInvite } = await callBobAndHangUp();
    assert.ok(carriedBy.madeAt <= clickedAt, 'the connection carrying the call was made before Call was clicked');
    assert.equal(madeForTheInvite, 0, 'no peer connection was made on the way to the INVITE (none to throw away)');
    assert.equal(before.microphoneRequests, 0, 'nothing opened the microphone while idle');
    assert.equal((await watch(pair.alice.page)).microphoneRequests, 1, 'the call opened it once');
  });

  test('two calls in a row: each on its own prepared leg, with its own DTLS fingerprint and ICE credentials', async () => {
    const first = await callBobAndHangUp();
    const second = await callBobAndHangUp();
    assert.ok(second.carriedBy.madeAt > first.clickedAt, 'the second call took a leg made after the first call');
    assert.ok(second.carriedBy.madeAt <= second.clickedAt, 'and made before its own click');
    const [a, b] = [offerOf(first.invite), offerOf(second.invite)];
    assert.notEqual(a.fingerprint, b.fingerprint, 'the DTLS fingerprints differ');
    assert.notEqual(a.ufrag, b.ufrag, 'the ICE user fragments differ');
    assert.notEqual(a.pwd, b.pwd, 'the ICE passwords differ');
  });

  test('Dial keeps the number until the call shows, and clears it in the frame the call panel appears', async () => {
    const { alice, bob } = pair;
    await legReady(alice.page);
    // Each frame from the click on: what the dial field shows, and whether the call panel is there.
    // A string, not a function: the test runner's transpiler would name the inner function with a helper the page lacks.
    await alice.page.evaluate(`(() => {
      const frames = [];
      window.dialFrames = frames;
      requestAnimationFrame(function sample() {
        const field = document.querySelector('input.dial-input');
        frames.push({ value: field ? field.value : '(no field)', hasPanel: document.querySelector('.call-panel:not(.call-panel-rehearsal)') !== null });
        if (frames.length < 600) requestAnimationFrame(sample);
      });
    })()`);
    const challenge = pair.aliceWire.holdToClient((text) => /^SIP\/2\.0 407 /.test(text) && /^CSeq:\s*\d+\s+INVITE/im.test(text));
    try {
      await dial(alice.page, 'bob');
      await waitFor('the 407 challenge to alice\'s INVITE (held)', () => challenge.held.length > 0 || undefined, 10_000);
      // Unanswered, the call still shows (within 50 ms of its INVITE), and the number goes with it.
      await callPanel(alice.page).waitFor();
    } finally {
      challenge.release();
    }
    await incomingPanel(bob.page).waitFor();
    await callPanel(alice.page).getByRole('button', { name: /^(Cancel|Hang up)$/ }).click();
    await incomingPanel(bob.page).waitFor({ state: 'hidden', timeout: 10_000 });
    await callPanel(alice.page).waitFor({ state: 'detached', timeout: 15_000 });
    const frames = await alice.page.evaluate(() => (window as unknown as { dialFrames: { value: string; hasPanel: boolean }[] }).dialFrames);
    // From the number typed (before it the field was empty) to the call shown.
    const untilShown = frames.slice(frames.findIndex((frame) => frame.value === 'bob'), frames.findIndex((frame) => frame.hasPanel));
    assert.ok(untilShown.length > 0, 'frames with the number typed and no call panel yet');
    assert.deepEqual(untilShown.filter((frame) => frame.value === ''), [], 'no frame showed an empty field without the call panel');
    assert.equal(frames.find((frame) => frame.hasPanel)?.value, '', 'the field was empty in the first frame with the call panel');
  });

  test('the INVITE does not wait for the microphone: denied, the INVITE still leaves, then the call ends in words and is cancelled', async () => {
    const { alice, bob } = pair;
    await legReady(alice.page);
    await alice.page.evaluate(() => (window.denyMicrophone = true));
    try {
      const invitesBefore = invites().length;
      await dial(alice.page, 'bob');
      await waitFor('the INVITE at the server', async () => invites().length > invitesBefore || undefined, 10_000);
      await callPanel(alice.page).getByText('Could not start audio').waitFor({ timeout: 10_000 });
      // The call is cancelled (sip.js sends the CANCEL once a provisional response came): the INVITE ends in 487 and bob stops ringing.
      const wire = () => pair.aliceWire.messages;
      await waitFor('alice to cancel the INVITE', () => wire().some((message) => message.direction === 'to-server' && message.text.startsWith('CANCEL ')) || undefined, 10_000);
      await waitFor('the INVITE to end in 487', () => wire().some((message) => message.direction === 'to-client' && /^SIP\/2\.0 487 /.test(message.text)) || undefined, 10_000);
      await incomingPanel(bob.page).waitFor({ state: 'hidden', timeout: 10_000 });
    } finally {
      await alice.page.evaluate(() => (window.denyMicrophone = false));
    }
  });
});

describe('prepared outgoing leg, UDP account through the media gateway', () => {
  let alice: SoftphoneUnderTest;
  let bob: SoftphoneUnderTest;
  let pair: UdpSoftphonePair | undefined;

  before(async () => {
    pair = await startUdpSoftphonePair(ALICE_TONE_HZ, BOB_TONE_HZ);
    ({ alice, bob } = pair);
    await watchFromStart(alice.page, 'Alice');
  });

  after(async () => {
    await pair?.close();
  });

  test('the call runs on the leg prepared before the click, through the gateway, and both hear each other', async () => {
    const clickedAt = await legReady(alice.page);
    await dial(alice.page, 'bob');
    await incomingPanel(bob.page).getByRole('button', { name: 'Answer' }).click();
    await callPanel(alice.page).getByText('Connected').waitFor();
    await callPanel(bob.page).getByText('Connected').waitFor();
    assert.ok((await waitUntilHeard(alice.page, BOB_TONE_HZ, 'alice')) > AUDIBLE_LEVEL, 'alice hears bob');
    assert.ok((await waitUntilHeard(bob.page, ALICE_TONE_HZ, 'bob')) > AUDIBLE_LEVEL, 'bob hears alice');
    assert.ok((await callConnection(alice.page)).madeAt <= clickedAt, 'the connection carrying the call was made before Call was clicked');
    await callPanel(alice.page).getByRole('button', { name: 'Hang up' }).click();
    await callPanel(alice.page).getByText('Connected').waitFor({ state: 'detached' });
  });
});
