/**
 * The STUN binding request and answer (RFC 5389) used as the RFC 5626
 * keep-alive on a SIP UDP socket.
 *
 * @remarks
 * A STUN message starts with two zero bits (first byte 0x00 or 0x01); a SIP
 * message starts with a letter and a keep-alive with CR or LF, so datagrams
 * on the one socket are told apart by their first byte.
 */
import { randomBytes } from 'node:crypto';
import type { WireAddress } from './sip-wire-addressing';

const MAGIC_COOKIE = 0x2112a442;
const BINDING_REQUEST = 0x0001;
const BINDING_SUCCESS = 0x0101;
const MAPPED_ADDRESS = 0x0001;
const XOR_MAPPED_ADDRESS = 0x0020;
const HEADER_BYTES = 20;

export function isStunDatagram(datagram: Buffer): boolean {
  return datagram.length >= HEADER_BYTES && (datagram[0]! & 0xc0) === 0 && datagram.readUInt32BE(4) === MAGIC_COOKIE;
}

/** A binding request and its transaction id (hex), to match the answer. */
export function stunBindingRequest(): { bytes: Buffer; transactionId: string } {
  const bytes = Buffer.alloc(HEADER_BYTES);
  bytes.writeUInt16BE(BINDING_REQUEST, 0);
  bytes.writeUInt16BE(0, 2);
  bytes.writeUInt32BE(MAGIC_COOKIE, 4);
  const id = randomBytes(12);
  id.copy(bytes, 8);
  return { bytes, transactionId: id.toString('hex') };
}

/** The transaction id and the mapped address of a binding success answer; undefined for anything else or anything malformed. */
export function parseStunBindingSuccess(datagram: Buffer): { transactionId: string; mapped?: WireAddress } | undefined {
  if (!isStunDatagram(datagram) || datagram.readUInt16BE(0) !== BINDING_SUCCESS) return undefined;
  const length = Math.min(datagram.readUInt16BE(2), datagram.length - HEADER_BYTES);
  const transactionId = datagram.subarray(8, 20).toString('hex');
  let mapped: WireAddress | undefined;
  for (let offset = HEADER_BYTES; offset + 4 <= HEADER_BYTES + length; ) {
    const type = datagram.readUInt16BE(offset);
    const size = datagram.readUInt16BE(offset + 2);
    const value = datagram.subarray(offset + 4, offset + 4 + size);
    if (value.length === size && size >= 8 && value[1] === 0x01 && (type === XOR_MAPPED_ADDRESS || (type === MAPPED_ADDRESS && !mapped))) {
      const isXor = type === XOR_MAPPED_ADDRESS;
      const port = value.readUInt16BE(2) ^ (isXor ? MAGIC_COOKIE >>> 16 : 0);
      const ip = value.readUInt32BE(4) ^ (isXor ? MAGIC_COOKIE : 0);
      mapped = { host: [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.'), port };
    }
    offset += 4 + size + ((4 - (size % 4)) % 4);
  }
  return { transactionId, ...(mapped ? { mapped } : {}) };
}
