/**
 * Call quality from what WebRTC measures (jitter, packet loss, round-trip
 * time), estimated as a MOS with a simplified ITU-T G.107 E-model, and the
 * summary of a call that goes into its history record.
 *
 * @remarks
 * Simplifications (the usual ones for VoIP monitoring, after Cole and
 * Rosenbluth, "Voice over IP performance monitoring", 2001):
 * R = 93.2 − Id − Ie,eff, with every other impairment at its G.107 default;
 * Id from the one-way delay only; Ie,eff from random (not bursty) loss.
 */
import { z } from 'zod';

/** Equipment impairment per codec (ITU-T G.113 Appendix I; Opus is not listed there, so an estimate). */
export interface CodecImpairment {
  /** Ie: impairment of the codec with no loss. */
  readonly ie: number;
  /** Bpl: how robust the codec (with its loss concealment) is against packet loss. */
  readonly bpl: number;
}

export const CODEC_IMPAIRMENTS: Readonly<Record<string, CodecImpairment>> = {
  // G.711 with packet-loss concealment (G.113 Appendix I: Ie 0, Bpl 25.1).
  pcmu: { ie: 0, bpl: 25.1 },
  pcma: { ie: 0, bpl: 25.1 },
  // Opus at the bitrates WebRTC uses for voice is at least as clean as G.711
  // and conceals loss better (in-band FEC): an estimate, not a G.113 value.
  opus: { ie: 0, bpl: 30 },
  g722: { ie: 0, bpl: 25.1 },
};

/** Unknown codecs are judged like G.711 without special concealment. */
const FALLBACK_IMPAIRMENT: CodecImpairment = { ie: 0, bpl: 4.3 };

/** R of a call with nothing impaired but the G.107 defaults. */
export const R_MAX = 93.2;

/** Codec frame, packetisation and decoder look-ahead: a fixed part of mouth-to-ear delay. */
const CODEC_DELAY_MS = 25;

export function codecImpairment(codec: string | undefined): CodecImpairment {
  const key = (codec ?? '').toLowerCase().replace(/^audio\//, '');
  return Object.hasOwn(CODEC_IMPAIRMENTS, key) ? CODEC_IMPAIRMENTS[key]! : FALLBACK_IMPAIRMENT;
}

/** Id: delay impairment from the one-way (mouth-to-ear) delay in ms. */
export function delayImpairment(oneWayDelayMs: number): number {
  const d = Math.max(0, oneWayDelayMs);
  return 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
}

/** Ie,eff: equipment impairment with random packet loss (percent), BurstR = 1. */
export function lossImpairment(packetLossPct: number, codec: CodecImpairment): number {
  const ppl = Math.min(100, Math.max(0, packetLossPct));
  return codec.ie + ((95 - codec.ie) * ppl) / (ppl + codec.bpl);
}

/** G.107 Annex B: MOS (1–4.5) from R. */
export function mosFromR(r: number): number {
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
}

export interface NetworkMeasures {
  /** Interarrival jitter in ms. */
  readonly jitterMs: number;
  /** Lost packets as a percentage of those expected. */
  readonly packetLossPct: number;
  /** Round-trip time in ms, when known. */
  readonly roundTripMs?: number;
  /** RTP codec name, e.g. "opus" or "PCMU". */
  readonly codec?: string;
}

/**
 * The one-way delay the E-model needs: half the round trip, plus a jitter
 * buffer of about twice the jitter, plus the codec's own delay.
 */
export function oneWayDelayMs(measures: NetworkMeasures): number {
  return (measures.roundTripMs ?? 0) / 2 + 2 * measures.jitterMs + CODEC_DELAY_MS;
}

export function rFactor(measures: NetworkMeasures): number {
  return R_MAX - delayImpairment(oneWayDelayMs(measures)) - lossImpairment(measures.packetLossPct, codecImpairment(measures.codec));
}

/** Estimated MOS, rounded to one decimal as shown to the user. */
export function estimateMos(measures: NetworkMeasures): number {
  return Math.round(mosFromR(rFactor(measures)) * 10) / 10;
}

/** G.107's user-satisfaction bands (R 90/80/70/60), expressed in MOS. */
export type QualityRating = 'excellent' | 'good' | 'fair' | 'poor' | 'bad';

export function qualityRating(mos: number): QualityRating {
  if (mos >= 4.3) return 'excellent';
  if (mos >= 4.0) return 'good';
  if (mos >= 3.6) return 'fair';
  if (mos >= 3.1) return 'poor';
  return 'bad';
}

/** One measurement during a call (every couple of seconds). */
export interface QualitySample extends NetworkMeasures {
  readonly mos: number;
  /** Packets expected and lost in the interval this sample covers, to total up loss over the call. */
  readonly packetsExpected: number;
  readonly packetsLost: number;
}

export const CallQualitySummarySchema = z.object({
  samples: z.number().int().min(1),
  mosAvg: z.number().min(1).max(5),
  mosMin: z.number().min(1).max(5),
  jitterMaxMs: z.number().min(0),
  packetLossPct: z.number().min(0).max(100),
  rttAvgMs: z.number().min(0).optional(),
});
export type CallQualitySummary = z.infer<typeof CallQualitySummarySchema>;

/** What the history keeps of a call's quality; nothing when it was never measured. */
export function summarizeQuality(samples: readonly QualitySample[]): CallQualitySummary | undefined {
  if (samples.length === 0) return undefined;
  const round1 = (value: number) => Math.round(value * 10) / 10;
  const mosValues = samples.map((sample) => sample.mos);
  const expected = samples.reduce((sum, sample) => sum + sample.packetsExpected, 0);
  const lost = samples.reduce((sum, sample) => sum + sample.packetsLost, 0);
  const rtts = samples.flatMap((sample) => (sample.roundTripMs === undefined ? [] : [sample.roundTripMs]));
  return {
    samples: samples.length,
    mosAvg: round1(mosValues.reduce((sum, mos) => sum + mos, 0) / samples.length),
    mosMin: Math.min(...mosValues),
    jitterMaxMs: round1(Math.max(...samples.map((sample) => sample.jitterMs))),
    packetLossPct: expected > 0 ? round1((100 * lost) / expected) : 0,
    rttAvgMs: rtts.length > 0 ? round1(rtts.reduce((sum, rtt) => sum + rtt, 0) / rtts.length) : undefined,
  };
}
