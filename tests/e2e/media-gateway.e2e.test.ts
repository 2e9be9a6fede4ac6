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
import type { MediaEncryption } from '../../app/codec-preferences';
import { GatewaySdpTranslator } from '../../main/core/media-gateway/gateway-sdp-translator';
import { MediaGatewayClient, nodeGatewayLauncher } from '../../main/core/media-gateway/media-gateway-client';
import { parseSdp } from '../../main/core/media-gateway/audio-sdp';
import { heardDtmfDigits, startDtmfListener } from '../support/dtmf-listener';
import { heardLevels } from '../support/heard-levels';
import { PlainRtpPeer } from '../support/plain-rtp-peer';
import { sleep, waitFor } from '../support/wait-for';
import { startWebRtcPage, type WebRtcPage } from '../support/webrtc-page';

const BROWSER_HZ = 440;
// Far from the DTMF frequencies (697–941 and 1209–1633 Hz): at 1 kHz the tone leaked into the 941 Hz filter and read as a "0" beside an "8".
const PEER_HZ = 2_000;
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
    // A clean second of the tone (the first packets after a re-INVITE may follow a gap).
    return tone.packets >= 25 && Math.abs(tone.frequencyHz - BROWSER_HZ) <= 20 && tone.share > 0.5 ? tone : undefined;
  }, 15_000).catch(() => peer.heardTone({ fromIndex }));
  const recent = peer.received.slice(fromIndex).slice(-50);
  assert.equal(new Set(recent.map((packet) => `${packet.ssrc}:${packet.sequenceNumber}`)).size, recent.length, 'no packet arrives twice');
  assert.ok(Math.abs(heard.frequencyHz - BROWSER_HZ) <= 20 && heard.share > 0.5, `the peer heard ${heard.frequencyHz} Hz (share ${heard.share.toFixed(2)}, ${heard.packets} packets), expected ${BROWSER_HZ} Hz`);
}

/** Chromium's digits reach the phone as RFC 4733 with the phone's telephone-event 101; the phone's play as DTMF in the browser. */
async function dtmfBothWays(peer: PlainRtpPeer, { fromBrowser, fromPhone }: { fromBrowser: string; fromPhone: string }): Promise<void> {
  const before = peer.receivedDigits(101);
  await browser.insertDtmf(fromBrowser);
  await waitFor('the digits as RFC 4733 at the phone', () => peer.receivedDigits(101) === before + fromBrowser || undefined, 10_000).catch(() => undefined);
  assert.equal(peer.receivedDigits(101), before + fromBrowser, 'Chromium’s DTMF arrives as telephone-event with the phone’s payload type');
  await startDtmfListener(browser.page);
  await peer.sendDtmf(fromPhone);
  const digits = await waitFor('the browser to hear the digits', async () => ((await heardDtmfDigits(browser.page)) === fromPhone ? fromPhone : undefined), 10_000).catch(() => heardDtmfDigits(browser.page));
  assert.equal(digits, fromPhone, 'RFC 4733 from the phone plays as DTMF in the browser');
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

    await dtmfBothWays(peer, { fromBrowser: '1#', fromPhone: '59' });

    await waitFor('RTCP at the phone', () => peer.rtcpReceived.length > 0 || undefined, 12_000);
    // The phone's SDP named the decoy's port; everything it heard came to the port it sends from.
    sdp.callEnded(callId);
  } finally {
    peer.close();
    decoy.close();
  }
});

test('a plain phone calls the browser (PCMU, G.729, telephone-event, rtcp-mux): the answer drops G.729, keeps mux, and each hears the other', async () => {
  const sdp = translator();
  const peer = await PlainRtpPeer.start({ toneHz: PEER_HZ, telephoneEventPayloadType: 101 });
  try {
    const codecs = [
      { payloadType: 0, rtpmap: 'PCMU/8000' },
      { payloadType: 18, rtpmap: 'G729/8000' },
      { payloadType: 101, rtpmap: 'telephone-event/8000', fmtp: '0-16' },
    ];
    const { callId, plainAnswer } = await peerCallsBrowser(sdp, peer, { codecs, isRtcpMux: true });
    const answered = parseSdp(plainAnswer).audio!;
    assert.deepEqual(answered.codecs.map((codec) => codec.name), ['PCMU', 'telephone-event'], plainAnswer);
    assert.equal(answered.isRtcpMux, true);
    assert.equal(answered.protocol, 'RTP/AVP');
    await browserHearsPeer();
    await peerHearsBrowser(peer);
    await browser.insertDtmf('7');
    await waitFor('the digit at the phone', () => peer.receivedDigits(101) === '7' || undefined, 10_000).catch(() => undefined);
    assert.equal(peer.receivedDigits(101), '7');
    sdp.callEnded(callId);
  } finally {
    peer.close();
  }
});

