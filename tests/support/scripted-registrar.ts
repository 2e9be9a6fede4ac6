/**
 * A tiny SIP-over-WebSocket registrar whose answers a test scripts: for the
 * responses a real Kamailio will not give on demand (503 with Retry-After,
 * a fresh nonce on every refresh, a 2xx without our Contact, a wrong CSeq).
 * It answers REGISTER only, statelessly, records when each arrived, loops
 * the softphone's reachability probes back to it (as a proxy would) or
 * answers them itself (as Asterisk does), and can push any text to its clients.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

export interface ScriptedReply {
  readonly status: number;
  readonly reason: string;
  readonly headers?: readonly string[];
  /** The expiry granted to the client's Contact in a 2xx (default 300). */
  readonly expiresSec?: number;
  /** A 2xx without the client's Contact (the registrar kept no binding for it). */
  readonly omitContact?: boolean;
  /** Rewrites the finished reply (a wrong CSeq or Call-ID). */
  readonly mangle?: (reply: string) => string;
}

export interface ScriptedRegistrar {
  readonly url: string;
  /** Arrival time of each REGISTER, in order. */
  readonly registers: number[];
  /** Every SIP message a client sent, in order. */
  readonly received: string[];
  /** When each of `received` arrived (Date.now()). */
  readonly receivedAt: number[];
  /** Sends `text` to every connected client. */
  sendToClients(text: string): void;
  /** Cuts every client's connection and keeps listening (a server that lost its connections). */
  dropClients(): void;
  close(): Promise<void>;
}

export interface ScriptedRegistrarOptions {
  /** Answer reachability probes with 200 itself instead of looping them back (as Asterisk and FreeSWITCH do). */
  readonly answersProbesItself?: boolean;
}

/** `script(n)` gives the reply to the n-th REGISTER (0-based). */
export async function startScriptedRegistrar(script: (index: number, request: string) => ScriptedReply, options: ScriptedRegistrarOptions = {}): Promise<ScriptedRegistrar> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sip' });
  await once(server, 'listening');
  const registers: number[] = [];
  const received: string[] = [];
  const receivedAt: number[] = [];
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      const request = data.toString();
      if (request.trim() === '') return;
      received.push(request);
      receivedAt.push(Date.now());
      if (request.startsWith('OPTIONS ') && /^X-Softphone-Probe:/im.test(request)) {
        socket.send(options.answersProbesItself ? respond(request, { status: 200, reason: 'OK' }) : request);
        return;
      }
      if (!request.startsWith('REGISTER ')) return;
      const reply = script(registers.length, request);
      registers.push(Date.now());
      const text = respond(request, reply);
      socket.send(reply.mangle ? reply.mangle(text) : text);
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    registers,
    received,
    receivedAt,
    sendToClients: (text) => {
      for (const client of server.clients) client.send(text);
    },
    dropClients: () => {
      for (const client of server.clients) client.terminate();
    },
    close: async () => {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

function respond(request: string, reply: ScriptedReply): string {
  const header = (name: string) => request.split('\r\n').filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  const contact = header('Contact')[0]?.replace(/^contact:\s*/i, '').replace(/;\s*expires=\d+/i, '');
  const lines = [
    `SIP/2.0 ${reply.status} ${reply.reason}`,
    ...header('Via'),
    ...header('From'),
    `${header('To')[0] ?? 'To: <sip:unknown@invalid>'};tag=scripted`,
    ...header('Call-ID'),
    ...header('CSeq'),
    ...(reply.status < 300 && contact && !reply.omitContact ? [`Contact: ${contact};expires=${reply.expiresSec ?? 300}`] : []),
    ...(reply.headers ?? []),
    'Content-Length: 0',
    '',
    '',
  ];
  return lines.join('\r\n');
}

/** The nonce a REGISTER's Authorization answered, if any. */
export function answeredNonce(request: string): string | undefined {
  return /^Authorization:.*\bnonce="([^"]*)"/im.exec(request)?.[1];
}

export const digestChallenge = (nonce: string, { stale = false, realm = 'softphone.test' } = {}) =>
  `WWW-Authenticate: Digest realm="${realm}", nonce="${nonce}", algorithm=MD5${stale ? ', stale=true' : ''}`;
