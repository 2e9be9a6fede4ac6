/**
 * What crosses the wire on a plain transport and what sip.js gets back:
 * reachable Via and Contact out, its own Via and Contact in; frames cut
 * from a byte stream; STUN answers read.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SipStreamFramer, type FramedItem } from '../../../main/core/sip-stream-framer';
import { SipWireAddressing } from '../../../main/core/sip-wire-addressing';
import { isStunDatagram, parseStunBindingSuccess, stunBindingRequest } from '../../../main/core/stun-binding';

const REGISTER = [
  'REGISTER sip:example.com SIP/2.0',
  'Via: SIP/2.0/WS acct-reg.invalid;branch=z9hG4bK77',
  'From: <sip:alice@example.com>;tag=1',
  'To: <sip:alice@example.com>',
  'Call-ID: c1',
  'CSeq: 1 REGISTER',
  'Contact: <sip:alice@acct-reg.invalid;transport=ws>;reg-id=1;expires=600',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

test('outgoing: the top Via gets our address, the transport and rport; the Contact our address and transport', () => {
  const wire = new SipWireAddressing('UDP', { host: '192.0.2.7', port: 5062 }).toWire(REGISTER);
  assert.match(wire, /^Via: SIP\/2\.0\/UDP 192\.0\.2\.7:5062;rport;branch=z9hG4bK77\r$/m);
  assert.match(wire, /^Contact: <sip:alice@192\.0\.2\.7:5062;transport=udp>;reg-id=1;expires=600\r$/m);
});

test('incoming: the answer gets the Via and the Contact sip.js wrote back, and tells where we were seen from', () => {
  const addressing = new SipWireAddressing('TCP', { host: '192.0.2.7', port: 5062 });
  addressing.toWire(REGISTER);
  const answer = [
    'SIP/2.0 200 OK',
    'Via: SIP/2.0/TCP 192.0.2.7:5062;rport=40000;branch=z9hG4bK77;received=198.51.100.9',
    'Contact: <sip:alice@192.0.2.7:5062;transport=tcp>;reg-id=1;expires=600',
    'CSeq: 1 REGISTER',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const { text, observed } = addressing.fromWire(answer);
  assert.match(text, /^Via: SIP\/2\.0\/WS acct-reg\.invalid;branch=z9hG4bK77\r$/m);
  assert.match(text, /^Contact: <sip:alice@acct-reg\.invalid;transport=ws>;reg-id=1;expires=600\r$/m);
  assert.deepEqual(observed, { received: '198.51.100.9', rport: 40000 });
});

test('across many changes of our public address, the Contact now in use is still given back, and old ones are forgotten (memory stays bounded)', () => {
  const addressing = new SipWireAddressing('UDP', { host: '192.0.2.7', port: 5062 });
  const answerNaming = (port: number) => `SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.7:${port};branch=z9hG4bK77\r\nContact: <sip:alice@192.0.2.7:${port};transport=udp>;expires=600\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n`;
  for (let port = 10_000; port < 11_000; port += 1) {
    addressing.setPublicAddress({ host: '192.0.2.7', port });
    addressing.toWire(REGISTER);
  }
  assert.match(addressing.fromWire(answerNaming(10_999)).text, /^Contact: <sip:alice@acct-reg\.invalid;transport=ws>;expires=600\r$/m);
  assert.match(addressing.fromWire(answerNaming(10_000)).text, /^Contact: <sip:alice@192\.0\.2\.7:10000;transport=udp>;expires=600\r$/m);
});

test('a response to a request we never sent is left as it came', () => {
  const answer = 'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKother\r\nContent-Length: 0\r\n\r\n';
  assert.equal(new SipWireAddressing('UDP', { host: '192.0.2.7', port: 5062 }).fromWire(answer).text, answer);
});

test('a stream is cut by Content-Length however it is chunked, and a lone CRLF is a pong', () => {
  const framer = new SipStreamFramer();
  const message = 'MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 5\r\n\r\nhello';
  const stream = Buffer.from(`\r\n${message}${message}`);
  const items: FramedItem[] = [];
  for (let i = 0; i < stream.length; i += 7) {
    const got = framer.push(stream.subarray(i, i + 7));
    assert.notEqual(got, 'broken');
    items.push(...(got as FramedItem[]));
  }
  assert.deepEqual(items, [{ kind: 'pong' }, { kind: 'message', text: message }, { kind: 'message', text: message }]);
});

test('a stream that cannot be framed is broken, not buffered for ever', () => {
  assert.equal(new SipStreamFramer().push(Buffer.from(`OPTIONS sip:a SIP/2.0\r\nX: ${'a'.repeat(20_000)}`)), 'broken');
  assert.equal(new SipStreamFramer().push(Buffer.from('OPTIONS sip:a SIP/2.0\r\nContent-Length: 99999999\r\n\r\n')), 'broken');
});

test('STUN: a binding request is STUN, SIP is not, and an answer gives back the XOR-mapped address', () => {
  const { bytes, transactionId } = stunBindingRequest();
  assert.equal(isStunDatagram(bytes), true);
  assert.equal(isStunDatagram(Buffer.from('SIP/2.0 200 OK\r\n\r\n0123456789')), false);
  const answer = Buffer.alloc(32);
  answer.writeUInt16BE(0x0101, 0);
  answer.writeUInt16BE(12, 2);
  bytes.copy(answer, 4, 4, 20);
  answer.writeUInt16BE(0x0020, 20);
  answer.writeUInt16BE(8, 22);
  answer.writeUInt16BE(0x0001, 24);
  answer.writeUInt16BE(40000 ^ 0x2112, 26);
  answer.writeUInt32BE((((198 << 24) | (51 << 16) | (100 << 8) | 9) ^ 0x2112a442) >>> 0, 28);
  assert.deepEqual(parseStunBindingSuccess(answer), { transactionId, mapped: { host: '198.51.100.9', port: 40000 } });
});
