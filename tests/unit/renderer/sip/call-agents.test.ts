/**
 * The renderer's call agent answers every challenge, 401 or 407, to any
 * request it sends, with the key of that challenge's realm on the first try.
 * A real sip.js UserAgent in Node behind the real hub; main is played by a
 * stand-in API that hands out keys like main does and records what is sent.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { Messager, UserAgent } from 'sip.js';
import type { AccountView } from '../../../../app/account';
import type { CallAgentConfig, SoftphoneApi } from '../../../../app/ipc-contract';
import { fail, ok } from '../../../../app/result';
import { CallAgents } from '../../../../renderer/sip/call-agents';
import { waitFor } from '../../../support/wait-for';

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
const PASSWORD = 'pass-alice';
const CONFIG: CallAgentConfig = { accountId: 'account-1', aor: 'sip:alice@sip.example.com', displayName: 'Alice', authorizationUsername: 'alice', viaHost: 'a-call.invalid' };

const DELEGATE = { onInvite: () => undefined, onReconnected: () => undefined, iceServers: () => [], certificates: () => undefined, takePreparedLeg: () => undefined, onAgentReady: () => undefined };

function standInMain() {
  const sent: string[] = [];
  const keyRequests: string[] = [];
  let deliver: (message: string) => void = () => undefined;
  let connect: (isConnected: boolean) => void = () => undefined;
  const api = {
    attachSip: async () => ok(CONFIG),
    readySip: async () => ok(null),
    sendSip: async ({ message }: { message: string }) => {
      sent.push(message);
      return ok(null);
    },
    digestKey: async ({ realm }: { realm: string }) => {
      keyRequests.push(realm);
      // Answers slowly, so a challenge is really held while the key is on its way.
      await new Promise((resolve) => setTimeout(resolve, 20));
      return realm === 'never' ? fail('realm-not-challenged', 'no') : ok({ ha1: md5(`alice:${realm}:${PASSWORD}`) });
    },
    onSipMessage: (listener: (payload: { accountId: string; message: string }) => void) => {
      deliver = (message) => listener({ accountId: CONFIG.accountId, message });
      return () => undefined;
    },
    onSipConnection: (listener: (payload: { accountId: string; isConnected: boolean }) => void) => {
      connect = (isConnected) => listener({ accountId: CONFIG.accountId, isConnected });
      return () => undefined;
    },
  } as unknown as SoftphoneApi;
  return { api, sent, keyRequests, deliver: (message: string) => deliver(message), connect: (isConnected: boolean) => connect(isConnected) };
}

/** The response to `request` with `status` and extra headers, as a server would send it. */
function answer(request: string, status: string, headers: string[] = []): string {
  const pick = (name: string) => new RegExp(`^${name}:.*$`, 'im').exec(request)![0];
  return [`SIP/2.0 ${status}`, pick('Via'), pick('From'), `${pick('To')};tag=server`, pick('Call-ID'), pick('CSeq'), ...headers, 'Content-Length: 0', '', ''].join('\r\n');
}

/** Checks the digest answer in `request` as a server would, for the password only main knows. */
function assertDigestFor(request: string, headerName: string, realm: string): void {
  const header = new RegExp(`^${headerName}:(.*)$`, 'im').exec(request)?.[1];
  assert.ok(header, `${headerName} present`);
  const param = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(header)![1]!;
  assert.equal(param('realm'), realm);
  const method = request.split(' ')[0]!;
  const expected = md5(`${md5(`alice:${realm}:${PASSWORD}`)}:${param('nonce')}:${md5(`${method}:${param('uri')}`)}`);
  assert.equal(param('response'), expected, `the digest for realm ${realm} is right`);
}

