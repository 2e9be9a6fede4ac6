import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSdp } from '../../../../main/core/media-gateway/audio-sdp';
import { allowedCodecs, mapPayloadTypes } from '../../../../main/core/media-gateway/codec-policy';
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
