/**
 * Which codecs the gateway lets through between the legs, and how payload
 * types map from one leg to the other.
 *
 * @remarks
 * The gateway relays RTP unchanged (no transcoding), so a codec crosses only
 * when both legs have it: the account's list (`codecsOnOffer` of
 * app/codec-preferences.ts: Opus, G.722, PCMU, PCMA, the G.711 pair always on), what the renderer's WebRTC stack speaks, and what the
 * provider offers or answers. telephone-event rides along at 8 kHz only:
 * werift matches telephone-event by name, not clock rate, so a 48 kHz one
 * would be confused with it.
 */
import type { AudioCodec as AccountCodec } from '../../../app/codec-preferences';
import type { SdpCodec } from './audio-sdp';

/** Clock rate each account codec must have (Opus is 48 kHz stereo in SDP; G.722 says 8000 for history's sake). */
const CLOCK_RATE: Readonly<Record<AccountCodec, number>> = { opus: 48000, G722: 8000, PCMU: 8000, PCMA: 8000 };

const TELEPHONE_EVENT = 'telephone-event';

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The account codec this SDP codec is, if any. */
export function accountCodecOf(codec: SdpCodec): AccountCodec | undefined {
  return (Object.keys(CLOCK_RATE) as AccountCodec[]).find((name) => sameName(name, codec.name) && CLOCK_RATE[name] === codec.clockRate);
}

export function isTelephoneEvent8k(codec: SdpCodec): boolean {
  return sameName(codec.name, TELEPHONE_EVENT) && codec.clockRate === 8000;
}

/**
 * The codecs of `offered` that the account allows, in the account's order of
 * preference, followed by telephone-event/8000 when offered. Empty of audio
 * codecs means there is nothing to relay.
 */
export function allowedCodecs(offered: readonly SdpCodec[], account: readonly AccountCodec[]): SdpCodec[] {
  const audio: SdpCodec[] = [];
  for (const name of account) {
    const codec = offered.find((candidate) => accountCodecOf(candidate) === name);
    if (codec) audio.push(codec);
  }
  const event = offered.find(isTelephoneEvent8k);
  return event ? [...audio, event] : audio;
}

export function hasAudioCodec(codecs: readonly SdpCodec[]): boolean {
  return codecs.some((codec) => accountCodecOf(codec) !== undefined);
}

/** One codec both legs agreed on, with its payload type on each leg. */
export interface PayloadMapping {
  readonly name: string;
  readonly clockRate: number;
  readonly rendererPayloadType: number;
  readonly providerPayloadType: number;
}

/**
 * Pairs the codecs of one leg with the same codecs of the other (by name and
 * clock rate), keeping `from`'s order. Codecs without a partner are left out.
 */
export function mapPayloadTypes(renderer: readonly SdpCodec[], provider: readonly SdpCodec[]): PayloadMapping[] {
  const mappings: PayloadMapping[] = [];
  for (const codec of provider) {
    const partner = renderer.find((candidate) => sameName(candidate.name, codec.name) && candidate.clockRate === codec.clockRate);
    if (partner && !mappings.some((mapping) => mapping.rendererPayloadType === partner.payloadType)) {
      mappings.push({ name: codec.name, clockRate: codec.clockRate, rendererPayloadType: partner.payloadType, providerPayloadType: codec.payloadType });
    }
  }
  return mappings;
}

/** The dynamic payload type range (RFC 3551 §6). */
const FIRST_DYNAMIC = 96;
const LAST_DYNAMIC = 127;

/**
 * The window's codecs numbered for a re-offer to the provider: a codec
 * already agreed with the provider in this session keeps the provider's
 * number (RFC 3264 §8.3.2: a provider may reject or mis-decode changed
 * numbers), a new codec keeps the window's unless the provider's session
 * uses that number for another codec, then it takes a free dynamic one.
 */
export function withAgreedPayloadTypes(codecs: readonly SdpCodec[], agreed: readonly PayloadMapping[]): SdpCodec[] {
  const agreedFor = (codec: SdpCodec): PayloadMapping | undefined =>
    agreed.find((mapping) => sameName(mapping.name, codec.name) && mapping.clockRate === codec.clockRate);
  const taken = new Set(agreed.map((mapping) => mapping.providerPayloadType));
  const renumbered: SdpCodec[] = [];
  for (const codec of codecs) {
    const mapping = agreedFor(codec);
    if (mapping) {
      renumbered.push({ ...codec, payloadType: mapping.providerPayloadType });
      continue;
    }
    let payloadType = codec.payloadType;
    if (taken.has(payloadType) || renumbered.some((other) => other.payloadType === payloadType)) {
      payloadType = FIRST_DYNAMIC;
      while (payloadType <= LAST_DYNAMIC && (taken.has(payloadType) || codecs.some((other) => other.payloadType === payloadType) || renumbered.some((other) => other.payloadType === payloadType))) payloadType += 1;
      if (payloadType > LAST_DYNAMIC) continue; // no number left: the codec is not offered again
    }
    renumbered.push({ ...codec, payloadType });
  }
  return renumbered;
}
