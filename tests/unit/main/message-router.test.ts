import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageRouter } from '../../../main/core/message-router';
import { buildStatelessResponse, parseSipMessage, type ParsedRequest, type ParsedResponse } from '../../../main/core/sip-message';

const MAIN = 'acc1-reg.invalid';
const RENDERER = 'acc1-call.invalid';

function request(method: string, { callId = 'call-1', toTag = '', via = 'proxy.test', headers = [] as string[] } = {}): string {
  return [
    `${method} sip:alice@${MAIN};transport=ws SIP/2.0`,
    `Via: SIP/2.0/WSS ${via};branch=z9hG4bK776asdhds`,
    'Max-Forwards: 70',
    `To: <sip:alice@example.com>${toTag ? `;tag=${toTag}` : ''}`,
    'From: "Bob" <sip:bob@example.com>;tag=1928301774',
    `Call-ID: ${callId}`,
    `CSeq: 1 ${method}`,
    ...headers,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

function response(status: number, viaHost: string, callId = 'call-9'): string {
  return [
    `SIP/2.0 ${status} Whatever`,
    `Via: SIP/2.0/WS ${viaHost};branch=z9hG4bK1;rport`,
    'To: <sip:alice@example.com>;tag=x',
    'From: <sip:alice@example.com>;tag=y',
    `Call-ID: ${callId}`,
    'CSeq: 1 REGISTER',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

const route = (router: MessageRouter, text: string) => router.route(parseSipMessage(text)!);

test('responses go to the agent whose Via host is on top', () => {
  const router = new MessageRouter(MAIN, RENDERER);
  assert.equal(route(router, response(200, MAIN)), 'main');
  assert.equal(route(router, response(180, RENDERER)), 'renderer');
  assert.equal(route(router, response(200, 'someone-else.invalid')), 'drop');
});

test('new calls, CANCEL and in-dialog requests go to the renderer; out-of-dialog OPTIONS to main', () => {
  const router = new MessageRouter(MAIN, RENDERER);
  assert.equal(route(router, request('INVITE')), 'renderer');
  assert.equal(route(router, request('CANCEL')), 'renderer');
  assert.equal(route(router, request('BYE', { toTag: 'abc' })), 'renderer');
  assert.equal(route(router, request('OPTIONS')), 'main');
  assert.equal(route(router, request('OPTIONS', { toTag: 'in-dialog' })), 'renderer');
});

test('chat messages (out-of-dialog MESSAGE) go to main, which owns chat; a MESSAGE inside a call stays with it', () => {
  const router = new MessageRouter(MAIN, RENDERER);
  assert.equal(route(router, request('MESSAGE')), 'main');
  assert.equal(route(router, request('MESSAGE', { toTag: 'in-call' })), 'renderer');
});

test('an unsolicited voicemail NOTIFY goes to main; a transfer\'s NOTIFY (in its dialog) to the renderer', () => {
  const router = new MessageRouter(MAIN, RENDERER);
  assert.equal(route(router, request('NOTIFY', { headers: ['Event: message-summary'] })), 'main');
  assert.equal(route(router, request('NOTIFY', { headers: ['Event: refer'], toTag: 'in-call' })), 'renderer');
  assert.equal(route(router, request('NOTIFY', { headers: ['Event: refer'] })), 'renderer');
});

test('requests on a Call-ID main owns go to main (e.g. the ACK of a 480 it sent)', () => {
  const router = new MessageRouter(MAIN, RENDERER);
  router.owned.own('held-call', 32_000);
  assert.equal(route(router, request('ACK', { callId: 'held-call', toTag: 't' })), 'main');
  assert.equal(route(router, request('ACK', { callId: 'other', toTag: 't' })), 'renderer');
});

test('a stateless 480 mirrors the request and adds a To tag', () => {
  const invite = parseSipMessage(request('INVITE', { callId: 'c-480' })) as ParsedRequest;
  const reply = parseSipMessage(buildStatelessResponse(invite, 480, 'Temporarily Unavailable')) as ParsedResponse;
  assert.equal(reply.statusCode, 480);
  assert.equal(reply.callId, 'c-480');
  assert.equal(reply.cseq, 1);
  assert.ok(reply.toTag.length > 0);
  assert.equal(reply.via.host, 'proxy.test');
});

test('garbage is not a SIP message', () => {
  assert.equal(parseSipMessage('hello there'), undefined);
  assert.equal(parseSipMessage('INVITE\r\n\r\n'), undefined);
});
