/**
 * What main reads from the renderer's messages without a full parse: the
 * fields the dialog table and the relay need, the same as sip.js's parser
 * reads them, on the messages sip.js builds.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Core } from 'sip.js';
import { DialogTable } from '../../../main/core/dialog-table';
import { parseSipMessage, summarizeRelayedResponse, summarizeSipMessage, topViaHostOf, type ParsedMessage } from '../../../main/core/sip-message';

const text = (...lines: string[]) => [...lines, 'Content-Length: 0', '', ''].join('\r\n');

const MESSAGES = [
  text('INVITE sip:bob@example.com SIP/2.0', 'Via: SIP/2.0/WS r.invalid;branch=z9hG4bK1', 'To: <sip:bob@example.com>', 'From: "A" <sip:alice@example.com>;tag=a1', 'Call-ID: c1@x', 'CSeq: 2 INVITE', 'Contact: <sip:x@r.invalid;transport=ws>'),
  text('SIP/2.0 180 Ringing', 'Via: SIP/2.0/WS p;branch=z9hG4bK2', 'To: <sip:alice@example.com;tag=not-this-one>;tag=a2', 'From: <sip:bob@example.com>;tag=b2', 'Call-ID: c2', 'CSeq: 7 INVITE'),
  text('SIP/2.0 200 OK', 'Via: SIP/2.0/WS p;branch=z9hG4bK3', 't: "Alice" <sip:alice@example.com> ; tag = a3', 'f: <sip:bob@example.com>;tag=b3', 'i: c3', 'CSeq:   8   BYE'),
  text('ACK sip:bob@10.0.0.2 SIP/2.0', 'Via: SIP/2.0/WS r.invalid;branch=z9hG4bK4', 'To: sip:bob@example.com;tag=b4', 'From: <sip:alice@example.com>;tag=a4', 'Call-ID: c4', 'CSeq: 2 ACK'),
];

function fieldsOfParsed(message: ParsedMessage) {
  const isRequest = message instanceof Core.IncomingRequestMessage;
  return { isRequest, method: message.method, statusCode: isRequest ? undefined : (message as Core.IncomingResponseMessage).statusCode, callId: message.callId, cseq: message.cseq, toTag: message.toTag || undefined };
}

test('the summary says what sip.js\'s parser says about the fields main uses', () => {
  for (const message of MESSAGES) {
    const summary = summarizeSipMessage(message);
    assert.ok(summary, message);
    const { text: _text, to: _to, ...fields } = summary;
    assert.deepEqual(fields, fieldsOfParsed(parseSipMessage(message)!), message.split('\r\n')[0]);
  }
});

test('a message without Call-ID, CSeq or To is not summarized', () => {
  assert.equal(summarizeSipMessage(text('BYE sip:b@x SIP/2.0', 'To: <sip:b@x>', 'CSeq: 1 BYE')), undefined);
  assert.equal(summarizeSipMessage(text('BYE sip:b@x SIP/2.0', 'Call-ID: c', 'To: <sip:b@x>')), undefined);
  assert.equal(summarizeSipMessage(''), undefined);
});

test('the dialog table parses nothing the renderer sends in full, not even a new outgoing INVITE', () => {
  const parser = Core.Parser as { parseMessage: typeof Core.Parser.parseMessage };
  const original = parser.parseMessage;
  const parsed: string[] = [];
  parser.parseMessage = (data, logger) => {
    parsed.push(data.slice(0, data.indexOf(' ')));
    return original(data, logger);
  };
  try {
    const table = new DialogTable();
    for (const message of MESSAGES) table.onSentByRenderer(summarizeSipMessage(message)!);
  } finally {
    parser.parseMessage = original;
  }
  assert.deepEqual(parsed, []);
});

test('the top Via host read by a scan is the one sip.js parses, with compact and spaced forms; a Via line of several values is left to the full parse', () => {
  const spaced = text('SIP/2.0 407 Proxy Authentication Required', 'v: SIP / 2.0 / WSS  r2.invalid:5061 ;branch=z9hG4bK9', 'Via: SIP/2.0/UDP third', 'To: <sip:b@x>;tag=1', 'From: <sip:a@x>;tag=2', 'Call-ID: c9', 'CSeq: 1 INVITE');
  for (const message of [...MESSAGES, spaced]) {
    assert.equal(topViaHostOf(message), (parseSipMessage(message) as ParsedMessage).via.host, message.split('\r\n')[0]);
  }
  const combined = spaced.replace(';branch=z9hG4bK9', ';branch=z9hG4bK9, SIP/2.0/UDP other.example.com');
  assert.equal(topViaHostOf(combined), undefined);
});

test('responses are relayed on a scan, requests are not', () => {
  const [invite, ringing, okToBye, ack] = MESSAGES as [string, string, string, string];
  const okToInvite = ringing.replace('180 Ringing', '200 OK');
  assert.equal(summarizeRelayedResponse(ringing)?.statusCode, 180);
  assert.equal(summarizeRelayedResponse(okToBye)?.method, 'BYE');
  assert.equal(summarizeRelayedResponse(okToInvite)?.method, 'INVITE');
  assert.equal(summarizeRelayedResponse(invite), undefined);
  assert.equal(summarizeRelayedResponse(ack), undefined);
});