test('hold and resume from the browser: sendonly reaches the phone, RTP or keep-alives keep flowing, audio comes back', async () => {
  const sdp = translator();
  const peer = await PlainRtpPeer.start({ toneHz: PEER_HZ });
  try {
    const { callId } = await browserCallsPeer(sdp, peer);
    await browserHearsPeer();
    await peerHearsBrowser(peer);

    const hold = await ok(sdp.translate({ callId, direction: 'to-provider', sdp: await browser.reoffer('sendonly'), method: 'INVITE' }));
    assert.equal(parseSdp(hold).audio!.direction, 'sendonly');
    peer.stopTone();
    await browser.setAnswer(await ok(sdp.translate({ callId, direction: 'to-renderer', sdp: peer.sdp({ direction: 'recvonly' }), method: 'INVITE', status: 200 })));
    const onHold = peer.received.length;
    await peerHearsBrowser(peer, onHold);

    const inactive = await ok(sdp.translate({ callId, direction: 'to-provider', sdp: await browser.reoffer('inactive'), method: 'INVITE' }));
    assert.equal(parseSdp(inactive).audio!.direction, 'inactive');
    await browser.setAnswer(await ok(sdp.translate({ callId, direction: 'to-renderer', sdp: peer.sdp({ direction: 'inactive' }), method: 'INVITE', status: 200 })));
    await sleep(500);
    const silent = peer.received.length;
    await sleep(4 * KEEP_ALIVE_MS);
    const duringHold = peer.received.slice(silent);
    assert.ok(duringHold.length > 0, 'something keeps reaching the phone while the call is on hold');
    assert.ok(duringHold.every((packet) => packet.payloadType !== 0 && packet.payload.length === 0), 'only empty keep-alives while nobody sends audio');

    const resume = await ok(sdp.translate({ callId, direction: 'to-provider', sdp: await browser.reoffer('sendrecv'), method: 'INVITE' }));
    assert.equal(parseSdp(resume).audio!.direction, 'sendrecv');
    assert.ok(parseSdp(resume).audio!.port === parseSdp(hold).audio!.port, 'the same RTP port across re-INVITEs');
    await browser.setAnswer(await ok(sdp.translate({ callId, direction: 'to-renderer', sdp: peer.sdp(), method: 'INVITE', status: 200 })));
    peer.startTone();
    await browserHearsPeer();
    await peerHearsBrowser(peer, peer.received.length);
    sdp.callEnded(callId);
  } finally {
    peer.close();
  }
});

