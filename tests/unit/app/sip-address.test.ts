import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDialTarget, parseServerUrl, parseSipAddress } from '../../../app/sip-address';

describe('SIP addresses people type', () => {
  test('accepts user@domain, with or without sip:, and lower-cases the domain', () => {
    assert.deepEqual(parseSipAddress('alice@Example.COM'), { ok: true, value: { user: 'alice', domain: 'example.com' } });
    assert.deepEqual(parseSipAddress(' sip:1001@pbx.local:5060 '), { ok: true, value: { user: '1001', domain: 'pbx.local:5060' } });
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
    assert.deepEqual(parseDialTarget('+1 (555) 123-4567', 'pbx.test'), { ok: true, value: 'sip:+15551234567@pbx.test' });
    assert.deepEqual(parseDialTarget('bob', 'pbx.test'), { ok: true, value: 'sip:bob@pbx.test' });
    assert.deepEqual(parseDialTarget('sip:carol@other.org', 'pbx.test'), { ok: true, value: 'sip:carol@other.org' });
    assert.deepEqual(parseDialTarget('tel:+44 20 7946 0958', 'pbx.test'), { ok: true, value: 'sip:+442079460958@pbx.test' });
    assert.deepEqual(parseDialTarget('*97', 'pbx.test'), { ok: true, value: 'sip:*97@pbx.test' });
    assert.deepEqual(parseDialTarget('#31#', 'pbx.test'), { ok: true, value: 'sip:%2331%23@pbx.test' });
    assert.equal(parseDialTarget('   ', 'pbx.test').ok, false);
    assert.equal(parseDialTarget('bob smith', 'pbx.test').ok, false);
  });
});
