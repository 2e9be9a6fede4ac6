/**
 * Voicemail in the window: the counts a voicemail server sends show on the
 * account chip and the Voicemail button, and the button calls the box the
 * server named.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startKamailio, type KamailioServer } from '../support/kamailio';
import { RawSipClient } from '../support/raw-sip-client';
import { assertE2ePrerequisites, startSoftphone, type SoftphoneUnderTest } from '../support/softphone-under-test';
import { addAccountThroughUi, expectAccountStatus } from '../support/ui-actions';
import { sendFromVoicemailBox } from '../support/voicemail-box';
import { waitFor } from '../support/wait-for';

describe('voicemail in the window', () => {
  let kamailio: KamailioServer;
  let alice: SoftphoneUnderTest;
  let voicemailServer: RawSipClient;

  before(async () => {
    assertE2ePrerequisites();
    kamailio = await startKamailio();
    alice = await startSoftphone('alice', 600);
    await addAccountThroughUi(alice.page, { displayName: 'Alice', sipAddress: `alice@${kamailio.domain}`, password: kamailio.users.alice!, serverUrl: kamailio.wsUrl });
    await expectAccountStatus(alice.page, 'Alice', 'Registered');
    voicemailServer = await RawSipClient.connect(kamailio.wsUrl);
  });
  after(async () => {
    voicemailServer?.close();
    await alice?.close();
    await kamailio?.stop();
  });

  test('the chip and the button show the new messages; the button calls the box the server named', async () => {
    const reply = await sendFromVoicemailBox(voicemailServer, kamailio, 'NOTIFY', ['Messages-Waiting: yes', `Message-Account: sip:*97@${kamailio.domain}`, 'Voice-Message: 2/8 (0/0)', ''].join('\r\n'));
    assert.equal(reply.status, 200);
    const page = alice.page;
    await page.getByRole('button', { name: 'Alice: Registered, 2 new voicemails' }).waitFor();
    await page.getByRole('button', { name: 'Dial' }).click();
    await page.getByRole('button', { name: 'Voicemail, 2 new' }).click();
    await waitFor('an INVITE to the voicemail box', () => kamailio.logs().includes(`request INVITE sip:*97@${kamailio.domain}`));
  });
});
