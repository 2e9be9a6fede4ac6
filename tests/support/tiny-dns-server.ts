/**
 * A DNS server on loopback (UDP) that answers A, AAAA, SRV and NAPTR
 * questions from a table, NXDOMAIN for names it does not know, and records
 * every question: enough to test RFC 3263 server location without a network.
 */
import { createSocket } from 'node:dgram';

export type DnsRecord =
  | { readonly type: 'A'; readonly address: string }
  | { readonly type: 'SRV'; readonly priority: number; readonly weight: number; readonly port: number; readonly target: string }
  | { readonly type: 'NAPTR'; readonly order: number; readonly preference: number; readonly flags: string; readonly service: string; readonly replacement: string };

export interface TinyDnsServer {
  /** `127.0.0.1:port`, for a resolver's server list. */
  readonly address: string;
  /** Every question asked, as `TYPE name`. */
  readonly questions: readonly string[];
  close(): Promise<void>;
}

const TYPE_CODES: Record<string, number> = { A: 1, AAAA: 28, SRV: 33, NAPTR: 35 };
const TYPE_NAMES = Object.fromEntries(Object.entries(TYPE_CODES).map(([name, code]) => [code, name]));

export async function startTinyDnsServer(records: Readonly<Record<string, readonly DnsRecord[]>>): Promise<TinyDnsServer> {
  const socket = createSocket('udp4');
  const questions: string[] = [];
  socket.on('message', (query, from) => {
    try {
      const { name, type, end } = readQuestion(query);
      const typeName = TYPE_NAMES[type] ?? String(type);
      questions.push(`${typeName} ${name}`);
      const known = records[name.toLowerCase()];
      const answers = (known ?? []).filter((record) => record.type === typeName);
      const header = Buffer.alloc(12);
      query.copy(header, 0, 0, 2);
      header.writeUInt16BE(0x8400 | (known ? 0 : 3), 2); // response, authoritative; NXDOMAIN when the name is unknown
      header.writeUInt16BE(1, 4);
      header.writeUInt16BE(answers.length, 6);
      const parts = [header, query.subarray(12, end), ...answers.map((record) => encodeAnswer(name, record))];
      socket.send(Buffer.concat(parts), from.port, from.address);
    } catch {
      // not a question we can read: no answer
    }
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    questions,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

function readQuestion(query: Buffer): { name: string; type: number; end: number } {
  const labels: string[] = [];
  let offset = 12;
  while (query[offset]! > 0) {
    const length = query[offset]!;
    labels.push(query.subarray(offset + 1, offset + 1 + length).toString('ascii'));
    offset += 1 + length;
  }
  offset += 1;
  return { name: labels.join('.'), type: query.readUInt16BE(offset), end: offset + 4 };
}

function encodeName(name: string): Buffer {
  const labels = name.split('.').filter(Boolean);
  return Buffer.concat([...labels.map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'ascii')])), Buffer.from([0])]);
}

function characterString(text: string): Buffer {
  return Buffer.concat([Buffer.from([text.length]), Buffer.from(text, 'ascii')]);
}

function encodeAnswer(name: string, record: DnsRecord): Buffer {
  let data: Buffer;
  if (record.type === 'A') data = Buffer.from(record.address.split('.').map(Number));
  else if (record.type === 'SRV') {
    const fixed = Buffer.alloc(6);
    fixed.writeUInt16BE(record.priority, 0);
    fixed.writeUInt16BE(record.weight, 2);
    fixed.writeUInt16BE(record.port, 4);
    data = Buffer.concat([fixed, encodeName(record.target)]);
  } else {
    const fixed = Buffer.alloc(4);
    fixed.writeUInt16BE(record.order, 0);
    fixed.writeUInt16BE(record.preference, 2);
    data = Buffer.concat([fixed, characterString(record.flags), characterString(record.service), characterString(''), encodeName(record.replacement)]);
  }
  const meta = Buffer.alloc(10);
  meta.writeUInt16BE(TYPE_CODES[record.type]!, 0);
  meta.writeUInt16BE(1, 2); // IN
  meta.writeUInt32BE(60, 4);
  meta.writeUInt16BE(data.length, 8);
  return Buffer.concat([encodeName(name), meta, data]);
}
