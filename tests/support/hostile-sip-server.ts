/**
 * A scripted SIP-over-WebSocket server on 127.0.0.1 that a test can make
 * send anything: RFC 4475 torture messages, malformed REGISTER answers,
 * requests for dialogs that never existed, fuzz.
 *
 * Left alone it is a small registrar and proxy for one domain: it challenges
 * REGISTER (digest, MD5, no qop, nonces that never expire), answers a good
 * one with 200 echoing the Contact, answers RFC 5626 CRLF pings, and loops a
 * client's out-of-dialog request for a registered user back to that client
 * (so the core's reachability probe comes back) and relays the answer.
 * Everything the client sends is recorded.
 */
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { authParams, parseSipMessage, type SipMessage } from './raw-sip-client';
import { waitFor } from './wait-for';

export interface HostileServerOptions {
  readonly domain?: string;
  /** user -> password */
  readonly users: Record<string, string>;
  /** Expiry granted to a REGISTER (capped to what it asked for), default 300 s. */
  readonly grantExpiresSec?: number;
}

export interface ReceivedMessage {
  readonly text: string;
  readonly message: SipMessage;
  readonly at: number;
}

/** Builds a scripted answer to a REGISTER from the request and the answer the server would have sent. */
export type RegisterAnswerScript = (request: SipMessage, normalAnswer: string) => string | Buffer;

