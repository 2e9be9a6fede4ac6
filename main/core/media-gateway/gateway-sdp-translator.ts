/**
 * The {@link SdpTranslator} for accounts over UDP, TCP and TLS: WebRTC SDP
 * on the renderer's side, plain RTP/AVP (or RTP/SAVP with SDES) on the
 * provider's, with the media gateway process in between.
 *
 * Offer/answer per call (RFC 3264), as the SDPs cross main in order:
 * ```
 *  renderer offers ─► plain offer to provider ─► provider answers ─► werift answers renderer
 *  provider offers ─► werift offers renderer  ─► renderer answers  ─► plain answer to provider
 * ```
 * An SDP from the side that made the pending offer is a new offer; from the
 * other side it is the answer. An answer repeated (a 200 after a 183 with
 * the same SDP) gets the same translation. A late offer (an INVITE without
 * SDP) needs nothing special: the renderer's 200 carries the offer and the
 * provider's ACK the answer.
 */
import type { CallMediaLostListener, SdpCrossing, SdpTranslation, SdpTranslationFailure, SdpTranslator } from '../sdp-translator';
import { parseSdp, type AudioSection, type MediaDirection, type SdpCodec } from './audio-sdp';
import { codecsOnOffer, type AudioCodec, type CodecSetting, type MediaEncryption } from '../../../app/codec-preferences';
import { accountCodecOf, allowedCodecs, hasAudioCodec, mapPayloadTypes, withAgreedPayloadTypes, type PayloadMapping } from './codec-policy';
import type { CallMediaFailure, ProviderLeg } from './gateway-protocol';
import { MediaGatewayRequestError, type MediaGatewayClient } from './media-gateway-client';
import { narrowAudioCodecs } from './narrow-offer';
import { buildPlainSdp } from './plain-sdp';
import { newSdesKeySalt, usableCrypto } from './sdes-keys';

export interface GatewaySdpTranslatorOptions {
  readonly gateway: MediaGatewayClient;
  /** The address the provider must send RTP to (main's address toward it), or how to find it. */
  readonly mediaAddress: string | (() => Promise<string>);
  /** The account's codec order and on/off (all on, Opus first, when absent). */
  readonly codecs?: readonly CodecSetting[];
  /**
   * SRTP toward the provider (SDES keys travel in the SDP, so only TLS accounts
   * should ask for it): `sdes-optional` offers RTP/AVP with a key (best-effort
   * SRTP, RFC 4568 §7.1.1 style: used when the answer carries a key) and
   * accepts SRTP or plain offers; `sdes-required` offers RTP/SAVP and refuses
   * plain offers. Off when absent.
   */
  readonly encryption?: MediaEncryption;
  /** A first listener of {@link GatewaySdpTranslator.onCallMediaLost} (main logs these). */
  readonly onCallMediaFailed?: CallMediaLostListener;
}

type Side = 'renderer' | 'provider';

/** What each of the gateway's reasons means for the call, in the codes the UI words. */
const CALL_MEDIA_FAILURES: Readonly<Record<CallMediaFailure, { readonly reason: SdpTranslationFailure; readonly message: string }>> = {
  'renderer-media-failed': { reason: 'media-path-failed', message: 'ICE or DTLS between the window and the media gateway failed' },
  'provider-media-stopped': { reason: 'media-stopped', message: 'no RTP or RTCP from the provider for too long (the call ended without a BYE reaching us)' },
  'provider-srtp-failed': { reason: 'media-auth-failed', message: 'the provider\'s SRTP keeps failing authentication' },
};

interface PendingOffer {
  readonly from: Side;
  /** The offerer's codecs as the other leg will see them (after the account's filter). */
  readonly codecs: readonly SdpCodec[];
  /** The renderer's WebRTC offer, when the renderer offered. */
  readonly rendererOffer?: string;
  /** The provider's audio section, when the provider offered. */
  readonly providerAudio?: AudioSection;
  readonly otherMedia: readonly string[];
  /** When the provider offered: whether the call takes SRTP. */
  readonly isSecure?: boolean;
  /** werift's answer once the provider answered a renderer's offer (a 183 then a 200). */
  answeredWith?: string;
}

interface CallMedia {
  /** The call's id in the gateway process. */
  readonly mediaId: string;
  readonly generation: number;
  /** Where the provider sends RTP (fixed for the call). */
  readonly address: string;
  readonly rtpPort: number;
  readonly sessionId: string;
  version: number;
  readonly localKeySalt: string;
  pending?: PendingOffer;
  /** The codecs and numbers of the provider's leg as last set: a re-offer from the window keeps these numbers. */
  agreedWithProvider: readonly PayloadMapping[];
  lastAnswer?: { readonly from: Side; readonly input: string; readonly output: string };
  failure?: { readonly reason: SdpTranslationFailure; readonly message: string };
}

