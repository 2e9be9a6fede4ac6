/**
 * Smoke test of the Kamailio test harness (tests/support/kamailio.ts):
 * the rendered config really behaves as a registrar/proxy for SIP over
 * WebSocket, and the lifecycle controls (stop/start/kill/freeze/thaw) work.
 *
 * Run: node --import tsx --test tests/integration/kamailio-harness.test.ts
 */
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { EmitterImpl, Registerer, RegistererState, TransportState, UserAgent, type Transport } from 'sip.js';
import WebSocket from 'ws';
import { DEMO_USERS, startKamailio, type KamailioServer } from '../support/kamailio';

const REPLY_TIMEOUT_MS = 2_000;

// ---------------------------------------------------------------------------
// A minimal SIP-over-WebSocket client speaking raw SIP text.

interface SipMessage {
  readonly raw: string;
  readonly status?: number;
  readonly method?: string;
  header(name: string): string | undefined;
  headers(name: string): string[];
}

function parseSipMessage(raw: string): SipMessage {
  const [head = ''] = raw.split('\r\n\r\n');
  const [startLine = '', ...lines] = head.split('\r\n');
  const fields = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    fields.set(name, [...(fields.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  const statusMatch = /^SIP\/2\.0 (\d{3})/.exec(startLine);
  return {
    raw,
    status: statusMatch ? Number(statusMatch[1]) : undefined,
    method: statusMatch ? undefined : startLine.split(' ')[0],
    header: (name) => fields.get(name.toLowerCase())?.[0],
    headers: (name) => fields.get(name.toLowerCase()) ?? [],
  };
}

class RawSipClient {
  private readonly received: SipMessage[] = [];
  private readonly waiters = new Set<() => void>();
  readonly closed: Promise<void>;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.received.push(parseSipMessage(data.toString()));
      for (const wake of this.waiters) wake();
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static connect(url: string): Promise<RawSipClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, 'sip', { handshakeTimeout: REPLY_TIMEOUT_MS });
      socket.once('open', () => resolve(new RawSipClient(socket)));
      socket.once('error', reject);
    });
  }

  send(message: string): void {
    this.socket.send(message);
  }

  /** Resolves with (and consumes) the first message matching `accept`. */
  next(accept: (message: SipMessage) => boolean, timeoutMs = REPLY_TIMEOUT_MS): Promise<SipMessage> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const index = this.received.findIndex(accept);
        if (index < 0) return;
        const [message] = this.received.splice(index, 1);
        settle();
        resolve(message as SipMessage);
      };
      const timer = setTimeout(() => {
        settle();
        reject(new Error(`no matching SIP message within ${timeoutMs} ms`));
      }, timeoutMs);
      const settle = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  close(): void {
    this.socket.close();
  }
}

// ---------------------------------------------------------------------------
// Hand-written requests and digest authentication.

const token = (): string => randomBytes(6).toString('hex');
const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

interface RequestSpec {
  method: string;
  uri: string;
  from: string;
  to: string;
  callId: string;
  cseq: number;
  fromTag: string;
  toTag?: string;
  extraHeaders?: string[];
  body?: string;
}

