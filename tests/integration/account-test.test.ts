/**
 * "Test account" against a real Kamailio: one registration on a temporary
 * connection, then un-registered and closed; the verdict in words for the UI.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { WebSocketServer } from 'ws';
import type { AccountTestResult } from '../../app/account-test';
import { startTestCore, type TestCore } from '../support/core-fixture';
import { startKamailio, type KamailioServer } from '../support/kamailio';
import { expectRefusalCost } from '../support/refused-password';
import { SipPeer } from '../support/sip-peer';
import { startSipTap } from '../support/sip-tap';

const form = (sipAddress: string, password: string, serverUrl: string) => ({ displayName: '', sipAddress, authUser: '', password, serverUrl, enabled: true });

async function runTest(phone: TestCore, payload: unknown): Promise<AccountTestResult> {
  const result = await phone.invoke<AccountTestResult>('accounts:test', payload);
  assert.ok(result.ok, `accounts:test failed: ${JSON.stringify(result)}`);
  return result.value;
}

describe('Test account through a real Kamailio', () => {
  let kamailio: KamailioServer;
  let peer: SipPeer;
  let phone: TestCore;

  before(async () => {
    kamailio = await startKamailio();
    peer = new SipPeer({ wsUrl: kamailio.wsUrl, user: 'bob', domain: kamailio.domain, password: kamailio.users.bob! });
    await peer.start();
    phone = startTestCore({ tuning: { registerTimeoutMs: 2_000 } });
  });
  after(async () => {
    await phone?.stop();
    await peer?.stop();
    await kamailio?.stop();
  });

  test('right settings: registered, then un-registered and the connection closed; nothing is saved', async () => {
    const tap = await startSipTap(kamailio.wsUrl);
    try {
      const verdict = await runTest(phone, { input: form(`alice@${kamailio.domain}`, kamailio.users.alice!, tap.url) });
      assert.equal(verdict.outcome, 'registered');
      // The temporary registration is gone: the registrar has no binding for alice.
      assert.equal(await peer.request('OPTIONS', `sip:alice@${kamailio.domain}`), 404);
      const unregister = tap.messages.find((m) => m.direction === 'to-server' && m.text.startsWith('REGISTER ') && /expires\s*[=:]\s*0\b/i.test(m.text));
      assert.ok(unregister, 'an un-REGISTER was sent');
      assert.equal(phone.core.snapshot.accounts.length, 0, 'testing saves nothing');
    } finally {
      await tap.close();
    }
  });

  test('a wrong password: "wrong credentials", and no retry', async () => {
    const tap = await startSipTap(kamailio.wsUrl);
    try {
      const verdict = await runTest(phone, { input: form(`carol@${kamailio.domain}`, 'not-the-password', tap.url) });
      assert.equal(verdict.outcome, 'wrong-credentials');
      expectRefusalCost(tap.count('REGISTER'));
    } finally {
      await tap.close();
    }
  });

  test('nothing listening: "server unreachable" with the URL', async () => {
    const verdict = await runTest(phone, { input: form(`dave@${kamailio.domain}`, 'x', 'ws://127.0.0.1:9') });
    assert.equal(verdict.outcome, 'server-unreachable');
    assert.match(verdict.serverUrl, /^ws:\/\/127\.0\.0\.1:9\/?$/);
  });

  test('a web server that refuses the WebSocket upgrade: "not a SIP server"', async () => {
    const web = createServer((_request, response) => response.writeHead(404).end('Not found'));
    web.listen(0, '127.0.0.1');
    await once(web, 'listening');
    try {
      const { port } = web.address() as AddressInfo;
      const verdict = await runTest(phone, { input: form(`dave@${kamailio.domain}`, 'x', `ws://127.0.0.1:${port}/`) });
      assert.equal(verdict.outcome, 'not-sip-server');
      assert.equal(verdict.statusCode, 404);
    } finally {
      web.closeAllConnections();
      web.close();
    }
  });

  test('a WebSocket server that never answers SIP: "not a SIP server"', async () => {
    const silent = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'sip' });
    await once(silent, 'listening');
    try {
      const { port } = silent.address() as AddressInfo;
      const verdict = await runTest(phone, { input: form(`dave@${kamailio.domain}`, 'x', `ws://127.0.0.1:${port}`) });
      assert.equal(verdict.outcome, 'not-sip-server');
    } finally {
      for (const client of silent.clients) client.terminate();
      silent.close();
    }
  });

  test('editing a saved account: an empty password tests with the saved one', async () => {
    const id = await phone.addAccount({ sipAddress: `bob@${kamailio.domain}`, password: kamailio.users.bob!, serverUrl: kamailio.wsUrl, enabled: false });
    const verdict = await runTest(phone, { accountId: id, input: form(`bob@${kamailio.domain}`, '', kamailio.wsUrl) });
    assert.equal(verdict.outcome, 'registered');
  });

  test('bad input is refused in words, not tested', async () => {
    const result = await phone.invoke('accounts:test', { input: form('not an address', 'x', 'http://example.com') });
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.error.message : '', /SIP address|server/);
  });
});
