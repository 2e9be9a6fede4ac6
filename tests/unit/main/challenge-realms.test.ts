import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChallengeRealms } from '../../../main/core/challenge-realms';
import { parseSipMessage, type ParsedResponse } from '../../../main/core/sip-message';

function challenge(status: 401 | 407, realm: string): ParsedResponse {
  const header = status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate';
  const text = [
    `SIP/2.0 ${status} ${status === 401 ? 'Unauthorized' : 'Proxy Authentication Required'}`,
    'Via: SIP/2.0/WS a.invalid;branch=z9hG4bK1',
    'From: <sip:alice@example.com>;tag=1',
    'To: <sip:alice@example.com>;tag=2',
    'Call-ID: c1',
    'CSeq: 1 INVITE',
    `${header}: Digest realm="${realm}", nonce="n"`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  return parseSipMessage(text) as ParsedResponse;
}

test('a realm is known once a 401 or a 407 named it', () => {
  const realms = new ChallengeRealms();
  assert.equal(realms.has('asterisk'), false);
  realms.note(challenge(401, 'asterisk'));
  realms.note(challenge(407, 'proxy.example'));
  assert.equal(realms.has('asterisk'), true);
  assert.equal(realms.has('proxy.example'), true);
});

test('a server naming a new realm in every challenge keeps only the latest few', () => {
  const realms = new ChallengeRealms();
  realms.note(challenge(401, 'asterisk'));
  for (let i = 0; i < 1000; i += 1) {
    realms.note(challenge(407, `r${i}`));
    if (i % 10 === 0) realms.note(challenge(401, 'asterisk')); // still in use: kept
  }
  assert.equal(realms.has('asterisk'), true);
  assert.equal(realms.has('r999'), true);
  assert.equal(realms.has('r0'), false);
});
