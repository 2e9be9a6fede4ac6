import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSdp } from '../../../../main/core/media-gateway/audio-sdp';
import { allowedCodecs, mapPayloadTypes, withAgreedPayloadTypes, type PayloadMapping } from '../../../../main/core/media-gateway/codec-policy';
import { CHROMIUM_OFFER } from '../../../support/chromium-sdp';

const chromium = parseSdp(CHROMIUM_OFFER).audio!.codecs;

test('only the account’s codecs cross, in its order, with telephone-event at 8 kHz and never CN, RED or 48 kHz events', () => {
  const allowed = allowedCodecs(chromium, ['PCMA', 'PCMU']);
  assert.deepEqual(allowed.map((codec) => `${codec.payloadType} ${codec.name}/${codec.clockRate}`), ['8 PCMA/8000', '0 PCMU/8000', '126 telephone-event/8000']);
});

test('payload types map by codec name and clock rate, whatever numbers each leg uses', () => {
  const provider = [
    { payloadType: 8, name: 'PCMA', clockRate: 8000 },
    { payloadType: 101, name: 'telephone-event', clockRate: 8000 },
  ];
  assert.deepEqual(mapPayloadTypes(allowedCodecs(chromium, ['PCMA']), provider), [
    { name: 'PCMA', clockRate: 8000, rendererPayloadType: 8, providerPayloadType: 8 },
    { name: 'telephone-event', clockRate: 8000, rendererPayloadType: 126, providerPayloadType: 101 },
  ]);
  assert.deepEqual(mapPayloadTypes(chromium, [{ payloadType: 18, name: 'G729', clockRate: 8000 }]), []);
});

test('a re-offer keeps the numbers agreed with the provider; a new codec on a number the provider uses for another gets a free one', () => {
  const agreed: PayloadMapping[] = [
    { name: 'opus', clockRate: 48000, rendererPayloadType: 111, providerPayloadType: 96 },
    { name: 'telephone-event', clockRate: 8000, rendererPayloadType: 126, providerPayloadType: 101 },
    { name: 'PCMU', clockRate: 8000, rendererPayloadType: 0, providerPayloadType: 0 },
  ];
  const window = [
    { payloadType: 111, name: 'opus', clockRate: 48000, channels: 2, fmtp: 'minptime=10;useinbandfec=1' },
    { payloadType: 96, name: 'G722', clockRate: 8000 }, // not 9 here, to show a clash with the provider's Opus
    { payloadType: 0, name: 'PCMU', clockRate: 8000 },
    { payloadType: 126, name: 'telephone-event', clockRate: 8000, fmtp: '0-16' },
  ];
  const renumbered = withAgreedPayloadTypes(window, agreed);
  assert.deepEqual(
    renumbered.map((codec) => [codec.name, codec.payloadType]),
    [['opus', 96], ['G722', 97], ['PCMU', 0], ['telephone-event', 101]],
  );
  assert.equal(renumbered[0]!.fmtp, 'minptime=10;useinbandfec=1', 'format parameters stay with their codec');
  assert.deepEqual(withAgreedPayloadTypes(window, []), window, 'a first offer keeps the window\'s numbers');
});