test('each challenge is answered once, with the key of its own realm, 401 and 407 alike', async () => {
  const main = standInMain();
  const agents = new CallAgents(main.api, DELEGATE);
  main.connect(true);
  const agent = await agents.ready(CONFIG.accountId);
  assert.ok(agent);
  const target = UserAgent.makeURI('sip:bob@sip.example.com')!;
  const outcomes: number[] = [];
  const sendMessage = () =>
    new Messager(agent.userAgent, target, 'hello').message({
      requestDelegate: { onAccept: (response) => outcomes.push(response.message.statusCode!), onReject: (response) => outcomes.push(response.message.statusCode!) },
    });

  for (const [status, challengeHeader, answerHeader, realm] of [
    ['401 Unauthorized', 'WWW-Authenticate', 'Authorization', 'asterisk'],
    ['407 Proxy Authentication Required', 'Proxy-Authenticate', 'Proxy-Authorization', 'proxy.example.com'],
    ['401 Unauthorized', 'WWW-Authenticate', 'Authorization', 'asterisk'],
  ] as const) {
    const before = main.sent.length;
    await sendMessage();
    const request = main.sent[before]!;
    main.deliver(answer(request, status, [`${challengeHeader}: Digest realm="${realm}", nonce="n-${before}", algorithm=MD5`]));
    const retried = await waitFor('the request sent again with credentials', () => main.sent[before + 1]);
    assertDigestFor(retried, answerHeader, realm);
    main.deliver(answer(retried, '200 OK'));
    await waitFor('the request accepted', () => outcomes.length === before / 2 + 1 || undefined);
  }
  assert.deepEqual(outcomes, [200, 200, 200]);
  assert.deepEqual(main.keyRequests, ['asterisk', 'proxy.example.com'], 'one key per realm, kept for the next challenge');
});

test('what arrives while a challenge is held is delivered after it, in order', async () => {
  const main = standInMain();
  const agents = new CallAgents(main.api, DELEGATE);
  main.connect(true);
  const agent = (await agents.ready(CONFIG.accountId))!;
  const target = UserAgent.makeURI('sip:bob@sip.example.com')!;
  const outcomes: string[] = [];
  const settle = (label: string, statusCode: number | undefined) => outcomes.push(`${label} ${statusCode} with ${main.sent.length} sent`);
  const send = (label: string) =>
    new Messager(agent.userAgent, target, label).message({
      requestDelegate: { onAccept: (r) => settle(label, r.message.statusCode), onReject: (r) => settle(label, r.message.statusCode) },
    });
  await send('first');
  await send('second');
  const [first, second] = main.sent;
  main.deliver(answer(first!, '401 Unauthorized', ['WWW-Authenticate: Digest realm="asterisk", nonce="n1"']));
  // Delivered while the key for the challenge above is still on its way.
  main.deliver(answer(second!, '404 Not Found'));
  const retried = await waitFor('the first sent again with credentials', () => main.sent[2]);
  assertDigestFor(retried, 'Authorization', 'asterisk');
  await waitFor('the second settled', () => outcomes.length === 1 || undefined);
  assert.deepEqual(outcomes, ['second 404 with 3 sent'], 'the 404 reached sip.js only after the held 401 was answered');
});

test('the keys of realms the server already challenged with are asked for as soon as main names them, before any call is challenged', async () => {
  const main = standInMain();
  const agents = new CallAgents(main.api, DELEGATE);
  main.connect(true);
  const agent = (await agents.ready(CONFIG.accountId))!;
  assert.deepEqual(main.keyRequests, [], 'no realm known yet');
  const view = { id: CONFIG.accountId, enabled: true, status: { kind: 'registered' } } as unknown as AccountView;
  agents.sync([{ ...view, challengedRealms: ['asterisk'] }]);
  agents.sync([{ ...view, challengedRealms: ['asterisk'] }]);
  assert.deepEqual(main.keyRequests, ['asterisk'], 'asked once, when main named the realm');
  const target = UserAgent.makeURI('sip:bob@sip.example.com')!;
  await new Messager(agent.userAgent, target, 'hello').message();
  const request = main.sent[0]!;
  main.deliver(answer(request, '401 Unauthorized', ['WWW-Authenticate: Digest realm="asterisk", nonce="n-1", algorithm=MD5']));
  const retried = await waitFor('the request sent again with credentials', () => main.sent[1]);
  assertDigestFor(retried, 'Authorization', 'asterisk');
  assert.deepEqual(main.keyRequests, ['asterisk'], 'the challenge used the key fetched at start');
});