function buildRequest(spec: RequestSpec): string {
  const body = spec.body ?? '';
  return [
    `${spec.method} ${spec.uri} SIP/2.0`,
    `Via: SIP/2.0/WS client.invalid;branch=z9hG4bK${token()}`,
    'Max-Forwards: 70',
    `From: <${spec.from}>;tag=${spec.fromTag}`,
    `To: <${spec.to}>${spec.toTag ? `;tag=${spec.toTag}` : ''}`,
    `Call-ID: ${spec.callId}`,
    `CSeq: ${spec.cseq} ${spec.method}`,
    ...(spec.extraHeaders ?? []),
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

function buildResponse(request: SipMessage, status: number, reason: string, extraHeaders: string[] = []): string {
  const to = request.header('to') ?? '';
  return [
    `SIP/2.0 ${status} ${reason}`,
    ...request.headers('via').map((via) => `Via: ${via}`),
    ...request.headers('record-route').map((route) => `Record-Route: ${route}`),
    `From: ${request.header('from')}`,
    `To: ${to}${/;tag=/.test(to) ? '' : `;tag=${token()}`}`,
    `Call-ID: ${request.header('call-id')}`,
    `CSeq: ${request.header('cseq')}`,
    ...extraHeaders,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

function authParams(challenge: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const match of challenge.matchAll(/(\w+)=(?:"([^"]*)"|([^\s,]+))/g)) {
    params[(match[1] as string).toLowerCase()] = match[2] ?? match[3] ?? '';
  }
  return params;
}

function digestCredentials(challenge: string, user: string, password: string, method: string, uri: string): string {
  const { realm = '', nonce = '', opaque, qop } = authParams(challenge);
  const ha1 = md5(`${user}:${realm}:${password}`);
  const ha2 = md5(`${method}:${uri}`);
  const parts = [`username="${user}"`, `realm="${realm}"`, `nonce="${nonce}"`, `uri="${uri}"`, 'algorithm=MD5'];
  if (qop?.split(',').includes('auth')) {
    const cnonce = token();
    parts.push(`response="${md5(`${ha1}:${nonce}:00000001:${cnonce}:auth:${ha2}`)}"`);
    parts.push('qop=auth', 'nc=00000001', `cnonce="${cnonce}"`);
  } else {
    parts.push(`response="${md5(`${ha1}:${nonce}:${ha2}`)}"`);
  }
  if (opaque !== undefined) parts.push(`opaque="${opaque}"`);
  return `Digest ${parts.join(', ')}`;
}

const tagOf = (header: string | undefined): string | undefined => /;tag=([^;>\s]+)/.exec(header ?? '')?.[1];
const uriOf = (nameAddr: string | undefined): string => /<([^>]+)>/.exec(nameAddr ?? '')?.[1] ?? assert.fail('no URI');

const isReplyTo = (callId: string, cseq: number) => (message: SipMessage): boolean =>
  message.status !== undefined && message.status >= 200 &&
  message.header('call-id') === callId && message.header('cseq')?.startsWith(`${cseq} `) === true;

/** Sends a request, answers a 401/407 challenge once, returns the final reply. */
async function sendWithAuth(client: RawSipClient, spec: RequestSpec, user: string, password: string): Promise<SipMessage> {
  client.send(buildRequest(spec));
  const first = await client.next(isReplyTo(spec.callId, spec.cseq));
  if (first.status !== 401 && first.status !== 407) return first;
  const [challengeName, credentialsName] =
    first.status === 401 ? ['www-authenticate', 'Authorization'] : ['proxy-authenticate', 'Proxy-Authorization'];
  const challenge = first.header(challengeName) ?? assert.fail(`${first.status} without ${challengeName}`);
  const retry: RequestSpec = {
    ...spec,
    cseq: spec.cseq + 1,
    extraHeaders: [
      ...(spec.extraHeaders ?? []),
      `${credentialsName}: ${digestCredentials(challenge, user, password, spec.method, spec.uri)}`,
    ],
  };
  client.send(buildRequest(retry));
  return client.next(isReplyTo(retry.callId, retry.cseq));
}

/** A REGISTER shaped like sip.js's: Supported: outbound, reg-id, +sip.instance. */
function registerSpec(domain: string, user: string, expires = 600): RequestSpec {
  const aor = `sip:${user}@${domain}`;
  return {
    method: 'REGISTER',
    uri: `sip:${domain}`,
    from: aor,
    to: aor,
    callId: token(),
    cseq: 1,
    fromTag: token(),
    extraHeaders: [
      `Contact: <sip:${user}-${token()}@client.invalid;transport=ws>;reg-id=1;+sip.instance="<urn:uuid:${randomUUID()}>";expires=${expires}`,
      `Expires: ${expires}`,
      'Supported: outbound, path, gruu',
    ],
  };
}

async function withLogs(t: TestContext, server: KamailioServer, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    t.diagnostic(`Kamailio logs:\n${server.logs()}`);
    throw error;
  }
}

// ---------------------------------------------------------------------------
// sip.js over `ws` in Node: sip.js's own transport needs a browser WebSocket.

class NodeWebSocketTransport implements Transport {
  readonly stateChange = new EmitterImpl<TransportState>();
  readonly sentMessages: string[] = [];
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;
  private socket: WebSocket | undefined;
  private current = TransportState.Disconnected;
  private readonly server: string;

  constructor(_logger: unknown, options: unknown) {
    const server = (options as { server?: unknown } | undefined)?.server;
    if (typeof server !== 'string') throw new Error('transportOptions.server is required');
    this.server = server;
  }

  /** Via transport; sip.js also derives the Contact's transport=ws from it. */
  get protocol(): string {
    return 'WS';
  }

  get state(): TransportState {
    return this.current;
  }

  isConnected(): boolean {
    return this.current === TransportState.Connected;
  }

  async connect(): Promise<void> {
    if (this.current === TransportState.Connected) return;
    this.transition(TransportState.Connecting);
    const socket = new WebSocket(this.server, 'sip');
    this.socket = socket;
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
    } catch (error) {
      this.socket = undefined;
      this.transition(TransportState.Disconnected, error as Error);
      throw error;
    }
    socket.on('message', (data) => this.onMessage?.(data.toString()));
    socket.on('close', () => this.lost(socket));
    this.transition(TransportState.Connected);
  }

  async disconnect(): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    this.socket = undefined;
    this.transition(TransportState.Disconnecting);
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.close();
    });
    this.transition(TransportState.Disconnected);
  }

  async send(message: string): Promise<void> {
    if (!this.socket || !this.isConnected()) throw new Error('transport not connected');
    this.sentMessages.push(message);
    this.socket.send(message);
  }

  async dispose(): Promise<void> {
    await this.disconnect();
  }

  private lost(socket: WebSocket): void {
    if (this.socket !== socket) return; // closed on purpose by disconnect()
    this.socket = undefined;
    this.transition(TransportState.Disconnected, new Error('WebSocket closed'));
  }

  private transition(next: TransportState, error?: Error): void {
    const previous = this.current;
    this.current = next;
    if (next === TransportState.Connected) this.onConnect?.();
    if (previous === TransportState.Connected && next !== TransportState.Connected) this.onDisconnect?.(error);
    this.stateChange.emit(next);
  }
}

