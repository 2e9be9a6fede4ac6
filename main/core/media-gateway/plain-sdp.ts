/**
 * SDP toward the provider: a plain audio section (RTP/AVP, or RTP/SAVP with
 * one SDES key) at the gateway's address, with no ICE, DTLS, extmap, CN or
 * anything else of the WebRTC leg.
 */
import { rtpmapOf, type MediaDirection, type SdpCodec } from './audio-sdp';
import { cryptoLine } from './sdes-keys';

export interface PlainSdpInput {
  /** `o=` session id, fixed for the call. */
  readonly sessionId: string;
  /** `o=` version, one more for every changed SDP of the call. */
  readonly version: number;
  readonly address: string;
  readonly port: number;
  readonly codecs: readonly SdpCodec[];
  readonly direction: MediaDirection;
  /** The local SDES key and the tag of its crypto line; RTP/SAVP when required, else RTP/AVP with the key (best-effort SRTP). */
  readonly sdes?: { readonly tag: number; readonly keySalt: string; readonly isRequired: boolean };
  /** Offer rtcp-mux (with `a=rtcp:port+1` as the fallback), or answer that it was agreed. */
  readonly rtcpMux: 'offer' | 'agreed' | 'none';
  readonly ptime?: number;
  /** `m=` lines of offered streams the gateway does not relay (video …): answered with port 0. */
  readonly rejectedMedia?: readonly string[];
}

export function buildPlainSdp(input: PlainSdpInput): string {
  const ipVersion = input.address.includes(':') ? 'IP6' : 'IP4';
  const lines = [
    'v=0',
    `o=- ${input.sessionId} ${input.version} IN ${ipVersion} ${input.address}`,
    's=-',
    `c=IN ${ipVersion} ${input.address}`,
    't=0 0',
    `m=audio ${input.port} ${input.sdes?.isRequired ? 'RTP/SAVP' : 'RTP/AVP'} ${input.codecs.map((codec) => codec.payloadType).join(' ')}`,
  ];
  for (const codec of input.codecs) {
    lines.push(`a=rtpmap:${codec.payloadType} ${rtpmapOf(codec)}`);
    if (codec.fmtp !== undefined) lines.push(`a=fmtp:${codec.payloadType} ${codec.fmtp}`);
  }
  if (input.ptime !== undefined) lines.push(`a=ptime:${input.ptime}`);
  if (input.rtcpMux !== 'agreed') lines.push(`a=rtcp:${input.port + 1}`);
  if (input.rtcpMux !== 'none') lines.push('a=rtcp-mux');
  if (input.sdes) lines.push(cryptoLine(input.sdes.tag, input.sdes.keySalt));
  lines.push(`a=${input.direction}`);
  for (const media of input.rejectedMedia ?? []) {
    const [kind, , protocol, firstFormat] = media.split(' ');
    lines.push(`${kind} 0 ${protocol} ${firstFormat ?? '0'}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}