class TranslationFailure extends Error {
  constructor(
    readonly reason: SdpTranslationFailure,
    message: string,
  ) {
    super(message);
  }
}

/** An answer in a provisional response (183) leaves the offer open for the final one. */
function isFinal(crossing: SdpCrossing): boolean {
  return crossing.status === undefined || crossing.status >= 200;
}

function sideOf(crossing: SdpCrossing): Side {
  return crossing.direction === 'to-provider' ? 'renderer' : 'provider';
}

/** Whether the side whose SDP says `direction` sends RTP. */
function sends(direction: MediaDirection): boolean {
  return direction === 'sendrecv' || direction === 'sendonly';
}

/** Whether the side whose SDP says `direction` takes RTP. */
function receives(direction: MediaDirection): boolean {
  return direction === 'sendrecv' || direction === 'recvonly';
}

/** First audio codec first: werift sends the first one of its negotiated list. */
function audioFirst(mappings: readonly PayloadMapping[]): PayloadMapping[] {
  const isAudio = (mapping: PayloadMapping): boolean => accountCodecOf({ payloadType: 0, name: mapping.name, clockRate: mapping.clockRate }) !== undefined;
  return [...mappings.filter(isAudio), ...mappings.filter((mapping) => !isAudio(mapping))];
}

export class GatewaySdpTranslator implements SdpTranslator {
  private static instances = 0;
  private readonly id = `t${(GatewaySdpTranslator.instances += 1)}`;
  private readonly calls = new Map<string, CallMedia>();
  private readonly accountCodecs: AudioCodec[];
  private readonly encryption: MediaEncryption;
  private readonly mediaLostListeners = new Set<CallMediaLostListener>();

  constructor(private readonly options: GatewaySdpTranslatorOptions) {
    if (options.onCallMediaFailed) this.mediaLostListeners.add(options.onCallMediaFailed);
    this.accountCodecs = codecsOnOffer(options.codecs);
    this.encryption = options.encryption ?? 'off';
    options.gateway.onDown((generation) => this.gatewayDown(generation));
    options.gateway.onCallFailed((mediaId, reason) => this.mediaFailed(mediaId, reason));
  }

  async translate(crossing: SdpCrossing): Promise<SdpTranslation> {
    try {
      return { ok: true, sdp: await this.translateOrThrow(crossing) };
    } catch (error) {
      if (error instanceof TranslationFailure) return { ok: false, reason: error.reason, message: error.message };
      if (error instanceof MediaGatewayRequestError && error.code === 'unsupported-media') return { ok: false, reason: error.code, message: error.message };
      return { ok: false, reason: 'media-gateway-down', message: error instanceof Error ? error.message : String(error) };
    }
  }

  onCallMediaLost(listener: CallMediaLostListener): () => void {
    this.mediaLostListeners.add(listener);
    return () => this.mediaLostListeners.delete(listener);
  }

  callEnded(callId: string): void {
    const call = this.calls.get(callId);
    this.calls.delete(callId);
    if (call && call.generation === this.options.gateway.currentGeneration) {
      void this.options.gateway.request({ type: 'close-call', callId: call.mediaId }).catch(() => undefined);
    }
  }

  private async translateOrThrow(crossing: SdpCrossing): Promise<string> {
    const existing = this.calls.get(crossing.callId);
    if (existing?.failure) throw new TranslationFailure(existing.failure.reason, existing.failure.message);
    const side = sideOf(crossing);
    if (existing?.lastAnswer && existing.lastAnswer.from === side && existing.lastAnswer.input === crossing.sdp && existing.pending?.from !== side) {
      if (isFinal(crossing)) existing.pending = undefined;
      return existing.lastAnswer.output;
    }
    const parsed = parseSdp(crossing.sdp);
    if (!parsed.audio) throw new TranslationFailure('unsupported-media', 'the SDP has no audio stream');
    const isAnswer = existing?.pending !== undefined && existing.pending.from !== side;
    const call = existing ?? (await this.open(crossing.callId));
    let output: string;
    if (isAnswer && side === 'provider') output = await this.answerFromProvider(call, parsed.audio, isFinal(crossing));
    else if (isAnswer) output = await this.answerFromRenderer(call, parsed.audio, crossing.sdp, isFinal(crossing));
    else if (side === 'renderer') output = this.offerFromRenderer(call, parsed.audio, crossing.sdp, parsed.otherMedia);
    else output = await this.offerFromProvider(call, parsed.audio, parsed.otherMedia);
    if (isAnswer) {
      call.lastAnswer = { from: side, input: crossing.sdp, output };
      // A provisional answer (183) stays open for the final one; the 200 may repeat or refine it.
      if (isFinal(crossing)) call.pending = undefined;
    }
    return output;
  }

