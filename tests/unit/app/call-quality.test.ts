import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CallQualitySummarySchema,
  codecImpairment,
  delayImpairment,
  estimateMos,
  lossImpairment,
  mosFromR,
  qualityRating,
  rFactor,
  summarizeQuality,
  type QualitySample,
} from '../../../app/call-quality';

const near = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);

test('MOS from R follows G.107 Annex B at its known points', () => {
  // G.107 Figure B.1 / user-satisfaction bands: R 90 → 4.34, 80 → 4.03, 70 → 3.60, 60 → 3.10, 50 → 2.58.
  near(mosFromR(90), 4.34, 0.01, 'R 90');
  near(mosFromR(80), 4.03, 0.01, 'R 80');
  near(mosFromR(70), 3.6, 0.01, 'R 70');
  near(mosFromR(60), 3.1, 0.01, 'R 60');
  near(mosFromR(50), 2.58, 0.01, 'R 50');
  near(mosFromR(93.2), 4.41, 0.01, 'R 93.2 (the default R)');
  assert.equal(mosFromR(0), 1);
  assert.equal(mosFromR(-20), 1);
  assert.equal(mosFromR(100), 4.5);
  assert.equal(mosFromR(120), 4.5);
});

test('delay impairment is small below 177 ms one way and grows steeply above', () => {
  assert.equal(delayImpairment(0), 0);
  near(delayImpairment(100), 2.4, 1e-9, 'Id(100 ms)');
  near(delayImpairment(177.3), 4.2552, 1e-6, 'Id(177.3 ms)');
  near(delayImpairment(300), 0.024 * 300 + 0.11 * (300 - 177.3), 1e-9, 'Id(300 ms)');
  assert.equal(delayImpairment(-5), 0, 'a negative delay (clock noise) is no delay');
});

test('loss impairment: none without loss, 95 at total loss, G.711 with PLC at 2 % ≈ 6.9', () => {
  const g711 = codecImpairment('PCMU');
  assert.equal(lossImpairment(0, g711), 0);
  near(lossImpairment(100, g711), 95 * 100 / 125.1, 1e-9, 'total loss');
  near(lossImpairment(2, g711), (95 * 2) / 27.1, 1e-9, '2 % loss');
  assert.equal(lossImpairment(150, g711), lossImpairment(100, g711), 'loss above 100 % is clamped');
});

test('codec names are matched case-insensitively, with or without the audio/ prefix', () => {
  assert.deepEqual(codecImpairment('audio/opus'), codecImpairment('OPUS'));
  assert.deepEqual(codecImpairment('audio/PCMA'), codecImpairment('pcma'));
  assert.equal(codecImpairment('audio/GSM').bpl, 4.3, 'unknown codecs get the cautious default');
  assert.equal(codecImpairment(undefined).bpl, 4.3);
});

test('a clean loopback call is excellent; loss and delay bring it down in order', () => {
  const clean = estimateMos({ jitterMs: 1, packetLossPct: 0, roundTripMs: 1, codec: 'opus' });
  assert.ok(clean >= 4.3, `clean call MOS ${clean}`);
  assert.equal(qualityRating(clean), 'excellent');
  near(rFactor({ jitterMs: 0, packetLossPct: 0, roundTripMs: 0, codec: 'opus' }), 93.2 - 0.024 * 25, 1e-9, 'R with only codec delay');

  const lossy = estimateMos({ jitterMs: 1, packetLossPct: 5, roundTripMs: 1, codec: 'PCMU' });
  const veryLossy = estimateMos({ jitterMs: 1, packetLossPct: 20, roundTripMs: 1, codec: 'PCMU' });
  const slow = estimateMos({ jitterMs: 40, packetLossPct: 0, roundTripMs: 600, codec: 'opus' });
  assert.ok(lossy < clean && veryLossy < lossy, `${clean} > ${lossy} > ${veryLossy}`);
  assert.ok(slow < clean, `long delay lowers MOS (${slow})`);
  assert.equal(qualityRating(veryLossy), 'bad');
});

test('rating bands', () => {
  assert.equal(qualityRating(4.4), 'excellent');
  assert.equal(qualityRating(4.1), 'good');
  assert.equal(qualityRating(3.7), 'fair');
  assert.equal(qualityRating(3.2), 'poor');
  assert.equal(qualityRating(2.0), 'bad');
});

test('the summary averages MOS and RTT, keeps the worst MOS and jitter, and totals loss over the call', () => {
  const sample = (mos: number, jitterMs: number, expected: number, lost: number, roundTripMs?: number): QualitySample => ({
    mos,
    jitterMs,
    packetLossPct: expected ? (100 * lost) / expected : 0,
    roundTripMs,
    packetsExpected: expected,
    packetsLost: lost,
  });
  const summary = summarizeQuality([sample(4.4, 2, 100, 0, 10), sample(3.9, 12.34, 100, 10, 30), sample(4.2, 4, 200, 0)]);
  assert.deepEqual(summary, { samples: 3, mosAvg: 4.2, mosMin: 3.9, jitterMaxMs: 12.3, packetLossPct: 2.5, rttAvgMs: 20 });
  assert.ok(CallQualitySummarySchema.safeParse(summary).success, 'the summary passes the schema main validates with');
  assert.equal(summarizeQuality([]), undefined, 'no samples, no summary');
  assert.equal(summarizeQuality([sample(4.4, 1, 0, 0)])?.rttAvgMs, undefined, 'RTT unknown stays unknown');
});
