/**
 * A call from a trunk that hides its From (RFC 3323) and asserts the caller
 * in P-Asserted-Identity, as carriers and PBXs send it: the ringing panel
 * and the history name the asserted caller, and a caller who asked for
 * privacy stays anonymous. A tel: identity shows its number.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CHROMIUM_OFFER } from '../support/chromium-sdp';
import { startKamailio, type KamailioServer } from '../support/kamailio';
import { buildRequest, RawSipClient, token } from '../support/raw-sip-client';
import { assertE2ePrerequisites, startSoftphone, type SoftphoneUnderTest } from '../support/softphone-under-test';
import { addAccountThroughUi, expectAccountStatus, incomingPanel } from '../support/ui-actions';

describe('the caller a network asserts', () => {
  let kamailio: KamailioServer;
  let bob: SoftphoneUnderTest;
  let trunk: RawSipClient;

  before(async () => {
    assertE2ePrerequisites();
    kamailio = await startKamailio();
    bob = await startSoftphone('bob', 600);
    await addAccountThroughUi(bob.page, { displayName: 'Bob', sipAddress: `bob@${kamailio.domain}`, password: kamailio.users.bob!, serverUrl: kamailio.wsUrl });
    await expectAccountStatus(bob.page, 'Bob', 'Registered');
    // Not one of the server's users: Kamailio lets it reach them unchallenged, as a trunk.
    trunk = await RawSipClient.connect(kamailio.wsUrl);
  });

  after(async () => {
    trunk?.close();
    await bob?.close();
    await kamailio?.stop();
  });

  /** An INVITE to bob from an anonymous From, with `headers`; resolves with the final answer's status. */
  async function callBobAnonymously(headers: string[], whileRinging: () => Promise<void>): Promise<number | undefined> {
    const callId = token();
    const bobUri = `sip:bob@${kamailio.domain}`;
    trunk.send(
      buildRequest({
        method: 'INVITE',
        uri: bobUri,
        from: 'sip:anonymous@anonymous.invalid',
        to: bobUri,
        callId,
        cseq: 1,
        fromTag: token(),
        extraHeaders: ['Contact: <sip:trunk@client.invalid;transport=ws>', ...headers, 'Content-Type: application/sdp'],
        body: CHROMIUM_OFFER,
      }),
    );
    const final = trunk.next((message) => message.header('call-id') === callId && (message.status ?? 0) >= 200, 15_000);
    await whileRinging();
    return (await final).status;
  }

  /** Calls anonymously with `asserted`, declines once the panel shows `shown`, and finds `shown` in the history. */
  async function expectAssertedCallerShown(asserted: string, shown: string): Promise<void> {
    const page = bob.page;
    const status = await callBobAnonymously([`P-Asserted-Identity: ${asserted}`], async () => {
      const panel = incomingPanel(page);
      await panel.getByText(shown).first().waitFor();
      assert.equal(await panel.getByText(/anonymous/i).count(), 0, 'the panel does not say anonymous');
      await panel.getByRole('button', { name: 'Decline' }).click();
    });
    assert.equal(status, 486);
    await page.getByRole('button', { name: 'History', exact: true }).click();
    await page.getByRole('main').getByText(shown).first().waitFor();
  }

  test('From anonymous, P-Asserted-Identity named: the panel and the history show the asserted caller', async () => {
    await expectAssertedCallerShown('"Carol Jones" <sip:+15550100@carrier.example.net;user=phone>', 'Carol Jones');
  });

  test("a carrier's tel: identity: the panel and the history show its number", async () => {
    await expectAssertedCallerShown('<tel:+1-555-0102>', '+15550102');
  });

  test('with Privacy: id the asserted identity is not shown', async () => {
    const page = bob.page;
    const status = await callBobAnonymously(['P-Asserted-Identity: "Dave Secret" <sip:+15550101@carrier.example.net>', 'Privacy: id'], async () => {
      const panel = incomingPanel(page);
      await panel.waitFor();
      await panel.getByText(/anonymous/i).first().waitFor();
      assert.equal(await panel.getByText('Dave Secret').count(), 0);
      await panel.getByRole('button', { name: 'Decline' }).click();
    });
    assert.equal(status, 486);
  });
});
