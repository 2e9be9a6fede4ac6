/**
 * The account form's transport and proxy, and the one URL main connects to.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectionUrlOf, validateAccountInput, type AccountInput } from '../../../app/account';
import { codecsOnOffer } from '../../../app/codec-preferences';
import { parsePlainTargetUrl } from '../../../app/sip-target';

const BASE: AccountInput = { displayName: '', sipAddress: 'alice@example.com', authUser: '', password: 'p', serverUrl: '', enabled: true };

function urlOf(input: Partial<AccountInput>): string {
  const valid = validateAccountInput({ ...BASE, ...input }, { isPasswordRequired: true });
  assert.ok(valid.ok, JSON.stringify(valid));
  return connectionUrlOf(valid.value);
}

test('UDP, TCP and TLS go to the proxy when given, else to the SIP domain; Auto leaves port and transport to DNS', () => {
  assert.equal(urlOf({ transport: 'udp', serverUrl: 'pbx.example.com:5070' }), 'sip:pbx.example.com:5070;transport=udp');
  assert.equal(urlOf({ transport: 'tls' }), 'sip:example.com;transport=tls');
  assert.equal(urlOf({ transport: 'auto' }), 'sip:example.com');
  assert.equal(urlOf({ transport: 'tcp', serverUrl: 'sip:[2001:db8::1]:5060' }), 'sip:[2001:db8::1]:5060;transport=tcp');
  assert.deepEqual(parsePlainTargetUrl('sip:[2001:db8::1]:5060;transport=tcp'), { host: '2001:db8::1', port: 5060, transport: 'tcp' });
});

test('WebSocket keeps its URL, and is what an account without a transport means', () => {
  assert.equal(urlOf({ serverUrl: 'wss://sip.example.com/ws' }), 'wss://sip.example.com/ws');
  assert.equal(urlOf({ transport: 'websocket', serverUrl: 'wss://sip.example.com/ws' }), 'wss://sip.example.com/ws');
});

test('a proxy that is no host[:port], an expiry out of range and a malformed fingerprint are refused under their fields', () => {
  const result = validateAccountInput(
    { ...BASE, transport: 'udp', serverUrl: 'http://x y', registerExpirySec: 5, trustedCertificateSha256: 'ab:cd' },
    { isPasswordRequired: true },
  );
  assert.equal(result.ok, false);
  assert.deepEqual(
    result.fieldErrors?.map((error) => [error.field, error.code]),
    [
      ['serverUrl', 'proxy-format'],
      ['registerExpirySec', 'register-expiry-range'],
      ['trustedCertificateSha256', 'fingerprint-format'],
    ],
  );
});

test('PCMU and PCMA stay on offer to plain-RTP peers even when switched off', () => {
  assert.deepEqual(codecsOnOffer([{ codec: 'PCMA', enabled: false }, { codec: 'G722', enabled: true }, { codec: 'PCMU', enabled: false }, { codec: 'opus', enabled: false }]), ['G722', 'PCMU', 'PCMA']);
  assert.deepEqual(codecsOnOffer(undefined), ['opus', 'G722', 'PCMU', 'PCMA']);
});