// ---------------------------------------------------------------------------
// Protocol behaviour, against one shared server.

let server: KamailioServer;

before(async () => {
  server = await startKamailio();
});

after(async () => {
  await server.stop();
});

test('REGISTER without credentials is challenged with 401 for the SIP domain', async (t) => {
  await withLogs(t, server, async () => {
    const client = await RawSipClient.connect(server.wsUrl);
    const spec = registerSpec(server.domain, 'alice');
    client.send(buildRequest(spec));
    const reply = await client.next(isReplyTo(spec.callId, spec.cseq));
    assert.equal(reply.status, 401);
    assert.match(reply.header('www-authenticate') ?? '', /^Digest .*realm="softphone\.test"/);
    client.close();
  });
});

test('REGISTER with a hand-computed digest, reg-id and +sip.instance gets 200', async (t) => {
  await withLogs(t, server, async () => {
    const client = await RawSipClient.connect(server.wsUrl);
    const reply = await sendWithAuth(client, registerSpec(server.domain, 'alice'), 'alice', DEMO_USERS.alice ?? '');
    assert.equal(reply.status, 200);
    assert.match(reply.header('contact') ?? '', /reg-id=1/);
    client.close();
  });
});

test('REGISTER with a wrong password is challenged again', async (t) => {
  await withLogs(t, server, async () => {
    const client = await RawSipClient.connect(server.wsUrl);
    const reply = await sendWithAuth(client, registerSpec(server.domain, 'alice'), 'alice', 'wrong');
    assert.equal(reply.status, 401);
    client.close();
  });
});

test('REGISTER below min_expires gets 423 Interval Too Brief', async (t) => {
  await withLogs(t, server, async () => {
    const client = await RawSipClient.connect(server.wsUrl);
    const reply = await sendWithAuth(client, registerSpec(server.domain, 'bob', 5), 'bob', DEMO_USERS.bob ?? '');
    assert.equal(reply.status, 423);
    assert.equal(reply.header('min-expires'), '60');
    client.close();
  });
});

