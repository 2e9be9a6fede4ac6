/**
 * CancellableInvite on a real sip.js UserAgent whose transport is a pipe
 * this test plays the server on: what goes on the wire when an outgoing
 * call is cancelled before, during and after the server's answers
 * (RFC 3261 §9.1: a CANCEL only after a provisional response).
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { Inviter, SessionState, UserAgent, type SessionDescriptionHandler } from 'sip.js';
import { PipeTransport } from '../../../../app/sip/pipe-transport';
import { CancellableInvite } from '../../../../renderer/sip/cancellable-invite';
import { parseSipMessage, type SipMessage } from '../../../support/raw-sip-client';
import { waitFor } from '../../../support/wait-for';

const SDP = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 9 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', 'a=sendrecv', ''].join('\r\n');
const CALLEE_TAG = 'callee1';

function noMedia(): SessionDescriptionHandler {
  return {
    close: () => undefined,
    getDescription: async () => ({ body: SDP, contentType: 'application/sdp' }),
    hasDescription: (contentType) => contentType === 'application/sdp',
    setDescription: async () => undefined,
    sendDtmf: () => false,
  };
}

/** The server's response to `request`; responses but 100 carry the callee's To tag. */
function response(request: SipMessage, status: number, reason: string, extra: string[] = [], body = ''): string {
  const to = request.header('to') ?? '';
  return [
    `SIP/2.0 ${status} ${reason}`,
    ...request.headers('via').map((via) => `Via: ${via}`),
    `From: ${request.header('from')}`,
    `To: ${to}${status === 100 || /;tag=/.test(to) ? '' : `;tag=${CALLEE_TAG}`}`,
    `Call-ID: ${request.header('call-id')}`,
    `CSeq: ${request.header('cseq')}`,
    ...extra,
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

const cseqNumber = (message: SipMessage): number => Number(/^(\d+)/.exec(message.header('cseq') ?? '')?.[1]);
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('CancellableInvite on the wire', () => {
  let userAgent: UserAgent;
  let transport: PipeTransport;
  let sent: SipMessage[];

  const requests = (method: string) => sent.filter((message) => message.method === method);
  const nth = (method: string, index: number) => waitFor(`${method} #${index + 1}`, () => requests(method)[index], 2_000);
  const deliver = (text: string) => transport.receive(text);

  beforeEach(async () => {
    sent = [];
    userAgent = new UserAgent({
      uri: UserAgent.makeURI('sip:alice@example.test'),
      authorizationUsername: 'alice',
      authorizationPassword: 'secret',
      logBuiltinEnabled: false,
      sessionDescriptionHandlerFactory: () => noMedia(),
      transportConstructor: PipeTransport,
      transportOptions: {
        pipe: { isConnected: () => true, whenConnected: async () => undefined, send: async (text: string) => void sent.push(parseSipMessage(text)) },
        onCreated: (created: PipeTransport) => (transport = created),
      },
    });
    await userAgent.start();
  });

  afterEach(async () => {
    await userAgent.stop();
  });

  async function call(): Promise<{ inviter: Inviter; invite: CancellableInvite; request: SipMessage }> {
    const inviter = new Inviter(userAgent, UserAgent.makeURI('sip:bob@example.test')!);
    const invite = new CancellableInvite(inviter);
    void invite.send({}).catch(() => undefined);
    return { inviter, invite, request: await nth('INVITE', 0) };
  }

  test('asked before any provisional response, no CANCEL is sent until one arrives, then one for that INVITE', async () => {
    const { inviter, invite, request } = await call();
    invite.cancel();
    await settle();
    assert.equal(requests('CANCEL').length, 0, 'no CANCEL before a provisional response');
    deliver(response(request, 180, 'Ringing', ['Contact: <sip:bob@127.0.0.1;transport=ws>']));
    const cancel = await nth('CANCEL', 0);
    assert.equal(cseqNumber(cancel), cseqNumber(request), 'the CANCEL matches the INVITE');
    deliver(response(cancel, 200, 'OK'));
    deliver(response(request, 487, 'Request Terminated'));
    await waitFor('the call ended', () => inviter.state === SessionState.Terminated || undefined, 2_000);
    assert.equal(requests('CANCEL').length, 1);
    assert.equal(requests('BYE').length, 0);
  });

  test('answered with no provisional response: ACK then BYE, never a CANCEL', async () => {
    const { invite, request } = await call();
    invite.cancel();
    deliver(response(request, 200, 'OK', ['Contact: <sip:bob@127.0.0.1;transport=ws>', 'Content-Type: application/sdp'], SDP));
    await nth('ACK', 0);
    const bye = await nth('BYE', 0);
    deliver(response(bye, 200, 'OK'));
    assert.equal(requests('CANCEL').length, 0);
  });

  test('a failure response instead: nothing more is sent (no CANCEL, no BYE)', async () => {
    const { inviter, invite, request } = await call();
    invite.cancel();
    deliver(response(request, 486, 'Busy Here'));
    await waitFor('the call ended', () => inviter.state === SessionState.Terminated || undefined, 2_000);
    await settle();
    assert.deepEqual(sent.map((message) => message.method), ['INVITE', 'ACK'], 'only the INVITE and the ACK of its 486');
  });

  test('asked while the 407 is on its way: the INVITE re-sent with credentials is cancelled after its 100, the challenged one never', async () => {
    const { inviter, invite, request } = await call();
    invite.cancel();
    deliver(response(request, 407, 'Proxy Authentication Required', ['Proxy-Authenticate: Digest realm="example.test", nonce="n1", qop="auth"']));
    const retried = await nth('INVITE', 1);
    assert.ok(retried.header('proxy-authorization'), 'sip.js sent the INVITE again with credentials');
    await settle();
    assert.equal(requests('CANCEL').length, 0, 'no CANCEL before the new INVITE is in progress');
    deliver(response(retried, 100, 'Trying'));
    const cancel = await nth('CANCEL', 0);
    assert.equal(cseqNumber(cancel), cseqNumber(retried), 'the CANCEL is for the INVITE with credentials');
    deliver(response(cancel, 200, 'OK'));
    deliver(response(retried, 487, 'Request Terminated'));
    await waitFor('the call ended', () => inviter.state === SessionState.Terminated || undefined, 2_000);
    assert.equal(requests('CANCEL').length, 1);
  });

  test('cancelled after a 100 and then challenged anyway: the INVITE re-sent with credentials is cancelled too', async () => {
    const { inviter, invite, request } = await call();
    deliver(response(request, 100, 'Trying'));
    invite.cancel();
    const first = await nth('CANCEL', 0);
    assert.equal(cseqNumber(first), cseqNumber(request));
    deliver(response(first, 200, 'OK'));
    deliver(response(request, 407, 'Proxy Authentication Required', ['Proxy-Authenticate: Digest realm="example.test", nonce="n1", qop="auth"']));
    const retried = await nth('INVITE', 1);
    deliver(response(retried, 100, 'Trying'));
    const second = await nth('CANCEL', 1);
    assert.equal(cseqNumber(second), cseqNumber(retried), 'the second CANCEL is for the INVITE with credentials');
    deliver(response(second, 200, 'OK'));
    deliver(response(retried, 487, 'Request Terminated'));
    await waitFor('the call ended', () => inviter.state === SessionState.Terminated || undefined, 2_000);
  });
});
