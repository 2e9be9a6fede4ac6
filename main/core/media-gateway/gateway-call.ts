/**
 * One call inside the media gateway process: werift's peer connection
 * toward the renderer (ICE + DTLS-SRTP) and the plain RTP leg toward the
 * provider, with RTP relayed between them unchanged except for the payload
 * type (mapped per codec) and, toward the renderer, werift's re-stamping of
 * SSRC, sequence and timestamp (which keeps the renderer's stream continuous
 * across re-INVITEs).
 *
 * @remarks
 * werift's sender writes its primary codec's payload type into every packet
 * it sends; an RFC 4733 event from the provider goes out with the sender's
 * codec swapped for the duration of the synchronous part of the send (the
 * payload type is stamped before the first await), so events keep their
 * own payload type and share the stream's sequence numbers.
 */
import { RTCPeerConnection, RTCRtpCodecParameters, RtpPacket, type RTCIceTransport, type RTCRtpTransceiver } from 'werift';
import type { MediaDirection, SdpCodec } from './audio-sdp';
import type { CallMediaFailure, ProviderLeg } from './gateway-protocol';
import { ProviderRtpLeg } from './provider-rtp-leg';

export interface GatewayCallOptions {
  readonly bindAddress: string;
  readonly keepAliveMs: number;
  /** Host addresses werift adds to its ICE candidates (loopback in tests). */
  readonly iceAdditionalHostAddresses: readonly string[];
  /** The call's media died on its own (said at most once per reason). */
  readonly onMediaFailed: (reason: CallMediaFailure) => void;
}

/** Kept per call for the bench: how long the relay held each packet. */
const RELAY_SAMPLES = 2000;

function weriftCodec(codec: SdpCodec): RTCRtpCodecParameters {
  return new RTCRtpCodecParameters({
    mimeType: `audio/${codec.name}`,
    clockRate: codec.clockRate,
    payloadType: codec.payloadType,
    channels: codec.channels ?? (codec.name.toLowerCase() === 'opus' ? 2 : 1),
    ...(codec.fmtp === undefined ? {} : { parameters: codec.fmtp }),
  });
}

async function gatheringComplete(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 3000);
    pc.iceGatheringStateChange.subscribe((state) => {
      if (state !== 'complete') return;
      clearTimeout(timer);
      resolve();
    });
  });
}

export class GatewayCall {
  private pc: RTCPeerConnection | undefined;
  private transceiver: RTCRtpTransceiver | undefined;
  private toProviderPayload = new Map<number, number>();
  private toRendererPayload = new Map<number, number>();
  /** Per ICE transport, the last of its restarts whose checks this call started. */
  private readonly startedIceRestarts = new WeakMap<RTCIceTransport, number>();
  /** Nothing is expected before the first offer/answer reaches the provider leg. */
  private isProviderSending = false;
  toProvider = 0;
  toRenderer = 0;
  dropped = 0;
  readonly relayMicros: number[] = [];

  private constructor(
    readonly rtp: ProviderRtpLeg,
    private readonly options: GatewayCallOptions,
  ) {}

  static async open(options: GatewayCallOptions): Promise<GatewayCall> {
    let call: GatewayCall | undefined;
    const rtp = await ProviderRtpLeg.open({
      bindAddress: options.bindAddress,
      keepAliveMs: options.keepAliveMs,
      onRtp: (packet, arrivedAt) => call?.relayToRenderer(packet, arrivedAt),
      onAuthFailing: () => options.onMediaFailed('provider-srtp-failed'),
    });
    call = new GatewayCall(rtp, options);
    return call;
  }

  setProvider(provider: ProviderLeg): void {
    this.toProviderPayload = new Map(provider.mappings.map((mapping) => [mapping.rendererPayloadType, mapping.providerPayloadType]));
    this.toRendererPayload = new Map(provider.mappings.map((mapping) => [mapping.providerPayloadType, mapping.rendererPayloadType]));
    this.isProviderSending = provider.isProviderSending ?? true;
    this.rtp.configure(provider);
  }

  /** Whether the provider, meant to send, has sent nothing (RTP or RTCP) for `limitMs`. */
  hasProviderFallenSilent(limitMs: number, now = Date.now()): boolean {
    return this.isProviderSending && now - this.rtp.lastHeardAt >= limitMs;
  }

  /** werift's answer to the renderer's offer (narrowed to the agreed codecs). */
  async answerRenderer(offer: string, codecs: readonly SdpCodec[], direction: MediaDirection, provider: ProviderLeg): Promise<string> {
    this.setProvider(provider);
    const pc = this.peerConnection(codecs);
    await pc.setRemoteDescription({ type: 'offer', sdp: offer });
    const transceiver = pc.getTransceivers().find((candidate) => candidate.kind === 'audio');
    if (!transceiver) throw new Error('the offer has no audio for werift');
    this.adopt(transceiver);
    transceiver.setDirection(direction);
    await pc.setLocalDescription(await pc.createAnswer());
    this.startRestartedIce(pc);
    await gatheringComplete(pc);
    return pc.localDescription!.sdp;
  }

