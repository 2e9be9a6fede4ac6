import assert from 'node:assert/strict';
import { test } from 'node:test';
import { challengedRealmOf, digestRealmOf } from '../../../../app/sip/digest-challenge';

const response = (status: string, headers: string[]) => [`SIP/2.0 ${status}`, 'Via: SIP/2.0/WS x.invalid;branch=z9hG4bK1', ...headers, 'Content-Length: 0', '', ''].join('\r\n');

test('the realm of a 401 comes from WWW-Authenticate, of a 407 from Proxy-Authenticate', () => {
  assert.equal(challengedRealmOf(response('401 Unauthorized', ['WWW-Authenticate: Digest realm="asterisk", nonce="abc"'])), 'asterisk');
  assert.equal(challengedRealmOf(response('407 Proxy Authentication Required', ['Proxy-Authenticate: Digest nonce="n", realm="sip.example.com"'])), 'sip.example.com');
  assert.equal(challengedRealmOf(response('407 Proxy Authentication Required', ['WWW-Authenticate: Digest realm="wrong"'])), undefined);
});

test('the first digest challenge counts (sip.js answers that one); folded headers and case do not matter', () => {
  const text = response('401 Unauthorized', ['www-authenticate: Basic realm="basic"', 'WWW-Authenticate: Digest\r\n  realm="first", nonce="1"', 'WWW-Authenticate: Digest realm="second"']);
  assert.equal(challengedRealmOf(text), 'first');
});

test('anything else has no challenged realm', () => {
  assert.equal(challengedRealmOf(response('200 OK', ['WWW-Authenticate: Digest realm="x"'])), undefined);
  assert.equal(challengedRealmOf('INVITE sip:a@b SIP/2.0\r\nWWW-Authenticate: Digest realm="x"\r\n\r\n'), undefined);
  assert.equal(challengedRealmOf(response('401 Unauthorized', [])), undefined);
});

test('realm values: quoted with escapes, unquoted, and refused when empty, too long or with control characters', () => {
  assert.equal(digestRealmOf('Digest realm="a\\"b"'), undefined, 'a quote inside is refused');
  assert.equal(digestRealmOf('Digest realm=plain, nonce="1"'), 'plain');
  assert.equal(digestRealmOf('Digest nonce="1", realm="Ünïcode realm"'), 'Ünïcode realm');
  assert.equal(digestRealmOf('Digest realm=""'), undefined);
  assert.equal(digestRealmOf(`Digest realm="${'r'.repeat(257)}"`), undefined);
  assert.equal(digestRealmOf('Digest realm="a\u0001b"'), undefined);
  assert.equal(digestRealmOf('Digest nonce="realm=x"'), undefined);
});