test('MESSAGE from a local user is challenged with 407, then relayed to the registered callee', async (t) => {
  await withLogs(t, server, async () => {
    const carol = await RawSipClient.connect(server.wsUrl);
    const dave = await RawSipClient.connect(server.wsUrl);
    const registered = await sendWithAuth(carol, registerSpec(server.domain, 'carol'), 'carol', DEMO_USERS.carol ?? '');
    assert.equal(registered.status, 200);

    const message: RequestSpec = {
      method: 'MESSAGE',
      uri: `sip:carol@${server.domain}`,
      from: `sip:dave@${server.domain}`,
      to: `sip:carol@${server.domain}`,
      callId: token(),
      cseq: 1,
      fromTag: token(),
      extraHeaders: ['Content-Type: text/plain'],
      body: 'hello carol',
    };
    dave.send(buildRequest(message));
    const challenge = await dave.next(isReplyTo(message.callId, 1));
    assert.equal(challenge.status, 407);
    assert.match(challenge.header('proxy-authenticate') ?? '', /realm="softphone\.test"/);

    const answered = sendWithAuth(dave, { ...message, cseq: 2 }, 'dave', DEMO_USERS.dave ?? '');
    const delivered = await carol.next((m) => m.method === 'MESSAGE');
    assert.match(delivered.raw, /hello carol$/);
    carol.send(buildResponse(delivered, 200, 'OK'));
    assert.equal((await answered).status, 200);
    carol.close();
    dave.close();
  });
});

test('INVITE between WebSocket clients is record-routed and ACK/BYE reach the callee', async (t) => {
  await withLogs(t, server, async () => {
    const callee = await RawSipClient.connect(server.wsUrl);
    const caller = await RawSipClient.connect(server.wsUrl);
    const registered = await sendWithAuth(callee, registerSpec(server.domain, 'user001'), 'user001', DEMO_USERS.user001 ?? '');
    assert.equal(registered.status, 200);

    const invite: RequestSpec = {
      method: 'INVITE',
      uri: `sip:user001@${server.domain}`,
      from: `sip:user002@${server.domain}`,
      to: `sip:user001@${server.domain}`,
      callId: token(),
      cseq: 1,
      fromTag: token(),
      extraHeaders: [`Contact: <sip:user002@client.invalid;transport=ws>`],
    };
    const answered = sendWithAuth(caller, invite, 'user002', DEMO_USERS.user002 ?? '');
    const incoming = await callee.next((m) => m.method === 'INVITE');
    assert.equal(incoming.headers('record-route').length, 1);
    callee.send(buildResponse(incoming, 200, 'OK', ['Contact: <sip:user001@client.invalid;transport=ws>']));
    const ok = await answered;
    assert.equal(ok.status, 200);
    // The proxy aliased the callee's unreachable contact to its connection.
    assert.match(ok.header('contact') ?? '', /;alias=127\.0\.0\.1~\d+~5/);

    const inDialog = (method: string, cseq: number): RequestSpec => ({
      ...invite,
      method,
      uri: uriOf(ok.header('contact')),
      cseq,
      toTag: tagOf(ok.header('to')),
      extraHeaders: ok.headers('record-route').reverse().map((route) => `Route: ${route}`),
    });
    caller.send(buildRequest(inDialog('ACK', 2)));
    await callee.next((m) => m.method === 'ACK');
    caller.send(buildRequest(inDialog('BYE', 3)));
    const bye = await callee.next((m) => m.method === 'BYE');
    callee.send(buildResponse(bye, 200, 'OK'));
    assert.equal((await caller.next(isReplyTo(invite.callId, 3))).status, 200);
    callee.close();
    caller.close();
  });
});

test('requests to a user without a registration get 404 Not Found', async (t) => {
  await withLogs(t, server, async () => {
    const client = await RawSipClient.connect(server.wsUrl);
    const spec: RequestSpec = {
      method: 'MESSAGE',
      uri: `sip:user042@${server.domain}`,
      from: `sip:dave@${server.domain}`,
      to: `sip:user042@${server.domain}`,
      callId: token(),
      cseq: 1,
      fromTag: token(),
      body: 'anyone?',
    };
    const reply = await sendWithAuth(client, spec, 'dave', DEMO_USERS.dave ?? '');
    assert.equal(reply.status, 404);
    client.close();
  });
});