  private async open(callId: string): Promise<CallMedia> {
    // Both ends of a call between two accounts of this machine share its Call-ID: the gateway keys calls per translator.
    const mediaId = `${this.id}/${callId}`;
    const reply = await this.options.gateway.request({ type: 'open-call', callId: mediaId });
    const { mediaAddress } = this.options;
    const call: CallMedia = {
      mediaId,
      address: typeof mediaAddress === 'string' ? mediaAddress : await mediaAddress(),
      generation: this.options.gateway.currentGeneration,
      rtpPort: reply.rtpPort!,
      sessionId: String(Math.floor(Math.random() * 1e12)),
      version: 0,
      localKeySalt: newSdesKeySalt(),
      agreedWithProvider: [],
    };
    this.calls.set(callId, call);
    return call;
  }

  private offerFromRenderer(call: CallMedia, audio: AudioSection, rendererOffer: string, otherMedia: readonly string[]): string {
    const codecs = allowedCodecs(audio.codecs, this.accountCodecs);
    if (!hasAudioCodec(codecs)) throw new TranslationFailure('no-common-codec', `the window offered none of ${this.accountCodecs.join(', ')}`);
    call.pending = { from: 'renderer', codecs, rendererOffer, otherMedia };
    call.version += 1;
    return buildPlainSdp({
      sessionId: call.sessionId,
      version: call.version,
      address: call.address,
      port: call.rtpPort,
      // The provider's answer is mapped back by codec name, so only the numbers it sees change.
      codecs: withAgreedPayloadTypes(codecs, call.agreedWithProvider),
      direction: audio.direction,
      rtcpMux: 'offer',
      ...(this.encryption === 'off' ? {} : { sdes: { tag: 1, keySalt: call.localKeySalt, isRequired: this.encryption === 'sdes-required' } }),
      ...(audio.ptime === undefined ? {} : { ptime: audio.ptime }),
    });
  }

  /** `isFinal`: a 2xx, not a 183 (early media need not flow, so the provider's silence then ends nothing). */
  private async answerFromProvider(call: CallMedia, audio: AudioSection, isFinal: boolean): Promise<string> {
    const pending = call.pending!;
    if (audio.port === 0) throw new TranslationFailure('no-common-codec', 'the provider refused the audio stream');
    const mappings = audioFirst(mapPayloadTypes(pending.codecs, audio.codecs));
    if (!hasAudioCodec(mappings.map((mapping) => ({ payloadType: 0, name: mapping.name, clockRate: mapping.clockRate })))) {
      throw new TranslationFailure('no-common-codec', 'the provider answered with no codec that was offered');
    }
    // With optional SRTP the answer decides: a key in it means SRTP.
    const isSecure = this.encryption === 'sdes-required' || (this.encryption === 'sdes-optional' && usableCrypto(audio.crypto) !== undefined);
    const provider = this.providerLeg(call, audio, mappings, isSecure, isFinal && sends(audio.direction));
    const offer = narrowAudioCodecs(pending.rendererOffer!, mappings.map((mapping) => mapping.rendererPayloadType));
    if (pending.answeredWith !== undefined) {
      // A second answer to the same offer (a 200 after a 183 with another SDP): werift has answered already.
      await this.options.gateway.request({ type: 'set-provider', callId: call.mediaId, provider });
      return pending.answeredWith;
    }
    const reply = await this.options.gateway.request({ type: 'answer-renderer', callId: call.mediaId, offer, direction: audio.direction, provider });
    pending.answeredWith = reply.sdp!;
    return reply.sdp!;
  }

