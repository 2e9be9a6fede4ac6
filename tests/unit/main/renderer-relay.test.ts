import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RendererRelay, type TurnedAwayReason } from '../../../main/core/renderer-relay';
import { parseSipMessage, type ParsedMessage, type ParsedResponse } from '../../../main/core/sip-message';

function request(method: string, callId: string, { toTag = '', cseq = 1 } = {}): string {
  return [
    `${method} sip:alice@acc-reg.invalid;transport=ws SIP/2.0`,
    `Via: SIP/2.0/WS proxy.test;branch=z9hG4bK${callId}${method}`,
    `To: <sip:alice@softphone.test>${toTag ? `;tag=${toTag}` : ''}`,
    'From: "Bob" <sip:bob@softphone.test>;tag=b1',
    `Call-ID: ${callId}`,
    `CSeq: ${cseq} ${method}`,
    'Contact: <sip:bob@192.0.2.2;transport=ws>',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

function setUp({ waitMs = 10_000, maxHeld = 8 } = {}) {
  const sent: ParsedResponse[] = [];
  const delivered: string[] = [];
  const turnedAway: { callId: string; reason: TurnedAwayReason; statusCode: number }[] = [];
  let windowRequests = 0;
  const relay = new RendererRelay(
    { waitMs, maxHeld, mainViaHost: 'acc-reg.invalid' },
    {
      deliver: (text) => delivered.push(text),
      send: (text) => (sent.push(parseSipMessage(text) as ParsedResponse), true),
      onRepliedStatelessly: () => undefined,
      onRendererNeeded: () => (windowRequests += 1),
      onCallTurnedAway: (call, reason, statusCode) => turnedAway.push({ callId: call.callId, reason, statusCode }),
    },
  );
  const fromWire = (text: string) => relay.fromWire(text, parseSipMessage(text) as ParsedMessage);
  const answers = (callId: string) => sent.filter((r) => r.callId === callId).map((r) => r.statusCode);
  return { relay, fromWire, sent, delivered, turnedAway, answers, windowRequests: () => windowRequests };
}

test('a call with no renderer rings (100 untagged, 180 tagged) and reaches the renderer once it is ready', () => {
  const { relay, fromWire, sent, delivered, answers, windowRequests } = setUp();
  fromWire(request('INVITE', 'c1'));
  assert.deepEqual(answers('c1'), [100, 180]);
  assert.equal(sent[0]!.toTag, undefined);
  assert.ok(sent[1]!.toTag);
  assert.equal(windowRequests(), 1);
  relay.attach();
  assert.equal(delivered.length, 1);
  assert.equal(relay.heldCount, 0);
  relay.stop();
});

test('each held call has its own deadline: a later call does not extend an earlier one\'s wait', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { fromWire, answers, turnedAway } = setUp({ waitMs: 1_000 });
  fromWire(request('INVITE', 'early'));
  t.mock.timers.tick(600);
  fromWire(request('INVITE', 'late'));
  t.mock.timers.tick(400);
  assert.deepEqual(answers('early'), [100, 180, 480]);
  assert.deepEqual(answers('late'), [100, 180]);
  t.mock.timers.tick(600);
  assert.deepEqual(answers('late'), [100, 180, 480]);
  assert.deepEqual(turnedAway.map((call) => call.reason), ['no-window', 'no-window']);
});

test('the held list is bounded: one call too many is turned away at once', () => {
  const { relay, fromWire, answers } = setUp({ maxHeld: 2 });
  fromWire(request('INVITE', 'a'));
  fromWire(request('INVITE', 'b'));
  fromWire(request('INVITE', 'c'));
  assert.deepEqual(answers('c'), [480]);
  assert.equal(relay.heldCount, 2);
  relay.stop();
});

test('a CANCEL for a held call: 200 to the CANCEL, 487 to the INVITE, reported as cancelled', () => {
  const { fromWire, answers, turnedAway, relay } = setUp();
  fromWire(request('INVITE', 'c2'));
  fromWire(request('CANCEL', 'c2'));
  assert.deepEqual(answers('c2'), [100, 180, 200, 487]);
  assert.deepEqual(turnedAway, [{ callId: 'c2', reason: 'cancelled', statusCode: 487 }]);
  assert.equal(relay.heldCount, 0);
});

test('what cannot be delivered is answered: 480 out of dialog, 481 in an unknown dialog; ACKs and responses are dropped', () => {
  const { fromWire, answers, sent } = setUp();
  fromWire(request('MESSAGE', 'm1'));
  fromWire(request('BYE', 'b1', { toTag: 'gone' }));
  fromWire(request('ACK', 'a1', { toTag: 'gone' }));
  assert.deepEqual(answers('m1'), [480]);
  assert.deepEqual(answers('b1'), [481]);
  assert.equal(sent.filter((r) => r.callId === 'a1').length, 0);
});

test('a call ringing in the renderer when it goes away is turned away (480, with the renderer\'s tag) and reported', () => {
  const { relay, fromWire, answers, turnedAway } = setUp();
  relay.attach();
  fromWire(request('INVITE', 'r1'));
  const ringing = parseSipMessage(
    ['SIP/2.0 180 Ringing', 'Via: SIP/2.0/WS proxy.test;branch=z9hG4bKr1INVITE', 'To: <sip:alice@softphone.test>;tag=renderer-tag', 'From: "Bob" <sip:bob@softphone.test>;tag=b1', 'Call-ID: r1', 'CSeq: 1 INVITE', 'Content-Length: 0', '', ''].join('\r\n'),
  )!;
  relay.fromRenderer(ringing);
  relay.detach();
  assert.deepEqual(answers('r1'), [480]);
  assert.deepEqual(turnedAway.map((call) => call.reason), ['no-window']);
});

test('Do not disturb turns a new call away at once, whatever the renderer', () => {
  const sent: number[] = [];
  const relay = new RendererRelay(
    { waitMs: 1_000, mainViaHost: 'acc-reg.invalid' },
    {
      deliver: () => assert.fail('delivered'),
      send: (text) => (sent.push((parseSipMessage(text) as ParsedResponse).statusCode!), true),
      onRepliedStatelessly: () => undefined,
      onRendererNeeded: () => assert.fail('window requested'),
      rejectIncomingCall: () => 486,
    },
  );
  relay.attach();
  const text = request('INVITE', 'dnd');
  relay.fromWire(text, parseSipMessage(text)!);
  assert.deepEqual(sent, [486]);
});

test('a connected call whose renderer goes away is ended with a BYE and reported with when it started and connected', () => {
  const ended: unknown[] = [];
  const sent: string[] = [];
  let now = 1_000;
  const relay = new RendererRelay(
    { waitMs: 1_000, mainViaHost: 'acc-reg.invalid', now: () => now },
    {
      deliver: () => undefined,
      send: (text) => (sent.push(text), true),
      onRepliedStatelessly: () => undefined,
      onRendererNeeded: () => undefined,
      onCallEndedByMain: (call) => ended.push(call),
    },
  );
  relay.attach();
  const invite = request('INVITE', 'live');
  relay.fromWire(invite, parseSipMessage(invite)!);
  now = 4_000;
  relay.fromRenderer(
    parseSipMessage(
      ['SIP/2.0 200 OK', 'Via: SIP/2.0/WS proxy.test;branch=z9hG4bKliveINVITE', 'To: <sip:alice@softphone.test>;tag=a1', 'From: "Bob" <sip:bob@softphone.test>;tag=b1', 'Call-ID: live', 'CSeq: 1 INVITE', 'Content-Length: 0', '', ''].join('\r\n'),
    )!,
  );
  relay.detach();
  assert.ok(sent.some((text) => text.startsWith('BYE sip:bob@192.0.2.2')));
  assert.deepEqual(ended, [{ callId: 'live', direction: 'incoming', remoteUri: 'sip:bob@softphone.test', remoteName: 'Bob', startedAt: 1_000, answeredAt: 4_000 }]);
});
