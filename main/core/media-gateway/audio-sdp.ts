/**
 * The parts of an SDP body the media gateway reads and writes: the session's
 * connection address and its first audio section (codecs, direction, RTCP,
 * SDES keys). Everything else is kept as raw lines so that an SDP can be
 * narrowed (fewer codecs) without losing what the gateway does not model.
 *
 * @remarks
 * Parsing never throws: an SDP without an audio section parses with
 * `audio: undefined`, and the caller turns that into a failure code.
 */

export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

const DIRECTIONS: readonly MediaDirection[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

/** One payload type of an audio section. */
export interface SdpCodec {
  readonly payloadType: number;
  /** As written in `a=rtpmap` (or the static table), e.g. `opus`, `PCMU`, `telephone-event`. */
  readonly name: string;
  readonly clockRate: number;
  readonly channels?: number;
  readonly fmtp?: string;
}

/** One `a=crypto` line (RFC 4568). */
export interface SdesCrypto {
  readonly tag: number;
  readonly suite: string;
  /** The base64 key and salt after `inline:` (without lifetime or MKI). */
  readonly keySalt: string;
}

export interface AudioSection {
  readonly port: number;
  /** `RTP/AVP`, `RTP/SAVP`, `UDP/TLS/RTP/SAVPF` … */
  readonly protocol: string;
  /** The section's `c=` address, else the session's. */
  readonly address: string | undefined;
  readonly codecs: readonly SdpCodec[];
  readonly direction: MediaDirection;
  /** From `a=rtcp:`; RTCP is on `port + 1` when absent and not muxed. */
  readonly rtcpPort: number | undefined;
  readonly isRtcpMux: boolean;
  readonly crypto: readonly SdesCrypto[];
  readonly ptime: number | undefined;
  /** Whether the section carries ICE credentials (a WebRTC leg). */
  readonly hasIce: boolean;
}

export interface ParsedSdp {
  readonly audio: AudioSection | undefined;
  /** `m=` lines of other sections (video, application …), which the gateway refuses. */
  readonly otherMedia: readonly string[];
}

/** Payload types whose codec RFC 3551 fixes, used when a section has no `a=rtpmap` for them. */
const STATIC_PAYLOAD_TYPES: Readonly<Record<number, { name: string; clockRate: number }>> = {
  0: { name: 'PCMU', clockRate: 8000 },
  3: { name: 'GSM', clockRate: 8000 },
  8: { name: 'PCMA', clockRate: 8000 },
  9: { name: 'G722', clockRate: 8000 },
  13: { name: 'CN', clockRate: 8000 },
  18: { name: 'G729', clockRate: 8000 },
};

function splitLines(sdp: string): string[] {
  return sdp.split(/\r?\n/).filter((line) => line.length > 0);
}

function addressOf(cLine: string): string | undefined {
  return /^c=IN IP[46] (\S+)/.exec(cLine)?.[1]?.split('/')[0];
}

/** Reads the first audio section of an SDP body. */
export function parseSdp(sdp: string): ParsedSdp {
  const lines = splitLines(sdp);
  let sessionAddress: string | undefined;
  let audioLines: string[] | undefined;
  let isInAudio = false;
  const otherMedia: string[] = [];
  let sessionDirection: MediaDirection | undefined;
  for (const line of lines) {
    if (line.startsWith('m=')) {
      isInAudio = line.startsWith('m=audio ') && audioLines === undefined;
      if (isInAudio) audioLines = [line];
      else otherMedia.push(line);
      continue;
    }
    if (isInAudio) audioLines!.push(line);
    else if (audioLines === undefined && otherMedia.length === 0) {
      if (line.startsWith('c=')) sessionAddress = addressOf(line);
      const direction = line.slice(2) as MediaDirection;
      if (line.startsWith('a=') && DIRECTIONS.includes(direction)) sessionDirection = direction;
    }
  }
  if (!audioLines) return { audio: undefined, otherMedia };
  return { audio: parseAudioSection(audioLines, sessionAddress, sessionDirection), otherMedia };
}

function parseAudioSection(lines: readonly string[], sessionAddress: string | undefined, sessionDirection: MediaDirection | undefined): AudioSection {
  const [, portText = '0', protocol = '', ...formats] = lines[0]!.split(' ');
  const rtpmaps = new Map<number, { name: string; clockRate: number; channels?: number }>();
  const fmtps = new Map<number, string>();
  let address = sessionAddress;
  let direction = sessionDirection ?? 'sendrecv';
  let rtcpPort: number | undefined;
  let isRtcpMux = false;
  let ptime: number | undefined;
  let hasIce = false;
  const crypto: SdesCrypto[] = [];
  for (const line of lines.slice(1)) {
    if (line.startsWith('c=')) address = addressOf(line) ?? address;
    const attribute = line.startsWith('a=') ? line.slice(2) : undefined;
    if (attribute === undefined) continue;
    const rtpmap = /^rtpmap:(\d+) ([^/\s]+)\/(\d+)(?:\/(\d+))?/.exec(attribute);
    if (rtpmap) {
      const channels = rtpmap[4] === undefined ? undefined : Number(rtpmap[4]);
      rtpmaps.set(Number(rtpmap[1]), { name: rtpmap[2]!, clockRate: Number(rtpmap[3]), ...(channels === undefined ? {} : { channels }) });
      continue;
    }
    const fmtp = /^fmtp:(\d+) (.*)$/.exec(attribute);
    if (fmtp) fmtps.set(Number(fmtp[1]), fmtp[2]!);
    else if (DIRECTIONS.includes(attribute as MediaDirection)) direction = attribute as MediaDirection;
    else if (attribute === 'rtcp-mux') isRtcpMux = true;
    else if (attribute.startsWith('rtcp:')) rtcpPort = Number(attribute.slice(5).split(' ')[0]);
    else if (attribute.startsWith('ptime:')) ptime = Number(attribute.slice(6));
    else if (attribute.startsWith('ice-ufrag:')) hasIce = true;
    else if (attribute.startsWith('crypto:')) {
      const parts = /^crypto:(\d+) (\S+) inline:([^|\s]+)/.exec(attribute);
      if (parts) crypto.push({ tag: Number(parts[1]), suite: parts[2]!, keySalt: parts[3]! });
    }
  }
  const codecs: SdpCodec[] = [];
  for (const format of formats) {
    const payloadType = Number(format);
    if (!Number.isInteger(payloadType)) continue;
    const mapped = rtpmaps.get(payloadType) ?? STATIC_PAYLOAD_TYPES[payloadType];
    if (!mapped) continue;
    const fmtp = fmtps.get(payloadType);
    codecs.push({ payloadType, ...mapped, ...(fmtp === undefined ? {} : { fmtp }) });
  }
  return {
    port: Number(portText),
    protocol,
    address,
    codecs,
    direction,
    rtcpPort: Number.isFinite(rtcpPort) ? rtcpPort : undefined,
    isRtcpMux,
    crypto,
    ptime: Number.isFinite(ptime) ? ptime : undefined,
    hasIce,
  };
}

/** `rtpmap` value of a codec (`opus/48000/2`). */
export function rtpmapOf(codec: SdpCodec): string {
  return `${codec.name}/${codec.clockRate}${codec.channels && codec.channels > 1 ? `/${codec.channels}` : ''}`;
}
