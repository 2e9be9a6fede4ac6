/**
 * Busy lamps through a real Kamailio as presence server (dialog module +
 * pua_dialoginfo publish every call's state): a watched line's lamp follows
 * a call between two other parties, a server without the event says so
 * once, and after a server restart the lamp comes back by itself.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AppSnapshot, LampSnapshot } from '../../app/ipc-contract';
import { startTestCore, type TestCore } from '../support/core-fixture';
import { startKamailio, type KamailioServer } from '../support/kamailio';
import { RawSipClient, buildRequest, buildResponse, inDialogSpec, isReplyTo, registerSpec, sendWithAuth, token, type RequestSpec } from '../support/raw-sip-client';
import { waitFor } from '../support/wait-for';

const lampOf = (phone: TestCore, target: string): LampSnapshot | undefined =>
  (phone.core.snapshot as AppSnapshot).lamps?.find((lamp) => lamp.target === target);

async function watcher(kamailio: KamailioServer, target: string): Promise<{ phone: TestCore; accountId: string }> {
  const phone = startTestCore({ subscriptionTuning: { lamps: { spreadMs: 200, retryMs: 500 } } });
  const accountId = await phone.addAccount({ sipAddress: `carol@${kamailio.domain}`, password: kamailio.users.carol!, serverUrl: kamailio.wsUrl });
  await phone.waitForStatus(accountId, 'registered');
  const watched = await phone.invoke<{ target: string }>('lamps:watch', { accountId, target });
  assert.ok(watched.ok, JSON.stringify(watched));
  return { phone, accountId };
}

describe('busy lamps with a presence server', () => {
  let kamailio: KamailioServer;
  let carol: TestCore;
  let line: string;

  before(async () => {
    kamailio = await startKamailio({ presence: true });
    line = `sip:user001@${kamailio.domain}`;
    ({ phone: carol } = await watcher(kamailio, 'user001'));
  });
  after(async () => {
    await carol?.stop();
    await kamailio?.stop();
  });

  test('the lamp follows a call between two other parties: ringing, in a call, idle', async () => {
    await waitFor('lamp idle', () => lampOf(carol, line)?.state === 'idle').catch((error) => {
      throw new Error(`${String(error)}: ${JSON.stringify(lampOf(carol, line))}\n${kamailio.logs().slice(-3000)}`);
    });
    const callee = await RawSipClient.connect(kamailio.wsUrl);
    const caller = await RawSipClient.connect(kamailio.wsUrl);
    try {
      assert.equal((await sendWithAuth(callee, registerSpec(kamailio.domain, 'user001'), 'user001', kamailio.users.user001!)).status, 200);
      const invite: RequestSpec = {
        method: 'INVITE',
        uri: line,
        from: `sip:user002@${kamailio.domain}`,
        to: line,
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
      await waitFor('lamp ringing', () => lampOf(carol, line)?.state === 'ringing');
      callee.send(reply(200, 'OK'));
      const ok = await answered;
      assert.equal(ok.status, 200);
      await waitFor('lamp busy', () => lampOf(carol, line)?.state === 'busy');
      const inDialog = (method: string, cseq: number): RequestSpec => inDialogSpec(invite, ok, method, cseq);
      caller.send(buildRequest(inDialog('ACK', 2)));
      caller.send(buildRequest(inDialog('BYE', 3)));
      const bye = await callee.next((m) => m.method === 'BYE', 5_000);
      callee.send(buildResponse(bye, 200, 'OK'));
      assert.equal((await caller.next(isReplyTo(invite.callId, 3))).status, 200);
      await waitFor('lamp idle again', () => lampOf(carol, line)?.state === 'idle');
    } finally {
      callee.close();
      caller.close();
    }
  });

  test('after a server restart the lamp is unknown, then back by itself', async () => {
    await kamailio.stop();
    await waitFor('lamp unknown', () => lampOf(carol, line)?.state === 'unknown');
    await kamailio.start();
    await waitFor('lamp back', () => lampOf(carol, line)?.state === 'idle', 30_000);
  });
});

describe('busy lamps without a presence server', () => {
  let kamailio: KamailioServer;
  let carol: TestCore;

  before(async () => {
    kamailio = await startKamailio();
  });
  after(async () => {
    await carol?.stop();
    await kamailio?.stop();
  });

  test('the lamp says "not offered" once and does not ask again', async () => {
    ({ phone: carol } = await watcher(kamailio, 'user001'));
    const line = `sip:user001@${kamailio.domain}`;
    await waitFor('not offered', () => lampOf(carol, line)?.state === 'not-offered');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const subscribes = kamailio.logs().match(/request SUBSCRIBE sip:user001@/g)?.length ?? 0;
    assert.equal(subscribes, 1, `one SUBSCRIBE, not a loop (${subscribes})`);
  });
});
