/**
 * The real media gateway process without a browser: what main observes of
 * it when a provider goes silent (its BYE lost), and when one call's request
 * is slow while others are asked for.
 *
 *   bash scripts/in-loopback-namespace.sh node --import tsx --test --test-concurrency=1 tests/integration/media-gateway-process.test.ts
 */
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { after, before, test } from 'node:test';
import { RTCPeerConnection, RTCRtpCodecParameters } from 'werift';
import { parseSdp } from '../../main/core/media-gateway/audio-sdp';
import type { CallMediaFailure, ProviderLeg } from '../../main/core/media-gateway/gateway-protocol';
import { GatewaySdpTranslator } from '../../main/core/media-gateway/gateway-sdp-translator';
import { MediaGatewayClient, nodeGatewayLauncher } from '../../main/core/media-gateway/media-gateway-client';
import { narrowAudioCodecs } from '../../main/core/media-gateway/narrow-offer';
import type { SdpTranslationFailure } from '../../main/core/sdp-translator';
import { CHROMIUM_OFFER } from '../support/chromium-sdp';
import { PlainRtpPeer } from '../support/plain-rtp-peer';
import { sleep, waitFor } from '../support/wait-for';

const INACTIVITY_MS = 800;

let gateway: MediaGatewayClient;
const failed: { mediaId: string; reason: CallMediaFailure }[] = [];

before(async () => {
  gateway = new MediaGatewayClient({
    launcher: nodeGatewayLauncher,
    process: { bindAddress: '127.0.0.1', keepAliveMs: 10_000, iceAdditionalHostAddresses: ['127.0.0.1'], inactivityMs: INACTIVITY_MS },
  });
  gateway.onCallFailed((mediaId, reason) => failed.push({ mediaId, reason }));
  await gateway.ready();
});

after(() => gateway?.stop());

function providerLeg(port: number, extra: Partial<ProviderLeg> = {}): ProviderLeg {
  return { address: '127.0.0.1', rtpPort: port, rtcpPort: port + 1, isRtcpMux: false, mappings: [{ name: 'PCMU', clockRate: 8000, rendererPayloadType: 0, providerPayloadType: 0 }], ...extra };
}

async function isPortFree(port: number): Promise<boolean> {
  const socket = createSocket('udp4');
  return new Promise((resolve) => {
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => {
      socket.close();
      resolve(true);
    });
  });
}

test('a provider that stops sending (its BYE never came) ends the call after the inactivity limit and frees its ports; one that sends, or is on hold, keeps it', async () => {
  const peer = await PlainRtpPeer.start({ toneHz: 1000 });
  try {
    const talking = (await gateway.request({ type: 'open-call', callId: 'talking' })).rtpPort!;
    await gateway.request({ type: 'set-provider', callId: 'talking', provider: providerLeg(peer.port) });
    const held = (await gateway.request({ type: 'open-call', callId: 'held' })).rtpPort!;
    await gateway.request({ type: 'set-provider', callId: 'held', provider: providerLeg(9, { isProviderSending: false }) });
    peer.setRemote(`v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio ${talking} RTP/AVP 0\r\n`);
    peer.startTone();

    await sleep(3 * INACTIVITY_MS);
    assert.equal(failed.length, 0, 'a call with RTP flowing, and a call on hold, stay up');

    peer.stopTone();
    const stopped = await waitFor('the silent call to be reported', () => failed.find((failure) => failure.mediaId === 'talking'), 10 * INACTIVITY_MS);
    assert.equal(stopped.reason, 'provider-media-stopped');
    assert.ok(await isPortFree(talking), 'the silent call\'s RTP port is free again');
    assert.equal(failed.some((failure) => failure.mediaId === 'held'), false, 'the call on hold stays');
    const stats = await gateway.stats();
    assert.deepEqual(stats?.calls.map((call) => call.callId), ['held']);
    assert.ok(!(await isPortFree(held)));
    await gateway.request({ type: 'close-call', callId: 'held' });
  } finally {
    peer.close();
  }
});

test('the translator ends a call whose provider called, was answered, and then sent nothing, with the words "media stopped"', async () => {
  const lost: { callId: string; reason: SdpTranslationFailure }[] = [];
  const sdp = new GatewaySdpTranslator({ gateway, mediaAddress: '127.0.0.1', onCallMediaFailed: (callId, reason) => lost.push({ callId, reason }) });
  const peer = await PlainRtpPeer.start({ toneHz: 1000 });
  const renderer = rendererPeer();
  try {
    const offer = await sdp.translate({ callId: 'silent-provider', direction: 'to-renderer', sdp: peer.sdp(), method: 'INVITE' });
    assert.ok(offer.ok);
    await sleep(2 * INACTIVITY_MS);
    assert.equal(lost.length, 0, 'a call still ringing here is not ended for silence');
    await renderer.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
    await renderer.setLocalDescription(await renderer.createAnswer());
    const answer = await sdp.translate({ callId: 'silent-provider', direction: 'to-provider', sdp: await gathered(renderer), method: 'INVITE', status: 200 });
    assert.ok(answer.ok);
    const reported = await waitFor('the call to be ended', () => lost.find((entry) => entry.callId === 'silent-provider'), 10 * INACTIVITY_MS);
    assert.equal(reported.reason, 'media-stopped');
    const later = await sdp.translate({ callId: 'silent-provider', direction: 'to-renderer', sdp: peer.sdp({ direction: 'sendonly' }), method: 'INVITE' });
    assert.deepEqual(later.ok ? 'translated' : later.reason, 'media-stopped', 'the ended call stays ended');
    sdp.callEnded('silent-provider');
  } finally {
    peer.close();
    await renderer.close();
  }
});