test('hold and resume toward a phone that numbers codecs unlike Chromium (Opus 96, telephone-event 101): the re-INVITEs keep the phone\'s numbers, and audio (by the phone\'s numbers) and DTMF work after resume', async () => {
  const sdp = translator();
  const peer = await PlainRtpPeer.start({ toneHz: PEER_HZ, telephoneEventPayloadType: 101 });
  const phoneCodecs = [
    { payloadType: 0, rtpmap: 'PCMU/8000' },
    { payloadType: 96, rtpmap: 'opus/48000/2' },
    { payloadType: 101, rtpmap: 'telephone-event/8000', fmtp: '0-16' },
  ];
  const numbersOf = (plain: string) => Object.fromEntries(parseSdp(plain).audio!.codecs.map((codec) => [codec.name.toLowerCase(), codec.payloadType]));
  try {
    const { callId, plainOffer } = await browserCallsPeer(sdp, peer, { codecs: phoneCodecs });
    const chromium = numbersOf(plainOffer);
    assert.ok(chromium.opus !== 96 && chromium['telephone-event'] !== 101, `Chromium's own numbers differ from the phone's: ${JSON.stringify(chromium)}`);
    await browserHearsPeer();

    const hold = await ok(sdp.translate({ callId, direction: 'to-provider', sdp: await browser.reoffer('sendonly'), method: 'INVITE' }));
    assert.equal(parseSdp(hold).audio!.direction, 'sendonly');
    assert.deepEqual({ opus: numbersOf(hold).opus, te: numbersOf(hold)['telephone-event'], pcmu: numbersOf(hold).pcmu }, { opus: 96, te: 101, pcmu: 0 }, `the hold re-INVITE keeps the phone's numbers: ${hold}`);
    const heldNumbers = new Set(parseSdp(hold).audio!.codecs.map((codec) => codec.payloadType));
    assert.equal(heldNumbers.size, parseSdp(hold).audio!.codecs.length, 'no number names two codecs');
    await browser.setAnswer(await ok(sdp.translate({ callId, direction: 'to-renderer', sdp: peer.sdp({ direction: 'recvonly', codecs: phoneCodecs }), method: 'INVITE', status: 200 })));

    const resume = await ok(sdp.translate({ callId, direction: 'to-provider', sdp: await browser.reoffer('sendrecv'), method: 'INVITE' }));
    assert.deepEqual({ opus: numbersOf(resume).opus, te: numbersOf(resume)['telephone-event'] }, { opus: 96, te: 101 }, `the resume re-INVITE keeps the phone's numbers: ${resume}`);
    await browser.setAnswer(await ok(sdp.translate({ callId, direction: 'to-renderer', sdp: peer.sdp({ codecs: phoneCodecs }), method: 'INVITE', status: 200 })));
    await browserHearsPeer();
    // The window sends Opus (the phone accepted it); the phone decodes by its own number for it.
    const afterResume = peer.received.length;
    const opus = await waitFor('the window\'s Opus at the phone as payload type 96', () => {
      const audio = peer.received.slice(afterResume).filter((packet) => packet.payload.length > 0);
      return audio.length >= 25 ? audio : undefined;
    }, 10_000);
    assert.deepEqual([...new Set(opus.map((packet) => packet.payloadType))], [96], 'every audio packet carries the phone\'s Opus number');
    await dtmfBothWays(peer, { fromBrowser: '4*', fromPhone: '8' });
    sdp.callEnded(callId);
  } finally {
    peer.close();
  }
});

test('an ICE restart from the browser is answered by the gateway and the call keeps its audio', async () => {
  const sdp = translator();
  const peer = await PlainRtpPeer.start({ toneHz: PEER_HZ });
  try {
    const { callId, plainOffer } = await browserCallsPeer(sdp, peer);
    await browserHearsPeer();
    const restart = await browser.reoffer('sendrecv', { iceRestart: true });
    const plain = await ok(sdp.translate({ callId, direction: 'to-provider', sdp: restart, method: 'INVITE' }));
    assert.equal(parseSdp(plain).audio!.port, parseSdp(plainOffer).audio!.port, 'nothing changes for the provider');
    const answer = await ok(sdp.translate({ callId, direction: 'to-renderer', sdp: peer.sdp(), method: 'INVITE', status: 200 }));
    assert.notEqual(/a=ice-ufrag:(\S+)/.exec(answer)?.[1], undefined);
    await browser.setAnswer(answer);
    // The browser keeps its old pair (and connectionState 'connected') until the new one works, and
    // keeps playing out buffered audio for a while: only RTP arriving on a pair of the restarted
    // session (the re-offer's ufrag) proves the gateway answered the restart.
    const restartedUfrag = /a=ice-ufrag:(\S+)/.exec(restart)?.[1];
    await waitFor('the gateway\'s RTP on the restarted ICE session', async () => {
      const pair = await browser.selectedPair();
      return pair !== undefined && pair.localUfrag === restartedUfrag && pair.packetsReceived >= 25 ? pair : undefined;
    }, 15_000);
    const from = peer.received.length;
    await browserHearsPeer();
    await peerHearsBrowser(peer, from);
    sdp.callEnded(callId);
  } finally {
    peer.close();
  }
});

