import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerMalformedRequest } from '../../../main/core/sip-request-check';
import { parseSipMessage } from '../../../main/core/sip-message';
import { tortureCases } from '../../support/sip-torture-messages';

const TARGET = { user: 'alice', domain: 'softphone.test' };
/** Codes only main's stateless check gives; a case whose answers are all of these must be refused by it. */
const REFUSALS = new Set([400, 416, 420, 505]);

const check = (text: string) => answerMalformedRequest(text, parseSipMessage(text));
const statusOf = (response: string | undefined) => Number(/^SIP\/2\.0 (\d{3})/.exec(response ?? '')?.[1]);

test('every RFC 4475 torture request gets an answer it may get: refused where only a refusal fits, routed where only routing fits', () => {
  const wrong: string[] = [];
  for (const tortureCase of tortureCases(TARGET)) {
    const answer = check(tortureCase.text);
    const mustRefuse = tortureCase.answers.length > 0 && tortureCase.answers.every((code) => REFUSALS.has(code));
    const mayRefuse = tortureCase.answers.some((code) => REFUSALS.has(code));
    if (answer === undefined) {
      if (mustRefuse) wrong.push(`${tortureCase.name}: routed, expected ${tortureCase.answers.join('/')}`);
    } else if (!mayRefuse || !tortureCase.answers.includes(answer.statusCode)) {
      wrong.push(`${tortureCase.name}: refused with ${answer.statusCode} (${answer.reasonPhrase}), expected ${tortureCase.answers.join('/') || 'no answer'}`);
    } else if (statusOf(answer.response) !== answer.statusCode) {
      wrong.push(`${tortureCase.name}: refused with ${answer.statusCode} but nothing to send`);
    }
  }
  assert.deepEqual(wrong, []);
});

const request = (...lines: string[]) => [...lines, '', ''].join('\r\n');
const options = (...extra: string[]) =>
  request(
    'OPTIONS sip:alice@softphone.test SIP/2.0',
    'Via: SIP/2.0/WS a.invalid;branch=z9hG4bK1',
    'Via: SIP/2.0/WS b.invalid;branch=z9hG4bK2',
    'From: <sip:bob@softphone.test>;tag=b1',
    'To: <sip:alice@softphone.test>',
    'Call-ID: check-1',
    'CSeq: 3 OPTIONS',
    'Max-Forwards: 70',
    ...extra,
    'Content-Length: 0',
  );

test('a sound request, and a response, are left to routing', () => {
  assert.equal(check(options()), undefined);
  assert.equal(check(options('Require: replaces')), undefined);
  assert.equal(check(request('SIP/2.0 200 OK', 'Via: SIP/2.0/WS a.invalid;branch=z9hG4bK1', 'CSeq: 1 OPTIONS', 'Content-Length: 0')), undefined);
  assert.equal(check('complete garbage'), undefined);
});

test('the refusal copies every Via, From, Call-ID and CSeq, and tags To', () => {
  const answer = check(options('Require: nothingSupportsThis, replaces'));
  assert.equal(answer?.statusCode, 420);
  const lines = answer!.response!.split('\r\n');
  assert.deepEqual(lines.filter((line) => /^(Via|From|Call-ID|CSeq|Unsupported):/.test(line)), [
    'Via: SIP/2.0/WS a.invalid;branch=z9hG4bK1',
    'Via: SIP/2.0/WS b.invalid;branch=z9hG4bK2',
    'From: <sip:bob@softphone.test>;tag=b1',
    'Call-ID: check-1',
    'CSeq: 3 OPTIONS',
    'Unsupported: nothingSupportsThis',
  ]);
  assert.match(lines.find((line) => line.startsWith('To:'))!, /^To: <sip:alice@softphone\.test>;tag=\w+$/);
});

test('text sip.js cannot parse is still answered 400 when it has a Via, and dropped without one or when it is an ACK', () => {
  const unparsable = options().replace('To: <sip:alice@softphone.test>', 'To: "unbalanced <sip:alice@softphone.test>');
  assert.equal(parseSipMessage(unparsable), undefined);
  assert.equal(statusOf(check(unparsable)?.response), 400);
  const withoutVia = unparsable.replace(/^Via:.*\r\n/gm, '');
  assert.deepEqual([check(withoutVia)?.statusCode, check(withoutVia)?.response], [400, undefined]);
  const ack = unparsable.replace(/OPTIONS/g, 'ACK');
  assert.deepEqual([check(ack)?.statusCode, check(ack)?.response], [400, undefined]);
});

test('a body shorter than Content-Length is refused; one longer is cut, not refused (RFC 3261 §18.3)', () => {
  const withBody = (length: number, body: string) => options().replace('Content-Length: 0\r\n\r\n', `Content-Type: text/plain\r\nContent-Length: ${length}\r\n\r\n${body}`);
  assert.equal(check(withBody(10, 'short'))?.statusCode, 400);
  assert.equal(check(withBody(5, 'short and then some')), undefined);
  assert.equal(check(withBody(4, 'été')), undefined, 'the length counts bytes, not characters');
});
