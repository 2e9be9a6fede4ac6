/**
 * The address a plain-SIP account's SDP gives the provider for its RTP.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mediaAddressOf, type PlainSipMedia } from '../../../../main/core/media-gateway/account-media';

const media = (publicHost?: string): PlainSipMedia => ({ accountId: 'a', providerHost: '127.0.0.1', isTls: false, publicHost: () => publicHost });

test('behind a NAT the SDP names the public address the signalling connection learned, not the LAN one', async () => {
  assert.equal(await mediaAddressOf(media('203.0.113.7')), '203.0.113.7');
});

test('until the connection knows its public address (or knows only an unspecified one), the local address toward the provider', async () => {
  assert.equal(await mediaAddressOf(media()), '127.0.0.1');
  assert.equal(await mediaAddressOf(media('0.0.0.0')), '127.0.0.1');
  assert.equal(await mediaAddressOf(media('provider.invalid')), '127.0.0.1');
});
