/**
 * The renderer's digest key (`sip:digest-key`) against a real Kamailio whose
 * realm is not its domain: main hands out the HA1 only to the window that
 * attached the account, only for a realm the server really challenged the
 * account's connection with, and never the password.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { CallAgentConfig } from '../../app/ipc-contract';
import { startTestCore, type TestCore } from '../support/core-fixture';
import { OTHER_SERVER_PROFILE, startKamailio, type KamailioServer } from '../support/kamailio';

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

describe('digest keys for the renderer', () => {
  let kamailio: KamailioServer;
  let phone: TestCore;
  let accountId: string;

  before(async () => {
    kamailio = await startKamailio(OTHER_SERVER_PROFILE);
    phone = startTestCore();
    accountId = await phone.addAccount({ sipAddress: `alice@${kamailio.domain}`, password: kamailio.users.alice!, serverUrl: kamailio.wsUrl });
    await phone.waitForStatus(accountId, 'registered');
  });
  after(async () => {
    await phone?.stop();
    await kamailio?.stop();
  });

  test('no key before the window attached the account', async () => {
    const refused = await phone.invoke('sip:digest-key', { accountId, realm: 'asterisk' });
    assert.equal(refused.ok ? 'ok' : refused.error.code, 'not-attached');
  });

  test('attaching hands over no secret at all', async () => {
    const attached = await phone.invoke<CallAgentConfig>('sip:attach', { accountId });
    assert.ok(attached.ok);
    assert.deepEqual(Object.keys(attached.value).sort(), ['accountId', 'aor', 'authorizationUsername', 'displayName', 'viaHost']);
    assert.doesNotMatch(JSON.stringify(attached.value), /pass-alice/);
  });

  test('the key of the realm the REGISTER was challenged with is HA1 for that realm', async () => {
    const key = await phone.invoke<{ ha1: string }>('sip:digest-key', { accountId, realm: 'asterisk' });
    assert.ok(key.ok, JSON.stringify(key));
    assert.equal(key.value.ha1, md5(`alice:asterisk:${kamailio.users.alice}`));
  });

  test('a realm the server never named gets no key: not even the domain', async () => {
    for (const realm of [kamailio.domain, 'evil.example.com']) {
      const refused = await phone.invoke('sip:digest-key', { accountId, realm });
      assert.equal(refused.ok ? 'ok' : refused.error.code, 'realm-not-challenged', realm);
    }
  });

  test('another window gets no key, and a malformed realm is refused at the door', async () => {
    const other = phone.core.connectRenderer(() => undefined);
    try {
      const refused = await other.invoke('sip:digest-key', { accountId, realm: 'asterisk' });
      assert.equal(refused.ok ? 'ok' : refused.error.code, 'not-attached');
    } finally {
      other.close();
    }
    const malformed = await phone.invoke('sip:digest-key', { accountId, realm: 'a"b' });
    assert.equal(malformed.ok ? 'ok' : malformed.error.code, 'invalid-request');
  });
});
