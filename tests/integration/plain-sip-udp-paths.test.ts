/**
 * Where SIP over UDP goes besides the one datagram path, as the provider's
 * sockets on loopback see it: a request too large for a datagram over TCP to
 * the same server (RFC 3261 §18.1.1), again after that stream died, and as a
 * datagram when TCP is refused; requests from another address of the
 * provider's SRV set taken and answered there, a stranger's dropped.
 */
import assert from 'node:assert/strict';
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import { after, describe, test } from 'node:test';
import { PlainSipConnection } from '../../main/core/plain-sip-connection';
import type { SipTransportConnectionDelegate } from '../../main/core/sip-transport-connection';
import { freePort } from '../support/kamailio';
import { startTinyDnsServer } from '../support/tiny-dns-server';
import { sleep, waitFor } from '../support/wait-for';

/** A provider's port on loopback: UDP, and TCP on the same number unless told not to. */
interface ScriptedServer {
  readonly port: number;
  readonly datagrams: { text: string; from: RemoteInfo }[];
  /** Every TCP connection made to it, with what arrived on it. */
  readonly streams: { socket: Socket; text: string }[];
  readonly udp: UdpSocket;
  close(): Promise<void>;
}

async function startScriptedServer(options: { host?: string; withTcp?: boolean } = {}): Promise<ScriptedServer> {
  const host = options.host ?? '127.0.0.1';
  const port = await freePort();
  const udp = createSocket('udp4');
  const datagrams: ScriptedServer['datagrams'] = [];
  udp.on('message', (data, from) => datagrams.push({ text: data.toString('utf8'), from }));
  await new Promise<void>((resolve) => udp.bind(port, host, resolve));
  const streams: ScriptedServer['streams'] = [];
  let tcp: Server | undefined;
  if (options.withTcp ?? true) {
    tcp = createServer((socket) => {
      const stream = { socket, text: '' };
      streams.push(stream);
      socket.on('data', (chunk) => (stream.text += chunk.toString('utf8')));
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => tcp!.listen(port, host, resolve));
  }
  return {
    port,
    datagrams,
    streams,
    udp,
    close: async () => {
      for (const stream of streams) stream.socket.destroy();
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      if (tcp) await new Promise<void>((resolve) => tcp!.close(() => resolve()));
    },
  };
}

/** A request as sip.js builds it (its `.invalid` Via host), with a body of `bodyBytes`. */
function request(method: string, marker: string, bodyBytes = 0): string {
  const body = 'x'.repeat(bodyBytes);
  return [
    `${method} sip:bob@provider.test SIP/2.0`,
    `Via: SIP/2.0/WS abcdef.invalid;branch=z9hG4bK${marker}`,
    'Max-Forwards: 70',
    'To: <sip:bob@provider.test>',
    'From: <sip:alice@provider.test>;tag=a1',
    `Call-ID: ${marker}`,
    `CSeq: 1 ${method}`,
    ...(bodyBytes > 0 ? ['Content-Type: text/plain'] : []),
    `Content-Length: ${bodyBytes}`,
    '',
    body,
  ].join('\r\n');
}

function recordingDelegate(): SipTransportConnectionDelegate & { messages: string[] } {
  const messages: string[] = [];
  return { messages, onMessage: (text) => messages.push(text), onClosed: () => undefined };
}

const quick = { keepAliveIntervalMs: 60_000, pongTimeoutMs: 200 };

describe('SIP over UDP beyond the one datagram path', () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  test('requests over 1300 bytes go over TCP to the same server, two at once on one stream; after the server drops it, the next opens a new one', async () => {
    const server = await startScriptedServer();
    cleanups.push(() => server.close());
    const connection = new PlainSipConnection({ url: `sip:127.0.0.1:${server.port};transport=udp`, ...quick }, recordingDelegate());
    cleanups.push(() => connection.close());
    await connection.connect();
    assert.equal(connection.send(request('MESSAGE', 'large1', 1_500)), true);
    assert.equal(connection.send(request('MESSAGE', 'large2', 1_500)), true);
    assert.equal(connection.send(request('OPTIONS', 'small1')), true);
    await waitFor('both large requests on one stream', () => server.streams[0]?.text.includes('z9hG4bKlarge2'));
    assert.equal(server.streams.length, 1);
    assert.match(server.streams[0]!.text, /z9hG4bKlarge1/);
    assert.match(server.streams[0]!.text, /^Via: SIP\/2\.0\/TCP 127\.0\.0\.1:\d+;rport;branch=z9hG4bKlarge1/m);
    await waitFor('the small one as a datagram', () => server.datagrams.some((d) => d.text.includes('z9hG4bKsmall1')));
    assert.ok(!server.datagrams.some((d) => d.text.includes('z9hG4bKlarge')), 'no large request as a datagram');

    server.streams[0]!.socket.destroy(); // the server drops the stream (a restart, an idle timeout)
    await sleep(200);
    assert.equal(connection.send(request('MESSAGE', 'large3', 1_500)), true);
    await waitFor('the next large request on a new stream', () => server.streams[1]?.text.includes('z9hG4bKlarge3'));
    assert.ok(connection.isOpen, 'the UDP connection itself stays open');
  });

  test('when TCP is refused at that port, a large request goes as a datagram after all (RFC 3261 §18.1.1)', async () => {
    const server = await startScriptedServer({ withTcp: false });
    cleanups.push(() => server.close());
    const connection = new PlainSipConnection({ url: `sip:127.0.0.1:${server.port};transport=udp`, ...quick }, recordingDelegate());
    cleanups.push(() => connection.close());
    await connection.connect();
    connection.send(request('MESSAGE', 'large4', 1_500));
    await waitFor('the large request as a datagram', () => server.datagrams.some((d) => d.text.includes('z9hG4bKlarge4')));
  });

  test('a request from another address of the provider\'s SRV set is taken and answered there; a stranger\'s is dropped', async () => {
    const first = await startScriptedServer({ withTcp: false });
    const second = await startScriptedServer({ host: '127.0.0.2', withTcp: false });
    const stranger = await startScriptedServer({ host: '127.0.0.3', withTcp: false });
    cleanups.push(() => first.close(), () => second.close(), () => stranger.close());
    const dns = await startTinyDnsServer({
      '_sip._udp.provider.test': [
        { type: 'SRV', priority: 10, weight: 0, port: first.port, target: 'sip1.provider.test' },
        { type: 'SRV', priority: 20, weight: 0, port: second.port, target: 'sip2.provider.test' },
      ],
      'sip1.provider.test': [{ type: 'A', address: '127.0.0.1' }],
      'sip2.provider.test': [{ type: 'A', address: '127.0.0.2' }],
    });
    cleanups.push(() => dns.close());
    const delegate = recordingDelegate();
    const connection = new PlainSipConnection({ url: 'sip:provider.test;transport=udp', ...quick }, delegate, { dnsServer: dns.address });
    cleanups.push(() => connection.close());
    await connection.connect();
    assert.deepEqual(connection.server?.address, { host: '127.0.0.1', port: first.port });
    // Where we listen, as our first request tells the server.
    connection.send(request('OPTIONS', 'hello'));
    const hello = await waitFor('our request at the first server', () => first.datagrams.find((d) => d.text.includes('z9hG4bKhello')));
    const ours = /^Via: SIP\/2\.0\/UDP ([\d.]+):(\d+)/m.exec(hello.text)!;
    const ourPort = Number(ours[2]);

    const incoming = (marker: string, host: string) =>
      [
        'OPTIONS sip:alice@127.0.0.1 SIP/2.0',
        `Via: SIP/2.0/UDP ${host}:5060;branch=z9hG4bK${marker}`,
        'Max-Forwards: 70',
        'To: <sip:alice@provider.test>',
        'From: <sip:proxy@provider.test>;tag=p1',
        `Call-ID: ${marker}`,
        'CSeq: 1 OPTIONS',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
    stranger.udp.send(incoming('fromstranger', '127.0.0.3'), ourPort, '127.0.0.1');
    second.udp.send(incoming('fromsecond', '127.0.0.2'), ourPort, '127.0.0.1');
    const taken = await waitFor('the second proxy\'s request delivered', () => delegate.messages.find((m) => m.includes('z9hG4bKfromsecond')));
    connection.send(taken.replace(/^OPTIONS [^\r]*/, 'SIP/2.0 200 OK').replace(/^To: ([^\r]*)/m, 'To: $1;tag=ours'));
    await waitFor('our answer at the second proxy', () => second.datagrams.some((d) => d.text.startsWith('SIP/2.0 200 OK') && d.text.includes('z9hG4bKfromsecond')));
    assert.ok(!first.datagrams.some((d) => d.text.includes('z9hG4bKfromsecond')), 'the answer went where the request came from, not to the first server');
    assert.ok(!delegate.messages.some((m) => m.includes('z9hG4bKfromstranger')), 'a stranger\'s request is dropped');
  });
});
