/**
 * The first call after start does not pay for what can be done while idle,
 * and the idle window never opens the microphone: the page's own
 * `getUserMedia` and certificate generation are watched from before the
 * renderer loads, and the DTLS fingerprint the server sees in the first
 * INVITE is the one of the certificate made while idle. The call panel is
 * rendered once per phase of a placed call, unseen, and leaves nothing behind.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTappedPair, type TappedPair } from '../support/registered-pair';
import { callPanel, dial, expectAccountStatus, incomingPanel } from '../support/ui-actions';
import { waitFor } from '../support/wait-for';

interface MediaWatch {
  microphoneRequests: number;
  /** SHA-256 fingerprints of the certificates the page generated, as SDP writes them. */
  certificateFingerprints: string[];
  peerConnections: number;
  /** Peer connections whose ICE gathering completed: a prepared leg is ready for a call only then. */
  gatheredConnections: number;
  /** The call panel's idle rehearsal, as the first moment after its task found it. */
  rehearsals: { isHidden: boolean; isInert: boolean; isInPage: boolean }[];
}

declare global {
  interface Window {
    mediaWatch?: MediaWatch;
  }
}

/** Runs in the page before any of its scripts. */
const WATCH_SCRIPT = `(() => {
  const watch = { microphoneRequests: 0, certificateFingerprints: [], peerConnections: 0, gatheredConnections: 0, rehearsals: [] };
  window.mediaWatch = watch;
  new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) {
      if (!(node instanceof HTMLElement) || !node.classList.contains('call-panel-rehearsal')) continue;
      watch.rehearsals.push({ isHidden: node.getAttribute('aria-hidden') === 'true', isInert: node.inert, isInPage: node.isConnected });
    }
  }).observe(document, { childList: true, subtree: true });
  const devices = navigator.mediaDevices;
  const getUserMedia = devices.getUserMedia.bind(devices);
  devices.getUserMedia = (constraints) => { watch.microphoneRequests += 1; return getUserMedia(constraints); };
  const Native = window.RTCPeerConnection;
  const generate = Native.generateCertificate.bind(Native);
  Native.generateCertificate = async (algorithm) => {
    const certificate = await generate(algorithm);
    for (const fingerprint of certificate.getFingerprints()) watch.certificateFingerprints.push(fingerprint.algorithm + ' ' + fingerprint.value.toUpperCase());
    return certificate;
  };
  window.RTCPeerConnection = class extends Native {
    constructor(configuration) {
      super(configuration);
      watch.peerConnections += 1;
      this.addEventListener('icegatheringstatechange', () => { if (this.iceGatheringState === 'complete') watch.gatheredConnections += 1; });
    }
  };
})();`;

describe('the first call is warmed up while idle, without the microphone', () => {
  let pair: TappedPair;

  before(async () => {
    pair = await startTappedPair();
    // A fresh window with the watch in place from its first script on (the account stays registered in main).
    await pair.alice.page.addInitScript({ content: WATCH_SCRIPT });
    await pair.alice.page.reload();
    await expectAccountStatus(pair.alice.page, 'Alice', 'Registered');
  });

  after(async () => {
    await pair?.close();
  });

  test('idle: a certificate and a peer connection are made and the microphone is not asked for; the first call uses that certificate', async () => {
    const { alice, bob, aliceWire } = pair;
    const watch = () => alice.page.evaluate(() => window.mediaWatch!);
    const warmed = await waitFor('the warm-up while idle', async () => {
      const seen = await watch();
      // Ready means gathered: a leg still gathering at the click is not taken (prepared-outgoing-leg.ts), and the call makes its own.
      return seen.certificateFingerprints.length > 0 && seen.gatheredConnections > 0 ? seen : undefined;
    }, 15_000);
    assert.equal(warmed.microphoneRequests, 0, 'the microphone is not opened while idle');
    // The call panel was rendered once per phase (calling, ringing, connected), hidden and inert, each gone before the page could paint it (or anything else run).
    const { rehearsals } = await waitFor('the call panel rehearsals', async () => ((await watch()).rehearsals.length >= 3 ? watch() : undefined), 10_000);
    const unseen = { isHidden: true, isInert: true, isInPage: false };
    assert.deepEqual(rehearsals, [unseen, unseen, unseen]);
    assert.equal(await alice.page.locator('.call-panel').count(), 0, 'no call panel is left in the page');

    await dial(alice.page, 'bob');
    await incomingPanel(bob.page).getByRole('button', { name: 'Answer' }).click();
    await callPanel(alice.page).getByText('Connected').waitFor();
    // The microphone opens once the call's media path is up, a moment after Connected shows (prepared-offer-handler.ts).
    await waitFor('the call itself to open the microphone', async () => ((await watch()).microphoneRequests >= 1 ? true : undefined), 10_000);

    const invite = aliceWire.messages.find((message) => message.direction === 'to-server' && message.text.startsWith('INVITE '));
    const offered = /^a=fingerprint:(\S+) (\S+)/m.exec(invite?.text ?? '');
    assert.ok(offered, 'the INVITE offers a DTLS fingerprint');
    assert.ok(
      warmed.certificateFingerprints.includes(`${offered[1]} ${offered[2]!.toUpperCase()}`),
      `the first call's fingerprint ${offered[2]} is one made while idle (${warmed.certificateFingerprints.join(', ')})`,
    );
    await callPanel(alice.page).getByRole('button', { name: 'Hang up' }).click();
  });
});
