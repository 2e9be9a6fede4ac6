import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_ANSWERED_CHALLENGES, RegistrationJudge } from '../../../main/core/registration-judge';
import { parseSipMessage, type ParsedResponse } from '../../../main/core/sip-message';

const OURS = 'acc1-reg.invalid';

function register(cseq: number, { nonce, expires = 600, callId = 'reg-1' }: { nonce?: string; expires?: number; callId?: string } = {}): string {
  return [
    'REGISTER sip:softphone.test SIP/2.0',
    `Via: SIP/2.0/WS ${OURS};branch=z9hG4bK${cseq}`,
    'From: <sip:alice@softphone.test>;tag=f',
    'To: <sip:alice@softphone.test>',
    `Call-ID: ${callId}`,
    `CSeq: ${cseq} REGISTER`,
    `Contact: <sip:alice@${OURS};transport=ws>;expires=${expires}`,
    ...(nonce ? [`Authorization: Digest username="alice", realm="softphone.test", nonce="${nonce}", uri="sip:softphone.test", response="x"`] : []),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

function answer(status: number, cseq: number, headers: string[] = [], callId = 'reg-1'): ParsedResponse {
  const text = [
    `SIP/2.0 ${status} Whatever`,
    `Via: SIP/2.0/WS ${OURS};branch=z9hG4bK${cseq}`,
    'From: <sip:alice@softphone.test>;tag=f',
    'To: <sip:alice@softphone.test>;tag=s',
    `Call-ID: ${callId}`,
    `CSeq: ${cseq} REGISTER`,
    ...headers,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  return parseSipMessage(text) as ParsedResponse;
}

const challenge = (nonce: string, stale = false) => `WWW-Authenticate: Digest realm="softphone.test", nonce="${nonce}"${stale ? ', stale=true' : ''}`;
const judge = () => new RegistrationJudge({ contactMarker: OURS, defaultExpiresSec: 600 });

test('a 2xx listing our Contact is registered with the expiry granted to it', () => {
  const j = judge();
  j.noteSent(register(1));
  const other = '<sip:bob@192.0.2.1>;expires=900';
  assert.deepEqual(j.judge(answer(200, 1, [`Contact: ${other}, <sip:alice@${OURS};transport=ws>;expires=120`])), { kind: 'registered', expiresSec: 120 });
});

test('a 2xx without our Contact is not registered (whether it lists none or only others)', () => {
  const j = judge();
  j.noteSent(register(1));
  assert.deepEqual(j.judge(answer(200, 1)), { kind: 'contact-missing', statusCode: 200 });
  j.noteSent(register(2));
  assert.equal(j.judge(answer(200, 2, ['Contact: <sip:bob@192.0.2.1>;expires=900'])).kind, 'contact-missing');
});

test('an answer to a REGISTER we did not send (wrong CSeq or Call-ID) proves nothing', () => {
  const j = judge();
  j.noteSent(register(1));
  assert.equal(j.judge(answer(200, 8, [`Contact: <sip:alice@${OURS}>;expires=60`])).kind, 'not-ours');
  assert.equal(j.judge(answer(200, 1, [`Contact: <sip:alice@${OURS}>;expires=60`], 'someone-else')).kind, 'not-ours');
});

test('a first challenge, and a new nonce after credentials (an expired nonce, no stale=true), are challenges to answer', () => {
  const j = judge();
  j.noteSent(register(1));
  assert.equal(j.judge(answer(401, 1, [challenge('n1')])).kind, 'challenge');
  j.noteSent(register(2, { nonce: 'n1' }));
  assert.deepEqual(j.judge(answer(401, 2, [challenge('n2')])), { kind: 'challenge', statusCode: 401, nonce: 'n2', realm: 'softphone.test' });
});

test('the same challenge twice in a row, or 403, is wrong credentials; the same nonce with stale=true is not', () => {
  const j = judge();
  j.noteSent(register(1, { nonce: 'n1' }));
  assert.equal(j.judge(answer(401, 1, [challenge('n1', true)])).kind, 'challenge');
  j.noteSent(register(2, { nonce: 'n1' }));
  assert.deepEqual(j.judge(answer(401, 2, [challenge('n1')])), { kind: 'wrong-credentials', statusCode: 401 });
  j.noteSent(register(3, { nonce: 'n1' }));
  assert.deepEqual(j.judge(answer(403, 3)), { kind: 'wrong-credentials', statusCode: 403 });
});

test('a server that rotates nonces yet never accepts is taken as refusing the password after a bounded number of answers', () => {
  const j = judge();
  j.noteSent(register(1));
  const verdicts = [j.judge(answer(401, 1, [challenge('n2')])).kind];
  for (let cseq = 2; cseq <= MAX_ANSWERED_CHALLENGES + 2; cseq += 1) {
    j.noteSent(register(cseq, { nonce: `n${cseq}` }));
    verdicts.push(j.judge(answer(401, cseq, [challenge(`n${cseq + 1}`)])).kind);
  }
  // Asterisk, for a wrong password: 1 + MAX_ANSWERED_CHALLENGES + 1 REGISTERs, of which 2 failed logins when the limit is 1.
  assert.deepEqual(verdicts, ['challenge', ...Array(MAX_ANSWERED_CHALLENGES).fill('challenge'), 'wrong-credentials']);
});

test('a refresh reusing an earlier nonce, challenged with a new one, is not counted as a failed answer', () => {
  const j = judge();
  j.noteSent(register(1));
  j.judge(answer(401, 1, [challenge('n1')]));
  j.noteSent(register(2, { nonce: 'n1' }));
  j.judge(answer(200, 2, [`Contact: <sip:alice@${OURS}>;expires=60`]));
  // The refresh carries n1 again; the server has expired it, and the answer to the new nonce meets yet another.
  j.noteSent(register(3, { nonce: 'n1' }));
  assert.equal(j.judge(answer(401, 3, [challenge('n2')])).kind, 'challenge');
  j.noteSent(register(4, { nonce: 'n2' }));
  assert.equal(j.judge(answer(401, 4, [challenge('n3')])).kind, 'challenge');
  j.noteSent(register(5, { nonce: 'n3' }));
  assert.equal(j.judge(answer(200, 5, [`Contact: <sip:alice@${OURS}>;expires=60`])).kind, 'registered');
});

test('retry-after, 423 and other rejections carry their parameters; an un-REGISTER answered 200 is unregistered', () => {
  const j = judge();
  j.noteSent(register(1));
  assert.deepEqual(j.judge(answer(503, 1, ['Retry-After: 30'])), { kind: 'retry-after', statusCode: 503, delaySec: 30 });
  j.noteSent(register(2));
  assert.deepEqual(j.judge(answer(423, 2, ['Min-Expires: 120'])), { kind: 'interval-too-brief', minExpiresSec: 120 });
  j.noteSent(register(3));
  assert.deepEqual(j.judge(answer(404, 3)), { kind: 'rejected', statusCode: 404 });
  j.noteSent(register(4, { expires: 0 }));
  assert.deepEqual(j.judge(answer(200, 4)), { kind: 'unregistered' });
  j.noteSent(register(5));
  assert.deepEqual(j.judge(answer(100, 5)), { kind: 'provisional' });
});

test('a REGISTER has one final answer: later answers to it (401s with fresh nonces, a bare 401, a 403, another 200) are not ours', () => {
  const j = judge();
  j.noteSent(register(1, { nonce: 'n1' }));
  assert.equal(j.judge(answer(200, 1, [`Contact: <sip:alice@${OURS}>;expires=60`])).kind, 'registered');
  const strays = [
    ...Array.from({ length: 6 }, (_, index) => answer(401, 1, [challenge(`stray${index}`)])),
    answer(401, 1),
    answer(403, 1),
    answer(200, 1, [`Contact: <sip:alice@${OURS}>;expires=60`]),
  ];
  assert.deepEqual(
    strays.map((stray) => j.judge(stray).kind),
    strays.map(() => 'not-ours'),
  );
  // The judge is unharmed: the next REGISTER is judged as usual.
  j.noteSent(register(2, { nonce: 'n1' }));
  assert.equal(j.judge(answer(401, 2, [challenge('n2')])).kind, 'challenge');
});
