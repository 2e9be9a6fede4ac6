/**
 * Busy lamps in the window: a watched line's lamp follows a call between two
 * other parties (raw SIP clients through the presence Kamailio), and an idle
 * lamp is one click to call that line; a ringing lamp is one click to pick
 * the call up, and during a call an idle lamp is one click to transfer it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startKamailio, type KamailioServer } from '../support/kamailio';
import { RawSipClient, buildRequest, buildResponse, inDialogSpec, isReplyTo, registerSpec, sendWithAuth, token, type RequestSpec } from '../support/raw-sip-client';
import { assertE2ePrerequisites, startSoftphone, type SoftphoneUnderTest } from '../support/softphone-under-test';
import { addAccountThroughUi, callRow, dial, endCalls, expectAccountStatus, openContacts } from '../support/ui-actions';
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
      const inDialog = (method: string, cseq: number): RequestSpec => inDialogSpec(invite, ok, method, cseq);
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

const SLOW = 30_000;

interface PickupParties {
  readonly kamailio: KamailioServer;
  /** Watches lines and picks calls up. */
  readonly carol: SoftphoneUnderTest;
  /** Calls user001 (a raw client that only rings). */
  readonly alice: SoftphoneUnderTest;
}

async function startPickupParties(options: { presenceDialogDetails?: boolean }): Promise<PickupParties> {
  assertE2ePrerequisites();
  const kamailio = await startKamailio({ presence: true, ...options });
  const carol = await startSoftphone('carol', 600);
  const alice = await startSoftphone('alice', 440);
  await addAccountThroughUi(carol.page, { displayName: 'Carol', sipAddress: `carol@${kamailio.domain}`, password: kamailio.users.carol!, serverUrl: kamailio.wsUrl });
  await addAccountThroughUi(alice.page, { displayName: 'Alice', sipAddress: `alice@${kamailio.domain}`, password: kamailio.users.alice!, serverUrl: kamailio.wsUrl });
  await expectAccountStatus(carol.page, 'Carol', 'Registered');
  await expectAccountStatus(alice.page, 'Alice', 'Registered');
  return { kamailio, carol, alice };
}

async function stopPickupParties(parties: PickupParties | undefined): Promise<void> {
  await parties?.carol.close();
  await parties?.alice.close();
  await parties?.kamailio.stop();
}

const lineLamp = ({ carol, kamailio }: PickupParties, user: string, state: string) => carol.page.getByRole('button', { name: `${user}@${kamailio.domain}: ${state}` });

async function watchOnDial(parties: PickupParties, user: string): Promise<void> {
  const page = parties.carol.page;
  await page.getByRole('button', { name: 'Dial' }).click();
  await page.getByLabel('Watch a line').fill(user);
  await page.getByRole('button', { name: 'Watch', exact: true }).click();
  await lineLamp(parties, user, 'idle').waitFor({ timeout: 15_000 });
}

/**
 * alice calls user001, which rings; carol clicks its ringing lamp: carol and
 * alice are connected, user001 is cancelled. `carolCalled`: whom carol's call
 * row names (alice, or the feature code she dialled).
 */
async function pickUpAlicesCall(parties: PickupParties, carolCalled: RegExp): Promise<void> {
  const { kamailio, carol, alice } = parties;
  const callee = await RawSipClient.connect(kamailio.wsUrl);
  try {
    assert.equal((await sendWithAuth(callee, registerSpec(kamailio.domain, 'user001'), 'user001', kamailio.users.user001!)).status, 200);
    await dial(alice.page, 'user001');
    const incoming = await callee.next((m) => m.method === 'INVITE', SLOW);
    const toTag = token();
    const reply = (status: number, reason: string) =>
      buildResponse(incoming, status, reason, ['Contact: <sip:user001@client.invalid;transport=ws>']).replace(/^(To: .*?)\r\n/m, `$1;tag=${toTag}\r\n`);
    callee.send(reply(180, 'Ringing'));
    await lineLamp(parties, 'user001', 'ringing').click({ timeout: SLOW });

    await callRow(carol.page, carolCalled)
      .getByText('Connected')
      .waitFor({ timeout: SLOW })
      .catch((error: unknown) => {
        throw new Error(`${String(error)}\n${kamailio.logs().slice(-6000)}`);
      });
    await callRow(alice.page, /carol/i).getByText('Connected').waitFor({ timeout: SLOW });
    const cancel = await callee.next((m) => m.method === 'CANCEL', SLOW);
    callee.send(buildResponse(cancel, 200, 'OK'));
    callee.send(reply(487, 'Request Terminated'));
  } finally {
    callee.close();
  }
}

