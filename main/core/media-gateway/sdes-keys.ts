/**
 * SDES keys (RFC 4568) for SRTP toward the provider: the only suite offered
 * and accepted is AES_CM_128_HMAC_SHA1_80, whose `inline:` value is a 16-byte
 * master key followed by a 14-byte master salt, base64.
 */
import { randomBytes } from 'node:crypto';
import type { SdesCrypto } from './audio-sdp';

export const SDES_SUITE = 'AES_CM_128_HMAC_SHA1_80';
const KEY_BYTES = 16;
const SALT_BYTES = 14;

export interface SrtpMasterKey {
  readonly key: Buffer;
  readonly salt: Buffer;
}

/** A fresh local key, as the `inline:` text. */
export function newSdesKeySalt(): string {
  return randomBytes(KEY_BYTES + SALT_BYTES).toString('base64');
}

/** The key and salt of an `inline:` value, or undefined when it has the wrong length. */
export function masterKeyOf(keySalt: string): SrtpMasterKey | undefined {
  const bytes = Buffer.from(keySalt, 'base64');
  if (bytes.length !== KEY_BYTES + SALT_BYTES) return undefined;
  return { key: bytes.subarray(0, KEY_BYTES), salt: bytes.subarray(KEY_BYTES) };
}

/** The first offered crypto line the gateway can use. */
export function usableCrypto(offered: readonly SdesCrypto[]): SdesCrypto | undefined {
  return offered.find((crypto) => crypto.suite === SDES_SUITE && masterKeyOf(crypto.keySalt) !== undefined);
}

export function cryptoLine(tag: number, keySalt: string): string {
  return `a=crypto:${tag} ${SDES_SUITE} inline:${keySalt}`;
}
