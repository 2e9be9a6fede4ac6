/**
 * Chat in the window: two softphones write to each other through Kamailio,
 * a message that arrives with the window closed is notified and waits in
 * its conversation, and the same holds with baresip, an independent
 * softphone, on the other end.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startBaresip } from '../support/baresip';
import { startRegisteredPair, type RegisteredPair } from '../support/registered-pair';
import { waitFor } from '../support/wait-for';

const openMessages = (page: Page) => page.getByRole('button', { name: /^Messages/ }).click();
const conversationLog = (page: Page, name: string) => page.getByRole('log', { name: `Messages with ${name}` });

async function writeTo(page: Page, to: string, text: string): Promise<void> {
  await openMessages(page);
  await page.getByLabel('To', { exact: true }).fill(to);
  await page.getByRole('button', { name: 'Write' }).click();
  await page.getByRole('textbox', { name: /^Message to / }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

describe('chat between two softphones', () => {
  let pair: RegisteredPair;

  before(async () => {
    pair = await startRegisteredPair();
  });
  after(async () => pair?.close());

  test('alice writes, bob sees an unread badge and the message, and bob\'s typing shows at alice', async () => {
    const { alice, bob, kamailio } = pair;
    await writeTo(alice.page, 'bob', 'Lunch at noon?');
    const bobName = `bob@${kamailio.domain}`;
    const aliceName = `alice@${kamailio.domain}`;
    await conversationLog(alice.page, bobName).getByRole('listitem').filter({ hasText: 'Lunch at noon?' }).filter({ hasText: 'Delivered' }).waitFor();

    await bob.page.getByRole('button', { name: 'Messages, 1 unread' }).waitFor();
    await openMessages(bob.page);
    await bob.page.getByRole('button', { name: `${aliceName}, 1 unread` }).click();
    await conversationLog(bob.page, aliceName).getByText('Lunch at noon?').waitFor();
    // Opening the conversation reads it: the badges go.
    await bob.page.getByRole('button', { name: 'Messages', exact: true }).waitFor();

    await bob.page.getByRole('textbox', { name: `Message to ${aliceName}` }).pressSequentially('Su');
    await alice.page.getByRole('status').filter({ hasText: `${bobName} is typing…` }).waitFor();
    await bob.page.getByRole('textbox', { name: `Message to ${aliceName}` }).pressSequentially('re!');
    await bob.page.getByRole('button', { name: 'Send' }).click();
    await conversationLog(alice.page, bobName).getByText('Sure!').waitFor();
    // Bob's message ends his "is typing".
    await waitFor('the typing indicator is gone', async () => (await alice.page.getByText('is typing').count()) === 0);
  });

  test('with bob\'s window closed the message arrives, is notified, and is in the conversation when the window opens', async () => {
    const { alice, bob, kamailio } = pair;
    await bob.closeWindow();
    // The test's own connection to bob's core counts as a window: close it too, as the app has none.
    bob.phone.renderer.close();
    await writeTo(alice.page, 'bob', 'Call me when you are back');
    const bobName = `bob@${kamailio.domain}`;
    await conversationLog(alice.page, bobName).getByRole('listitem').filter({ hasText: 'Call me when you are back' }).filter({ hasText: 'Delivered' }).waitFor();
    const notice = await waitFor('bob is notified', () => bob.phone.messageNotices.find((candidate) => candidate.text === 'Call me when you are back'));
    assert.equal(notice.sender, `alice@${kamailio.domain}`);

    const page = await bob.openWindow();
    await page.getByRole('button', { name: 'Messages, 1 unread' }).click();
    await page.getByRole('button', { name: `alice@${kamailio.domain}, 1 unread` }).click();
    await conversationLog(page, `alice@${kamailio.domain}`).getByText('Call me when you are back').waitFor();
  });

  test('with baresip both ways: alice writes from the window, baresip answers while her window is closed', async () => {
    const { alice, kamailio } = pair;
    const aliceAor = `sip:alice@${kamailio.domain}`;
    const baresip = await startBaresip({ user: 'user002', password: kamailio.users.user002!, domain: kamailio.domain, proxyUdpPort: kamailio.udpPort, contact: aliceAor });
    try {
      const baresipName = `user002@${kamailio.domain}`;
      await writeTo(alice.page, 'user002', 'Hello baresip');
      await conversationLog(alice.page, baresipName).getByRole('listitem').filter({ hasText: 'Hello baresip' }).filter({ hasText: 'Delivered' }).waitFor();
      await baresip.waitForMessage(aliceAor, 'Hello baresip');

      await alice.closeWindow();
      alice.phone.renderer.close();
      await baresip.message('Hello from baresip');
      const notice = await waitFor('alice is notified', () => alice.phone.messageNotices.find((candidate) => candidate.text === 'Hello from baresip'));
      assert.equal(notice.sender, baresipName);
      const page = await alice.openWindow();
      await page.getByRole('button', { name: 'Messages, 1 unread' }).click();
      await page.getByRole('button', { name: `${baresipName}, 1 unread` }).click();
      await conversationLog(page, baresipName).getByText('Hello from baresip').waitFor();
    } finally {
      await baresip.stop();
    }
  });
});
