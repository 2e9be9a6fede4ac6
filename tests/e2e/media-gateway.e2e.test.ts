/**
 * The media gateway between a real WebRTC leg (Chromium, fake microphone at
 * 440 Hz) and a plain RTP phone (node:dgram, PCMU at 1000 Hz): the SDP goes
 * through the real translator and the real gateway process, and each side
 * checks it hears the other's tone, its DTMF digits, hold and resume, SRTP,
 * and what a crashed gateway does to its calls.
 *
 * Run in a loopback-only namespace:
 *   bash scripts/in-loopback-namespace.sh node --import tsx --test --test-concurrency=1 tests/e2e/media-gateway.e2e.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { SdpTranslationFailure } from '../../main/core/sdp-translator';
import { GatewaySdpTranslator, type MediaEncryption } from '../../main/core/media-gateway/gateway-sdp-translator';
import { MediaGatewayClient, nodeGatewayLauncher } from '../../main/core/media-gateway/media-gateway-client';
import { parseSdp } from '../../main/core/media-gateway/audio-sdp';
import { heardDtmfDigits, startDtmfListener } from '../support/dtmf-listener';
import { assertHears, heardLevels } from '../support/heard-levels';
import { PlainRtpPeer } from '../support/plain-rtp-peer';
import { sleep, waitFor } from '../support/wait-for';
import { startWebRtcPage, type WebRtcPage } from '../support/webrtc-page';

const BROWSER_HZ = 440;
const PEER_HZ = 1000;
const KEEP_ALIVE_MS = 400;

let gateway: MediaGatewayClient;
let browser: WebRtcPage;
const failures: { callId: string; reason: SdpTranslationFailure }[] = [];
let callCount = 0;

function translator(encryption: MediaEncryption = 'off'): GatewaySdpTranslator {
  return new GatewaySdpTranslator({ gateway, mediaAddress: '127.0.0.1', encryption, onCallMediaFailed: (callId, reason) => failures.push({ callId, reason }) });
}

async function ok(promise: Promise<{ ok: true; sdp: string } | { ok: false; reason: string; message: string }>): Promise<string> {
  const result = await promise;
  assert.ok(result.ok, `translation failed: ${result.ok ? '' : `${result.reason}: ${result.message}`}`);
  return result.sdp;
}

/** The browser calls the plain peer: its offer goes to the provider, the peer's answer comes back. */
async function browserCallsPeer(sdp: GatewaySdpTranslator, peer: PlainRtpPeer, answerOptions: Parameters<PlainRtpPeer['sdp']>[0] = {}): Promise<{ callId: string; plainOffer: string }> {
  const callId = `call-${++callCount}`;
  const plainOffer = await ok(sdp.translate({ callId, direction: 'to-provider', sdp: await browser.createOffer(), method: 'INVITE' }));
  peer.setRemote(plainOffer);
  peer.startTone();
  await browser.setAnswer(await ok(sdp.translate({ callId, direction: 'to-renderer', sdp: peer.sdp(answerOptions), method: 'INVITE', status: 200 })));
  return { callId, plainOffer };
}

/** The plain peer calls the browser: its offer goes to the renderer, the browser's answer comes back. */
async function peerCallsBrowser(sdp: GatewaySdpTranslator, peer: PlainRtpPeer, offerOptions: Parameters<PlainRtpPeer['sdp']>[0] = {}): Promise<{ callId: string; plainAnswer: string }> {
  const callId = `call-${++callCount}`;
  const webrtcOffer = await ok(sdp.translate({ callId, direction: 'to-renderer', sdp: peer.sdp(offerOptions), method: 'INVITE' }));
  const plainAnswer = await ok(sdp.translate({ callId, direction: 'to-provider', sdp: await browser.answer(webrtcOffer), method: 'INVITE', status: 200 }));
  peer.setRemote(plainAnswer);
  peer.startTone();
  return { callId, plainAnswer };
}

async function browserHearsPeer(): Promise<void> {
  const heard = await waitFor('the browser to hear the peer', async () => {
    const levels = await heardLevels(browser.page, [PEER_HZ], { durationMs: 600 });
    return levels[PEER_HZ]!.mean > 0.001 ? levels : undefined;
  }, 15_000);
  assert.ok(heard[PEER_HZ]!.mean > 0.001);
}

async function peerHearsBrowser(peer: PlainRtpPeer, fromIndex = 0): Promise<void> {
  const heard = await waitFor('the peer to hear the browser', () => {
    const tone = peer.heardTone({ fromIndex });
    return tone.packets >= 25 && Math.abs(tone.frequencyHz - BROWSER_HZ) <= 20 ? tone : undefined;
  }, 15_000).catch(() => peer.heardTone({ fromIndex }));
  assert.ok(Math.abs(heard.frequencyHz - BROWSER_HZ) <= 20 && heard.share > 0.5, `the peer heard ${heard.frequencyHz} Hz (share ${heard.share.toFixed(2)}, ${heard.packets} packets), expected ${BROWSER_HZ} Hz`);
}

before(async () => {
  gateway = new MediaGatewayClient({ launcher: nodeGatewayLauncher, process: { bindAddress: '127.0.0.1', keepAliveMs: KEEP_ALIVE_MS, iceAdditionalHostAddresses: ['127.0.0.1'] } });
  await gateway.ready();
  browser = await startWebRtcPage(BROWSER_HZ);
});

after(async () => {
  await browser?.close();
  gateway?.stop();
});

test('browser calls a plain PCMU phone: each hears the other, DTMF both ways, RTCP reaches the phone, RTP goes where the phone really sends from', async () => {
  const sdp = translator();
  const peer = await PlainRtpPeer.start({ toneHz: PEER_HZ, telephoneEventPayloadType: 101 });
  const decoy = await PlainRtpPeer.start({ toneHz: PEER_HZ });
  try {
    const { callId, plainOffer } = await browserCallsPeer(sdp, peer, { advertisedPort: decoy.port });
    const offered = parseSdp(plainOffer).audio!;
    assert.equal(offered.protocol, 'RTP/AVP');
    assert.ok(!offered.hasIce && !/fingerprint|extmap|CN\/8000|red\//.test(plainOffer), plainOffer);
    assert.ok(offered.codecs.some((codec) => codec.name === 'PCMU') && offered.codecs.some((codec) => codec.name === 'PCMA'), 'G.711 is on offer');

    await browserHearsPeer();
    await peerHearsBrowser(peer);
    assert.equal(peer.received.filter((packet) => packet.payloadType === 0).length > 0, true);

    await browser.insertDtmf('1#');
    await waitFor('the digits as RFC 4733 at the phone', () => peer.receivedDigits(101) === '1#' || undefined, 10_000).catch(() => undefined);
    assert.equal(peer.receivedDigits(101), '1#', 'Chromium’s DTMF arrives as telephone-event with the phone’s payload type');

    await startDtmfListener(browser.page);
    await peer.sendDtmf('59');
    const digits = await waitFor('the browser to hear the digits', async () => ((await heardDtmfDigits(browser.page)) === '59' ? '59' : undefined), 10_000).catch(() => heardDtmfDigits(browser.page));
    assert.equal(digits, '59', 'RFC 4733 from the phone plays as DTMF in the browser');

    await waitFor('RTCP at the phone', () => peer.rtcpReceived.length > 0 || undefined, 12_000);
    assert.ok(peer.received.length > 0);
    sdp.callEnded(callId);
  } finally {
    peer.close();
    decoy.close();
  }
});
