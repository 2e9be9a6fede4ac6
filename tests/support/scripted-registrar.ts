/**
 * A tiny SIP-over-WebSocket registrar whose answers a test scripts: for the
 * responses a real Kamailio will not give on demand (503 with Retry-After).
 * It answers REGISTER only, statelessly, and records when each arrived.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

export interface ScriptedReply {
  readonly status: number;
  readonly reason: string;
  readonly headers?: readonly string[];
}

export interface ScriptedRegistrar {
  readonly url: string;
  /** Arrival time of each REGISTER, in order. */
  readonly registers: number[];
  /** Sends raw SIP text to every connected client, as the server would send a new request. */
  sendToClients(text: string): void;
  close(): Promise<void>;
}

/** `script(n)` gives the reply to the n-th REGISTER (0-based). */
export async function startScriptedRegistrar(script: (index: number, request: string) => ScriptedReply): Promise<ScriptedRegistrar> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sip' });
  await once(server, 'listening');
  const registers: number[] = [];
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      const request = data.toString();
      if (!request.startsWith('REGISTER ')) return;
      const reply = script(registers.length, request);
      registers.push(Date.now());
      socket.send(respond(request, reply));
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    registers,
    sendToClients: (text) => {
      for (const client of server.clients) client.send(text);
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
    ...(reply.status < 300 && contact ? [`Contact: ${contact};expires=300`] : []),
    ...(reply.headers ?? []),
    'Content-Length: 0',
    '',
    '',
  ];
  return lines.join('\r\n');
}