describe('picking up and transferring with busy lamps', () => {
  let parties: PickupParties | undefined;

  before(async () => {
    parties = await startPickupParties({});
  });
  after(() => stopPickupParties(parties));

  test("carol picks up alice's call ringing at user001 by its lamp (Replaces), then transfers alice to Ursula (user003) by her lamp in Contacts", async () => {
    const { kamailio, carol, alice } = parties!;
    const page = carol.page;
    await watchOnDial(parties!, 'user001');

    // Ursula's line is watched from her contact; her lamp shows there and beside her in the dial suggestions.
    await openContacts(page);
    await page.getByRole('button', { name: 'Add contact' }).click();
    const form = page.getByRole('form', { name: 'New contact' });
    await form.getByLabel('Name', { exact: true }).fill('Ursula');
    await form.getByRole('textbox', { name: 'Number or SIP address 1' }).fill('user003');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Watch the line of Ursula (user003)' }).click();
    const ursulaLamp = (state: string) => page.getByRole('list', { name: 'Contacts' }).getByRole('button', { name: `Ursula: ${state}` });
    await ursulaLamp('idle').waitFor({ timeout: 15_000 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dial' }).click();
    await page.getByRole('combobox', { name: 'Number or SIP address' }).fill('Urs');
    await page.getByRole('option', { name: /Ursula/ }).filter({ hasText: 'idle' }).waitFor();
    await page.getByRole('combobox', { name: 'Number or SIP address' }).fill('');

    const transferTarget = await RawSipClient.connect(kamailio.wsUrl);
    try {
      assert.equal((await sendWithAuth(transferTarget, registerSpec(kamailio.domain, 'user003'), 'user003', kamailio.users.user003!)).status, 200);
      await pickUpAlicesCall(parties!, /alice/i);
      assert.doesNotMatch(kamailio.logs(), /pickup of the call ringing/, 'carol named the call herself, no feature code');

      await openContacts(page);
      await ursulaLamp('idle').click({ timeout: SLOW });
      const transferred = await transferTarget.next((m) => m.method === 'INVITE', SLOW);
      assert.match(transferred.header('from') ?? '', /alice@/, 'alice calls user003 as carol asked');
      transferTarget.send(buildResponse(transferred, 486, 'Busy Here'));
    } finally {
      transferTarget.close();
      await endCalls(carol.page).catch(() => undefined);
      await endCalls(alice.page).catch(() => undefined);
    }
  });
});

describe('picking up by the pickup prefix when the server does not name the call', () => {
  let parties: PickupParties | undefined;

  before(async () => {
    parties = await startPickupParties({ presenceDialogDetails: false });
  });
  after(() => stopPickupParties(parties));

  test("carol's click on the ringing lamp dials *8user001, and the server hands her alice's call", async () => {
    const { kamailio, carol, alice } = parties!;
    await watchOnDial(parties!, 'user001');
    try {
      await pickUpAlicesCall(parties!, /\*8user001/);
      assert.match(kamailio.logs(), /request INVITE sip:\*8user001@/, 'carol dialled the feature code');
    } finally {
      await endCalls(carol.page).catch(() => undefined);
      await endCalls(alice.page).catch(() => undefined);
    }
  });
});
