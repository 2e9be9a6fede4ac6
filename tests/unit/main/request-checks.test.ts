/**
 * What a UAS must refuse that sip.js's parser lets through or cannot read:
 * each gets the status RFC 3261 asks for; a sound request gets none.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerToProblem, answerToUnparsableRequest, requestProblem } from '../../../main/core/request-checks';
import { parseSipMessage, type ParsedRequest } from '../../../main/core/sip-message';

function request(lines: readonly string[], body = '', contentLength: string | undefined = String(Buffer.byteLength(body))): string {
  return [...lines, ...(contentLength === undefined ? [] : [`Content-Length: ${contentLength}`]), '', body].join('\r\n');
}

const SOUND = [
  'OPTIONS sip:alice@softphone.test SIP/2.0',
  'Via: SIP/2.0/WS proxy.test;branch=z9hG4bK1',
  'Max-Forwards: 70',
  'To: <sip:alice@softphone.test>',
  'From: <sip:bob@softphone.test>;tag=b1',
  'Call-ID: c1',
  'CSeq: 1 OPTIONS',
];

const statusOf = (text: string) => requestProblem(parseSipMessage(text) as ParsedRequest)?.statusCode;

test('a sound request has no problem, with or without a body and Content-Length', () => {
  assert.equal(statusOf(request(SOUND)), undefined);
  assert.equal(statusOf(request(SOUND, '', undefined)), undefined);
  assert.equal(statusOf(request([...SOUND, 'Content-Type: text/plain', 'Require: replaces'], 'hello')), undefined);
});

test('what sip.js parses but a UAS must refuse', () => {
  assert.equal(statusOf(request([SOUND[0]!.replace('SIP/2.0', 'SIP/7.0'), ...SOUND.slice(1)])), 505);
  assert.equal(statusOf(request([...SOUND.slice(0, 6), 'CSeq: 1 INVITE'])), 400, 'CSeq method is not the request method');
  assert.equal(statusOf(request([...SOUND.slice(0, 6), 'CSeq: 36893488147419103232 OPTIONS'])), 400, 'CSeq beyond 2^31');
  assert.equal(statusOf(request([...SOUND, 'Max-Forwards: 300'].filter((line, index) => index !== 2))), 400);
  assert.equal(statusOf(request([...SOUND, 'Call-ID: c2'])), 400, 'two Call-IDs');
  assert.equal(statusOf(request([...SOUND, 'Content-Length: 5'], 'hello')), 400, 'two Content-Lengths');
  assert.equal(statusOf(request(SOUND, 'short', '9999')), 400, 'a body shorter than announced');
  assert.equal(statusOf(request([SOUND[0]!.replace('softphone.test', 'softphone.test?Route=%3Csip:x%3E'), ...SOUND.slice(1)])), 400);
  const extension = requestProblem(parseSipMessage(request([...SOUND, 'Require: nothingSupportsThis'])) as ParsedRequest)!;
  assert.equal(extension.statusCode, 420);
  assert.match(answerToProblem(parseSipMessage(request([...SOUND, 'Require: nothingSupportsThis'])) as ParsedRequest, extension)!, /^SIP\/2\.0 420 Bad Extension\r\n[\s\S]*\r\nUnsupported: nothingSupportsThis\r\nContent-Length: 0\r\n\r\n$/);
});

test('a request sip.js cannot parse gets a 400 built from its own headers; an ACK or a headless one gets nothing', () => {
  const broken = request(['INVITE  sip:alice@softphone.test  SIP/2.0', ...SOUND.slice(1, 6), 'CSeq: 1 INVITE', 'Contact: "Joe" <sip:joe@example.org>;;;;']);
  const answer = answerToUnparsableRequest(broken)!;
  assert.match(answer, /^SIP\/2\.0 400 Bad Request\r\nVia: SIP\/2\.0\/WS proxy\.test;branch=z9hG4bK1\r\n/);
  assert.match(answer, /\r\nTo: <sip:alice@softphone\.test>;tag=\w+\r\n/);
  assert.match(answer, /\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\n/);
  assert.equal(answerToUnparsableRequest(broken.replace(/^INVITE/, 'ACK')), undefined);
  assert.equal(answerToUnparsableRequest('INVITE sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n'), undefined);
  assert.equal(answerToUnparsableRequest('SIP/2.0 200 OK\r\nVia: x\r\n\r\n'), undefined);
});