  /** werift's offer of these codecs to the renderer. */
  async offerRenderer(codecs: readonly SdpCodec[], direction: MediaDirection, provider: ProviderLeg): Promise<string> {
    this.setProvider(provider);
    const pc = this.peerConnection(codecs);
    if (!this.transceiver) this.adopt(pc.addTransceiver('audio', { direction }));
    this.transceiver!.setDirection(direction);
    await pc.setLocalDescription(await pc.createOffer());
    await gatheringComplete(pc);
    return pc.localDescription!.sdp;
  }

  async acceptRendererAnswer(answer: string): Promise<void> {
    if (!this.pc) throw new Error('no offer was made to the renderer');
    await this.pc.setRemoteDescription({ type: 'answer', sdp: answer });
  }

  close(): void {
    this.rtp.close();
    void this.pc?.close();
  }

  private peerConnection(codecs: readonly SdpCodec[]): RTCPeerConnection {
    if (this.pc) return this.pc;
    const pc = new RTCPeerConnection({
      codecs: { audio: codecs.map(weriftCodec) },
      iceAdditionalHostAddresses: [...this.options.iceAdditionalHostAddresses],
      iceUseIpv6: false,
      headerExtensions: { audio: [] },
    });
    // Subscribed before any description is set: werift fires onTrack inside setRemoteDescription.
    // werift announces the same track again on every renegotiation (hold, resume): relay it once.
    const relayedTracks = new WeakSet<object>();
    pc.onTrack.subscribe((track) => {
      if (relayedTracks.has(track)) return;
      relayedTracks.add(track);
      track.onReceiveRtp.subscribe((packet) => this.relayToProvider(packet));
    });
    pc.connectionStateChange.subscribe((state) => {
      if (state === 'failed') this.options.onMediaFailed('renderer-media-failed');
    });
    this.pc = pc;
    return pc;
  }

  /**
   * Runs the checks of an ICE session the renderer restarted (its offer came with a new ufrag and
   * password). werift 0.25 starts a new ICE session on such an offer (new credentials, no selected
   * pair), but its own connect step skips any transport whose DTLS is already connected, so the
   * new session's checks never ran: werift
   * only answered the renderer's checks, never nominated a pair, and sent nothing more toward the
   * renderer while the renderer, seeing its checks answered, moved its audio to the new pair.
   * DTLS and its SRTP keys are kept: a restart changes the path, not the association.
   */
  private startRestartedIce(pc: RTCPeerConnection): void {
    for (const dtls of pc.dtlsTransports) {
      const ice = dtls.iceTransport;
      const started = this.startedIceRestarts.get(ice) ?? 0;
      // werift itself started every session whose DTLS was not connected yet.
      if (dtls.state !== 'connected' || ice.iceRestarts <= started) continue;
      this.startedIceRestarts.set(ice, ice.iceRestarts);
      ice.start().catch(() => this.options.onMediaFailed('renderer-media-failed'));
    }
  }

  private adopt(transceiver: RTCRtpTransceiver): void {
    if (this.transceiver === transceiver) return;
    this.transceiver = transceiver;
    transceiver.receiver.onRtcp.subscribe((rtcp) => {
      // The renderer's sender reports describe the very stream relayed to the provider.
      if (rtcp.type === 200) this.rtp.sendRtcp(rtcp.serialize());
    });
  }

  private relayToProvider(packet: RtpPacket): void {
    const arrivedAt = process.hrtime.bigint();
    const payloadType = this.toProviderPayload.get(packet.header.payloadType);
    if (payloadType === undefined) {
      this.dropped += 1;
      return;
    }
    const relayed = packet.clone();
    relayed.header.payloadType = payloadType;
    relayed.header.extensions = [];
    relayed.header.extension = false;
    this.rtp.sendRtp(relayed);
    this.toProvider += 1;
    this.sample(arrivedAt);
  }

  private relayToRenderer(packet: RtpPacket, arrivedAt: bigint): void {
    const sender = this.transceiver?.sender;
    const payloadType = this.toRendererPayload.get(packet.header.payloadType);
    if (!sender?.codec || payloadType === undefined) {
      this.dropped += 1;
      return;
    }
    packet.header.payloadType = payloadType;
    const primary = sender.codec;
    if (payloadType !== primary.payloadType) sender.codec = Object.assign(Object.create(Object.getPrototypeOf(primary)), primary, { payloadType });
    const sent = sender.sendRtp(packet);
    sender.codec = primary;
    void sent.catch(() => undefined);
    this.toRenderer += 1;
    this.sample(arrivedAt);
  }

  private sample(arrivedAt: bigint): void {
    if (this.relayMicros.length >= RELAY_SAMPLES) this.relayMicros.splice(0, RELAY_SAMPLES / 2);
    this.relayMicros.push(Number(process.hrtime.bigint() - arrivedAt) / 1000);
  }
}