test('INVITE to redirect-to-NAME is answered 302 with NAME as Contact (after authentication)', async (t) => {
  await withLogs(t, server, async () => {
    const client = await RawSipClient.connect(server.wsUrl);
    const invite = (user: string): RequestSpec => ({
      method: 'INVITE',
      uri: `sip:${user}@${server.domain}`,
      from: `sip:dave@${server.domain}`,
      to: `sip:${user}@${server.domain}`,
      callId: token(),
      cseq: 1,
      fromTag: token(),
      extraHeaders: ['Contact: <sip:dave@client.invalid;transport=ws>'],
    });
    const redirected = await sendWithAuth(client, invite('redirect-to-bob'), 'dave', DEMO_USERS.dave ?? '');
    assert.equal(redirected.status, 302);
    assert.equal(uriOf(redirected.header('contact')), `sip:bob@${server.domain}`);
    const looping = await sendWithAuth(client, invite('redirect-loop'), 'dave', DEMO_USERS.dave ?? '');
    assert.equal(looping.status, 302);
    assert.equal(uriOf(looping.header('contact')), `sip:redirect-loop@${server.domain}`);
    client.close();
  });
});

test('sip.js Registerer with regId 1 and an instanceId registers alice (200)', async (t) => {
  await withLogs(t, server, async () => {
    const userAgent = new UserAgent({
      uri: UserAgent.makeURI(`sip:alice@${server.domain}`),
      authorizationUsername: 'alice',
      authorizationPassword: DEMO_USERS.alice,
      instanceId: randomUUID(),
      transportConstructor: NodeWebSocketTransport,
      transportOptions: { server: server.wsUrl },
      logLevel: 'error',
    });
    await userAgent.start();
    const registerer = new Registerer(userAgent, { regId: 1 });
    const status = await new Promise<number>((resolve) => {
      void registerer.register({
        requestDelegate: {
          onAccept: (response) => resolve(response.message.statusCode ?? -1),
          onReject: (response) => resolve(response.message.statusCode ?? -1),
        },
      });
    });
    assert.equal(status, 200);
    assert.equal(registerer.state, RegistererState.Registered);

    const transport = userAgent.transport;
    assert.ok(transport instanceof NodeWebSocketTransport);
    const sentRegister = transport.sentMessages.filter((m) => m.startsWith('REGISTER ')).at(-1) ?? '';
    assert.match(sentRegister, /;reg-id=1;\+sip\.instance="<urn:uuid:[0-9a-f-]+>"/);
    assert.match(sentRegister, /Supported: .*outbound/);

    await registerer.unregister();
    await userAgent.stop();
  });
});

// ---------------------------------------------------------------------------
// Lifecycle, each on its own server (also proves two instances can coexist).

test('stop/start and kill/start come back on the same port', async (t) => {
  const own = await startKamailio({ users: { alice: 'pass-alice' } });
  await withLogs(t, own, async () => {
    const { wsUrl } = own;
    const client = await RawSipClient.connect(wsUrl);
    const firstPid = own.pid;

    await own.stop();
    await client.closed;
    await assert.rejects(RawSipClient.connect(wsUrl));

    await own.start();
    assert.equal(own.wsUrl, wsUrl);
    assert.notEqual(own.pid, firstPid);
    await expectChallenge(own);

    await own.kill();
    await assert.rejects(RawSipClient.connect(wsUrl));
    await own.start();
    await expectChallenge(own);
  }).finally(() => own.stop());
});

test('freeze stops answering, thaw answers what was sent meanwhile', async (t) => {
  const own = await startKamailio({ users: { alice: 'pass-alice' } });
  await withLogs(t, own, async () => {
    const client = await RawSipClient.connect(own.wsUrl);
    own.freeze();
    const spec = registerSpec(own.domain, 'alice');
    client.send(buildRequest(spec));
    await assert.rejects(client.next(isReplyTo(spec.callId, 1), 1_000), /no matching SIP message/);

    own.thaw();
    const reply = await client.next(isReplyTo(spec.callId, 1));
    assert.equal(reply.status, 401);
    client.close();
  }).finally(() => own.stop());
});

async function expectChallenge(target: KamailioServer): Promise<void> {
  const client = await RawSipClient.connect(target.wsUrl);
  const spec = registerSpec(target.domain, 'alice');
  client.send(buildRequest(spec));
  assert.equal((await client.next(isReplyTo(spec.callId, 1))).status, 401);
  client.close();
}