test('SDES-SRTP toward the phone: its offer of RTP/SAVP is answered with a key, and both directions decrypt with keys from the SDP', async () => {
  const sdp = translator('sdes-optional');
  const peer = await PlainRtpPeer.start({ toneHz: PEER_HZ, isSecure: true });
  try {
    const { callId, plainAnswer } = await peerCallsBrowser(sdp, peer);
    const answered = parseSdp(plainAnswer).audio!;
    assert.equal(answered.protocol, 'RTP/SAVP');
    assert.equal(answered.crypto[0]?.suite, 'AES_CM_128_HMAC_SHA1_80');
    await browserHearsPeer();
    await peerHearsBrowser(peer);
    assert.equal(peer.rejected, 0, 'every SRTP packet authenticated');
    sdp.callEnded(callId);
  } finally {
    peer.close();
  }
  const required = translator('sdes-required');
  const plainPeer = await PlainRtpPeer.start({ toneHz: PEER_HZ });
  try {
    const optional = translator('sdes-optional');
    const bestEffort = await browserCallsPeer(optional, plainPeer);
    assert.match(bestEffort.plainOffer, /^m=audio \d+ RTP\/AVP /m, 'optional SRTP offers RTP/AVP with a key');
    assert.match(bestEffort.plainOffer, /^a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:/m);
    await peerHearsBrowser(plainPeer);
    optional.callEnded(bestEffort.callId);
    plainPeer.stopTone();

    const offer = await ok(required.translate({ callId: `call-${++callCount}`, direction: 'to-provider', sdp: await browser.createOffer(), method: 'INVITE' }));
    assert.match(offer, /^m=audio \d+ RTP\/SAVP /m);
    assert.match(offer, /^a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:\S{40}$/m);
    const refused = await required.translate({ callId: `call-${++callCount}`, direction: 'to-renderer', sdp: plainPeer.sdp(), method: 'INVITE' });
    assert.deepEqual(refused.ok ? 'translated' : refused.reason, 'unsupported-media', 'an account that requires SRTP refuses plain RTP');
  } finally {
    plainPeer.close();
  }
});

test('an SDP the gateway cannot map fails with a code, and the gateway goes on working', async () => {
  const sdp = translator();
  const peer = await PlainRtpPeer.start({ toneHz: PEER_HZ });
  try {
    const g729 = await sdp.translate({ callId: `call-${++callCount}`, direction: 'to-renderer', sdp: peer.sdp({ codecs: [{ payloadType: 18, rtpmap: 'G729/8000' }] }), method: 'INVITE' });
    assert.deepEqual(g729.ok ? 'translated' : g729.reason, 'no-common-codec');
    const video = await sdp.translate({ callId: `call-${++callCount}`, direction: 'to-renderer', sdp: 'v=0\r\nc=IN IP4 127.0.0.1\r\nm=video 5000 RTP/AVP 96\r\n', method: 'INVITE' });
    assert.deepEqual(video.ok ? 'translated' : video.reason, 'unsupported-media');
    const webrtc = await sdp.translate({ callId: `call-${++callCount}`, direction: 'to-renderer', sdp: await browser.createOffer(), method: 'INVITE' });
    assert.deepEqual(webrtc.ok ? 'translated' : webrtc.reason, 'unsupported-media', 'a WebRTC offer from a UDP provider');
    const { callId } = await browserCallsPeer(sdp, peer);
    await browserHearsPeer();
    sdp.callEnded(callId);
  } finally {
    peer.close();
  }
});

test('the gateway process killed mid-call: the call fails in words, the gateway restarts, and the next call has audio', async () => {
  const sdp = translator();
  const peer = await PlainRtpPeer.start({ toneHz: PEER_HZ });
  try {
    const { callId } = await browserCallsPeer(sdp, peer);
    await browserHearsPeer();
    const pid = gateway.pid!;
    process.kill(pid, 'SIGKILL');
    await waitFor('the call to be failed', () => failures.find((failure) => failure.callId === callId), 5_000);
    assert.deepEqual(failures.find((failure) => failure.callId === callId)?.reason, 'media-gateway-down');
    const later = await sdp.translate({ callId, direction: 'to-provider', sdp: await browser.reoffer('sendonly'), method: 'INVITE' });
    assert.deepEqual(later.ok ? 'translated' : later.reason, 'media-gateway-down', 'the dead call stays failed');
    sdp.callEnded(callId);
    peer.stopTone();
    await gateway.ready();
    assert.notEqual(gateway.pid, pid);
    const next = await browserCallsPeer(sdp, peer);
    await browserHearsPeer();
    await peerHearsBrowser(peer, peer.received.length);
    sdp.callEnded(next.callId);
  } finally {
    peer.close();
  }
});
