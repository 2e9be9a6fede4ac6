/**
 * A WebSocket relay between the softphone and the server that records every
 * SIP message crossing it, so a test can count what the server actually
 * received (e.g. how many REGISTERs a wrong password caused).
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

export interface TappedMessage {
  readonly direction: 'to-server' | 'to-client';
  readonly text: string;
  readonly at: number;
}

export interface SipTap {
  readonly url: string;
  readonly messages: TappedMessage[];
  /** Requests the client sent, by method (e.g. count('REGISTER')). */
  count(method: string): number;
  /** Cuts every connection through the tap, as a network change would (new ones are accepted). */
  disconnectAll(): void;
  /** Silently drops messages to the client that match (a NAT or proxy eating the inbound path); undefined stops dropping. */
  dropToClient(predicate: ((text: string) => boolean) | undefined): void;
  /**
   * Keeps messages to the client that match until `release` (a slow server or
   * path, held as long as the test needs); later ones that do not match pass.
   */
  holdToClient(predicate: (text: string) => boolean): HeldMessages;
  /** Rewrites messages to the client (a server or peer that answers differently); undefined stops rewriting. */
  rewriteToClient(rewrite: ((text: string) => string) | undefined): void;
  close(): Promise<void>;
}

export interface HeldMessages {
  /** The messages held so far. */
  readonly held: readonly string[];
  /** Delivers the held messages in order and stops holding. */
  release(): void;
}

export async function startSipTap(serverUrl: string): Promise<SipTap> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sip' });
  await once(server, 'listening');
  const messages: TappedMessage[] = [];
  let shouldDrop: ((text: string) => boolean) | undefined;
  let rewrite: ((text: string) => string) | undefined;
  let hold: { readonly predicate: (text: string) => boolean; readonly held: { text: string; deliver: () => void }[] } | undefined;
  server.on('connection', (client) => {
    const upstream = new WebSocket(serverUrl, 'sip');
    const pending: string[] = [];
    upstream.on('open', () => pending.splice(0).forEach((text) => upstream.send(text)));
    client.on('message', (data) => {
      const text = data.toString();
      messages.push({ direction: 'to-server', text, at: Date.now() });
      if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
      else pending.push(text);
    });
    upstream.on('message', (data) => {
      const received = data.toString();
      if (shouldDrop?.(received)) return;
      const text = rewrite ? rewrite(received) : received;
      const deliver = () => {
        messages.push({ direction: 'to-client', text, at: Date.now() });
        client.send(text);
      };
      if (hold?.predicate(text)) hold.held.push({ text, deliver });
      else deliver();
    });
    client.on('close', () => upstream.terminate());
    upstream.on('close', () => client.terminate());
    upstream.on('error', () => client.terminate());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    messages,
    dropToClient: (predicate) => (shouldDrop = predicate),
    rewriteToClient: (rewriter) => (rewrite = rewriter),
    holdToClient: (predicate) => {
      const holding = { predicate, held: [] as { text: string; deliver: () => void }[] };
      hold = holding;
      return {
        get held() {
          return holding.held.map((message) => message.text);
        },
        release: () => {
          if (hold === holding) hold = undefined;
          for (const message of holding.held.splice(0)) message.deliver();
        },
      };
    },
    disconnectAll: () => {
      for (const client of server.clients) client.terminate();
    },
    count: (method) => messages.filter((m) => m.direction === 'to-server' && m.text.startsWith(`${method} `)).length,
    close: async () => {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
