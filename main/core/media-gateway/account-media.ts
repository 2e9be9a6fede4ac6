/**
 * One {@link GatewaySdpTranslator} per plain-SIP account, built from what the
 * account says about media: its codec settings, and SRTP only on TLS
 * accounts (SDES keys travel in the SDP, readable by anyone on the path of
 * an unencrypted signalling connection).
 */
import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import type { CodecSetting, MediaEncryption } from '../../../app/codec-preferences';
import type { SdpTranslator } from '../sdp-translator';
import { GatewaySdpTranslator } from './gateway-sdp-translator';
import type { MediaGatewayClient } from './media-gateway-client';

/** What an account says about its media. */
export interface PlainSipMedia {
  readonly accountId: string;
  /** The provider's host (proxy or domain): the gateway advertises the local address that reaches it. */
  readonly providerHost: string;
  readonly codecs?: readonly CodecSetting[];
  readonly mediaEncryption?: MediaEncryption;
  readonly isTls: boolean;
  /** Our address as the provider sees the signalling (rport `received`, STUN), once the connection knows it. */
  readonly publicHost?: () => string | undefined;
}

/** Makes the SDP translator of one plain-SIP account (a {@link CorePorts} port). */
export type SdpTranslatorFactory = (media: PlainSipMedia) => SdpTranslator;

/** The local address the system routes toward `host` (no packet is sent: a UDP socket is only connected). */
export async function localAddressToward(host: string): Promise<string> {
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  try {
    return await new Promise<string>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(9, host, () => resolve(socket.address().address));
    });
  } finally {
    socket.close();
  }
}

/** The account's SDP crossings end (and log) the calls whose media dies: see {@link SdpTranslator.onCallMediaLost}. */
/**
 * The address the provider must send RTP to: the public one the signalling
 * connection learned (behind a NAT the LAN address means nothing to the
 * provider; its symmetric RTP then finds the port), else the local address
 * that routes toward the provider. See docs/DESIGN.md ("Media address behind NAT").
 */
export async function mediaAddressOf(media: PlainSipMedia): Promise<string> {
  const known = media.publicHost?.();
  if (known !== undefined && isIP(known) !== 0 && known !== '0.0.0.0' && known !== '::') return known;
  return localAddressToward(media.providerHost);
}

export function gatewayTranslatorFactory(gateway: MediaGatewayClient): SdpTranslatorFactory {
  return (media) =>
    new GatewaySdpTranslator({
      gateway,
      mediaAddress: () => mediaAddressOf(media),
      ...(media.codecs ? { codecs: media.codecs } : {}),
      encryption: media.isTls ? (media.mediaEncryption ?? 'sdes-optional') : 'off',
    });
}
