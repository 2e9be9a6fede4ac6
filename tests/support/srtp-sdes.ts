/**
 * SRTP with AES_CM_128_HMAC_SHA1_80 (RFC 3711) written on node:crypto alone,
 * so the tests check the gateway's SRTP with code that shares nothing with
 * werift's. RTP only (RTCP is not checked here); the rollover counter is
 * guessed from sequence wraps, enough for a test call.
 */
import { createCipheriv, createHmac } from 'node:crypto';

interface SessionKeys {
  readonly encryption: Buffer;
  readonly authentication: Buffer;
  readonly salt: Buffer;
}

function keystream(key: Buffer, iv: Buffer, length: number): Buffer {
  const cipher = createCipheriv('aes-128-ctr', key, iv);
  return cipher.update(Buffer.alloc(length));
}

/** RFC 3711 §4.3.1 with a key derivation rate of 0. */
function deriveKeys(masterKey: Buffer, masterSalt: Buffer): SessionKeys {
  const derive = (label: number, length: number): Buffer => {
    const iv = Buffer.alloc(16);
    masterSalt.copy(iv, 0);
    iv[7] = iv[7]! ^ label;
    return keystream(masterKey, iv, length);
  };
  return { encryption: derive(0, 16), authentication: derive(1, 20), salt: derive(2, 14) };
}

function headerLength(packet: Buffer): number {
  const csrcCount = packet[0]! & 0x0f;
  let length = 12 + 4 * csrcCount;
  if (packet[0]! & 0x10) length += 4 + 4 * packet.readUInt16BE(length + 2);
  return length;
}

function packetIv(salt: Buffer, ssrc: number, index: bigint): Buffer {
  const iv = Buffer.alloc(16);
  salt.copy(iv, 0);
  const ssrcBytes = Buffer.alloc(4);
  ssrcBytes.writeUInt32BE(ssrc);
  for (let i = 0; i < 4; i += 1) iv[4 + i] = iv[4 + i]! ^ ssrcBytes[i]!;
  const indexBytes = Buffer.alloc(8);
  indexBytes.writeBigUInt64BE(index);
  for (let i = 0; i < 6; i += 1) iv[8 + i] = iv[8 + i]! ^ indexBytes[2 + i]!;
  return iv;
}

/** One direction of one SRTP stream set, keyed by an SDES `inline:` value. */
export class SrtpContext {
  private readonly keys: SessionKeys;
  private readonly rollover = new Map<number, { roc: number; lastSequence: number }>();

  constructor(keySaltBase64: string) {
    const bytes = Buffer.from(keySaltBase64, 'base64');
    this.keys = deriveKeys(bytes.subarray(0, 16), bytes.subarray(16, 30));
  }

  private indexOf(ssrc: number, sequence: number): bigint {
    const state = this.rollover.get(ssrc) ?? { roc: 0, lastSequence: sequence };
    if (sequence < state.lastSequence - 0x8000) state.roc += 1;
    state.lastSequence = sequence;
    this.rollover.set(ssrc, state);
    return (BigInt(state.roc) << 16n) | BigInt(sequence);
  }

  private tag(authenticated: Buffer, roc: number): Buffer {
    const rocBytes = Buffer.alloc(4);
    rocBytes.writeUInt32BE(roc);
    return createHmac('sha1', this.keys.authentication).update(authenticated).update(rocBytes).digest().subarray(0, 10);
  }

  protect(rtp: Buffer): Buffer {
    const length = headerLength(rtp);
    const ssrc = rtp.readUInt32BE(8);
    const index = this.indexOf(ssrc, rtp.readUInt16BE(2));
    const stream = keystream(this.keys.encryption, packetIv(this.keys.salt, ssrc, index), rtp.length - length);
    const encrypted = Buffer.from(rtp);
    for (let i = length; i < rtp.length; i += 1) encrypted[i] = encrypted[i]! ^ stream[i - length]!;
    return Buffer.concat([encrypted, this.tag(encrypted, Number(index >> 16n))]);
  }

  /** The plain RTP packet, or undefined when its authentication tag is wrong. */
  unprotect(srtp: Buffer): Buffer | undefined {
    if (srtp.length < 22) return undefined;
    const body = srtp.subarray(0, srtp.length - 10);
    const ssrc = body.readUInt32BE(8);
    const index = this.indexOf(ssrc, body.readUInt16BE(2));
    if (!this.tag(body, Number(index >> 16n)).equals(srtp.subarray(srtp.length - 10))) return undefined;
    const length = headerLength(body);
    const stream = keystream(this.keys.encryption, packetIv(this.keys.salt, ssrc, index), body.length - length);
    const plain = Buffer.from(body);
    for (let i = length; i < body.length; i += 1) plain[i] = plain[i]! ^ stream[i - length]!;
    return plain;
  }
}
