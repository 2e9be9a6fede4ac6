/**
 * Smoke test of the Kamailio test harness (tests/support/kamailio.ts):
 * the rendered config really behaves as a registrar/proxy for SIP over
 * WebSocket, each server option (realm, 401 for INVITE, nonce lifetime,
 * stale=true, default expiry) shows on the wire, and the lifecycle controls
 * (stop/start/kill/freeze/thaw) work.
 *
 * Run: node --import tsx --test tests/integration/kamailio-harness.test.ts
 */
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { EmitterImpl, Registerer, RegistererState, TransportState, UserAgent, type Transport } from 'sip.js';
import WebSocket from 'ws';
import { DEMO_USERS, OTHER_SERVER_PROFILE, startKamailio, type KamailioServer } from '../support/kamailio';
import {
  answerChallenge,
  buildRequest,
  buildResponse,
  inDialogSpec,
  isReplyTo,
  RawSipClient,
  registerSpec,
  sendWithAuth,
  token,
  uriOf,
  type RequestSpec,
  type SipMessage,
} from '../support/raw-sip-client';

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

    const inDialog = (method: string, cseq: number): RequestSpec => inDialogSpec(invite, ok, method, cseq);
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
// Server profiles: each option changes what a client sees on the wire.

const SHORT_NONCE_SEC = 1;

test('the other-server profile: REGISTER challenged in realm "asterisk", registered with that realm', async (t) => {
  const own = await startKamailio({ ...OTHER_SERVER_PROFILE, users: { alice: 'pass-alice' } });
  await withLogs(t, own, async () => {
    assert.equal(own.realm, 'asterisk');
    const client = await RawSipClient.connect(own.wsUrl);
    const spec = registerSpec(own.domain, 'alice');
    client.send(buildRequest(spec));
    const challenge = await client.next(isReplyTo(spec.callId, spec.cseq));
    assert.equal(challenge.status, 401);
    assert.match(challenge.header('www-authenticate') ?? '', /realm="asterisk"/);
    // Credentials computed for the SIP domain's realm are refused...
    const domainRealm = answerChallenge(spec, withRealm(challenge, own.domain), 'alice', 'pass-alice');
    client.send(buildRequest(domainRealm));
    assert.equal((await client.next(isReplyTo(spec.callId, domainRealm.cseq))).status, 401);
    // ...and those for the challenge's realm accepted.
    const reply = await sendWithAuth(client, { ...spec, cseq: 10 }, 'alice', 'pass-alice');
    assert.equal(reply.status, 200);
    client.close();
  }).finally(() => own.stop());
});

test('the other-server profile: INVITE is challenged with 401 WWW-Authenticate, then routed', async (t) => {
  const own = await startKamailio({ ...OTHER_SERVER_PROFILE, users: { alice: 'pass-alice', bob: 'pass-bob' } });
  await withLogs(t, own, async () => {
    const client = await RawSipClient.connect(own.wsUrl);
    const invite: RequestSpec = {
      method: 'INVITE',
      uri: `sip:bob@${own.domain}`,
      from: `sip:alice@${own.domain}`,
      to: `sip:bob@${own.domain}`,
      callId: token(),
      cseq: 1,
      fromTag: token(),
      extraHeaders: ['Contact: <sip:alice@client.invalid;transport=ws>'],
    };
    client.send(buildRequest(invite));
    const challenge = await client.next(isReplyTo(invite.callId, 1));
    assert.equal(challenge.status, 401);
    assert.equal(challenge.header('proxy-authenticate'), undefined);
    assert.match(challenge.header('www-authenticate') ?? '', /realm="asterisk"/);
    // Authorized, it gets past authentication: bob is not registered, so 404.
    const retry = answerChallenge(invite, challenge, 'alice', 'pass-alice');
    client.send(buildRequest(retry));
    assert.equal((await client.next(isReplyTo(invite.callId, retry.cseq))).status, 404);
    client.close();
  }).finally(() => own.stop());
});