test('a call\'s requests are answered in the order sent, while another call and the figures are answered too', async () => {
  // Which of two calls finishes first depends on the machine; that calls never
  // wait for each other is proven with controlled timing in per-call-queue.test.ts.
  await gateway.request({ type: 'open-call', callId: 'slow' });
  const order: string[] = [];
  const offer = narrowAudioCodecs(CHROMIUM_OFFER, [0]);
  const answer = gateway.request({ type: 'answer-renderer', callId: 'slow', offer, direction: 'sendrecv', provider: providerLeg(9) }).then((reply) => {
    order.push('answer');
    return reply;
  });
  const closed = gateway.request({ type: 'close-call', callId: 'slow' }).then(() => order.push('close'));
  const open = gateway.request({ type: 'open-call', callId: 'other' });
  const stats = gateway.stats();
  const [answered, , opened, figures] = await Promise.all([answer, closed, open, stats]);
  assert.deepEqual(order, ['answer', 'close'], 'the close sent after the answer waits for it');
  assert.ok(answered.sdp?.includes('a=candidate'), 'the answer carries its gathered candidates');
  assert.ok((opened.rtpPort ?? 0) > 0, 'the other call got its RTP port');
  assert.ok(figures, 'the figures came');
  await gateway.request({ type: 'close-call', callId: 'other' });
});

/** The renderer's WebRTC stack (werift here, on loopback): Opus, PCMU and telephone-event, as Chromium numbers them. */
function rendererPeer(): RTCPeerConnection {
  return new RTCPeerConnection({
    codecs: {
      audio: [
        new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: 111 }),
        new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: 0 }),
        new RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 8000, channels: 1, payloadType: 126 }),
      ],
    },
    headerExtensions: { audio: [] },
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceUseIpv6: false,
  });
}

async function gathered(pc: RTCPeerConnection): Promise<string> {
  await waitFor('ICE gathering', () => pc.iceGatheringState === 'complete' || undefined, 5_000).catch(() => undefined);
  return pc.localDescription!.sdp;
}

function plainOffer(port: number, codecs: readonly [number, string][]): string {
  return [
    'v=0',
    `o=provider 7 ${Date.now()} IN IP4 127.0.0.1`,
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${port} RTP/AVP ${codecs.map(([pt]) => pt).join(' ')}`,
    ...codecs.map(([pt, rtpmap]) => `a=rtpmap:${pt} ${rtpmap}`),
    'a=sendrecv',
    '',
  ].join('\r\n');
}

test('a provider re-INVITE with new dynamic payload types keeps Opus and telephone-event, each under the provider\'s new number', async () => {
  const sdp = new GatewaySdpTranslator({ gateway, mediaAddress: '127.0.0.1' });
  const callId = 'renumbered';
  // The provider's phone keeps sending, so the inactivity sweep leaves the call alone.
  const peer = await PlainRtpPeer.start({ toneHz: 1000 });
  try {
    const renderer = rendererPeer();
    renderer.addTransceiver('audio', { direction: 'sendrecv' });
    await renderer.setLocalDescription(await renderer.createOffer());
    const offer = await sdp.translate({ callId, direction: 'to-provider', sdp: await gathered(renderer), method: 'INVITE' });
    assert.ok(offer.ok, offer.ok ? '' : offer.message);
    peer.setRemote(offer.sdp);
    peer.startTone();
    const answered = await sdp.translate({ callId, direction: 'to-renderer', sdp: plainOffer(peer.port, [[111, 'opus/48000/2'], [0, 'PCMU/8000'], [126, 'telephone-event/8000']]), method: 'INVITE', status: 200 });
    assert.ok(answered.ok, answered.ok ? '' : answered.message);
    await renderer.setRemoteDescription({ type: 'answer', sdp: answered.sdp });

    const reOffer = await sdp.translate({ callId, direction: 'to-renderer', sdp: plainOffer(peer.port, [[107, 'opus/48000/2'], [0, 'PCMU/8000'], [101, 'telephone-event/8000']]), method: 'INVITE' });
    assert.ok(reOffer.ok, reOffer.ok ? '' : reOffer.message);
    await renderer.setRemoteDescription({ type: 'offer', sdp: reOffer.sdp });
    await renderer.setLocalDescription(await renderer.createAnswer());
    const reAnswer = await sdp.translate({ callId, direction: 'to-provider', sdp: renderer.localDescription!.sdp, method: 'INVITE', status: 200 });
    assert.ok(reAnswer.ok, `the re-INVITE is answered, not refused: ${reAnswer.ok ? '' : reAnswer.message}`);
    const codecs = parseSdp(reAnswer.sdp).audio!.codecs.map((codec) => `${codec.payloadType} ${codec.name}`);
    assert.ok(codecs.includes('101 telephone-event'), `telephone-event under the provider's new number: ${codecs.join(', ')}`);
    assert.ok(codecs.includes('107 opus'), `Opus under the provider's new number: ${codecs.join(', ')}`);
    await renderer.close();
    sdp.callEnded(callId);
  } finally {
    peer.close();
  }
});
