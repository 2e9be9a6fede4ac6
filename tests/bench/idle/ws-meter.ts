/**
 * A plain TCP relay in front of the SIP server that counts what actually
 * crosses the wire, per direction and per kind of traffic, at the WebSocket
 * level (frame headers and masks included, TCP/IP headers not).
 *
 * It parses the WebSocket frames going by (after the HTTP upgrade) without
 * touching them:
 * - keep-alive: ping and pong control frames, and RFC 5626 CRLF pings and
 *   their answers (text frames holding only CR/LF);
 * - probe: SIP messages whose method (or CSeq method, for responses) is
 *   OPTIONS, i.e. the softphone's reachability probes and their answers;
 * - register: REGISTER requests and their responses;
 * - handshake: the HTTP upgrade; other: everything else (close frames…).
 */
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

export const TRAFFIC_CLASSES = ['keepalive', 'probe', 'register', 'handshake', 'other'] as const;
export type TrafficClass = (typeof TRAFFIC_CLASSES)[number];
export type ByteCounts = Record<TrafficClass, number>;

export interface Traffic {
  /** Client → server. */
  readonly sent: ByteCounts;
  /** Server → client. */
  readonly received: ByteCounts;
}

export interface WsMeter {
  /** ws://127.0.0.1:<port>: give this to the clients instead of the server's URL. */
  readonly url: string;
  /** Totals so far (a copy). */
  traffic(): Traffic;
  close(): Promise<void>;
}

const OPCODE_CONTINUATION = 0x0;
const OPCODE_TEXT = 0x1;
const OPCODE_BINARY = 0x2;
const OPCODE_PING = 0x9;
const OPCODE_PONG = 0xa;
const HEADER_END = Buffer.from('\r\n\r\n');

export const noBytes = (): ByteCounts => ({ keepalive: 0, probe: 0, register: 0, handshake: 0, other: 0 });

export function difference(later: Traffic, earlier: Traffic): Traffic {
  const minus = (a: ByteCounts, b: ByteCounts): ByteCounts => {
    const result = noBytes();
    for (const kind of TRAFFIC_CLASSES) result[kind] = a[kind] - b[kind];
    return result;
  };
  return { sent: minus(later.sent, earlier.sent), received: minus(later.received, earlier.received) };
}

export async function startWsMeter(serverPort: number): Promise<WsMeter> {
  const sent = noBytes();
  const received = noBytes();
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port: serverPort });
    const toServer = new FrameCounter(sent);
    const toClient = new FrameCounter(received);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined); // the close that follows tears down the other side
    }
    client.on('data', (chunk: Buffer) => {
      toServer.push(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      toClient.push(chunk);
      client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    traffic: () => ({ sent: { ...sent }, received: { ...received } }),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Counts one direction of one connection: the HTTP upgrade, then whole frames as they complete. */
class FrameCounter {
  private pending: Buffer = Buffer.alloc(0);
  private isUpgraded = false;
  /** The class of the message a continuation frame belongs to. */
  private messageClass: TrafficClass = 'other';

  constructor(private readonly counts: ByteCounts) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    if (!this.isUpgraded) {
      const end = this.pending.indexOf(HEADER_END);
      if (end < 0) return;
      this.counts.handshake += end + HEADER_END.length;
      this.pending = this.pending.subarray(end + HEADER_END.length);
      this.isUpgraded = true;
    }
    for (let frame = this.nextFrame(); frame; frame = this.nextFrame()) this.counts[frame.kind] += frame.size;
  }

  private nextFrame(): { kind: TrafficClass; size: number } | undefined {
    const buffer = this.pending;
    if (buffer.length < 2) return undefined;
    const opcode = buffer[0]! & 0x0f;
    const isMasked = (buffer[1]! & 0x80) !== 0;
    let length = buffer[1]! & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (buffer.length < 4) return undefined;
      length = buffer.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (buffer.length < 10) return undefined;
      length = Number(buffer.readBigUInt64BE(2));
      offset = 10;
    }
    const maskAt = offset;
    if (isMasked) offset += 4;
    if (buffer.length < offset + length) return undefined;
    const payload = Buffer.from(buffer.subarray(offset, offset + length));
    if (isMasked) for (let i = 0; i < payload.length; i += 1) payload[i] = payload[i]! ^ buffer[maskAt + (i % 4)]!;
    this.pending = buffer.subarray(offset + length);
    return { kind: this.classify(opcode, payload), size: offset + length };
  }

  private classify(opcode: number, payload: Buffer): TrafficClass {
    if (opcode === OPCODE_PING || opcode === OPCODE_PONG) return 'keepalive';
    if (opcode === OPCODE_CONTINUATION) return this.messageClass;
    if (opcode !== OPCODE_TEXT && opcode !== OPCODE_BINARY) return 'other';
    this.messageClass = classifySip(payload.toString('utf8'));
    return this.messageClass;
  }
}

function classifySip(text: string): TrafficClass {
  if (/^[\r\n]*$/.test(text)) return 'keepalive';
  const method = /^([A-Z]+) \S+ SIP\/2\.0/.exec(text)?.[1] ?? /^CSeq:\s*\d+\s+([A-Z]+)/im.exec(text)?.[1];
  if (method === 'OPTIONS') return 'probe';
  if (method === 'REGISTER') return 'register';
  return 'other';
}
