/**
 * Which audio codecs an account offers, in which order, and how its media is
 * protected on a TLS account: stored with the account and read by the media
 * gateway when it builds the provider's side of a call.
 *
 * @remarks
 * Only calls with a plain-SIP provider (UDP, TCP, TLS) use these; over
 * WebSocket the browser's own WebRTC offer goes out unchanged. Whatever the
 * user switches off, PCMU and PCMA stay on offer to plain-RTP peers
 * ({@link codecsOnOffer}): every SIP device speaks G.711, so a call never
 * fails for want of a common codec the user disabled by accident.
 */
import { z } from 'zod';

export const AudioCodecSchema = z.enum(['opus', 'G722', 'PCMU', 'PCMA']);
export type AudioCodec = z.infer<typeof AudioCodecSchema>;

export const CodecSettingSchema = z.object({ codec: AudioCodecSchema, enabled: z.boolean() });
export type CodecSetting = z.infer<typeof CodecSettingSchema>;

/** Each codec once; order is preference. */
export const CodecSettingsSchema = z
  .array(CodecSettingSchema)
  .max(AudioCodecSchema.options.length)
  .refine((list) => new Set(list.map((entry) => entry.codec)).size === list.length, 'Each codec may appear once.');

export const DEFAULT_CODEC_SETTINGS: readonly CodecSetting[] = [
  { codec: 'opus', enabled: true },
  { codec: 'G722', enabled: true },
  { codec: 'PCMU', enabled: true },
  { codec: 'PCMA', enabled: true },
];

/** `off`: plain RTP; `sdes-optional`: SRTP when the provider offers or takes SDES keys; `sdes-required`: SRTP or no call. */
export const MediaEncryptionSchema = z.enum(['off', 'sdes-optional', 'sdes-required']);
export type MediaEncryption = z.infer<typeof MediaEncryptionSchema>;
export const DEFAULT_MEDIA_ENCRYPTION: MediaEncryption = 'sdes-optional';

/** The full preference list: saved entries in their order, then any codec the saved list lacks (enabled). */
export function codecSettingsOf(saved: readonly CodecSetting[] | undefined): CodecSetting[] {
  const list = [...(saved ?? [])];
  for (const entry of DEFAULT_CODEC_SETTINGS) if (!list.some((known) => known.codec === entry.codec)) list.push({ ...entry });
  return list;
}

/** What goes on offer to a plain-RTP peer, in order: the enabled codecs, then PCMU and PCMA if they were switched off. */
export function codecsOnOffer(saved: readonly CodecSetting[] | undefined): AudioCodec[] {
  const settings = codecSettingsOf(saved);
  const offered = settings.filter((entry) => entry.enabled).map((entry) => entry.codec);
  for (const always of ['PCMU', 'PCMA'] as const) if (!offered.includes(always)) offered.push(always);
  return offered;
}
