/**
 * Chat (SIP MESSAGE) between softphone cores through a real Kamailio: what
 * the other user and a SIP peer observe, with and without a window.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ChatMessage, ChatSummary } from '../../app/chat';
import type { AppSnapshot } from '../../app/ipc-contract';
import { MAX_CHAT_BODY_BYTES } from '../../app/chat';
import { buildIsComposing, IS_COMPOSING_CONTENT_TYPE } from '../../app/sip/is-composing';
import { startTestCore, type TestCore } from '../support/core-fixture';
import { startBaresip, type BaresipPeer } from '../support/baresip';
import { startKamailio, type KamailioServer } from '../support/kamailio';
import { RawSipClient, registerSpec, sendWithAuth, token, type RequestSpec } from '../support/raw-sip-client';
import { waitFor } from '../support/wait-for';

describe('chat through a real Kamailio', () => {
  let kamailio: KamailioServer;
  let alice: TestCore;
  let bob: TestCore;
  let aliceId: string;
  let bobId: string;
  let bobAor: string;
  let aliceAor: string;

  before(async () => {
    kamailio = await startKamailio();
    alice = startTestCore();
    bob = startTestCore();
    aliceId = await alice.addAccount({ sipAddress: `alice@${kamailio.domain}`, password: kamailio.users.alice!, serverUrl: kamailio.wsUrl });
    bobId = await bob.addAccount({ sipAddress: `bob@${kamailio.domain}`, password: kamailio.users.bob!, serverUrl: kamailio.wsUrl });
    await Promise.all([alice.waitForStatus(aliceId, 'registered'), bob.waitForStatus(bobId, 'registered')]);
    aliceAor = `sip:alice@${kamailio.domain}`;
    bobAor = `sip:bob@${kamailio.domain}`;
  });
  after(async () => {
    await alice?.stop();
    await bob?.stop();
    await kamailio?.stop();
  });

  const conversation = async (phone: TestCore, accountId: string, peer: string, invoke = phone.invoke) => {
    const result = await invoke<ChatMessage[]>('chat:conversation', { accountId, peer });
    assert.ok(result.ok, JSON.stringify(result));
    return result.value;
  };
  const chatOf = async (invoke: TestCore['invoke']): Promise<ChatSummary> => {
    const snapshot = await invoke<AppSnapshot>('app:get-snapshot');
    assert.ok(snapshot.ok && snapshot.value.chat);
    return snapshot.value.chat;
  };
  const send = async (phone: TestCore, accountId: string, to: string, text: string) => {
    const sent = await phone.invoke<{ id: string; peer: string }>('chat:send', { accountId, to, text });
    assert.ok(sent.ok, JSON.stringify(sent));
    return sent.value;
  };
  const stateOf = async (phone: TestCore, accountId: string, peer: string, id: string, wanted: ChatMessage['state']) =>
    waitFor(`message ${id} ${wanted}`, async () => (await conversation(phone, accountId, peer)).find((message) => message.id === id && message.state === wanted));

  test('a message goes both ways: delivered at the sender, in the conversation and unread at the receiver', async () => {
    const sent = await send(alice, aliceId, 'bob', 'Hello Bob, 你好');
    assert.equal(sent.peer, bobAor);
    await stateOf(alice, aliceId, bobAor, sent.id, 'delivered');
    const received = await waitFor('bob has the message', async () => (await conversation(bob, bobId, aliceAor)).find((message) => message.body === 'Hello Bob, 你好'));
    assert.equal(received.direction, 'incoming');
    assert.ok((await chatOf(bob.invoke)).unread >= 1);
    // Bob's window is open: no desktop notification.
    assert.equal(bob.messageNotices.length, 0);

    const reply = await send(bob, bobId, aliceAor, 'Hi Alice');
    await stateOf(bob, bobId, aliceAor, reply.id, 'delivered');
    await waitFor('alice has the reply', async () => (await conversation(alice, aliceId, bobAor)).find((message) => message.body === 'Hi Alice'));

    const read = await bob.invoke('chat:mark-read', { accountId: bobId, peer: aliceAor });
    assert.ok(read.ok);
    assert.equal((await chatOf(bob.invoke)).unread, 0);
    const list = await bob.invoke<{ peer: string; unread: number }[]>('chat:conversations');
    assert.ok(list.ok);
    assert.deepEqual(list.value.map(({ peer, unread }) => ({ peer, unread })), [{ peer: aliceAor, unread: 0 }]);
  });

  test('with the window closed a message still arrives, is notified, and is in the conversation when the window opens', async () => {
    const phone = startTestCore();
    try {
      const id = await phone.addAccount({ sipAddress: `carol@${kamailio.domain}`, password: kamailio.users.carol!, serverUrl: kamailio.wsUrl });
      await phone.waitForStatus(id, 'registered');
      phone.renderer.close();
      const sent = await send(alice, aliceId, 'carol', 'Are you there?');
      await stateOf(alice, aliceId, `sip:carol@${kamailio.domain}`, sent.id, 'delivered');
      const notice = await waitFor('a notification', () => phone.messageNotices[0]);
      assert.deepEqual(notice, { sender: `alice@${kamailio.domain}`, account: 'carol', text: 'Are you there?' });

      const window = phone.core.connectRenderer(() => undefined);
      const invoke: TestCore['invoke'] = (channel, payload) => window.invoke(channel, payload) as never;
      const messages = await conversation(phone, id, aliceAor, invoke);
      assert.deepEqual(messages.map(({ body, direction }) => ({ body, direction })), [{ body: 'Are you there?', direction: 'incoming' }]);
      assert.equal((await chatOf(invoke)).unread, 1);

      // Do not disturb silences the notification, never the message.
      window.close();
      assert.ok((await phone.core.updateSettings({ doNotDisturb: true })).ok);
      const quiet = await send(alice, aliceId, 'carol', 'Quietly');
      await stateOf(alice, aliceId, `sip:carol@${kamailio.domain}`, quiet.id, 'delivered');
      const later = phone.core.connectRenderer(() => undefined);
      const laterInvoke: TestCore['invoke'] = (channel, payload) => later.invoke(channel, payload) as never;
      assert.deepEqual((await conversation(phone, id, aliceAor, laterInvoke)).map(({ body }) => body), ['Are you there?', 'Quietly']);
      assert.equal(phone.messageNotices.length, 1);
      later.close();
    } finally {
      await phone.stop();
    }
  });

  test('the history survives a restart of the core', async () => {
    const phone = startTestCore();
    const profileDir = phone.profileDir;
    try {
      const id = await phone.addAccount({ sipAddress: `dave@${kamailio.domain}`, password: kamailio.users.dave!, serverUrl: kamailio.wsUrl });
      await phone.waitForStatus(id, 'registered');
      const sent = await send(phone, id, 'alice', 'Kept');
      await stateOf(phone, id, aliceAor, sent.id, 'delivered');
    } finally {
      await phone.stop({ removeProfile: false });
    }
    const again = startTestCore({ profileDir });
    try {
      const list = await again.invoke<{ peer: string; lastMessage: ChatMessage }[]>('chat:conversations');
      assert.ok(list.ok);
      assert.deepEqual(list.value.map(({ peer, lastMessage }) => ({ peer, body: lastMessage.body, state: lastMessage.state })), [
        { peer: aliceAor, body: 'Kept', state: 'delivered' },
      ]);
    } finally {
      await again.stop();
    }
  });

  test('a message to someone who is not registered fails with the SIP reason', async () => {
    const sent = await send(alice, aliceId, 'user099', 'Nobody home');
    const failed = await stateOf(alice, aliceId, `sip:user099@${kamailio.domain}`, sent.id, 'failed');
    assert.deepEqual(failed.failure, { code: 'message-refused', statusCode: 404, reasonPhrase: 'Not Found' });
  });

  test('a message over the size limit is refused before it is sent', async () => {
    const refused = await alice.invoke('chat:send', { accountId: aliceId, to: 'bob', text: 'x'.repeat(MAX_CHAT_BODY_BYTES + 1) });
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.error.code, 'chat-too-long');
  });

  describe('with baresip, an independent softphone over UDP', () => {
    let baresip: BaresipPeer;
    before(async () => {
      baresip = await startBaresip({ user: 'user002', password: kamailio.users.user002!, domain: kamailio.domain, proxyUdpPort: kamailio.udpPort, contact: aliceAor });
    });
    after(async () => baresip?.stop());

    test('chat goes both ways', async () => {
      const sent = await send(alice, aliceId, 'user002', 'Hello baresip');
      await stateOf(alice, aliceId, baresip.aor, sent.id, 'delivered');
      await baresip.waitForMessage(aliceAor, 'Hello baresip');

      await baresip.message('Hello softphone');
      await waitFor('alice has baresip\'s message', async () => (await conversation(alice, aliceId, baresip.aor)).find((message) => message.body === 'Hello softphone'));
    });
  });

  describe('what a SIP peer sends', () => {
    let dave: RawSipClient;
    before(async () => {
      dave = await RawSipClient.connect(kamailio.wsUrl);
    });
    after(() => dave?.close());

    const message = (contentType: string, body: string): RequestSpec => ({
      method: 'MESSAGE',
      uri: bobAor,
      from: `sip:dave@${kamailio.domain}`,
      to: bobAor,
      callId: token(),
      cseq: 1,
      fromTag: token(),
      extraHeaders: [`Content-Type: ${contentType}`],
      body,
    });
    const sendAsDave = (spec: RequestSpec) => sendWithAuth(dave, spec, 'dave', kamailio.users.dave!);
    const daveAor = () => `sip:dave@${kamailio.domain}`;

    test('an unknown content type gets 415 with what is accepted, and is not shown', async () => {
      const reply = await sendAsDave(message('image/png', 'PNG...'));
      assert.equal(reply.status, 415);
      assert.match(reply.header('accept') ?? '', /text\/plain/);
      assert.deepEqual(await conversation(bob, bobId, daveAor()), []);
    });

    test('a body over the size limit gets 413', async () => {
      const reply = await sendAsDave(message('text/plain', 'y'.repeat(MAX_CHAT_BODY_BYTES + 10)));
      assert.equal(reply.status, 413);
      assert.deepEqual(await conversation(bob, bobId, daveAor()), []);
    });

    test('"is typing" shows until the message arrives; a malformed indication is ignored', async () => {
      assert.equal((await sendAsDave(message(IS_COMPOSING_CONTENT_TYPE, '<isComposing><state>sleepy'))).status, 200);
      assert.deepEqual((await chatOf(bob.invoke)).composing, []);
      assert.equal((await sendAsDave(message(IS_COMPOSING_CONTENT_TYPE, buildIsComposing('active')))).status, 200);
      const typing = await chatOf(bob.invoke);
      assert.deepEqual(typing.composing.map(({ peer }) => peer), [daveAor()]);
      assert.equal((await sendAsDave(message('text/plain; charset=UTF-8', 'Done typing'))).status, 200);
      assert.deepEqual((await chatOf(bob.invoke)).composing, []);
      assert.deepEqual((await conversation(bob, bobId, daveAor())).map(({ body }) => body), ['Done typing']);
    });

    test('a message held on the way (Date two hours ago) keeps its Date, and is still unread', async () => {
      assert.ok((await bob.invoke('chat:mark-read', { accountId: bobId, peer: daveAor() })).ok);
      const unreadBefore = (await chatOf(bob.invoke)).unread;
      const writtenAt = Math.floor((Date.now() - 2 * 3_600_000) / 1000) * 1000;
      const held = message('text/plain', 'Written while you were away');
      const reply = await sendAsDave({ ...held, extraHeaders: [...(held.extraHeaders ?? []), `Date: ${new Date(writtenAt).toUTCString()}`] });
      assert.equal(reply.status, 200);
      const stored = (await conversation(bob, bobId, daveAor())).find((entry) => entry.body === 'Written while you were away');
      assert.equal(stored?.at, writtenAt);
      // It takes its place by its Date: before the message dave sent a moment ago.
      assert.deepEqual((await conversation(bob, bobId, daveAor())).map(({ body }) => body), ['Written while you were away', 'Done typing']);
      assert.equal((await chatOf(bob.invoke)).unread, unreadBefore + 1);
    });

    test('a sender over the rate limit gets 486 with Retry-After, and what was refused is not kept', async () => {
      const answers: { status?: number; retryAfter?: string }[] = [];
      for (let i = 0; i < 40 && !answers.some((answer) => answer.status === 486); i += 1) {
        const reply = await sendAsDave(message('text/plain', `flood ${i}`));
        answers.push({ status: reply.status, retryAfter: reply.header('retry-after') });
      }
      const refused = answers.find((answer) => answer.status === 486);
      assert.ok(refused, `a 486 among ${answers.map((answer) => answer.status).join(' ')}`);
      assert.ok(Number(refused.retryAfter) >= 1, `Retry-After: ${refused.retryAfter}`);
      assert.equal(answers[0]?.status, 200);
      const kept = (await conversation(bob, bobId, daveAor())).filter((entry) => entry.body.startsWith('flood ')).length;
      assert.equal(kept, answers.filter((answer) => answer.status === 200).length);
      // Another sender still gets through.
      const sent = await send(alice, aliceId, 'bob', 'Not part of the flood');
      await stateOf(alice, aliceId, bobAor, sent.id, 'delivered');
    });

    test('our user typing is told to the peer as an isComposing "active"', async () => {
      const registered = await sendWithAuth(dave, registerSpec(kamailio.domain, 'dave', 60), 'dave', kamailio.users.dave!);
      assert.equal(registered.status, 200);
      assert.ok((await bob.invoke('chat:typing', { accountId: bobId, peer: daveAor() })).ok);
      const indication = await dave.next((m) => m.method === 'MESSAGE', 5_000);
      assert.equal(indication.header('content-type'), IS_COMPOSING_CONTENT_TYPE);
      assert.match(indication.raw, /<state>active<\/state>/);
    });
  });
});
