/**
 * Busy lamps in the window: a watched line's lamp follows a call between two
 * other parties (raw SIP clients through the presence Kamailio), and an idle
 * lamp is one click to call that line.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startKamailio, type KamailioServer } from '../support/kamailio';
import { RawSipClient, buildRequest, buildResponse, isReplyTo, registerSpec, sendWithAuth, tagOf, token, uriOf, type RequestSpec } from '../support/raw-sip-client';
import { assertE2ePrerequisites, startSoftphone, type SoftphoneUnderTest } from '../support/softphone-under-test';
import { addAccountThroughUi, expectAccountStatus } from '../support/ui-actions';
import { waitFor } from '../support/wait-for';

describe('busy lamps in the window', () => {
  let kamailio: KamailioServer;
  let carol: SoftphoneUnderTest;

  before(async () => {
    assertE2ePrerequisites();
    kamailio = await startKamailio({ presence: true });
    carol = await startSoftphone('carol', 600);
    await addAccountThroughUi(carol.page, { displayName: 'Carol', sipAddress: `carol@${kamailio.domain}`, password: kamailio.users.carol!, serverUrl: kamailio.wsUrl });
    await expectAccountStatus(carol.page, 'Carol', 'Registered');
  });
  after(async () => {
    await carol?.close();
    await kamailio?.stop();
  });

  test('the lamp goes ringing, in a call, idle; clicking it idle calls the line', async () => {
    const page = carol.page;
    const line = `user001@${kamailio.domain}`;
    await page.getByRole('button', { name: 'Dial' }).click();
    await page.getByLabel('Watch a line').fill('user001');
    await page.getByRole('button', { name: 'Watch', exact: true }).click();
    const lamp = (state: string) => page.getByRole('button', { name: `${line}: ${state}` });
    await lamp('idle').waitFor({ timeout: 15_000 });

    const callee = await RawSipClient.connect(kamailio.wsUrl);
    const caller = await RawSipClient.connect(kamailio.wsUrl);
    try {
      assert.equal((await sendWithAuth(callee, registerSpec(kamailio.domain, 'user001'), 'user001', kamailio.users.user001!)).status, 200);
      const invite: RequestSpec = {
        method: 'INVITE',
        uri: `sip:${line}`,
        from: `sip:user002@${kamailio.domain}`,
        to: `sip:${line}`,
        callId: token(),
        cseq: 1,
        fromTag: token(),
        extraHeaders: ['Contact: <sip:user002@client.invalid;transport=ws>'],
      };
      const answered = sendWithAuth(caller, invite, 'user002', kamailio.users.user002!);
      const incoming = await callee.next((m) => m.method === 'INVITE', 5_000);
      const toTag = token();
      const reply = (status: number, reason: string) =>
        buildResponse(incoming, status, reason, ['Contact: <sip:user001@client.invalid;transport=ws>']).replace(/^(To: .*?)(;tag=[^\r]*)?\r\n/m, `$1;tag=${toTag}\r\n`);
      callee.send(reply(180, 'Ringing'));
      await lamp('ringing').waitFor();
      callee.send(reply(200, 'OK'));
      const ok = await answered;
      await lamp('in a call').waitFor();
      const inDialog = (method: string, cseq: number): RequestSpec => ({
        ...invite,
        method,
        uri: uriOf(ok.header('contact')),
        cseq,
        toTag: tagOf(ok.header('to')),
        extraHeaders: ok.headers('record-route').reverse().map((route) => `Route: ${route}`),
      });
      caller.send(buildRequest(inDialog('ACK', 2)));
      caller.send(buildRequest(inDialog('BYE', 3)));
      const bye = await callee.next((m) => m.method === 'BYE', 5_000);
      callee.send(buildResponse(bye, 200, 'OK'));
      await caller.next(isReplyTo(invite.callId, 3));
      await lamp('idle').click();
      await waitFor('carol calls the line', () => (kamailio.logs().match(new RegExp(`request INVITE sip:${line}`, 'g'))?.length ?? 0) >= 3);
    } finally {
      callee.close();
      caller.close();
    }
  });
});
