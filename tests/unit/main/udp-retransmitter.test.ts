/**
 * RFC 3261 §17 retransmission under sip.js, as a peer on a lossy path sees
 * it: what is sent again, when, and what is absorbed.
 */
import assert from 'node:assert/strict';
import { beforeEach, mock, test } from 'node:test';
import { UdpRetransmitter } from '../../../main/core/udp-retransmitter';

const T1 = 60;
const T2 = 240;

function request(method: string, branch: string, cseq = 1): string {
  return `${method} sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5062;rport;branch=${branch}\r\nFrom: <sip:alice@example.com>;tag=a\r\nTo: <sip:bob@example.com>\r\nCall-ID: call-1\r\nCSeq: ${cseq} ${method}\r\nContent-Length: 0\r\n\r\n`;
}

function response(status: number, method: string, branch: string, cseq = 1): string {
  return `SIP/2.0 ${status} Whatever\r\nVia: SIP/2.0/UDP 127.0.0.1:5062;rport=5062;branch=${branch}\r\nFrom: <sip:alice@example.com>;tag=a\r\nTo: <sip:bob@example.com>;tag=b\r\nCall-ID: call-1\r\nCSeq: ${cseq} ${method}\r\nContent-Length: 0\r\n\r\n`;
}

beforeEach(() => {
  mock.timers.reset();
  mock.timers.enable({ apis: ['setTimeout'] });
});

/** Moves the mocked clock in small steps, so timers set by timers fire in their turn. */
const sleep = async (ms: number): Promise<void> => {
  for (let elapsed = 0; elapsed < ms; elapsed += 5) mock.timers.tick(5);
};

/** A wall clock the test moves (entries expire by it); timers run on the mocked setTimeout. */
const clock = { now: 0 };

function recorder(): { sent: string[]; layer: UdpRetransmitter } {
  const sent: string[] = [];
  clock.now = 0;
  return { sent, layer: new UdpRetransmitter({ resend: (text) => sent.push(text) }, { t1Ms: T1, t2Ms: T2 }, () => clock.now) };
}

test('an unanswered INVITE is sent again after T1, 2·T1, 4·T1 … (Timer A) and no more once anything answers', async () => {
  const { sent, layer } = recorder();
  layer.onSending(request('INVITE', 'z9hG4bK1'));
  await sleep(T1 * 5); // resent at T1 and 3·T1; the next is due at 7·T1
  assert.equal(sent.length, 2);
  assert.equal(layer.onArrived(response(100, 'INVITE', 'z9hG4bK1')), true);
  await sleep(T1 * 8);
  assert.equal(sent.length, 2);
  layer.stop();
});

test('a non-INVITE is sent again with intervals capped at T2 (Timer E) until a final answer', async () => {
  const { sent, layer } = recorder();
  layer.onSending(request('REGISTER', 'z9hG4bK2'));
  await sleep(T1 * 7 + T2 + T2 / 2); // resent at T1, 3·T1, 7·T1 and 7·T1 + T2
  assert.equal(sent.length, 4);
  assert.equal(layer.onArrived(response(200, 'REGISTER', 'z9hG4bK2')), true);
  await sleep(T2 * 2);
  assert.equal(sent.length, 4);
  layer.stop();
});

test('a final answer that arrives again is absorbed; for a failed INVITE our ACK goes out again', () => {
  const { sent, layer } = recorder();
  layer.onSending(request('INVITE', 'z9hG4bK3'));
  assert.equal(layer.onArrived(response(486, 'INVITE', 'z9hG4bK3')), true);
  const ack = request('ACK', 'z9hG4bK3');
  layer.onSending(ack);
  assert.equal(layer.onArrived(response(486, 'INVITE', 'z9hG4bK3')), false);
  assert.deepEqual(sent, [ack]);
  layer.stop();
});

test('a 2xx to INVITE that arrives again goes up: sip.js answers it with its ACK again', () => {
  const { layer } = recorder();
  layer.onSending(request('INVITE', 'z9hG4bK4'));
  assert.equal(layer.onArrived(response(200, 'INVITE', 'z9hG4bK4')), true);
  assert.equal(layer.onArrived(response(200, 'INVITE', 'z9hG4bK4')), true);
  layer.stop();
});

test('a request that arrives again is absorbed and our last answer to it sent again', () => {
  const { sent, layer } = recorder();
  assert.equal(layer.onArrived(request('BYE', 'z9hG4bK5', 2)), true);
  assert.equal(layer.onArrived(request('BYE', 'z9hG4bK5', 2)), false);
  assert.deepEqual(sent, []);
  const ok = response(200, 'BYE', 'z9hG4bK5', 2);
  layer.onSending(ok);
  assert.equal(layer.onArrived(request('BYE', 'z9hG4bK5', 2)), false);
  assert.deepEqual(sent, [ok]);
  layer.stop();
});

test('our failure answer to an INVITE is sent again (Timer G) until its ACK, which is absorbed', async () => {
  const { sent, layer } = recorder();
  layer.onArrived(request('INVITE', 'z9hG4bK6'));
  const busy = response(486, 'INVITE', 'z9hG4bK6');
  layer.onSending(busy);
  await sleep(T1 * 2); // resent at T1; the next is due at 3·T1
  assert.deepEqual(sent, [busy]);
  assert.equal(layer.onArrived(request('ACK', 'z9hG4bK6')), false);
  await sleep(T1 * 4);
  assert.equal(sent.length, 1);
  layer.stop();
});

test('after ringing longer than 64·T1, a failure answer that arrives again is still ACKed again (Timer D runs from the answer)', () => {
  const { sent, layer } = recorder();
  layer.onSending(request('INVITE', 'z9hG4bK7'));
  assert.equal(layer.onArrived(response(180, 'INVITE', 'z9hG4bK7')), true);
  clock.now += 40_000; // the callee rings 40 s, past 64·T1 even at the standard T1 of 500 ms
  assert.equal(layer.onArrived(response(486, 'INVITE', 'z9hG4bK7')), true);
  const ack = request('ACK', 'z9hG4bK7');
  layer.onSending(ack);
  clock.now += 30 * T1;
  assert.equal(layer.onArrived(response(486, 'INVITE', 'z9hG4bK7')), false);
  assert.deepEqual(sent, [ack]);
  clock.now += 64 * T1; // past Timer D: forgotten, memory stays bounded
  assert.equal(layer.onArrived(response(486, 'INVITE', 'z9hG4bK7')), true);
  layer.stop();
});

test('an INVITE we answer after ringing longer than 64·T1: a copy of it that arrives after our failure answer is absorbed and the answer sent again', () => {
  const { sent, layer } = recorder();
  assert.equal(layer.onArrived(request('INVITE', 'z9hG4bK8')), true);
  layer.onSending(response(180, 'INVITE', 'z9hG4bK8'));
  clock.now += 40_000;
  const busy = response(486, 'INVITE', 'z9hG4bK8');
  layer.onSending(busy);
  assert.equal(layer.onArrived(request('ACK', 'z9hG4bK8')), false);
  clock.now += 30 * T1;
  assert.equal(layer.onArrived(request('INVITE', 'z9hG4bK8')), false);
  assert.deepEqual(sent, [busy]);
  layer.stop();
});