  private async offerFromProvider(call: CallMedia, audio: AudioSection, otherMedia: readonly string[]): Promise<string> {
    if (audio.hasIce || (audio.protocol !== 'RTP/AVP' && audio.protocol !== 'RTP/SAVP')) {
      throw new TranslationFailure('unsupported-media', `the provider offered ${audio.protocol || 'an unknown transport'}, not RTP/AVP or RTP/SAVP`);
    }
    const isSavp = audio.protocol === 'RTP/SAVP';
    if (isSavp && this.encryption === 'off') throw new TranslationFailure('unsupported-media', 'the provider offered only SRTP and media encryption is off for this account');
    // A key offered with RTP/AVP is best-effort SRTP: taken when this account does SRTP at all.
    const isSecure = isSavp || (this.encryption !== 'off' && usableCrypto(audio.crypto) !== undefined);
    if (!isSecure && this.encryption === 'sdes-required') throw new TranslationFailure('unsupported-media', 'the provider offered unencrypted audio and this account requires SRTP');
    const codecs = allowedCodecs(audio.codecs, this.accountCodecs);
    if (!hasAudioCodec(codecs)) throw new TranslationFailure('no-common-codec', `the provider offered none of ${this.accountCodecs.join(', ')}`);
    const mappings = codecs.map((codec) => ({ name: codec.name, clockRate: codec.clockRate, rendererPayloadType: codec.payloadType, providerPayloadType: codec.payloadType }));
    // Until the window answers, the call rings (or is being renegotiated): the provider's silence means nothing yet.
    const provider = this.providerLeg(call, audio, mappings, isSecure, false);
    call.pending = { from: 'provider', codecs, providerAudio: audio, otherMedia, isSecure };
    const reply = await this.options.gateway.request({ type: 'offer-renderer', callId: call.mediaId, codecs, direction: audio.direction, provider });
    return reply.sdp!;
  }

  private async answerFromRenderer(call: CallMedia, audio: AudioSection, rendererAnswer: string, isFinal: boolean): Promise<string> {
    const pending = call.pending!;
    const offered = pending.providerAudio!;
    await this.options.gateway.request({ type: 'accept-renderer-answer', callId: call.mediaId, answer: rendererAnswer });
    // By name and clock rate, not number: in a re-INVITE werift offers the window the numbers the call began with, whatever the provider's new ones are.
    const mappings = audioFirst(mapPayloadTypes(audio.codecs, pending.codecs));
    const chosen = offered.codecs.filter((codec) => pending.codecs.includes(codec) && mappings.some((mapping) => mapping.providerPayloadType === codec.payloadType));
    if (!hasAudioCodec(chosen)) throw new TranslationFailure('no-common-codec', 'the window accepted none of the offered codecs');
    const isSecure = pending.isSecure === true;
    await this.options.gateway.request({ type: 'set-provider', callId: call.mediaId, provider: this.providerLeg(call, offered, mappings, isSecure, isFinal && sends(offered.direction) && receives(audio.direction)) });
    const crypto = usableCrypto(offered.crypto);
    call.version += 1;
    return buildPlainSdp({
      sessionId: call.sessionId,
      version: call.version,
      address: call.address,
      port: call.rtpPort,
      codecs: chosen,
      direction: audio.direction,
      rtcpMux: offered.isRtcpMux ? 'agreed' : 'none',
      ...(isSecure && crypto ? { sdes: { tag: crypto.tag, keySalt: call.localKeySalt, isRequired: offered.protocol === 'RTP/SAVP' } } : {}),
      ...(offered.ptime === undefined ? {} : { ptime: offered.ptime }),
      rejectedMedia: pending.otherMedia,
    });
  }

  private providerLeg(call: CallMedia, audio: AudioSection, mappings: readonly PayloadMapping[], isSecure: boolean, isProviderSending: boolean): ProviderLeg {
    if (!audio.address) throw new TranslationFailure('unsupported-media', 'the provider SDP names no connection address');
    let srtp: ProviderLeg['srtp'];
    if (isSecure) {
      const crypto = usableCrypto(audio.crypto);
      if (!crypto) throw new TranslationFailure('unsupported-media', 'the provider sent no AES_CM_128_HMAC_SHA1_80 key');
      srtp = { localKeySalt: call.localKeySalt, remoteKeySalt: crypto.keySalt };
    }
    call.agreedWithProvider = [...mappings];
    return {
      address: audio.address,
      rtpPort: audio.port,
      rtcpPort: audio.isRtcpMux ? audio.port : (audio.rtcpPort ?? audio.port + 1),
      isRtcpMux: audio.isRtcpMux,
      mappings: [...mappings],
      isProviderSending,
      ...(srtp ? { srtp } : {}),
    };
  }

  private mediaFailed(mediaId: string, reason: CallMediaFailure): void {
    const found = [...this.calls].find(([, call]) => call.mediaId === mediaId);
    if (!found || found[1].failure) return;
    const [callId, call] = found;
    call.failure = CALL_MEDIA_FAILURES[reason];
    this.tellMediaLost(callId, call.failure);
  }

  private tellMediaLost(callId: string, failure: NonNullable<CallMedia['failure']>): void {
    for (const listener of [...this.mediaLostListeners]) listener(callId, failure.reason, failure.message);
  }

  private gatewayDown(generation: number): void {
    for (const [callId, call] of this.calls) {
      if (call.generation !== generation || call.failure) continue;
      call.failure = { reason: 'media-gateway-down', message: 'the media gateway stopped during the call' };
      this.tellMediaLost(callId, call.failure);
    }
  }
}
