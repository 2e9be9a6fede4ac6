/**
 * The main core against a real Kamailio on loopback: what the server and a
 * peer observe about registration.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { logFolderOf } from '../../main/core/logger';
import { startTestCore } from '../support/core-fixture';
import { startKamailio, type KamailioServer } from '../support/kamailio';
import { expectRefusalCost } from '../support/refused-password';
import { SipPeer } from '../support/sip-peer';
import { startSipTap } from '../support/sip-tap';
import { sleep, waitFor } from '../support/wait-for';

describe('registration through a real Kamailio', () => {
  let kamailio: KamailioServer;
  let peer: SipPeer;

  before(async () => {
    kamailio = await startKamailio();
    peer = new SipPeer({ wsUrl: kamailio.wsUrl, user: 'bob', domain: kamailio.domain, password: kamailio.users.bob! });
    await peer.start();
  });
  after(async () => {
    await peer?.stop();
    await kamailio?.stop();
  });

  test('the profile log records the registration without the password, the HA1 or a digest response', async () => {
    const phone = startTestCore();
    try {
      const password = kamailio.users.alice!;
      const id = await phone.addAccount({ sipAddress: `alice@${kamailio.domain}`, password, serverUrl: kamailio.wsUrl });
      await phone.waitForStatus(id, 'registered');
      const attached = await phone.invoke<{ authorizationHa1: string }>('sip:attach', { accountId: id });
      assert.ok(attached.ok, JSON.stringify(attached));
      const wrong = await phone.addAccount({ sipAddress: `bob@${kamailio.domain}`, password: 'not-bobs-password-83', serverUrl: kamailio.wsUrl });
      await phone.waitForStatus(wrong, 'failed');
      const log = readFileSync(join(logFolderOf(phone.profileDir), 'main.log'), 'utf8');
      assert.match(log, new RegExp(`account ${id} added`));
      for (const secret of [password, attached.value.authorizationHa1, 'not-bobs-password-83']) assert.ok(!log.includes(secret), `the log holds a secret:\n${log}`);
      assert.doesNotMatch(log, /response="[0-9a-f]{32}"/i);
    } finally {
      await phone.stop();
    }
  });

  test('registers with digest auth, answers OPTIONS itself, and unregisters when the account is removed', async () => {
    const phone = startTestCore();
    try {
      const id = await phone.addAccount({ sipAddress: `alice@${kamailio.domain}`, password: kamailio.users.alice!, serverUrl: kamailio.wsUrl });
      const view = await phone.waitForStatus(id, 'registered');
      assert.equal(view.sipAddress, `alice@${kamailio.domain}`);

      // A peer reaches alice through the registrar: main's agent answers the OPTIONS.
      assert.equal(await peer.request('OPTIONS', `sip:alice@${kamailio.domain}`), 200);

      const removed = await phone.invoke('accounts:remove', { id });
      assert.equal(removed.ok, true);
      // After removal the registrar has no binding left: the peer gets 404, not a timeout.
      assert.equal(await peer.request('OPTIONS', `sip:alice@${kamailio.domain}`), 404);
      assert.equal(phone.core.snapshot.accounts.length, 0);
    } finally {
      await phone.stop();
    }
  });

  test('a wrong password fails with "wrong credentials" within a few REGISTERs and is not retried', async () => {
    const tap = await startSipTap(kamailio.wsUrl);
    const phone = startTestCore();
    try {
      const id = await phone.addAccount({ sipAddress: `carol@${kamailio.domain}`, password: 'not-the-password', serverUrl: tap.url });
      const view = await phone.waitForStatus(id, 'failed');
      assert.equal(view.status.kind === 'failed' && view.status.reason, 'wrong-credentials');
      assert.equal(view.status.kind === 'failed' && view.status.nextRetryAt, undefined);
      const sentByRefusal = expectRefusalCost(tap.count('REGISTER'));
      await sleep(3_000);
      assert.equal(tap.count('REGISTER'), sentByRefusal, 'no REGISTER after the refusal');
      assert.equal(phone.account(id)?.status.kind, 'failed');
      // The account is kept, so the user can fix the password.
      assert.equal(phone.core.snapshot.accounts.length, 1);
    } finally {
      await phone.stop();
      await tap.close();
    }
  });

  test('an unreachable server shows "server unreachable" and retries with growing delays', async () => {
    const phone = startTestCore();
    try {
      const id = await phone.addAccount({ sipAddress: `dave@${kamailio.domain}`, password: 'x', serverUrl: 'ws://127.0.0.1:9' });
      const first = await phone.waitForStatus(id, 'failed');
      assert.equal(first.status.kind === 'failed' && first.status.reason, 'server-unreachable');
      const firstRetry = first.status.kind === 'failed' ? first.status.nextRetryAt : undefined;
      assert.ok(firstRetry && firstRetry > Date.now() - 100, 'a next retry is scheduled');
      const second = await waitFor('a second, later retry', () => {
        const status = phone.account(id)?.status;
        return status?.kind === 'failed' && status.nextRetryAt && status.nextRetryAt > firstRetry! ? status : undefined;
      }, 5_000);
      assert.ok(second.nextRetryAt! - Date.now() >= 900, 'the second delay is not a tight loop');
      // The same words as over UDP, TCP and TLS: which server refused, over what.
      assert.deepEqual(second.detail, { code: 'port-refused', params: { server: '127.0.0.1:9', transport: 'WebSocket' } });
    } finally {
      await phone.stop();
    }
  });

  test('saved accounts survive a restart and register again', async () => {
    const phone = startTestCore();
    const id = await phone.addAccount({ sipAddress: `alice@${kamailio.domain}`, password: kamailio.users.alice!, serverUrl: kamailio.wsUrl });
    await phone.waitForStatus(id, 'registered');
    await phone.stop({ removeProfile: false });
    const restarted = startTestCore({ profileDir: phone.profileDir });
    try {
      await restarted.waitForStatus(id, 'registered');
    } finally {
      await restarted.stop();
    }
  });

  test('quitting unregisters every account first', async () => {
    const tap = await startSipTap(kamailio.wsUrl);
    const phone = startTestCore();
    try {
      const ids = await Promise.all(
        ['alice', 'carol'].map((user) => phone.addAccount({ sipAddress: `${user}@${kamailio.domain}`, password: kamailio.users[user]!, serverUrl: tap.url })),
      );
      await Promise.all(ids.map((id) => phone.waitForStatus(id, 'registered')));
      await phone.stop();
      for (const user of ['alice', 'carol']) {
        const unregister = tap.messages.find(
          (m) => m.direction === 'to-server' && m.text.startsWith('REGISTER ') && m.text.includes(`<sip:${user}@`) && /expires\s*[=:]\s*0\b/i.test(m.text),
        );
        assert.ok(unregister, `${user} sent an un-REGISTER`);
        const callId = /^Call-ID:\s*(\S+)/im.exec(unregister.text)![1]!;
        const accepted = tap.messages.some(
          (m) => m.direction === 'to-client' && m.at >= unregister.at && m.text.startsWith('SIP/2.0 200') && m.text.includes(callId),
        );
        assert.ok(accepted, `${user}'s un-REGISTER was accepted`);
      }
    } finally {
      await tap.close();
    }
  });
});
