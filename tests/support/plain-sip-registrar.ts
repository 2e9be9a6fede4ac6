/**
 * A registrar over UDP and TCP that answers every REGISTER 200 (echoing the
 * client's Contact) and anything else 200 as well, and lets a test push any
 * bytes at its client: garbage datagrams, a stream whose Content-Length
 * lies, an endless header. Counts what it saw.
 */
import { createSocket, type RemoteInfo } from 'node:dgram';
import { createServer, type AddressInfo, type Socket } from 'node:net';

export interface PlainSipRegistrar {
  readonly port: number;
  /** REGISTERs answered, over both transports. */
  readonly registers: number;
  /** TCP connections accepted so far. */
  readonly connections: number;
  /** Sends raw bytes to the last UDP client and the last TCP connection. */
  sendRaw(bytes: Buffer | string): void;
  close(): Promise<void>;
}

const CRLF = '\r\n';

function answer(request: string): string | undefined {
  const head = request.split(`${CRLF}${CRLF}`)[0] ?? '';
  const lines = head.split(CRLF);
  if (!/^[A-Z]+ \S+ SIP\/2\.0$/.test(lines[0] ?? '') || lines[0]!.startsWith('ACK ')) return undefined;
  const pick = (name: RegExp): string[] => lines.filter((line) => name.test(line));
  const to = pick(/^(to|t)\s*:/i)[0] ?? 'To: <sip:x@invalid>';
  const contacts = lines[0]!.startsWith('REGISTER ') ? pick(/^(contact|m)\s*:/i).map((line) => `${line.replace(/;expires=\d+/i, '')};expires=60`) : [];
  return [
    'SIP/2.0 200 OK',
    ...pick(/^(via|v)\s*:/i),
    ...pick(/^(from|f)\s*:/i),
    /;tag=/i.test(to) ? to : `${to};tag=registrar`,
    ...pick(/^(call-id|i)\s*:/i),
    ...pick(/^cseq\s*:/i),
    ...contacts,
    'Content-Length: 0',
    '',
    '',
  ].join(CRLF);
}

export async function startPlainSipRegistrar(): Promise<PlainSipRegistrar> {
  let registers = 0;
  let connections = 0;
  let udpClient: RemoteInfo | undefined;
  let tcpClient: Socket | undefined;
  const respond = (text: string, send: (reply: string) => void): void => {
    if (text.startsWith('REGISTER ')) registers += 1;
    const reply = answer(text);
    if (reply) send(reply);
  };
  const tcp = createServer((socket) => {
    connections += 1;
    tcpClient = socket;
    let buffer = '';
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        buffer = buffer.replace(/^(\r\n)+/, (pings) => {
          if (pings.length >= 4) socket.write(CRLF);
          return '';
        });
        const end = buffer.indexOf(`${CRLF}${CRLF}`);
        if (end < 0) return;
        const length = Number(/^content-length\s*:\s*(\d+)/im.exec(buffer.slice(0, end))?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        const message = buffer.slice(0, end + 4 + length);
        buffer = buffer.slice(end + 4 + length);
        respond(message, (reply) => socket.write(reply));
      }
    });
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const port = (tcp.address() as AddressInfo).port;
  const udp = createSocket('udp4');
  udp.on('message', (datagram, from) => {
    udpClient = from;
    if ((datagram[0]! & 0xc0) === 0) return; // STUN: this registrar does not speak it
    respond(datagram.toString('utf8'), (reply) => udp.send(reply, from.port, from.address));
  });
  await new Promise<void>((resolve) => udp.bind(port, '127.0.0.1', resolve));
  return {
    port,
    get registers() {
      return registers;
    },
    get connections() {
      return connections;
    },
    sendRaw(bytes) {
      if (udpClient) udp.send(bytes, udpClient.port, udpClient.address);
      if (tcpClient && !tcpClient.destroyed) tcpClient.write(bytes);
    },
    close: async () => {
      tcpClient?.destroy();
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}
