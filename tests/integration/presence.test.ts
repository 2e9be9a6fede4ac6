/**
 * Presence through a real Kamailio as presence server (presence +
 * presence_xml over db_text): one softphone's status, published with
 * PUBLISH/PIDF, is seen by another that has it as a contact; the
 * publication is refreshed with its entity tag before it lapses; quitting
 * withdraws it; a server without presence says so once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AppSnapshot } from '../../app/ipc-contract';
import type { ContactPresenceState } from '../../app/presence';
import { startTestCore, type TestCore } from '../support/core-fixture';
import { startKamailio, type KamailioServer } from '../support/kamailio';
import { waitFor } from '../support/wait-for';

const stateOf = (phone: TestCore, contactId: string): ContactPresenceState | undefined =>
  (phone.core.snapshot as AppSnapshot).presence?.contacts.find((entry) => entry.contactId === contactId)?.state;

async function phoneOf(kamailio: KamailioServer, user: string, publishExpiresSec = 3_600): Promise<TestCore> {
  const phone = startTestCore({
    presenceTuning: { publish: { expiresSec: publishExpiresSec, retryMs: 500 }, watch: { spreadMs: 200, retryMs: 500 } },
  });
  const accountId = await phone.addAccount({ sipAddress: `${user}@${kamailio.domain}`, password: kamailio.users[user]!, serverUrl: kamailio.wsUrl });
  await phone.waitForStatus(accountId, 'registered');
  return phone;
}

async function addContact(phone: TestCore, name: string, value: string): Promise<string> {
  const added = await phone.invoke<{ id: string }>('contacts:add', { name, numbers: [{ label: 'extension', value }], isFavourite: false });
  assert.ok(added.ok, JSON.stringify(added));
  return added.value.id;
}

describe('presence with a presence server', () => {
  let kamailio: KamailioServer;
  let alice: TestCore;
  let bob: TestCore;
  let aliceOnBob: string;

  before(async () => {
    kamailio = await startKamailio({ presence: true });
    // Alice's publication lapses after 8 s unless refreshed (Kamailio's smallest is its min_expires, 0 here).
    alice = await phoneOf(kamailio, 'alice', 8);
    bob = await phoneOf(kamailio, 'bob');
    aliceOnBob = await addContact(bob, 'Alice', 'alice');
  });
  after(async () => {
    await bob?.stop();
    await alice?.stop();
    await kamailio?.stop();
  });

  test("a status change on one softphone is seen by the other, Do not disturb included", async () => {
    await waitFor('alice available', () => stateOf(bob, aliceOnBob) === 'available').catch((error) => {
      throw new Error(`${String(error)}: ${stateOf(bob, aliceOnBob)}\n${kamailio.logs().slice(-3000)}`);
    });
    assert.ok((await alice.invoke('settings:update', { presenceStatus: 'away' })).ok);
    await waitFor('alice away', () => stateOf(bob, aliceOnBob) === 'away');
    assert.ok((await alice.invoke('settings:update', { doNotDisturb: true })).ok);
    await waitFor('alice dnd', () => stateOf(bob, aliceOnBob) === 'dnd');
    assert.ok((await alice.invoke('settings:update', { doNotDisturb: false, presenceStatus: 'busy' })).ok);
    await waitFor('alice busy', () => stateOf(bob, aliceOnBob) === 'busy');
  });

  test('the publication is refreshed with its entity tag before it lapses', async () => {
    const publishes = () => kamailio.logs().match(/request PUBLISH sip:alice@/g)?.length ?? 0;
    const before = publishes();
    // 8 s publications, refreshed at 80 %: in 20 s (two and a half lifetimes) at least two refreshes, and Alice still busy.
    await new Promise((resolve) => setTimeout(resolve, 20_000));
    assert.equal(stateOf(bob, aliceOnBob), 'busy');
    assert.ok(publishes() - before >= 2, `refreshes were sent (${publishes() - before} PUBLISHes in 20 s)`);
  });

  test('after a server restart the status is unknown, then back by itself', async () => {
    await kamailio.stop();
    await waitFor('alice unknown', () => stateOf(bob, aliceOnBob) === 'unknown');
    await kamailio.start();
    await waitFor('alice busy again', () => stateOf(bob, aliceOnBob) === 'busy', 30_000);
  });

  test('removing an account withdraws its publication', async () => {
    const carol = await phoneOf(kamailio, 'carol');
    try {
      const carolOnBob = await addContact(bob, 'Carol', 'carol');
      await waitFor('carol available', () => stateOf(bob, carolOnBob) === 'available');
      const [account] = (carol.core.snapshot as AppSnapshot).accounts;
      assert.ok((await carol.invoke('accounts:remove', { id: account!.id })).ok);
      await waitFor('carol offline', () => stateOf(bob, carolOnBob) === 'offline', 10_000);
    } finally {
      await carol.stop();
    }
  });

  test('quitting withdraws the publication: the other side sees her offline', async () => {
    await alice.stop();
    await waitFor('alice offline', () => stateOf(bob, aliceOnBob) === 'offline', 10_000);
  });
});

describe('presence without a presence server', () => {
  let kamailio: KamailioServer;
  let bob: TestCore;

  before(async () => {
    kamailio = await startKamailio();
  });
  after(async () => {
    await bob?.stop();
    await kamailio?.stop();
  });

  test('a contact says "not available from this server" once, without a retry loop', async () => {
    bob = await phoneOf(kamailio, 'bob');
    const carol = await addContact(bob, 'Carol', 'carol');
    await waitFor('not offered', () => stateOf(bob, carol) === 'not-offered');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const subscribes = kamailio.logs().match(/request SUBSCRIBE sip:carol@/g)?.length ?? 0;
    assert.equal(subscribes, 1, `one SUBSCRIBE, not a loop (${subscribes})`);
    const publishes = kamailio.logs().match(/request PUBLISH sip:bob@/g)?.length ?? 0;
    assert.equal(publishes, 1, `one PUBLISH, not a loop (${publishes})`);
  });
});
