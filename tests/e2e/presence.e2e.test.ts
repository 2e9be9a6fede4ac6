/**
 * Presence in the window, two softphones through Kamailio as presence
 * server: the status alice picks in her top bar shows beside her on bob's
 * Contacts screen, "On the phone" comes by itself during a call and goes
 * afterwards, and it holds with alice's window closed (main publishes it).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { startRegisteredPair, type RegisteredPair } from '../support/registered-pair';
import { callPanel, dial, endCalls, incomingPanel } from '../support/ui-actions';
import { waitFor } from '../support/wait-for';

const aliceOnContacts = (page: Page) => page.getByRole('list', { name: 'Contacts' }).getByRole('listitem').filter({ hasText: 'Alice' }).first();

async function expectAliceShows(page: Page, words: string): Promise<void> {
  await aliceOnContacts(page).locator('.contact-presence', { hasText: words }).waitFor({ timeout: 15_000 });
}

describe('presence between two softphones', () => {
  let pair: RegisteredPair;

  before(async () => {
    pair = await startRegisteredPair({ server: { presence: true } });
    const added = await pair.bob.phone.invoke('contacts:add', { name: 'Alice', numbers: [{ label: 'extension', value: 'alice' }], isFavourite: false });
    assert.ok(added.ok);
    await pair.bob.page.getByRole('button', { name: 'Contacts' }).click();
  });
  after(async () => pair?.close());

  test("alice's status, picked in her top bar, shows beside her on bob's contacts", async () => {
    const { alice, bob } = pair;
    await expectAliceShows(bob.page, 'Available');
    await alice.page.getByLabel('Your status').selectOption({ label: 'Away' });
    await expectAliceShows(bob.page, 'Away');
    await alice.page.getByLabel('Your status').selectOption({ label: 'Do not disturb' });
    await expectAliceShows(bob.page, 'Do not disturb');
    // Do not disturb is one setting: the pill says so too, and turning it off there brings Away back.
    await alice.page.getByRole('button', { name: /^Do not disturb/ }).and(alice.page.locator('[aria-pressed="true"]')).click();
    await expectAliceShows(bob.page, 'Away');
  });

  test('"On the phone" during a call, and back afterwards', async () => {
    const { alice, bob } = pair;
    const picker = alice.page.getByLabel('Your status');
    await dial(alice.page, 'bob');
    // Her picker says it as soon as the call shows, not once main's snapshot comes back.
    await callPanel(alice.page).waitFor();
    assert.equal(await shownStatus(picker), 'On the phone');
    await incomingPanel(bob.page).getByRole('button', { name: 'Answer' }).click();
    await callPanel(alice.page).getByText('Connected').waitFor();
    await expectAliceShows(bob.page, 'On the phone');
    assert.equal(await shownStatus(picker), 'On the phone');
    // A status picked during the call is kept for after it.
    await picker.selectOption({ label: 'Busy' });
    await endCalls(alice.page);
    await expectAliceShows(bob.page, 'Busy');
    await waitFor('her picker to say Busy again', async () => (await shownStatus(picker)) === 'Busy');
  });

  test("with alice's window closed her status still changes for bob (main publishes it)", async () => {
    const { alice, bob } = pair;
    await alice.closeWindow();
    assert.ok((await alice.phone.invoke('settings:update', { presenceStatus: 'busy' })).ok);
    await expectAliceShows(bob.page, 'Busy');
  });
});

/** The words the closed select shows: its selected option's. */
function shownStatus(select: Locator): Promise<string | null | undefined> {
  return select.evaluate((element: HTMLSelectElement) => element.selectedOptions[0]?.textContent);
}
