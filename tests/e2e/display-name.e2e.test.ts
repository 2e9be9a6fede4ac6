/**
 * A display name saved before the form refused control characters, with a
 * CR LF and a header after it: what the server and the callee receive must
 * carry it inside the From header's quotes, never as a header of its own.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { plainTextVault } from '../../main/core/credential-vault';
import { startKamailio, type KamailioServer } from '../support/kamailio';
import { ALICE_TONE_HZ, BOB_TONE_HZ } from '../support/registered-pair';
import { startSipTap, type SipTap } from '../support/sip-tap';
import { assertE2ePrerequisites, startSoftphone, type SoftphoneUnderTest } from '../support/softphone-under-test';
import { addAccountThroughUi, callPanel, dial, endCalls, expectAccountStatus, incomingPanel } from '../support/ui-actions';
import { waitFor } from '../support/wait-for';

const INJECTED_NAME = 'Alice\r\nX-Injected: yes';

describe('a saved display name with CR LF', () => {
  let kamailio: KamailioServer;
  let aliceWire: SipTap;
  let bobWire: SipTap;
  let alice: SoftphoneUnderTest;
  let bob: SoftphoneUnderTest;
  let aliceProfile: string;

  before(async () => {
    assertE2ePrerequisites();
    kamailio = await startKamailio();
    [aliceWire, bobWire] = await Promise.all([startSipTap(kamailio.wsUrl), startSipTap(kamailio.wsUrl)]);
    aliceProfile = mkdtempSync(join(tmpdir(), 'softphone-profile-'));
    const saved = {
      id: randomUUID(),
      displayName: INJECTED_NAME,
      user: 'alice',
      domain: kamailio.domain,
      authUser: 'alice',
      serverUrl: aliceWire.url,
      enabled: true,
      instanceId: randomUUID(),
      sealedPassword: plainTextVault.seal(kamailio.users.alice!),
    };
    writeFileSync(join(aliceProfile, 'accounts.json'), JSON.stringify({ accounts: [saved] }));
    [alice, bob] = await Promise.all([
      startSoftphone('alice', ALICE_TONE_HZ, undefined, { profileDir: aliceProfile }),
      startSoftphone('bob', BOB_TONE_HZ),
    ]);
    await addAccountThroughUi(bob.page, { displayName: 'Bob', sipAddress: `bob@${kamailio.domain}`, password: kamailio.users.bob!, serverUrl: bobWire.url });
    await expectAccountStatus(bob.page, 'Bob', 'Registered');
    await waitFor('alice registered', () => alice.phone.core.snapshot.accounts[0]?.status.kind === 'registered', 15_000);
  });

  after(async () => {
    await Promise.all([alice?.close(), bob?.close()]);
    await Promise.all([aliceWire?.close(), bobWire?.close()]);
    await kamailio?.stop();
    if (aliceProfile) rmSync(aliceProfile, { recursive: true, force: true });
  });

  test('REGISTER and INVITE carry the name in From, and bob receives no injected header', async () => {
    await dial(alice.page, 'bob');
    await incomingPanel(bob.page).waitFor();
    const register = aliceWire.messages.find((m) => m.direction === 'to-server' && m.text.startsWith('REGISTER '));
    const inviteSent = aliceWire.messages.find((m) => m.direction === 'to-server' && m.text.startsWith('INVITE '));
    const inviteReceived = bobWire.messages.find((m) => m.direction === 'to-client' && m.text.startsWith('INVITE '));
    for (const [label, message] of [['main\'s REGISTER', register], ['the INVITE alice sent', inviteSent], ['the INVITE bob received', inviteReceived]] as const) {
      assert.ok(message, `${label} was seen`);
      const head = message.text.split('\r\n\r\n')[0]!;
      assert.doesNotMatch(head, /^X-Injected/im, `${label} has no injected header`);
      assert.match(head, /^From: "Alice X-Injected: yes" </m, `${label} names alice inside From's quotes`);
    }
    await incomingPanel(bob.page).getByText('Alice X-Injected: yes').first().waitFor();
    await incomingPanel(bob.page).getByRole('button', { name: 'Decline' }).click();
    await Promise.all([endCalls(alice.page), endCalls(bob.page)]);
    assert.equal(await callPanel(alice.page).count(), 0);
  });
});
