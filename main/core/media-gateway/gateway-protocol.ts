/**
 * The messages between main and the media gateway process, validated on
 * both sides of the channel (a malformed message is a bug, reported and
 * dropped, never acted on).
 *
 * main sends requests with an `id`; the gateway answers each with a reply of
 * the same `id` (`ok` with the request's result, or a failure code). The
 * gateway also sends events without an `id`: `ready` once its DTLS
 * certificate is made, and `call-failed` when a call's media dies on its own
 * (see {@link callMediaFailure}); the gateway has then closed that call.
 */
import { z } from 'zod';

const codec = z.object({
  payloadType: z.number().int().min(0).max(127),
  name: z.string().min(1).max(64),
  clockRate: z.number().int().positive(),
  channels: z.number().int().positive().optional(),
  fmtp: z.string().max(512).optional(),
});

const mapping = z.object({
  name: z.string().min(1).max(64),
  clockRate: z.number().int().positive(),
  rendererPayloadType: z.number().int().min(0).max(127),
  providerPayloadType: z.number().int().min(0).max(127),
});

const direction = z.enum(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

/** Where and how the gateway sends RTP to the provider, from the provider's SDP. */
export const providerLegSchema = z.object({
  address: z.string().min(1).max(256),
  rtpPort: z.number().int().min(1).max(65535),
  rtcpPort: z.number().int().min(1).max(65535),
  isRtcpMux: z.boolean(),
  /** First audio codec first: it is the one werift sends toward the renderer. */
  mappings: z.array(mapping).min(1),
  /**
   * Whether the provider is meant to send RTP now (its direction and ours
   * allow it): only then does its silence end the call. Absent means yes.
   */
  isProviderSending: z.boolean().optional(),
  /** SDES keys (base64 key‖salt) when the provider leg is RTP/SAVP. */
  srtp: z.object({ localKeySalt: z.string().min(1), remoteKeySalt: z.string().min(1) }).optional(),
});

export type ProviderLeg = z.infer<typeof providerLegSchema>;

export const gatewayRequestSchema = z.discriminatedUnion('type', [
  /** Binds the call's provider-side RTP/RTCP ports; result `rtpPort`. */
  z.object({ id: z.number().int(), type: z.literal('open-call'), callId: z.string().min(1) }),
  /** werift answers the renderer's offer (already narrowed to the agreed codecs); result `sdp`. */
  z.object({ id: z.number().int(), type: z.literal('answer-renderer'), callId: z.string().min(1), offer: z.string().min(1), direction, provider: providerLegSchema }),
  /** werift offers these codecs to the renderer; result `sdp`. */
  z.object({ id: z.number().int(), type: z.literal('offer-renderer'), callId: z.string().min(1), codecs: z.array(codec).min(1), direction, provider: providerLegSchema }),
  /** The renderer's answer to werift's offer. */
  z.object({ id: z.number().int(), type: z.literal('accept-renderer-answer'), callId: z.string().min(1), answer: z.string().min(1) }),
  /** The provider's address, keys or payload types changed. */
  z.object({ id: z.number().int(), type: z.literal('set-provider'), callId: z.string().min(1), provider: providerLegSchema }),
  z.object({ id: z.number().int(), type: z.literal('close-call'), callId: z.string().min(1) }),
  /** Process figures and per-call counters; result `stats`. */
  z.object({ id: z.number().int(), type: z.literal('stats') }),
]);

export type GatewayRequest = z.infer<typeof gatewayRequestSchema>;
/** A request before main gives it an id. */
export type GatewayRequestBody = GatewayRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

const callStats = z.object({
  callId: z.string(),
  toProvider: z.number().int(),
  toRenderer: z.number().int(),
  keepAlives: z.number().int(),
  dropped: z.number().int(),
  /** Per relayed packet: µs from its arrival to its sending, both ways. */
  relayMicros: z.array(z.number()),
});

export const gatewayStatsSchema = z.object({
  rssBytes: z.number(),
  cpuMicros: z.number(),
  calls: z.array(callStats),
});

export type GatewayStats = z.infer<typeof gatewayStatsSchema>;

/** Why a gateway request failed: what werift could not take, or a request that breaks this protocol (a bug in main). */
export const gatewayFailureCode = z.enum(['unsupported-media', 'bad-request']);

export type GatewayFailureCode = z.infer<typeof gatewayFailureCode>;

/**
 * Why a call's media died on its own:
 * - `renderer-media-failed`: the renderer's ICE or DTLS failed;
 * - `provider-media-stopped`: no RTP or RTCP from the provider for the
 *   inactivity limit while it was meant to send (it went away without a BYE);
 * - `provider-srtp-failed`: the provider's SRTP keeps failing authentication.
 */
export const callMediaFailure = z.enum(['renderer-media-failed', 'provider-media-stopped', 'provider-srtp-failed']);

export type CallMediaFailure = z.infer<typeof callMediaFailure>;

export const gatewayMessageSchema = z.union([
  z.object({ id: z.number().int(), ok: z.literal(true), sdp: z.string().optional(), rtpPort: z.number().int().optional(), stats: gatewayStatsSchema.optional() }),
  z.object({ id: z.number().int(), ok: z.literal(false), code: gatewayFailureCode, message: z.string() }),
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('call-failed'), callId: z.string(), reason: callMediaFailure }),
]);

export type GatewayMessage = z.infer<typeof gatewayMessageSchema>;
