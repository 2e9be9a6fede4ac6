import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDialTarget, parseServerUrl, parseSipAddress, sipAddressOf, type SipAddress } from '../../../app/sip-address';

function parsed(text: string): SipAddress {
  const result = parseSipAddress(text);
  if (!result.ok) throw new Error(`${text}: ${result.error.message}`);
  return result.value;
}

describe('SIP addresses people type', () => {
  test('accepts user@domain, with or without sip: or sips:, and lower-cases the domain only', () => {
    const alice = parsed('Alice@Example.COM');
    assert.equal(alice.user, 'Alice', 'the user part compares case-sensitively (RFC 3261 19.1.4): kept as typed');
    assert.equal(alice.domain, 'example.com');
    assert.equal(alice.aor, 'sip:Alice@example.com');
    assert.equal(alice.toString(), 'Alice@example.com');
    assert.equal(`${alice}`, 'Alice@example.com');
    const withPort = parsed(' sip:1001@pbx.local:5060 ');
    assert.deepEqual([withPort.user, withPort.domain, withPort.aor], ['1001', 'pbx.local:5060', 'sip:1001@pbx.local:5060']);
    assert.equal(parsed('SIPS:bob@Example.com').aor, 'sip:bob@example.com');
  });

  test('two addresses are equal when the user matches exactly and the domain in any case', () => {
    assert.equal(parsed('alice@EXAMPLE.com').equals(parsed('sip:alice@example.COM')), true);
    assert.equal(parsed('alice@example.com').equals(parsed('Alice@example.com')), false);
    assert.equal(parsed('alice@example.com').equals(parsed('alice@example.com:5060')), false);
    assert.equal(parsed('alice@example.com').equals(parsed('alice@example.org')), false);
  });

  test('a user and a domain kept apart make the same value, with the same checks', () => {
    const kept = sipAddressOf('alice', 'Example.com');
    assert.equal(kept.ok && kept.value.equals(parsed('alice@example.com')), true);
    assert.equal(kept.ok && kept.value.aor, 'sip:alice@example.com');
    for (const [user, domain, code] of [
      ['', 'example.com', 'sip-address-format'],
      ['alice', '', 'sip-address-format'],
      ['al ice', 'example.com', 'sip-address-user'],
      ['alice@evil', 'example.com', 'sip-address-user'],
      ['alice', 'exa mple.com', 'sip-address-domain'],
      ['alice', 'example.com>;x=1', 'sip-address-domain'],
    ] as const) {
      const result = sipAddressOf(user, domain);
      assert.equal(result.ok ? undefined : result.error.code, code, `${user} / ${domain}`);
    }
  });

  test('an address cannot be changed once made', () => {
    const alice = parsed('alice@example.com') as { user: string; aor: string };
    assert.throws(() => (alice.user = 'mallory'), TypeError);
    assert.throws(() => (alice.aor = 'sip:mallory@evil.test'), TypeError);
    assert.equal(alice.aor, 'sip:alice@example.com');
  });

  test('refuses malformed addresses with a sentence saying what is wrong', () => {
    for (const [input, code] of [
      ['', 'sip-address-empty'],
      ['alice', 'sip-address-format'],
      ['@example.com', 'sip-address-format'],
      ['alice@', 'sip-address-format'],
      ['al ice@example.com', 'sip-address-user'],
      ['alice@exa mple.com', 'sip-address-domain'],
      ['alice@-bad-.com', 'sip-address-domain'],
    ] as const) {
      const result = parseSipAddress(input);
      assert.equal(result.ok, false, input);
      if (!result.ok) {
        assert.equal(result.error.code, code, input);
        assert.match(result.error.message, /\w+ \w+/, 'a readable message');
      }
    }
  });

  test('server URLs must be ws:// or wss://', () => {
    assert.deepEqual(parseServerUrl('wss://sip.example.com:8089/ws'), { ok: true, value: 'wss://sip.example.com:8089/ws' });
    const http = parseServerUrl('https://sip.example.com');
    assert.equal(http.ok, false);
    if (!http.ok) assert.match(http.error.message, /ws:\/\/ or wss:\/\//);
    assert.equal(parseServerUrl('not a url').ok, false);
    assert.equal(parseServerUrl('').ok, false);
  });

  test('dial targets: numbers are cleaned of separators and use the account domain', () => {
    const account = parsed('alice@pbx.test');
    assert.deepEqual(parseDialTarget('+1 (555) 123-4567', account), { ok: true, value: 'sip:+15551234567@pbx.test' });
    assert.deepEqual(parseDialTarget('bob', account), { ok: true, value: 'sip:bob@pbx.test' });
    assert.deepEqual(parseDialTarget('sip:carol@other.org', account), { ok: true, value: 'sip:carol@other.org' });
    assert.deepEqual(parseDialTarget('tel:+44 20 7946 0958', account), { ok: true, value: 'sip:+442079460958@pbx.test' });
    assert.deepEqual(parseDialTarget('*97', account), { ok: true, value: 'sip:*97@pbx.test' });
    assert.deepEqual(parseDialTarget('#31#', account), { ok: true, value: 'sip:%2331%23@pbx.test' });
    assert.equal(parseDialTarget('   ', account).ok, false);
    assert.equal(parseDialTarget('bob smith', account).ok, false);
  });

  test('a full SIP URI with parameters: transport is the account\'s to choose and is dropped, other parameters travel, headers are left out', () => {
    const account = parsed('alice@pbx.test');
    assert.deepEqual(parseDialTarget('sip:bob@example.com;transport=ws', account), { ok: true, value: 'sip:bob@example.com' });
    assert.deepEqual(parseDialTarget('sips:bob@Example.com:5061;transport=tls;user=phone', account), { ok: true, value: 'sip:bob@example.com:5061;user=phone' });
    assert.deepEqual(parseDialTarget('sip:bob@example.com?subject=hi', account), { ok: true, value: 'sip:bob@example.com' });
    assert.deepEqual(parseDialTarget('sip:+15551234;phone-context=pbx@example.com;transport=udp', account), { ok: true, value: 'sip:+15551234;phone-context=pbx@example.com' });
    assert.equal(parseDialTarget('sip:bob@example.com;bad param', account).ok, false);
    const pasted = parseSipAddress('sip:alice@Example.com;transport=ws');
    assert.ok(pasted.ok);
    assert.equal(pasted.value.aor, 'sip:alice@example.com');
  });
});
