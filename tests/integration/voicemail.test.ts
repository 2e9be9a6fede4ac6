/**
 * Voicemail waiting (MWI) through a real Kamailio: what a user sees of the
 * NOTIFYs a voicemail server sends, and of a server that offers none.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { logFolderOf } from '../../main/core/logger';
import { startTestCore, type TestCore } from '../support/core-fixture';
import { startKamailio, type KamailioServer } from '../support/kamailio';
import { RawSipClient } from '../support/raw-sip-client';
import { sendFromVoicemailBox } from '../support/voicemail-box';
import { sleep, waitFor } from '../support/wait-for';

describe('voicemail waiting through a real Kamailio without a presence server', () => {
  let kamailio: KamailioServer;
  let alice: TestCore;
  let aliceId: string;
  let voicemailServer: RawSipClient;

  before(async () => {
    kamailio = await startKamailio();
    alice = startTestCore({ subscriptionTuning: { voicemail: { spreadMs: 100, retryMs: 60_000 } } });
    aliceId = await alice.addAccount({ sipAddress: `alice@${kamailio.domain}`, password: kamailio.users.alice!, serverUrl: kamailio.wsUrl });
    await alice.waitForStatus(aliceId, 'registered');
    voicemailServer = await RawSipClient.connect(kamailio.wsUrl);
  });
  after(async () => {
    voicemailServer?.close();
    await alice?.stop();
    await kamailio?.stop();
  });

  /** An unsolicited NOTIFY from the test's voicemail box, as Asterisk sends to a registered phone. */
  const sendNotify = (body: string) => sendFromVoicemailBox(voicemailServer, kamailio, 'NOTIFY', body);
  const mainLog = () => readFileSync(join(logFolderOf(alice.profileDir), 'main.log'), 'utf8');

  test('a server that does not offer message-summary is asked once and shown as such', async () => {
    await waitFor('voicemail not offered', () => alice.account(aliceId)?.voicemail?.availability === 'not-offered').catch((error) => {
      throw new Error(`${String(error)}: ${JSON.stringify(alice.account(aliceId)?.voicemail)}\n${mainLog()}\n${kamailio.logs().slice(-3000)}`);
    });
    await sleep(500);
    assert.equal(mainLog().match(/does not offer voicemail notifications/g)?.length, 1);
  });

  test('an unsolicited NOTIFY sets the counts and the voicemail box', async () => {
    const reply = await sendNotify(['Messages-Waiting: yes', `Message-Account: sip:*97@${kamailio.domain}`, 'Voice-Message: 2/8 (0/0)', ''].join('\r\n'));
    assert.equal(reply.status, 200);
    const voicemail = await waitFor('counts', () => (alice.account(aliceId)?.voicemail?.newCount === 2 ? alice.account(aliceId)?.voicemail : undefined));
    assert.deepEqual(voicemail, { availability: 'active', isWaiting: true, newCount: 2, oldCount: 8, messageAccount: `sip:*97@${kamailio.domain}` });
  });

  test('a malformed summary is answered, logged and ignored', async () => {
    const reply = await sendNotify('Messages-Waiting: perhaps\r\nVoice-Message: lots\r\n');
    assert.equal(reply.status, 200);
    await waitFor('the log line', () => /ignored a malformed message-summary/.test(mainLog()));
    assert.equal(alice.account(aliceId)?.voicemail?.newCount, 2);
  });

  test('a summary with no body (presence_mwi before anything was published) keeps what is known, and is not called malformed', async () => {
    const malformedBefore = mainLog().match(/ignored a malformed message-summary/g)?.length ?? 0;
    const reply = await sendNotify('');
    assert.equal(reply.status, 200);
    const marker = await sendNotify('Messages-Waiting: perhaps\r\n');
    assert.equal(marker.status, 200);
    // The malformed marker after it is logged once: had the empty one been logged too, there would be two more.
    await waitFor('the marker\'s log line', () => (mainLog().match(/ignored a malformed message-summary/g)?.length ?? 0) > malformedBefore);
    assert.equal(mainLog().match(/ignored a malformed message-summary/g)?.length, malformedBefore + 1);
    assert.deepEqual(alice.account(aliceId)?.voicemail, { availability: 'active', isWaiting: true, newCount: 2, oldCount: 8, messageAccount: `sip:*97@${kamailio.domain}` });
  });
});

