import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSdp } from '../../../../main/core/media-gateway/audio-sdp';
import { narrowAudioCodecs } from '../../../../main/core/media-gateway/narrow-offer';
import { buildPlainSdp } from '../../../../main/core/media-gateway/plain-sdp';
import { CHROMIUM_OFFER } from '../../../support/chromium-sdp';

test('a Chromium offer parses into its codecs, ICE, mux and direction', () => {
  const { audio, otherMedia } = parseSdp(CHROMIUM_OFFER);
  assert.ok(audio);
  assert.deepEqual(otherMedia, []);
  assert.deepEqual(
    audio.codecs.map((codec) => `${codec.payloadType} ${codec.name}/${codec.clockRate}`),
    ['111 opus/48000', '63 red/48000', '9 G722/8000', '0 PCMU/8000', '8 PCMA/8000', '13 CN/8000', '110 telephone-event/48000', '126 telephone-event/8000'],
  );
  assert.equal(audio.hasIce, true);
  assert.equal(audio.isRtcpMux, true);
  assert.equal(audio.direction, 'sendrecv');
  assert.equal(audio.address, '192.0.2.9');
  assert.equal(audio.protocol, 'UDP/TLS/RTP/SAVPF');
});

test('a plain SDP without rtpmap lines gets its codecs from the static table, RTCP port and SDES key', () => {
  const sdp = ['v=0', 'o=- 1 1 IN IP4 10.0.0.1', 's=-', 'c=IN IP4 10.0.0.1', 't=0 0', 'a=sendonly', 'm=audio 4000 RTP/SAVP 8 0 101', 'a=rtpmap:101 telephone-event/8000', 'a=rtcp:4005', 'a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4', 'm=video 0 RTP/AVP 96', ''].join('\r\n');
  const { audio, otherMedia } = parseSdp(sdp);
  assert.ok(audio);
  assert.deepEqual(audio.codecs.map((codec) => codec.name), ['PCMA', 'PCMU', 'telephone-event']);
  assert.equal(audio.rtcpPort, 4005);
  assert.equal(audio.isRtcpMux, false);
  assert.equal(audio.direction, 'sendonly', 'a session-level direction applies to the section');
  assert.deepEqual(audio.crypto, [{ tag: 3, suite: 'AES_CM_128_HMAC_SHA1_80', keySalt: 'WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz' }]);
  assert.deepEqual(otherMedia, ['m=video 0 RTP/AVP 96']);
});

test('an SDP without audio parses with no audio section', () => {
  assert.equal(parseSdp('v=0\r\nm=video 5000 RTP/AVP 96\r\n').audio, undefined);
  assert.equal(parseSdp('garbage').audio, undefined);
});

test('narrowing a WebRTC offer keeps only the chosen payload types and their attributes', () => {
  const narrowed = narrowAudioCodecs(CHROMIUM_OFFER, [0, 126]);
  assert.match(narrowed, /^m=audio 49170 UDP\/TLS\/RTP\/SAVPF 0 126$/m);
  assert.doesNotMatch(narrowed, /opus|G722|PCMA|CN\/8000|telephone-event\/48000|rtcp-fb:111/);
  assert.match(narrowed, /a=ice-ufrag:F7gI/);
  assert.deepEqual(parseSdp(narrowed).audio?.codecs.map((codec) => codec.payloadType), [0, 126]);
});

test('the plain SDP has no WebRTC attributes, offers mux with an RTCP fallback port, and carries SDES when asked', () => {
  const codecs = [{ payloadType: 0, name: 'PCMU', clockRate: 8000 }, { payloadType: 126, name: 'telephone-event', clockRate: 8000, fmtp: '0-16' }];
  const sdp = buildPlainSdp({ sessionId: '7', version: 2, address: '127.0.0.1', port: 30000, codecs, direction: 'sendonly', rtcpMux: 'offer', sdes: { tag: 1, keySalt: 'a2V5', isRequired: true }, rejectedMedia: ['m=video 5000 RTP/AVP 96 97'] });
  assert.match(sdp, /^m=audio 30000 RTP\/SAVP 0 126$/m);
  assert.match(sdp, /^a=rtcp:30001$/m);
  assert.match(sdp, /^a=rtcp-mux$/m);
  assert.match(sdp, /^a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:a2V5$/m);
  assert.match(sdp, /^a=fmtp:126 0-16$/m);
  assert.match(sdp, /^a=sendonly$/m);
  assert.match(sdp, /^m=video 0 RTP\/AVP 96$/m);
  assert.doesNotMatch(sdp, /ice-|fingerprint|setup:|extmap|CN\//);
  const agreed = buildPlainSdp({ sessionId: '7', version: 3, address: '127.0.0.1', port: 30000, codecs, direction: 'sendrecv', rtcpMux: 'agreed' });
  assert.doesNotMatch(agreed, /a=rtcp:/);
  assert.match(agreed, /^m=audio 30000 RTP\/AVP 0 126$/m);
});
