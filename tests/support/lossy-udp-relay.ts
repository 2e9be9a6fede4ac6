/**
 * A UDP relay between one SIP client and a server that loses datagrams on
 * purpose: the first copy of each request whose method it is told to drop
 * (one per method, Call-ID and CSeq) never arrives. It forwards everything
 * else both ways, as a NAT would: the server sees the relay's address.
 */
import { createSocket, type RemoteInfo } from 'node:dgram';

export interface LossyUdpRelay {
  /** `127.0.0.1:port`: what the client uses as its server. */
  readonly address: string;
  /** Requests dropped so far, as `METHOD` per dropped copy. */
  readonly dropped: readonly string[];
  /** Client-to-server requests seen, as `METHOD`, copies included. */
  readonly forwarded: readonly string[];
  close(): Promise<void>;
}

export async function startLossyUdpRelay(serverPort: number, dropFirstCopyOf: readonly string[]): Promise<LossyUdpRelay> {
  const socket = createSocket('udp4');
  const dropped: string[] = [];
  const forwarded: string[] = [];
  const seen = new Set<string>();
  let client: RemoteInfo | undefined;
  socket.on('message', (datagram, from) => {
    if (from.port === serverPort) {
      if (client) socket.send(datagram, client.port, client.address);
      return;
    }
    client = from;
    const text = datagram.toString('utf8');
    const method = /^([A-Z]+) \S+ SIP\/2\.0\r\n/.exec(text)?.[1];
    if (method) {
      const key = `${method} ${/^(?:call-id|i)\s*:\s*(\S+)/im.exec(text)?.[1]} ${/^cseq\s*:\s*(\d+)/im.exec(text)?.[1]}`;
      if (dropFirstCopyOf.includes(method) && !seen.has(key)) {
        seen.add(key);
        dropped.push(method);
        return;
      }
      forwarded.push(method);
    }
    socket.send(datagram, serverPort, '127.0.0.1');
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    dropped,
    forwarded,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