describe('voicemail from a server that sends unsolicited NOTIFYs and refuses the subscription', () => {
  let kamailio: KamailioServer;
  let alice: TestCore;
  let voicemailServer: RawSipClient;

  before(async () => {
    kamailio = await startKamailio();
    voicemailServer = await RawSipClient.connect(kamailio.wsUrl);
    // The SUBSCRIBE leaves up to 2 s after the connection: the NOTIFY below nearly always comes first.
    alice = startTestCore({ subscriptionTuning: { voicemail: { spreadMs: 2_000, retryMs: 60_000 } } });
  });
  after(async () => {
    voicemailServer?.close();
    await alice?.stop();
    await kamailio?.stop();
  });

  test('the counts of a NOTIFY that came before the refusal stay (they were lost to "not offered")', async () => {
    const aliceId = await alice.addAccount({ sipAddress: `alice@${kamailio.domain}`, password: kamailio.users.alice!, serverUrl: kamailio.wsUrl });
    await alice.waitForStatus(aliceId, 'registered');
    const reply = await sendFromVoicemailBox(voicemailServer, kamailio, 'NOTIFY', ['Messages-Waiting: yes', 'Voice-Message: 3/1 (0/0)', ''].join('\r\n'));
    assert.equal(reply.status, 200);
    const mainLog = () => readFileSync(join(logFolderOf(alice.profileDir), 'main.log'), 'utf8');
    await waitFor('the subscription refused', () => /does not offer voicemail notifications/.test(mainLog()), 10_000);
    await sleep(200);
    assert.deepEqual(alice.account(aliceId)?.voicemail, { availability: 'active', isWaiting: true, newCount: 3, oldCount: 1 });
  });
});

describe('voicemail waiting from Kamailio as a presence server (presence_mwi)', () => {
  let kamailio: KamailioServer;
  let alice: TestCore;
  let aliceId: string;
  let voicemailServer: RawSipClient;

  before(async () => {
    kamailio = await startKamailio({ presence: true });
    alice = startTestCore({ subscriptionTuning: { voicemail: { spreadMs: 200, retryMs: 500 } } });
    aliceId = await alice.addAccount({ sipAddress: `alice@${kamailio.domain}`, password: kamailio.users.alice!, serverUrl: kamailio.wsUrl });
    await alice.waitForStatus(aliceId, 'registered');
    voicemailServer = await RawSipClient.connect(kamailio.wsUrl);
  });
  after(async () => {
    voicemailServer?.close();
    await alice?.stop();
    await kamailio?.stop();
  });

  /** What a voicemail server does when a message is left: PUBLISH the box's summary to the presence server. */
  const publish = (body: string) => sendFromVoicemailBox(voicemailServer, kamailio, 'PUBLISH', body);

  test('the subscription is active and the counts follow what the voicemail server publishes', async () => {
    await waitFor('subscribed', () => alice.account(aliceId)?.voicemail?.availability === 'active').catch((error) => {
      throw new Error(`${String(error)}: ${JSON.stringify(alice.account(aliceId)?.voicemail)}\n${kamailio.logs().slice(-4000)}`);
    });
    const reply = await publish(['Messages-Waiting: yes', `Message-Account: sip:*98@${kamailio.domain}`, 'Voice-Message: 3/1 (0/0)', ''].join('\r\n'));
    assert.equal(reply.status, 200, reply.raw);
    const voicemail = await waitFor('counts', () => (alice.account(aliceId)?.voicemail?.newCount === 3 ? alice.account(aliceId)?.voicemail : undefined));
    assert.deepEqual(voicemail, { availability: 'active', isWaiting: true, newCount: 3, oldCount: 1, messageAccount: `sip:*98@${kamailio.domain}` });
  });

  test('after a server restart the subscription comes back by itself, and is shown as not current meanwhile', async () => {
    await kamailio.stop();
    await waitFor('not current', () => alice.account(aliceId)?.voicemail?.availability === 'unknown');
    assert.equal(alice.account(aliceId)?.voicemail?.newCount, 3, 'the last counts are kept, marked as not current');
    await kamailio.start();
    await alice.waitForStatus(aliceId, 'registered', 30_000);
    await waitFor('subscribed again', () => alice.account(aliceId)?.voicemail?.availability === 'active', 15_000);
    voicemailServer.close();
    voicemailServer = await RawSipClient.connect(kamailio.wsUrl);
    const reply = await publish(['Messages-Waiting: no', 'Voice-Message: 0/4', ''].join('\r\n'));
    assert.equal(reply.status, 200);
    await waitFor('new counts', () => alice.account(aliceId)?.voicemail?.oldCount === 4);
  });
});