export interface HostileSipServer {
  readonly url: string;
  readonly domain: string;
  /** Every SIP message the client sent (keep-alive CRLFs left out), in order. */
  readonly received: readonly ReceivedMessage[];
  /** REGISTERs the server answered with its own 200 (a binding). */
  readonly bindings: number;
  /** The last REGISTER received, if any. */
  readonly lastRegister: SipMessage | undefined;
  /** Sends to the most recent client connection: text, or a binary frame for a Buffer. */
  send(data: string | Buffer): void;
  /** The next REGISTER with good credentials gets `script`'s answer instead of 200. */
  answerNextRegisterWith(script: RegisterAnswerScript): void;
  /** Resolves with the first message received after `since` that matches. */
  nextReceived(accept: (message: SipMessage) => boolean, since: number, timeoutMs: number): Promise<ReceivedMessage>;
  /** Whether a client connection is open. */
  readonly isClientConnected: boolean;
  /** Resolves once a client connection is open (the softphone reconnects by itself); false after `timeoutMs`. */
  waitForClient(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

const SERVER_VIA_HOST = 'hostile.invalid';
const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
const token = (): string => randomBytes(6).toString('hex');

export async function startHostileSipServer(options: HostileServerOptions): Promise<HostileSipServer> {
  const domain = options.domain ?? 'hostile.test';
  const grantExpiresSec = options.grantExpiresSec ?? 300;
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sip' });
  await once(server, 'listening');
  const received: ReceivedMessage[] = [];
  const nonces = new Set<string>();
  const registered = new Map<string, WebSocket>();
  const scripts: RegisterAnswerScript[] = [];
  let client: WebSocket | undefined;
  let bindings = 0;
  let lastRegister: SipMessage | undefined;

  const onRegister = (socket: WebSocket, request: SipMessage): void => {
    lastRegister = request;
    const credentials = request.header('authorization');
    const user = /sip:([^@;>]+)@/.exec(request.header('to') ?? '')?.[1] ?? '';
    if (!credentials || !isAuthorized(credentials, request, options.users)) {
      const nonce = token() + token();
      nonces.add(nonce);
      socket.send(respond(request, 401, 'Unauthorized', [`WWW-Authenticate: Digest realm="${domain}", nonce="${nonce}", algorithm=MD5`]));
      return;
    }
    const contact = request.header('contact');
    const asked = Number(/;\s*expires=(\d+)/i.exec(contact ?? '')?.[1] ?? request.header('expires') ?? grantExpiresSec);
    const granted = Math.min(asked, grantExpiresSec);
    const normal = respond(request, 200, 'OK', granted > 0 && contact ? [`Contact: ${contact.replace(/;\s*expires=\d+/i, '')};expires=${granted}`] : []);
    const script = scripts.shift();
    if (script) {
      socket.send(script(request, normal));
      return;
    }
    if (granted > 0) registered.set(user, socket);
    else registered.delete(user);
    bindings += 1;
    socket.send(normal);
  };

  const isAuthorized = (credentials: string, request: SipMessage, users: Record<string, string>): boolean => {
    const params = authParams(credentials);
    const password = users[params.username ?? ''];
    if (password === undefined || !nonces.has(params.nonce ?? '')) return false;
    const ha1 = md5(`${params.username}:${params.realm}:${password}`);
    const ha2 = md5(`REGISTER:${params.uri}`);
    return params.realm === domain && params.response === md5(`${ha1}:${params.nonce}:${ha2}`);
  };

  /** A request from the client for a registered user goes back to that user's connection. */
  const loopBack = (request: SipMessage, text: string): void => {
    const user = /^\S+ sips?:([^@;>]+)@/.exec(text)?.[1];
    const target = user === undefined ? undefined : registered.get(user);
    if (!target || target.readyState !== WebSocket.OPEN) {
      client?.send(respond(request, 404, 'Not Found'));
      return;
    }
    const [startLine, ...rest] = text.split('\r\n');
    target.send([startLine, `Via: SIP/2.0/WS ${SERVER_VIA_HOST};branch=z9hG4bK-loop-${token()}`, ...rest].join('\r\n'));
  };

  /** The answer to a looped-back request: drop our Via and pass it on. */
  const relayAnswer = (text: string): boolean => {
    const lines = text.split('\r\n');
    const ourVia = lines.findIndex((line) => /^(Via|v)\s*:/i.test(line));
    if (ourVia < 0 || !lines[ourVia]!.includes(SERVER_VIA_HOST)) return false;
    lines.splice(ourVia, 1);
    client?.send(lines.join('\r\n'));
    return true;
  };

  server.on('connection', (socket) => {
    client = socket;
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const text = data.toString();
      if (text.trim() === '') {
        socket.send('\r\n'); // RFC 5626 pong
        return;
      }
      const message = parseSipMessage(text);
      received.push({ text, message, at: Date.now() });
      if (message.method === 'REGISTER') onRegister(socket, message);
      else if (message.method !== undefined && message.method !== 'ACK') loopBack(message, text);
      else if (message.status !== undefined) relayAnswer(text);
    });
    socket.on('error', () => undefined);
  });

  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    domain,
    received,
    get bindings() {
      return bindings;
    },
    get lastRegister() {
      return lastRegister;
    },
    get isClientConnected() {
      return client?.readyState === WebSocket.OPEN;
    },
    waitForClient(timeoutMs) {
      return waitFor('a client connection', () => client?.readyState === WebSocket.OPEN, timeoutMs).then(
        () => true,
        () => false,
      );
    },
    send(data) {
      if (client?.readyState !== WebSocket.OPEN) throw new Error('no client connected to the hostile server');
      client.send(data, { binary: Buffer.isBuffer(data) });
    },
    answerNextRegisterWith(script) {
      scripts.push(script);
    },
    nextReceived(accept, since, timeoutMs) {
      return waitFor('a message from the client', () => received.find((entry) => entry.at >= since && accept(entry.message)), timeoutMs);
    },
    async close() {
      for (const socket of server.clients) socket.terminate();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** A response built from a request the way a stateless server would. */
export function respond(request: SipMessage, status: number, reason: string, extraHeaders: readonly string[] = []): string {
  const to = request.header('to') ?? '';
  return [
    `SIP/2.0 ${status} ${reason}`,
    ...request.headers('via').map((via) => `Via: ${via}`),
    `From: ${request.header('from') ?? ''}`,
    `To: ${to}${/;tag=/i.test(to) ? '' : `;tag=${token()}`}`,
    `Call-ID: ${request.header('call-id') ?? ''}`,
    `CSeq: ${request.header('cseq') ?? ''}`,
    ...extraHeaders,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}