test('nonceExpireSec: the same credentials work until the nonce expires, then get 401 with a new nonce (no stale)', async (t) => {
  const own = await startKamailio({ nonceExpireSec: SHORT_NONCE_SEC, users: { alice: 'pass-alice' } });
  await withLogs(t, own, async () => {
    const { first, reused } = await reuseNonceAfter(own, 0);
    assert.equal(reused.status, 200, 'a fresh nonce may be reused');
    const late = await reuseNonceAfter(own, (SHORT_NONCE_SEC + 1.2) * 1000);
    assert.equal(late.reused.status, 401, 'an expired nonce is refused');
    const challenge = late.reused.header('www-authenticate') ?? '';
    assert.notEqual(nonceOf(challenge), nonceOf(first.header('www-authenticate') ?? ''));
    assert.doesNotMatch(challenge, /stale=/i);
  }).finally(() => own.stop());
});

test('staleOnExpiredNonce: an expired nonce is re-challenged with stale=true, bad credentials without', async (t) => {
  const own = await startKamailio({ nonceExpireSec: SHORT_NONCE_SEC, staleOnExpiredNonce: true, users: { alice: 'pass-alice' } });
  await withLogs(t, own, async () => {
    const { reused } = await reuseNonceAfter(own, (SHORT_NONCE_SEC + 1.2) * 1000);
    assert.equal(reused.status, 401);
    assert.match(reused.header('www-authenticate') ?? '', /stale=true/i);

    const client = await RawSipClient.connect(own.wsUrl);
    const wrong = await sendWithAuth(client, registerSpec(own.domain, 'alice'), 'alice', 'wrong');
    assert.equal(wrong.status, 401);
    assert.doesNotMatch(wrong.header('www-authenticate') ?? '', /stale=/i);
    client.close();
  }).finally(() => own.stop());
});

test('defaultExpires is granted to a REGISTER that asks for no expiry', async (t) => {
  const own = await startKamailio({ defaultExpires: 77, users: { alice: 'pass-alice' } });
  await withLogs(t, own, async () => {
    const client = await RawSipClient.connect(own.wsUrl);
    const reply = await sendWithAuth(client, registerSpec(own.domain, 'alice', null), 'alice', 'pass-alice');
    assert.equal(reply.status, 200);
    assert.match(reply.header('contact') ?? '', /;expires=77\b/);
    client.close();
  }).finally(() => own.stop());
});

/** Registers alice, waits `delayMs`, then refreshes with the very same Authorization. */
async function reuseNonceAfter(target: KamailioServer, delayMs: number): Promise<{ first: SipMessage; reused: SipMessage }> {
  const client = await RawSipClient.connect(target.wsUrl);
  try {
    const spec = registerSpec(target.domain, 'alice');
    client.send(buildRequest(spec));
    const first = await client.next(isReplyTo(spec.callId, spec.cseq));
    const authorized = answerChallenge(spec, first, 'alice', 'pass-alice');
    client.send(buildRequest(authorized));
    assert.equal((await client.next(isReplyTo(spec.callId, authorized.cseq))).status, 200);
    await delay(delayMs);
    const refresh = { ...authorized, cseq: authorized.cseq + 1 };
    client.send(buildRequest(refresh));
    return { first, reused: await client.next(isReplyTo(spec.callId, refresh.cseq)) };
  } finally {
    client.close();
  }
}

function nonceOf(challenge: string): string | undefined {
  return /nonce="([^"]*)"/.exec(challenge)?.[1];
}

/** The challenge as if it had named another realm. */
function withRealm(challenge: SipMessage, realm: string): SipMessage {
  const header = challenge.header('www-authenticate') ?? '';
  const replaced = header.replace(/realm="[^"]*"/, `realm="${realm}"`);
  return { ...challenge, header: (name) => (name.toLowerCase() === 'www-authenticate' ? replaced : challenge.header(name)) };
}

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
